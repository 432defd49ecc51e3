"""The dossier bundle (docs/dossier-bundle.md): a ZIP that proves itself offline.

`write_bundle` lays out the files, the case's ledger records and the signers' public keys, and a
manifest (SM3 and size of every file, the catalogue) signed with the server's SM2 key. `verify_bundle`
needs nothing but the ZIP: manifest signature, exact file set, every SM3, the hash chain and every
signature of the ledger, every document issued by a signed `DocumentIssued` record and every evidence
file registered by an `EvidenceAdded` record, and the catalogue's order (程序规定 第七十八条).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zhifa.domain.events import signed_event_types
from zhifa.ledger import Record, SignatureChecker, sm
from zhifa.ledger.signing import MemoryKeyStore, StoredKey
from zhifa.ledger.verify import verify_stream

FORMAT = "zhifa-dossier/1"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
SERVER_KEY, SIGNERS, RECORDS = "keys/server.pem", "keys/signers.json", "ledger/records.jsonl"
RECORD_FIELDS = (
    "stream_id",
    "seq",
    "type",
    "schema_version",
    "payload_json",
    "recorded_at",
    "actor",
    "prev_hash",
    "hash",
    "signature",
    "key_id",
)
VOLUME_ORDER = {"正卷": 0, "副卷": 1}


def sm3_hex(data: bytes) -> str:
    """SM3 of bytes, hex."""
    return sm.sm3(data).hex()


@dataclass
class BundleFile:
    """One file to put in the bundle."""

    path: str
    data: bytes
    role: str  # document | superseded | evidence | sheet | ledger | keys
    seq: int = 0


def records_jsonl(records: Iterable[Record]) -> bytes:
    """The ledger records, one JSON object per line, fields as stored (not the seal: a server secret)."""
    lines = [
        json.dumps({f: getattr(r, f) for f in RECORD_FIELDS}, ensure_ascii=False, sort_keys=True)
        for r in records
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def signers_json(keys: Iterable[StoredKey]) -> bytes:
    """The public keys of the signers (no private material)."""
    out = [
        {
            "key_id": k.key_id,
            "user_id": k.user_id,
            "public_key_pem": k.public_key_pem,
            "created_at": k.created_at.isoformat(),
            "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
        }
        for k in keys
    ]
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def write_bundle(
    files: list[BundleFile],
    head: dict[str, Any],
    catalogue: list[dict[str, Any]],
    private_key: Any,
    public_pem: str,
) -> bytes:
    """The ZIP: files, keys/server.pem, manifest.json and its SM2 signature."""
    files = [*files, BundleFile(SERVER_KEY, public_pem.encode("ascii"), "keys")]
    paths = [f.path for f in files]
    if len(set(paths)) != len(paths):
        raise ValueError("duplicate path in bundle")
    manifest = {
        "format": FORMAT,
        **head,
        "server_key_id": sm.key_fingerprint(public_pem),
        "files": [
            {"path": f.path, "sm3": sm3_hex(f.data), "size": len(f.data), "role": f.role, "seq": f.seq}
            for f in files
        ],
        "catalogue": catalogue,
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, body)
        zf.writestr(SIGNATURE, sm.sign(private_key, body).hex())
        for f in files:
            zf.writestr(f.path, f.data)
    return out.getvalue()


@dataclass
class Verdict:
    """The outcome of `verify_bundle`: ok, or the first failure (code and Chinese message)."""

    ok: bool = True
    code: str = ""
    message: str = ""
    case_id: str = ""
    server_key_id: str = ""
    files: int = 0
    records: int = 0
    signatures: int = 0
    documents: int = 0
    checked: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """As printed by `zhifa dossier verify --json`."""
        return {k: v for k, v in self.__dict__.items() if k != "checked"} | {"checked": self.checked}


class _Fail(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _record(raw: dict[str, Any]) -> Record:
    if set(raw) != set(RECORD_FIELDS):
        raise _Fail("bundle_ledger_invalid", "账本记录的字段不符合格式")
    return Record(**{f: raw[f] for f in RECORD_FIELDS})


def _keys(data: bytes) -> MemoryKeyStore:
    store = MemoryKeyStore()
    for k in json.loads(data):
        revoked = datetime.fromisoformat(k["revoked_at"]) if k["revoked_at"] else None
        store.add(
            StoredKey(
                k["key_id"],
                k["user_id"],
                k["public_key_pem"],
                "",
                datetime.fromisoformat(k["created_at"]),
                revoked,
            )
        )
    return store


def verify_bundle(data: bytes, server_key_id: str = "") -> Verdict:
    """Check a bundle offline; the verdict names the first failure. `server_key_id` pins the server key
    (its SM3 fingerprint, as the agency publishes it): a bundle re-signed with another key then fails."""
    verdict = Verdict()
    try:
        _verify(data, verdict)
        if server_key_id and verdict.server_key_id != server_key_id:
            raise _Fail(
                "bundle_server_key_unknown", f"卷宗包由另一把服务器密钥签名（{verdict.server_key_id[:16]}…）"
            )
    except _Fail as fail:
        verdict.ok, verdict.code, verdict.message = False, fail.code, fail.message
    return verdict


def _verify(data: bytes, v: Verdict) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
        content = {n: zf.read(n) for n in names}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _Fail("bundle_corrupt", f"卷宗包不是完整的 ZIP 文件：{exc}") from None
    if len(set(names)) != len(names):
        raise _Fail("bundle_extra_file", "卷宗包中有重名文件")
    for needed in (MANIFEST, SIGNATURE, SERVER_KEY):
        if needed not in content:
            raise _Fail("bundle_missing_file", f"卷宗包缺少 {needed}")
    body = content[MANIFEST]
    try:
        manifest = json.loads(body)
        public_pem = content[SERVER_KEY].decode("ascii")
        public = sm.load_public_pem(public_pem)
        signature = bytes.fromhex(content[SIGNATURE].decode("ascii").strip())
    except (ValueError, UnicodeDecodeError) as exc:
        raise _Fail("bundle_corrupt", f"清单、签名或服务器公钥无法解析：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise _Fail("bundle_format_unknown", f"不支持的卷宗包格式：{manifest.get('format')}")
    v.case_id, v.server_key_id = manifest.get("case_id", ""), sm.key_fingerprint(public_pem)
    if manifest.get("server_key_id") != v.server_key_id or not sm.verify(public, signature, body):
        raise _Fail("bundle_signature_invalid", "清单的 SM2 签名验证失败（清单或签名被改动）")
    v.checked.append("清单签名")
    listed = {f["path"]: f for f in manifest["files"]}
    present = set(content) - {MANIFEST, SIGNATURE}
    if extra := sorted(present - set(listed)):
        raise _Fail("bundle_extra_file", f"卷宗包中有清单未列的文件：{extra[0]}")
    if missing := sorted(set(listed) - present):
        raise _Fail("bundle_missing_file", f"卷宗包缺少清单所列的文件：{missing[0]}")
    for path, f in sorted(listed.items()):
        if sm3_hex(content[path]) != f["sm3"] or len(content[path]) != f["size"]:
            raise _Fail("bundle_file_changed", f"文件 {path} 的 SM3 与清单不符（内容被改动）")
    v.files = len(listed)
    v.checked.append("文件 SM3")
    _check_ledger(content, listed, manifest, v)
    _check_catalogue(manifest, listed)
    v.checked.append("卷内目录顺序")


def _check_ledger(
    content: dict[str, bytes], listed: dict[str, Any], manifest: dict[str, Any], v: Verdict
) -> None:
    try:
        records = [
            _record(json.loads(line)) for line in content[RECORDS].decode("utf-8").splitlines() if line
        ]
        checker = SignatureChecker(_keys(content[SIGNERS]))
    except (KeyError, ValueError, TypeError) as exc:
        raise _Fail("bundle_ledger_invalid", f"账本记录或签名人公钥无法解析：{exc}") from None
    if not records or records[0].stream_id != manifest.get("stream_id"):
        raise _Fail("bundle_ledger_invalid", "卷宗包中的账本记录不属于本案")
    report = verify_stream(records, checker, manifest["stream_id"], signed_event_types())
    if report.problem is not None:
        raise _Fail("bundle_ledger_invalid", f"账本校验失败：{report.problem.describe()}")
    if len(records) != manifest.get("ledger_length"):
        raise _Fail("bundle_ledger_invalid", "账本记录条数与清单不符（记录被删减）")
    v.records, v.signatures = len(records), sum(1 for r in records if r.signature)
    v.checked.append("账本哈希链与签名")
    issued: dict[int, set[str]] = {}
    evidence: set[str] = set()
    archive_no = ""
    for r in records:
        payload = json.loads(r.payload_json)
        if r.type == "CaseArchived":
            archive_no = payload.get("archive_no") or payload.get("volume") or ""
        elif r.type == "DocumentIssued" and r.signature:
            issued[r.seq] = {payload["sm3"], payload.get("pdf_sm3") or payload["sm3"]}
        elif r.type == "EvidenceAdded":
            evidence.update(payload["item"].get("file_sm3", []))
    for path, f in sorted(listed.items()):
        if f["role"] in ("document", "superseded"):
            if f["sm3"] not in issued.get(f["seq"], set()):
                raise _Fail(
                    "bundle_document_unrecorded", f"文书 {path} 没有对应的已签名制作记录（DocumentIssued）"
                )
            v.documents += 1
        elif f["role"] == "evidence" and f["sm3"] not in evidence:
            raise _Fail("bundle_evidence_unrecorded", f"证据文件 {path} 未在账本的收集证据记录中登记")
    v.checked.append("文书与证据均有账本记录")
    if "archive_no" in manifest and manifest["archive_no"] != archive_no:
        raise _Fail(
            "bundle_archive_no_mismatch",
            f"清单中的归档号“{manifest['archive_no']}”与账本的立卷归档记录（“{archive_no}”）不符",
        )


def _check_catalogue(manifest: dict[str, Any], listed: dict[str, Any]) -> None:
    hashes = {f["sm3"] for f in listed.values()}
    catalogue = manifest["catalogue"]
    keys = [(VOLUME_ORDER.get(i["volume"], 9), i["section"]) for i in catalogue]
    for item, before, key in zip(catalogue[1:], keys, keys[1:], strict=False):
        if key < before:
            raise _Fail(
                "bundle_catalogue_invalid", f"卷内目录顺序不符合程序规定第七十八条：“{item['title']}”位置错误"
            )
    numbers: dict[str, int] = {}
    pages: dict[str, int] = {}
    for item in catalogue:
        volume = item["volume"]
        numbers[volume] = numbers.get(volume, 0) + 1
        if item["no"] != numbers[volume] or item["start_page"] != pages.get(volume, 0) + 1:
            raise _Fail("bundle_catalogue_invalid", f"卷内目录的顺序号或页号不连续：“{item['title']}”")
        pages[volume] = item["end_page"]
        if any(h not in hashes for h in item["files"]):
            raise _Fail("bundle_catalogue_invalid", f"卷内目录所列“{item['title']}”的文件不在卷宗包中")
