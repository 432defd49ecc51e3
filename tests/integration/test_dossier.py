"""The e-dossier: catalogue in the order of 程序规定 第七十八条, the bundle proves itself offline, and every
kind of tampering (changed byte, removed or extra file, re-ordered catalogue, forged signature, edited
ledger record) is named by `verify`."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date as D
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, make_world
from tests.integration.document_helpers import penalty_case
from zhifa.documents import bundle
from zhifa.documents import dossier_service as dossiers
from zhifa.documents import service as docs
from zhifa.errors import ValidationFailed
from zhifa.ledger import sm


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def exported(w: World, tmp_path: Path) -> tuple[World, str, bytes]:
    case = penalty_case(w, "5000")
    on = D(2026, 4, 8)
    for kind in (
        "closing_approval",
        "penalty_decision",
        "filing_approval",
        "service_receipt",
        "penalty_notice",
        "investigation_report",
        "review_form",
        "case_source",
    ):
        docs.issue_document(w.uow(), w.h1, case, kind, on, with_pdf=False, var_dir=tmp_path)
    docs.issue_document(
        w.uow(), w.h1, case, "penalty_decision", on, with_pdf=False, reason="更正笔误", var_dir=tmp_path
    )
    data = dossiers.export_dossier(w.uow(), w.h1, case, tmp_path, with_pdf=False)
    return w, case, data


def test_catalogue_follows_程序规定_78(exported: tuple[World, str, bytes], tmp_path: Path) -> None:
    w, case, _ = exported
    shown = dossiers.show_dossier(w.uow(), w.h1, case, tmp_path)
    main = [i["title"] for i in shown["items"] if i["volume"] == "正卷"]
    side = [i["title"] for i in shown["items"] if i["volume"] == "副卷"]
    assert main == ["立案审批表", "行政处罚决定书", "送达回证", "行政处罚告知书", "现场检查笔录"]
    assert side == ["案件来源登记表", "案件调查终结报告", "案件审核表", "结案审批表"]
    assert [i["no"] for i in shown["items"] if i["volume"] == "正卷"] == [1, 2, 3, 4, 5]
    assert [i["start_page"] for i in shown["items"] if i["volume"] == "副卷"] == [1, 2, 3, 4]
    assert shown["superseded"][0]["version"] == 1 and shown["superseded"][0]["reason"] == "更正笔误"


def test_export_verifies_offline(exported: tuple[World, str, bytes]) -> None:
    _, case, data = exported
    verdict = bundle.verify_bundle(data)
    assert verdict.ok, verdict.message
    assert verdict.case_id == case and verdict.documents == 9 and verdict.signatures >= 7
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "dossier/卷内文件目录.docx" in names and bundle.RECORDS in names and bundle.SIGNERS in names
    assert bundle.verify_bundle(data, verdict.server_key_id).ok


def _rewrite(data: bytes, change: dict[str, bytes | None]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            if name in change and change[name] is None:
                continue
            zf.writestr(name, change.get(name) or src.read(name))
        for name, body in change.items():
            if name not in src.namelist() and body is not None:
                zf.writestr(name, body)
    return out.getvalue()


def _resign(data: bytes, manifest: dict, extra: dict[str, bytes | None] | None = None) -> bytes:
    """A forger's bundle: the manifest re-signed with a key of their own."""
    key = sm.generate_private_key()
    public = sm.public_pem(key)
    manifest["server_key_id"] = sm.key_fingerprint(public)
    for f in manifest["files"]:
        if f["path"] == bundle.SERVER_KEY:
            f["sm3"], f["size"] = bundle.sm3_hex(public.encode()), len(public.encode())
    body = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    changes: dict[str, bytes | None] = {
        "manifest.json": body,
        "manifest.sig": sm.sign(key, body).hex().encode(),
        bundle.SERVER_KEY: public.encode(),
    }
    return _rewrite(data, {**changes, **(extra or {})})


def test_tampered_bundles_fail_verify(exported: tuple[World, str, bytes]) -> None:
    _, _, data = exported
    zf = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(zf.read("manifest.json"))
    doc = next(f["path"] for f in manifest["files"] if f["role"] == "document")
    body = bytearray(zf.read(doc))
    body[len(body) // 2] ^= 0xFF
    assert bundle.verify_bundle(_rewrite(data, {doc: bytes(body)})).code == "bundle_file_changed"
    assert bundle.verify_bundle(_rewrite(data, {doc: None})).code == "bundle_missing_file"
    assert bundle.verify_bundle(_rewrite(data, {"extra.txt": b"x"})).code == "bundle_extra_file"
    assert bundle.verify_bundle(b"PK\x03\x04 not a zip").code == "bundle_corrupt"
    reordered = dict(manifest, catalogue=list(reversed(manifest["catalogue"])))
    body_only = json.dumps(reordered, ensure_ascii=False).encode()
    assert (
        bundle.verify_bundle(_rewrite(data, {"manifest.json": body_only})).code == "bundle_signature_invalid"
    )
    forged = bundle.verify_bundle(_resign(data, reordered))  # re-signed by a forger: the order still fails
    assert forged.code == "bundle_catalogue_invalid" and "第七十八条" in forged.message
    other = sm.generate_private_key()
    fake_sig = sm.sign(other, zf.read("manifest.json")).hex().encode()
    assert bundle.verify_bundle(_rewrite(data, {"manifest.sig": fake_sig})).code == "bundle_signature_invalid"
    pinned = bundle.verify_bundle(_resign(data, dict(manifest)), bundle.verify_bundle(data).server_key_id)
    assert pinned.code == "bundle_server_key_unknown"


def test_an_edited_ledger_record_fails_even_when_the_manifest_is_re_signed(
    exported: tuple[World, str, bytes],
) -> None:
    _, _, data = exported
    zf = zipfile.ZipFile(io.BytesIO(data))
    lines = zf.read(bundle.RECORDS).decode().splitlines()
    record = json.loads(lines[1])
    record["payload_json"] = record["payload_json"].replace("张伟", "王五")
    lines[1] = json.dumps(record, ensure_ascii=False, sort_keys=True)
    records = ("\n".join(lines) + "\n").encode()
    manifest = json.loads(zf.read("manifest.json"))
    for f in manifest["files"]:
        if f["path"] == bundle.RECORDS:
            f["sm3"], f["size"] = bundle.sm3_hex(records), len(records)
    verdict = bundle.verify_bundle(_resign(data, manifest, {bundle.RECORDS: records}))
    assert verdict.code == "bundle_ledger_invalid" and "账本校验失败" in verdict.message


def test_rename_is_a_signed_event_keeping_the_old_name(
    exported: tuple[World, str, bytes], tmp_path: Path
) -> None:
    w, case, _ = exported
    item = next(
        i for i in dossiers.show_dossier(w.uow(), w.h1, case, tmp_path)["items"] if i["role"] == "evidence"
    )
    dossiers.rename_item(
        w.uow(), w.h1, case, item["seq"], "现场检查笔录（第1页至第3页）", "补充页数", D(2026, 4, 9)
    )
    shown = dossiers.show_dossier(w.uow(), w.h1, case, tmp_path)
    assert any(i["title"] == "现场检查笔录（第1页至第3页）" for i in shown["items"])
    assert shown["renamed"][0]["old_title"] == "现场检查笔录"
    with pytest.raises(ValidationFailed) as missing:
        dossiers.rename_item(w.uow(), w.h1, case, 9999, "某", "某", D(2026, 4, 9))
    assert missing.value.code == "dossier_item_not_found"
    assert bundle.verify_bundle(dossiers.export_dossier(w.uow(), w.h1, case, tmp_path, with_pdf=False)).ok
