"""Records made on site with a phone — 现场笔录, 询问笔录, evidence photos — kept as evidence of a case.

The text of the record is built here (the same for the page and the offline sync), stored as a file with
the photos (each with its time and place), and registered by add-evidence. A draft written offline names
the case version it was written against (`If-Match`); if the case moved meanwhile the write is refused
with 409 `case_changed` and the officer decides (程序规定 第二十四条至第二十八条; 行政处罚法 第四十二条).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from zhifa.domain.actors import Actor
from zhifa.services.case_inputs import Input, RowId
from zhifa.services.case_views import CaseView
from zhifa.services.cases import run_action
from zhifa.services.evidence import Upload
from zhifa.store.uow import UnitOfWork

Kind = Literal["onsite", "inquiry", "photos"]
TITLES = {"onsite": "现场笔录", "inquiry": "询问笔录", "photos": "现场照片"}
EVIDENCE_KINDS = {"onsite": "record", "inquiry": "party_statement", "photos": "audiovisual"}


class PhotoMeta(Input):
    """When and where one photo was taken (from the phone), in the order the files are sent."""

    taken_at: datetime | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    accuracy: float | None = Field(default=None, ge=0, le=100_000)


class OnsiteRecordIn(Input):
    """One record made on site; `inquiry_of` = witness makes a 询问笔录 a 证人证言."""

    kind: Kind = "onsite"
    place: str = Field(min_length=1, max_length=200)
    started_at: datetime
    present: str = Field(default="", max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    accuracy: float | None = Field(default=None, ge=0, le=100_000)
    co_handler_id: RowId
    inquiry_of: Literal["party", "witness"] = "party"
    photos: list[PhotoMeta] = Field(default_factory=list, max_length=20)


def _where(lat: float | None, lon: float | None, accuracy: float | None) -> str:
    if lat is None or lon is None:
        return "未定位"
    near = f"，精度约 {round(accuracy)} 米" if accuracy is not None else ""
    return f"纬度 {lat:.6f}，经度 {lon:.6f}{near}"


def record_text(body: OnsiteRecordIn, actor: Actor, photo_names: Sequence[str]) -> str:
    """The record as a text file: who, when, where (with the browser's location), the content, the photos."""
    title = TITLES[body.kind]
    who = "被询问人" if body.kind == "inquiry" else "当事人或在场人"
    lines = [
        title,
        f"地点：{body.place}",
        f"时间：{body.started_at:%Y-%m-%d %H:%M}",
        f"{who}：{body.present}",
        f"执法人员：{actor.display_name}（执法证号 {actor.credential_no or '—'}）",
        f"定位（浏览器）：{_where(body.latitude, body.longitude, body.accuracy)}",
        "",
        "内容：",
        body.content,
    ]
    if photo_names:
        lines += ["", "照片："]
        for i, name in enumerate(photo_names):
            meta = body.photos[i] if i < len(body.photos) else PhotoMeta()
            taken = f"{meta.taken_at:%Y-%m-%d %H:%M:%S}" if meta.taken_at else "时间未知"
            lines.append(
                f"{i + 1}. {name}：拍摄于 {taken}；{_where(meta.latitude, meta.longitude, meta.accuracy)}"
            )
    return "\n".join(lines) + "\n"


def save_onsite_record(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    body: OnsiteRecordIn,
    photos: Sequence[Upload],
    today: date,
    *,
    var_dir: Path | None = None,
    expected_version: int | None = None,
) -> CaseView:
    """Store the record text and the photos (SM3) and register them as one piece of evidence."""
    text = record_text(body, actor, [p.filename for p in photos]).encode()
    stamp = f"{body.started_at:%Y%m%d%H%M}"
    uploads = [Upload(f"{TITLES[body.kind]}-{stamp}.txt", "text/plain; charset=utf-8", text), *photos]
    located = "；已定位" if body.latitude is not None else ""
    kind = "witness" if body.kind == "inquiry" and body.inquiry_of == "witness" else EVIDENCE_KINDS[body.kind]
    data = {
        "item": {
            "kind": kind,
            "title": f"{TITLES[body.kind]}（{body.place[:60]}）",
            "source": f"{body.started_at:%Y-%m-%d %H:%M} 现场{located}；照片 {len(photos)} 张"[:500],
        },
        "collected_on": body.started_at.date().isoformat(),
        "co_handler_id": body.co_handler_id,
    }
    return run_action(
        uow, actor, case_id, "add-evidence", data, today, uploads=uploads, var_dir=var_dir,
        expected_version=expected_version,
    )  # fmt: skip
