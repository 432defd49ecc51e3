"""Phone records synced from the device: 现场笔录, 询问笔录, evidence photos (multipart, `If-Match`).

`Idempotency-Key` (zhifa.web.idempotency covers every POST under /api/v1/cases) makes a resync after a lost
answer return the first answer; `If-Match: "<version>"` names the case version the draft was written
against, and a case that moved since is a 409 `case_changed` — shown to the officer, never overwritten.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.errors import ValidationFailed
from zhifa.services.case_actions import parse_input
from zhifa.services.cases import china_today
from zhifa.services.onsite_records import OnsiteRecordIn, save_onsite_record
from zhifa.web.api.cases import ERRORS, TOO_LARGE, _checked_uploads, _multipart, evidence_data
from zhifa.web.deps import app_state, authenticated
from zhifa.web.guard import upload_route

router = APIRouter(tags=["现场执法（手机）"], responses=ERRORS)
_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')

PHOTOS = {"type": "array", "items": {"type": "string", "format": "binary"}, "description": "现场照片"}
DATA = {"type": "string", "description": "JSON：kind（onsite/inquiry/photos）、place、started_at、content…"}


def expected_version(value: str | None) -> int | None:
    """The case version of an `If-Match` header (`"7"` or `7`); None when absent."""
    if value is None:
        return None
    found = _VERSION.match(value)
    if found is None:
        raise ValidationFailed('If-Match 须为案件版本号，如 "7"', code="bad_if_match")
    return int(found.group(1))


@router.post(
    "/cases/{case_id}/onsite-records",
    status_code=201,
    summary="手机同步现场笔录、询问笔录或现场照片（multipart；If-Match 为起草时的案件版本）",
    openapi_extra=_multipart({"data": DATA, "photos": PHOTOS}, ["data"]),
    responses=TOO_LARGE,
)
@upload_route
async def onsite_record(
    case_id: str,
    request: Request,
    actor: Actor = Depends(authenticated),
    if_match: str | None = Header(default=None, alias="If-Match"),
) -> dict[str, Any]:
    """Store the record and its photos as evidence of the case (本案办案人员)."""
    version = expected_version(if_match)
    state = app_state(request)
    form, uploads = await _checked_uploads(request, case_id, actor, True, field="photos")
    parsed = parse_input(OnsiteRecordIn, evidence_data(form))
    assert isinstance(parsed, OnsiteRecordIn)
    view = await run_in_threadpool(
        lambda: save_onsite_record(
            state.uow(), actor, case_id, parsed, uploads, china_today(),
            var_dir=state.settings.var_dir, expected_version=version,
        )
    )  # fmt: skip
    return view.to_dict()
