"""Highlighted snippets: a window of the original text around the densest cluster of query terms."""

from __future__ import annotations

from zhifa.search.port import MARK_CLOSE, MARK_OPEN

WINDOW = 120


def _spans(text: str, terms: list[str]) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, term index) matches, longer terms first."""
    lowered = text.lower()
    taken = bytearray(len(text))
    spans: list[tuple[int, int, int]] = []
    for idx, term in sorted(enumerate(terms), key=lambda p: -len(p[1])):
        if not term:
            continue
        pos = lowered.find(term)
        while pos != -1:
            end = pos + len(term)
            if not any(taken[pos:end]):
                taken[pos:end] = b"\x01" * (end - pos)
                spans.append((pos, end, idx))
            pos = lowered.find(term, end)
    spans.sort()
    return spans


def make_snippet(text: str, terms: list[str], window: int = WINDOW) -> str:
    """Up to `window` characters of text with every query term wrapped in 【】; … marks cuts."""
    spans = _spans(text, terms)
    if not spans:
        cut = text[:window]
        return cut + ("…" if len(text) > window else "")
    best_start, best_score = spans[0][0], -1
    for i, (start, _, _) in enumerate(spans):
        inside = {idx for s, e, idx in spans[i:] if e <= start + window}
        score = len(inside) * 1000 - i
        if score > best_score:
            best_start, best_score = start, score
    begin = max(0, best_start - window // 4)
    for mark in "。；\n":
        boundary = text.rfind(mark, max(0, best_start - window // 2), best_start)
        if boundary != -1 and boundary + 1 > begin - window // 4:
            begin = boundary + 1
            break
    end = min(len(text), begin + window)
    out: list[str] = ["…"] if begin > 0 else []
    pos = begin
    for start, stop, _ in spans:
        if start < begin or stop > end:
            continue
        out.append(text[pos:start])
        out.append(f"{MARK_OPEN}{text[start:stop]}{MARK_CLOSE}")
        pos = stop
    out.append(text[pos:end])
    if end < len(text):
        out.append("…")
    return "".join(out).replace("\n", " ")
