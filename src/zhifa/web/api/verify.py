"""Public verification of an issued document by its SM3 (no login; rate-limited per client address)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from zhifa.verification.service import verify_document
from zhifa.web.api.cases import ErrorBody
from zhifa.web.deps import app_state
from zhifa.web.ratelimit import check_rate

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "没有以此 SM3 登记的文书（document_not_issued）"},
    422: {"model": ErrorBody, "description": "核验码不是 64 位十六进制字符（bad_sm3）"},
    429: {"model": ErrorBody, "description": "同一地址查询过于频繁（rate_limited，带 Retry-After）"},
}
router = APIRouter(tags=["文书核验"], responses=ERRORS)


@router.get(
    "/verify/{sm3}",
    summary="核验文书（公开）：该 SM3 的文书是否由本系统制作，种类、文号、日期、制作机关、签名是否有效",
)
def verify(sm3: str, request: Request) -> dict[str, Any]:
    """404 `document_not_issued` when no issued document has this SM3; 422 `bad_sm3` unless 64 hex."""
    check_rate(request, "verify")
    return verify_document(app_state(request).uow(), sm3)
