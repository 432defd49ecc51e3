"""The party's signature PNG (行政处罚法 第五十二条: handed over and signed for) is checked byte by byte."""

from __future__ import annotations

import struct
import zlib

import pytest

from zhifa.demo.signature import data_url, demo_signature_png
from zhifa.errors import ValidationFailed
from zhifa.services.signature_png import check_signature_png, decode_data


def code_of(data: bytes) -> str:
    with pytest.raises(ValidationFailed) as caught:
        check_signature_png(data)
    return caught.value.code


@pytest.mark.parametrize("sub", [True, False])
def test_a_canvas_signature_is_accepted_with_either_filter(sub: bool) -> None:
    assert check_signature_png(demo_signature_png(sub=sub)) == (600, 200)


def test_the_data_url_of_the_canvas_decodes() -> None:
    png = demo_signature_png()
    assert decode_data(data_url(png)) == png
    with pytest.raises(ValidationFailed):
        decode_data("data:image/png;base64,not base64!")


def test_a_blank_canvas_is_not_a_signature() -> None:
    assert code_of(demo_signature_png(strokes=0)) == "signature_blank"
    assert code_of(demo_signature_png(strokes=0, sub=False)) == "signature_blank"


def test_not_a_png_or_damaged() -> None:
    png = demo_signature_png()
    assert code_of(b"") == "party_signature_missing"
    assert code_of(b"<svg onload=alert(1)>") == "bad_signature_png"
    assert code_of(png[:-20]) == "bad_signature_png"  # truncated
    broken = bytearray(png)
    broken[40] ^= 0xFF  # inside IDAT: its CRC no longer matches
    assert code_of(bytes(broken)) == "bad_signature_png"


def _png(width: int, height: int, depth: int, colour: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_only_rgba_of_sensible_size_with_data_matching_it() -> None:
    rgb = _png(300, 100, 8, 2, (b"\x00" + b"\xff" * 900) * 100)
    assert code_of(rgb) == "bad_signature_png"
    assert code_of(_png(20000, 100, 8, 6, b"")) == "bad_signature_size"
    short = _png(300, 100, 8, 6, (b"\x00" + b"\x10" * 1200) * 99)  # one row missing
    assert code_of(short) == "bad_signature_png"
    bad_filter = _png(300, 100, 8, 6, (b"\x07" + b"\x10" * 1200) * 100)
    assert code_of(bad_filter) == "bad_signature_png"


def test_a_compression_bomb_is_not_inflated_beyond_the_image() -> None:
    bomb = _png(300, 100, 8, 6, b"\x00" * 50_000_000)
    assert code_of(bomb) == "bad_signature_png"
