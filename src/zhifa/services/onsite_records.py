"""Records made on site with a phone — 现场笔录, 询问笔录, evidence photos — written to the case's ledger.

A 现场笔录 is the same signed `inspect-site` record the case page makes, a 询问笔录 the same `inquiry`
record, with the same checks (two officers with credentials, the recording one among them; a witness
when the party refuses to sign; start and end time), so its document can be issued from its seq. Photos
(each with its time and place, listed in a text file with the browser's location) are registered by
add-evidence in the same write. A draft written offline names the case version it was written against
(`If-Match`); if the case moved meanwhile the write is refused with 409 `case_changed` and the officer
decides (程序规定 第二十二条、第二十八条、第二十九条、第四十三条; 行政处罚法 第四十二条).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from zhifa.domain.actors import Actor
from zhifa.errors import ValidationFailed
from zhifa.services.case_inputs import Input, RowId
from zhifa.services.case_views import CaseView
from zhifa.services.cases import Step, run_action, run_actions
from zhifa.services.evidence import Upload
from zhifa.store.uow import UnitOfWork

Kind = Literal["onsite", "inquiry", "photos"]
TITLES = {"onsite": "现场笔录", "inquiry": "询问笔录", "photos": "现场照片"}
RECORD_ACTIONS = {"onsite": "inspect-site", "inquiry": "inquiry"}  # the case page's record actions


class PhotoMeta(Input):
    """When and where one photo was taken (from the phone), in the order the files are sent."""

    taken_at: datetime | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    accuracy: float | None = Field(default=None, ge=0, le=100_000)


class OnsiteRecordIn(Input):
    """One record made on site: `present` is the party or those present (现场笔录) or the person questioned
    (询问笔录, `inquiry_of` party or witness); a party refusing to sign needs a `witness` (现场笔录)."""

    kind: Kind = "onsite"
    place: str = Field(min_length=1, max_length=200)
    started_at: datetime
    ended_at: datetime | None = None  # required for 现场笔录 and 询问笔录: the same day as started_at
    present: str = Field(default="", max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    refused_signature: bool = False
    witness: str = Field(default="", max_length=200)
    id_number: str = Field(default="", max_length=32)  # of the person questioned (optional)
    gender: str = Field(default="", max_length=4)  # the person questioned: 男 / 女 (else from the ID number)
    work_unit: str = Field(default="", max_length=200)  # 工作单位及职务
    address: str = Field(default="", max_length=300)  # 住址
    phone: str = Field(default="", max_length=30)  # 联系电话
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
    """The photos' companion text file: who, when, where (with the browser's location), the content, and
    each photo's time and place."""
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


def _record_step(body: OnsiteRecordIn, actor: Actor) -> Step:
    """The case page's record action for a 现场笔录 or 询问笔录 written on the phone."""
    ended = body.ended_at
    if ended is None:
        raise ValidationFailed(
            f"请填写{TITLES[body.kind]}的结束时间（笔录须写明起止时间）", code="onsite_end_missing"
        )
    if ended.date() != body.started_at.date():
        raise ValidationFailed("笔录的开始与结束时间应在同一天", code="bad_time")
    common = {
        "place": body.place,
        "start": f"{body.started_at:%H:%M}",
        "end": f"{ended:%H:%M}",
        "officer_ids": [actor.user_id, body.co_handler_id],
        "refused_signature": body.refused_signature,
    }
    day = body.started_at.date().isoformat()
    if body.kind == "onsite":
        located = body.latitude is not None and body.longitude is not None
        data = {
            **common, "inspected_on": day, "present": body.present, "findings": body.content,
            "witness": body.witness,
            "location": _where(body.latitude, body.longitude, body.accuracy) if located else "",
        }  # fmt: skip
    else:
        data = {
            **common, "inquired_on": day, "interviewee": body.present, "role": body.inquiry_of,
            "record": body.content, "id_number": body.id_number, "gender": body.gender,
            "work_unit": body.work_unit, "address": body.address, "phone": body.phone,
        }  # fmt: skip
    return RECORD_ACTIONS[body.kind], data, ()


def _photo_step(body: OnsiteRecordIn, actor: Actor, photos: Sequence[Upload]) -> Step:
    """The photos (and the text listing when and where each was taken) as one piece of evidence."""
    text = record_text(body, actor, [p.filename for p in photos]).encode()
    stamp = f"{body.started_at:%Y%m%d%H%M}"
    uploads = [Upload(f"{TITLES[body.kind]}-{stamp}.txt", "text/plain; charset=utf-8", text), *photos]
    located = "；已定位" if body.latitude is not None else ""
    title = TITLES["photos"] if body.kind == "photos" else f"{TITLES[body.kind]}附现场照片"
    data = {
        "item": {
            "kind": "audiovisual",
            "title": f"{title}（{body.place[:60]}）",
            "source": f"{body.started_at:%Y-%m-%d %H:%M} 现场{located}；照片 {len(photos)} 张"[:500],
        },
        "collected_on": body.started_at.date().isoformat(),
        "co_handler_id": body.co_handler_id,
    }
    return "add-evidence", data, uploads


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
    """Write the record as the case page's signed record action (inspect-site / inquiry) and the photos as
    evidence, in one write; photos alone are evidence only."""
    if body.kind == "photos":
        action, data, uploads = _photo_step(body, actor, photos)
        return run_action(
            uow, actor, case_id, action, data, today, uploads=uploads, var_dir=var_dir,
            expected_version=expected_version,
        )  # fmt: skip
    steps = [_record_step(body, actor)] + ([_photo_step(body, actor, photos)] if photos else [])
    return run_actions(uow, actor, case_id, steps, today, var_dir=var_dir, expected_version=expected_version)
