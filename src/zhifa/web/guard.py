"""Input guard run before every route: values no database column can hold become 422s, not 500s.

Two kinds of input reached the database and failed there (issue 15 item 5): integers beyond the range of
the id columns (2^31 on PostgreSQL's INTEGER, 2^63 on SQLite), and NUL characters, which PostgreSQL text
cannot store. Integer path and query parameters are checked by their declared type; JSON bodies and
url-encoded forms are walked for NUL characters and for integers beyond 2^63. Integer fields inside JSON
bodies that name rows carry their own bounds (`zhifa.services.case_inputs.RowId`). Multipart bodies of
upload routes are checked after parsing, once scope and role allowed the upload
(`zhifa.web.limits.upload_form`); other routes take no files and have their multipart fields checked here.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from starlette.datastructures import FormData

from zhifa.errors import ValidationFailed

INT_MAX = 2**31 - 1  # the id columns (INTEGER on PostgreSQL)
JSON_INT_LIMIT = 2**63  # no integer in any body may be this large (BIGINT, SQLite INTEGER)
JSON_TYPES = ("application/json",)
FORM_TYPE = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
F = TypeVar("F", bound=Callable[..., Any])
_INT_PARAMS: dict[int, frozenset[str]] = {}


def nul_refused(where: str) -> ValidationFailed:
    """The refusal of a NUL character."""
    return ValidationFailed(f"{where}含有不允许的空字符（\\u0000）", code="nul_character")


def out_of_range(where: str, limit: int) -> ValidationFailed:
    """The refusal of an integer outside the storable range."""
    return ValidationFailed(f"{where}超出允许的范围（绝对值须小于 {limit}）", code="number_out_of_range")


def _is_int_type(annotation: Any) -> bool:
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, tuple, set, typing.Annotated):
        return any(_is_int_type(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _int_params(request: Request) -> frozenset[str]:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return frozenset()
    key = id(route)
    if key not in _INT_PARAMS:
        names: set[str] = set()
        stack = [dependant]
        while stack:
            dep = stack.pop()
            for field in (*dep.path_params, *dep.query_params):
                if _is_int_type(field.field_info.annotation):
                    names.add(field.alias or field.name)
            stack.extend(dep.dependencies)
        _INT_PARAMS[key] = frozenset(names)
    return _INT_PARAMS[key]


def _check_int_text(name: str, text: str) -> None:
    stripped = text.strip().lstrip("+-")
    if stripped.isdigit() and int(stripped) > INT_MAX:
        raise out_of_range(f"参数 {name} ", INT_MAX + 1)


def walk_json(value: Any, where: str = "请求内容") -> None:
    """Refuse NUL characters in any string or key and integers beyond 2^63 anywhere in a JSON value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise nul_refused(where)
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if abs(item) >= JSON_INT_LIMIT:
                raise out_of_range(where + "中的整数", JSON_INT_LIMIT)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


async def guard_input(request: Request) -> None:
    """Refuse NUL characters and out-of-range integers in the path, the query and JSON or form bodies."""
    if "\x00" in request.url.path:
        raise nul_refused("请求路径")
    ints = _int_params(request)
    for name, value in request.path_params.items():
        if isinstance(value, str) and "\x00" in value:
            raise nul_refused(f"路径参数 {name} ")
        if name in ints and isinstance(value, str):
            _check_int_text(name, value)
    for name, value in request.query_params.multi_items():
        if "\x00" in value or "\x00" in name:
            raise nul_refused(f"查询参数 {name} ")
        if name in ints:
            _check_int_text(name, value)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in JSON_TYPES or kind.endswith("+json"):
        body = await request.body()
        if body:
            try:
                parsed = json.loads(body)
            except (ValueError, RecursionError):
                return  # FastAPI answers malformed JSON with its own 422
            walk_json(parsed)
    elif kind == FORM_TYPE or (kind == MULTIPART and not is_upload_route(request)):
        check_form(await request.form(max_files=0 if kind == MULTIPART else 1000))


def check_form(form: FormData) -> None:
    """Refuse NUL characters in the names and text values of a parsed form."""
    for name, value in form.multi_items():
        if "\x00" in name or (isinstance(value, str) and "\x00" in value):
            raise nul_refused(f"表单字段 {name} ")


def upload_route(endpoint: F) -> F:
    """Mark a route that checks scope and role before it parses its multipart body (and checks it then)."""
    endpoint.zhifa_upload = True  # type: ignore[attr-defined]
    return endpoint


def is_upload_route(request: Request) -> bool:
    """True for routes marked with `upload_route`."""
    route = request.scope.get("route")
    return bool(getattr(getattr(route, "endpoint", None), "zhifa_upload", False))
