"""Line width and wrapping for thermal paper: what the printer's font makes of GB18030 text.

A printer in Chinese mode prints every one-byte (ASCII) character in one column and every multi-byte
GB18030 character in two (a Chinese character is twice as wide as a Latin one). 58 mm paper holds 32
columns (16 Chinese characters), 80 mm holds 48 (24). Lines are broken here, never by the printer, so what
we print is what we measured; punctuation that may not open a line (，。、：；）》 …) stays with the character
before it, and an opening bracket goes with the character after it (the usual 禁则 of Chinese typesetting).
"""

from __future__ import annotations

COLUMNS = {58: 32, 80: 48}
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
ENCODING = "gb18030"


def char_width(ch: str) -> int:
    """Columns one character takes on the printer: 1 for one-byte GB18030 characters, else 2."""
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    """Columns a line of text takes."""
    return sum(char_width(ch) for ch in text)


def _units(text: str) -> list[str]:
    """Break candidates: a run of ASCII letters, digits and marks (a number, a code, a URL) is one unit;
    every other character is one unit by itself."""
    units: list[str] = []
    run = ""
    for ch in text:
        if ch.isascii() and ch.isprintable() and ch != " ":
            run += ch
            continue
        if run:
            units.append(run)
            run = ""
        units.append(ch)
    if run:
        units.append(run)
    return units


def _split_long(unit: str, columns: int) -> list[str]:
    """A unit wider than a whole line, cut into pieces that fit."""
    pieces, piece = [], ""
    for ch in unit:
        if text_width(piece + ch) > columns:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """Break `text` into lines of at most `columns` columns (`indent` opens the first line)."""
    if columns < 4:
        raise ValueError("columns must be at least 4")
    units: list[str] = [indent] if indent else []
    for unit in _units(text.replace("\t", " ")):
        units.extend(_split_long(unit, columns) if text_width(unit) > columns else [unit])
    lines: list[list[str]] = [[]]
    used = 0  # columns of the last line
    for unit in units:
        line = lines[-1]
        width = text_width(unit)
        if used + width <= columns:
            if line or unit != " ":
                line.append(unit)
                used += width
            continue
        carry: list[str] = []
        if len(line) > 1 and unit[0] in NO_LINE_START and line[-1][-1] not in NO_LINE_START:
            carry.append(line.pop())  # the character before the mark goes down with it
        while len(line) > 1 and line[-1][-1] in NO_LINE_END:
            carry.insert(0, line.pop())  # an opening bracket never ends a line
        following = [] if unit == " " else [unit]
        if sum(map(text_width, carry + following)) > columns:
            line.extend(carry)  # no room to carry: the rule gives way to the width
            carry = []
        lines.append(carry + following)
        used = sum(map(text_width, lines[-1]))
    out = ["".join(line).rstrip(" ") for line in lines]
    return out if any(out) else [""]
