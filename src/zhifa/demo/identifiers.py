"""Identifiers of the demo (演示) data: generated 统一社会信用代码 / 身份证号 with valid check characters, and
the fixed ids of the demo cases. Invented, never real parties."""

from __future__ import annotations

import uuid

from stdnum.cn import ric, uscc

NAMESPACE = uuid.UUID("6f1c1d52-8a8e-4c1e-9a57-2b7d3c0e4a11")


def org_code(region: str, serial: int, kind: str = "91") -> str:
    """A 统一社会信用代码 with valid check characters (GB 32100; embedded GB 11714 code included)."""
    body = f"MA4{serial:05d}"[:8]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    check = 11 - sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True)) % 11
    org = body + {10: "X", 11: "0"}.get(check, str(check))
    first17 = f"{kind}{region}{org}"
    return str(uscc.validate(first17 + uscc.calc_check_digit(first17 + "0")))


def person_id(region: str, born: str, serial: int) -> str:
    """A 居民身份证号码 with a valid check character (GB 11643)."""
    first17 = f"{region}{born}{serial:03d}"
    return str(ric.validate(first17 + ric.calc_check_digit(first17)))


def demo_case_id(key: str) -> str:
    """The fixed id of a demo case."""
    return uuid.uuid5(NAMESPACE, f"zhifa-demo:{key}").hex
