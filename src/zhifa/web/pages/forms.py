"""HTML forms generated from the case input models, and the form data turned back into their JSON shape.

Field names are dotted paths (`party.kind`, `penalty.fine`); lists of enums are checkboxes, officer ids are
selects of users, lists of text are one line each, lists of small models (分期计划) one comma-separated line
each. The service validates; this module only shapes.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from starlette.datastructures import FormData

from zhifa.web.pages.labels import ENUM_LABELS, LONG_TEXT, field_label

OFFICER_FIELDS = frozenset({"handler_ids", "officer_ids", "team_ids", "co_handler_id", "presider_id"})
# suggestion and departure_reason: only the assistant page fills them (the snapshot is computed there)
HIDDEN_FIELDS = frozenset({"file_sm3", "agency_code", "suggestion", "departure_reason"})


@dataclass
class Field:
    """One form control (or a group of them for a nested model)."""

    name: str
    label: str
    kind: str  # text textarea date number decimal checkbox select checks officers officer lines rows group
    required: bool
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    default: Any = None
    hint: str = ""

    @property
    def html_id(self) -> str:
        """A DOM id fragment for this field."""
        return self.name.replace(".", "-")


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, optional) of `X | None`."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def enum_options(enum_type: type[Enum]) -> list[tuple[str, str]]:
    """(value, Chinese label) of every member."""
    fallback = ENUM_LABELS.get(enum_type.__name__, {})
    return [(m.value, str(getattr(m, "label", None) or fallback.get(m.value, m.value))) for m in enum_type]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def fields_of(model: type[BaseModel], prefix: str = "") -> list[Field]:
    """The form fields of an input model (nested models become groups)."""
    out: list[Field] = []
    for name, info in model.model_fields.items():
        if name in HIDDEN_FIELDS:
            continue
        tp, optional = _unwrap(info.annotation)
        path = f"{prefix}{name}"
        required = info.is_required() and not optional
        label = field_label(model.__name__, name)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        origin = get_origin(tp)
        if _is_model(tp):
            children = fields_of(tp, path + ".")
            if not required:  # an optional group: the browser must not insist on its fields
                for child in children:
                    child.required = False
            out.append(Field(path, label, "group", required, children=children))
        elif name in OFFICER_FIELDS:
            out.append(Field(path, label, "officers" if origin is list else "officer", required))
        elif origin is list:
            (inner,) = get_args(tp)
            if isinstance(inner, type) and issubclass(inner, Enum):
                out.append(Field(path, label, "checks", required, enum_options(inner)))
            elif _is_model(inner):
                columns = "，".join(field_label(inner.__name__, n) for n in inner.model_fields)
                out.append(Field(path, label, "rows", required, hint=f"每行一项：{columns}（以逗号分隔）"))
            else:
                out.append(Field(path, label, "lines", required, hint="每行一项"))
        elif isinstance(tp, type) and issubclass(tp, Enum):
            out.append(Field(path, label, "select", required, enum_options(tp), default=default))
        elif tp is bool:
            out.append(Field(path, label, "checkbox", False, default=default))
        elif tp is date:
            out.append(Field(path, label, "date", required))
        elif tp is int:
            out.append(Field(path, label, "number", required, default=default))
        elif tp is Decimal:
            out.append(Field(path, label, "decimal", required, default=default))
        else:
            max_len = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), 0) or 0
            kind = "textarea" if name in LONG_TEXT or max_len > 1000 else "text"
            out.append(Field(path, label, kind, required, default=default))
    return out


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _group_used(form: FormData, group: Field) -> bool:
    if form.get(f"{group.name}.__use") is not None:
        return True
    return any(
        isinstance(v, str) and v.strip()
        for c in group.children
        if c.kind != "checkbox"
        for v in form.getlist(c.name)
    )


def data_from_form(
    fields: list[Field], form: FormData, model: type[BaseModel] | None = None
) -> dict[str, Any]:
    """The JSON body of an input model from posted form data (empty optional fields left out)."""
    out: dict[str, Any] = {}
    for f in fields:
        key = f.name.rsplit(".", 1)[-1]
        if f.kind == "group":
            if f.required or _group_used(form, f):
                out[key] = data_from_form(f.children, form)
        elif f.kind == "checkbox":
            out[key] = form.get(f.name) is not None
        elif f.kind in ("checks", "officers"):
            values = [v for v in form.getlist(f.name) if isinstance(v, str) and v.strip()]
            out[key] = [_int(v) for v in values] if f.kind == "officers" else values
        elif f.kind == "lines":
            out[key] = [line.strip() for line in _text(form, f.name).splitlines() if line.strip()]
        elif f.kind == "rows":
            rows = [line for line in _text(form, f.name).splitlines() if line.strip()]
            out[key] = [_row(line, model, key) for line in rows]
        else:
            text = _text(form, f.name)
            if text:
                out[key] = _int(text) if f.kind in ("number", "officer") else text
    return out


def _int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text  # the model refuses it with a clear message


def _row(line: str, model: type[BaseModel] | None, key: str) -> dict[str, str]:
    parts = [p.strip() for p in line.replace("，", ",").split(",")]
    inner: Any = None
    if model is not None:
        (inner,) = get_args(model.model_fields[key].annotation)
    names = list(inner.model_fields) if inner is not None else [f"v{i}" for i in range(len(parts))]
    return dict(zip(names, parts, strict=False))


def form_values(form: FormData) -> dict[str, Any]:
    """Posted values by name (lists for repeated names), to fill the form again after a refusal."""
    out: dict[str, Any] = {}
    for name in form:
        values = [v for v in form.getlist(name) if isinstance(v, str)]
        out[name] = values if len(values) > 1 else (values[0] if values else "")
    return out
