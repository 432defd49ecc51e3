"""更正 on the case page: the record and field are chosen from the case (not typed as a number and a key),
the old value is taken from the record, and each corrected entry of the timeline shows its corrections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zhifa.domain.corrections import text_at
from zhifa.web.pages.timeline import decoded, event_fields, event_rows

TYPED_FIELDS = frozenset({"corrects_seq", "field", "old", "path"})  # chosen through the target list instead
MAX_OPTION_CHARS = 40


def targets(timeline: Sequence[Mapping[str, Any]], people: Mapping[int, str]) -> list[tuple[str, str]]:
    """(value "seq:label", option text) for every field of every record that can be corrected; a text
    field already corrected shows what it reads now."""
    now = {(seq, c["field"]): c["new"] for seq, cs in history(timeline).items() for c in cs if c["path"]}
    out = []
    for item in timeline:
        if item["type"] == "CorrectionRecorded":
            continue
        for label, text in event_rows(item["type"], item["payload"], people):
            text = now.get((item["seq"], label), text)
            shown = text if len(text) <= MAX_OPTION_CHARS else text[:MAX_OPTION_CHARS] + "…"
            out.append((f"{item['seq']}:{label}", f"第{item['seq']}条 {item['label']} · {label}：{shown}"))
    return out


def chosen(
    target: str, timeline: Sequence[Mapping[str, Any]], people: Mapping[int, str]
) -> dict[str, Any] | None:
    """corrects_seq, field (in words), path and old value of a chosen target; None when it names no field
    of the case. A text field is named by its path too, so the correction changes what the case reads
    (its old value is then the record's current text, taken by the domain); a date, amount or choice is
    corrected as a note beside the record."""
    seq_text, _, label = target.partition(":")
    if not seq_text.isdigit():
        return None
    item = next((t for t in timeline if t["seq"] == int(seq_text)), None)
    if item is None:
        return None
    found = [(p, t) for p, lbl, t in event_fields(item["type"], item["payload"], people) if lbl == label]
    if not found:
        return None
    path, old = found[0]
    event = decoded(item["type"], item["payload"])
    out = {"corrects_seq": int(seq_text), "field": label, "old": old}
    if event is not None and text_at(event, path) is not None:
        out.update(path=path, old="")
    return out


def history(timeline: Sequence[Mapping[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """seq of a corrected record → its corrections in order (field, old, new, reason, who, when, seq)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for item in timeline:
        if item["type"] == "CorrectionRecorded":
            p = item["payload"]
            out.setdefault(int(p["corrects_seq"]), []).append(
                {"seq": item["seq"], "field": p.get("field"), "old": p.get("old"), "new": p.get("new"),
                 "reason": p.get("reason"), "by": item["by_name"], "on": p.get("on"),
                 "path": p.get("path", "")}
            )  # fmt: skip
    return out
