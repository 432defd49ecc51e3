"""`zhifa documents` and `zhifa dossier` as a script sees them: files written, Chinese errors with codes,
exit codes; a tampered bundle makes `dossier verify` exit non-zero naming the failure."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

from tests.integration.case_helpers import make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from tests.integration.test_cli_users import ZHIFA, Cli, bare_cli  # noqa: F401  (fixture)


def _run(cli: Cli, var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    env |= {"ZHIFA_DATABASE_URL": cli.url, "ZHIFA_VAR_DIR": str(var)}
    # the case was built in this process: its signers' keys are sealed with this run's key-encryption secret
    env |= {k: os.environ[k] for k in ("ZHIFA_SECRET_KEY", "ZHIFA_KEY_ENCRYPTION_SECRET") if k in os.environ}
    return subprocess.run([ZHIFA, *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_documents_and_dossier_from_the_command_line(bare_cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    w = make_world(bare_cli.engine)
    case = penalty_case(w, "5000")
    var = tmp_path / "var"
    kinds = json.loads(_run(bare_cli, var, "documents", "kinds", "--json").stdout)
    assert {"code": "penalty_decision", "title": "行政处罚决定书", "stage": "决定", "volume": "正卷"} in kinds
    out = tmp_path / "decision.docx"
    done = _run(bare_cli, var, "documents", "render", case, "行政处罚决定书", "--as", "ja_h1", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert PARTY["name"] in docx_text(out.read_bytes())
    unknown = _run(bare_cli, var, "documents", "render", case, "起诉状", "--as", "ja_h1", "-o", str(out))
    assert unknown.returncode == 1 and "错误[unknown_document_kind]" in unknown.stderr
    for kind in ("filing_approval", "penalty_decision", "closing_approval"):
        issued = _run(bare_cli, var, "documents", "issue", case, kind, "--as", "ja_head", "--no-pdf",
                      "--on", "2026-04-08")  # fmt: skip
        assert issued.returncode == 0, issued.stderr
    listed = _run(bare_cli, var, "documents", "list", case, "--as", "ja_h1")
    assert listed.returncode == 0 and "行政处罚决定书 第1版 岸市监处罚〔2026〕1号" in listed.stdout, (
        listed.stderr
    )
    shown = json.loads(_run(bare_cli, var, "dossier", "show", case, "--as", "ja_h1", "--json").stdout)
    assert [i["title"] for i in shown["items"] if i["volume"] == "正卷"][:2] == [
        "立案审批表",
        "行政处罚决定书",
    ]
    found = json.loads(
        _run(bare_cli, var, "dossier", "search", "岸市监处罚〔2026〕1号", "--as", "ja_h1", "--json").stdout
    )
    assert sorted(h["kind"] for h in found) == ["closing_approval", "penalty_decision"]  # both cite the 文号
    evidence = next(i for i in shown["items"] if i["role"] == "evidence")
    renamed = _run(
        bare_cli,
        var,
        "dossier",
        "rename",
        case,
        str(evidence["seq"]),
        "--title",
        "现场检查笔录（共2页）",
        "--reason",
        "补记页数",
        "--as",
        "ja_h1",
        "--on",
        "2026-04-09",
    )
    assert renamed.returncode == 0 and "现场检查笔录（共2页）" in renamed.stdout, renamed.stderr
    bundle_path = tmp_path / "dossier.zip"
    exported = _run(
        bare_cli, var, "dossier", "export", case, "--as", "ja_h1", "-o", str(bundle_path), "--no-pdf"
    )
    assert exported.returncode == 0, exported.stderr
    verified = _run(bare_cli, var, "dossier", "verify", str(bundle_path))
    assert verified.returncode == 0 and "卷宗包校验通过" in verified.stdout, verified.stderr
    src = zipfile.ZipFile(io.BytesIO(bundle_path.read_bytes()))
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as zf:
        for name in src.namelist():
            if name != "ledger/records.jsonl":
                zf.writestr(name, src.read(name))
    failed = _run(bare_cli, var, "dossier", "verify", str(tampered))
    assert failed.returncode == 1 and "错误[bundle_missing_file]" in failed.stderr
    assert "ledger/records.jsonl" in failed.stderr
