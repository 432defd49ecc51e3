"""The verification QR code as a raster image (GS v 0) for printers whose firmware has no GS ( k: the exact
command bytes, bands joined back by the decoder, and the image read back module by module — three finder
patterns, the quiet zone, centred on 58 and 80 mm paper, and the same modules as the symbol of the URL."""

from __future__ import annotations

import base64

import pytest
import segno

from zhifa.printing.blocks import Block
from zhifa.printing.decode import DecodeError, RasterImage, decode
from zhifa.printing.escpos import DOTS, QR_QUIET, RASTER_BAND, raster_commands
from zhifa.printing.receipt import qr_module, render_receipt
from zhifa.printing.service import image_uri

URL = "https://zhifa.example.cn/verify/" + "0f" * 32


def test_gs_v_0_carries_width_in_bytes_and_height_in_rows() -> None:
    rows = [b"\x80\x01", b"\xff\x00", b"\x00\x00"]
    assert raster_commands(rows) == b"\x1dv0\x00\x02\x00\x03\x00" + b"".join(rows)


def test_a_tall_image_goes_in_bands_and_is_read_back_as_one() -> None:
    rows = [bytes([i % 256, 0, 255]) for i in range(300)]
    data = raster_commands(rows)
    assert data.count(b"\x1dv0\x00") == 3 and RASTER_BAND == 128
    (image,) = decode(b"\x1b@" + data).images
    assert image.width == 24 and list(image.rows) == rows


def test_the_decoder_refuses_other_raster_modes_and_cut_data() -> None:
    with pytest.raises(DecodeError, match="raster mode"):
        decode(b"\x1dv0\x01\x01\x00\x01\x00\xff")  # double width
    with pytest.raises(DecodeError, match="ends inside"):
        decode(b"\x1dv0\x00\x02\x00\x02\x00\xff\xff\xff")  # 3 of 4 bytes


def _modules(image: RasterImage, module: int) -> list[list[bool]]:
    """The symbol sampled at each module's centre, from the top-left black dot (the finder's corner)."""
    dark = [(x, y) for y in range(len(image.rows)) for x in range(image.width) if image.dark(x, y)]
    left, top = min(x for x, _ in dark), min(y for _, y in dark)
    right, bottom = max(x for x, _ in dark), max(y for _, y in dark)
    side = right - left + 1
    assert side == bottom - top + 1 and side % module == 0  # square, whole modules
    n = side // module
    c = module // 2
    return [[image.dark(left + i * module + c, top + j * module + c) for i in range(n)] for j in range(n)]


def _finder_at(m: list[list[bool]], row: int, col: int) -> bool:
    ring = {(r, c) for r in range(7) for c in range(7) if r in (0, 6) or c in (0, 6)}
    core = {(r, c) for r in range(2, 5) for c in range(2, 5)}
    return all(m[row + r][col + c] == ((r, c) in ring or (r, c) in core) for r in range(7) for c in range(7))


@pytest.mark.parametrize("width", [58, 80])
def test_the_printed_symbol_is_the_qr_code_of_the_verification_url(width: int) -> None:
    data = render_receipt([Block("行政处罚决定书", title=True)], width, verify_url=URL, sm3="0f" * 32,
                          qr_mode="raster")  # fmt: skip
    printed = decode(data)
    assert printed.qr_codes == [] and printed.cut
    (image,) = printed.images
    assert image.width == DOTS[width]
    module = qr_module(URL, width)
    m = _modules(image, module)
    n = len(m)
    assert (n - 17) % 4 == 0  # a model 2 symbol of version (n - 17) / 4
    assert _finder_at(m, 0, 0) and _finder_at(m, 0, n - 7) and _finder_at(m, n - 7, 0)
    assert not _finder_at(m, n - 7, n - 7)
    expected = segno.make(URL, error="m", micro=False, boost_error=False).matrix
    assert m == [[bool(v) for v in row] for row in expected]
    quiet = QR_QUIET * module
    assert not any(any(r) for r in image.rows[:quiet] + image.rows[-quiet:])  # white above and below
    dark_x = [x for x in range(image.width) if image.dark(x, quiet)]
    left, right = dark_x[0], image.width - 1 - dark_x[-1]
    assert left >= quiet and abs(left - right) < 8  # centred, whatever the printer's alignment
    assert "扫码核验文书" in printed.text and URL in printed.text.replace("\n", "")


def test_the_system_print_view_draws_a_raster_image_as_printed() -> None:
    image = RasterImage(16, (b"\xf0\x0f", b"\xf0\x0f", b"\x00\x01"))
    svg = base64.b64decode(image_uri(image).removeprefix("data:image/svg+xml;base64,")).decode()
    assert 'viewBox="0 0 16 3"' in svg
    assert (
        '<rect x="0" y="0" width="4" height="2"/>' in svg
        and '<rect x="12" y="0" width="4" height="2"/>' in svg
    )
    assert '<rect x="15" y="2" width="1" height="1"/>' in svg and svg.count("<rect") == 3
