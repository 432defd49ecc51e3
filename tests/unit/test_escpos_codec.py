"""ESC/POS bytes as the printer reads them: the exact GS ( k sequence of a QR code, GB18030 text, styles,
the cut, and a decoder that refuses what a printer would print as garbage."""

from __future__ import annotations

import pytest

from zhifa.printing.blocks import Block
from zhifa.printing.decode import DecodeError, PrintedLine, QrCode, decode
from zhifa.printing.escpos import Receipt, qr_commands
from zhifa.printing.receipt import DRAFT_MARK, qr_module, render_receipt

URL = "https://zhifa.example.cn/verify/" + "0f" * 32


def test_qr_code_is_the_native_gs_k_sequence_of_model_2() -> None:
    got = qr_commands("AB", 6, "M")
    assert got == (
        b"\x1d(k\x04\x00\x31\x41\x32\x00"  # model 2
        b"\x1d(k\x03\x00\x31\x43\x06"  # module 6 dots
        b"\x1d(k\x03\x00\x31\x45\x31"  # error correction M
        b"\x1d(k\x05\x00\x31\x50\x30AB"  # store: pL pH = len(data) + 3
        b"\x1d(k\x03\x00\x31\x51\x30"  # print
    )
    with pytest.raises(ValueError):
        qr_commands("", 6)
    with pytest.raises(ValueError):
        qr_commands("AB", 17)


def test_text_is_gb18030_and_styles_round_trip() -> None:
    r = Receipt(32)
    r.style(align="center", bold=True, double=True)
    r.line("行政处罚决定书")
    r.style()
    r.line("罚款人民币伍仟元整（¥5000.00）")
    r.line("𠀀")  # outside the BMP: a four-byte GB18030 sequence
    data = r.cut()
    assert data.startswith(b"\x1b@\x1c&")
    assert "行政处罚决定书".encode("gb18030") in data and data.endswith(b"\x1dVB\x04")
    printed = decode(data)
    assert printed.chinese and printed.cut
    assert printed.lines == [
        PrintedLine("行政处罚决定书", "center", True, True),
        PrintedLine("罚款人民币伍仟元整（¥5000.00）"),
        PrintedLine("𠀀"),
    ]
    assert printed.lines[0].columns == 28


def test_a_line_wider_than_the_paper_is_refused_when_built() -> None:
    r = Receipt(32)
    r.style(double=True)
    with pytest.raises(ValueError):
        r.line("一二三四五六七八九")  # 9 characters at double width: 36 columns


def test_decoder_refuses_what_a_printer_would_print_as_garbage() -> None:
    with pytest.raises(DecodeError):
        decode(b"\x1b@\x07bell\n")  # a control byte
    with pytest.raises(DecodeError):
        decode(b"\x1b@abc")  # text never fed
    with pytest.raises(DecodeError):
        decode(b"\x1b@\x1bZ\n")  # an unknown command
    with pytest.raises(DecodeError):
        decode(b"\x1b@\x1dVB\x04abc\n")  # text after the cut
    with pytest.raises(DecodeError):
        decode(b"\x1d(k\x03\x00\x31\x51\x30")  # QR printed with nothing stored


@pytest.mark.parametrize(("width", "columns"), [(58, 32), (80, 48)])
def test_receipt_of_an_issued_document(width: int, columns: int) -> None:
    blocks = [
        Block("江岸区市场监督管理局", "center", True, True),
        Block("行政处罚决定书", "center", True, True),
        Block("岸市监处罚〔2026〕1号", "center"),
        Block(""),
        Block("当事人：汉江虚构食品商行有限公司", indent=True),
        Block("经查，当事人销售超过保质期的食品，货值金额一千元，违法所得三百元。", indent=True),
    ]
    printed = decode(render_receipt(blocks, width, verify_url=URL, sm3="0f" * 32))
    assert all(line.columns <= columns for line in printed.lines)
    title = next(line for line in printed.lines if line.text == "行政处罚决定书")
    assert title.double and title.bold and title.align == "center"
    agency = next(line for line in printed.lines if line.text == "江岸区市场监督管理局")
    assert agency.bold and agency.double is (width == 80)  # 10 characters at double size: 40 columns
    assert agency.tall is (width == 58) and agency.columns == (40 if width == 80 else 20)  # else tall
    assert printed.qr_codes == [QrCode(URL, qr_module(URL, width), "M", 2)]
    assert "经查，当事人销售超过保质期的食品" in printed.text.replace("\n", "")
    assert ("0f" * 32) in printed.text.replace("\n", "") and printed.cut


def test_a_draft_is_marked_and_carries_no_qr_code() -> None:
    printed = decode(render_receipt([Block("立案审批表", "center", True, True)], 58, draft=True))
    assert printed.lines[0].text == DRAFT_MARK and printed.lines[-1].text == DRAFT_MARK
    assert printed.qr_codes == [] and printed.cut


def test_qr_modules_fit_the_paper() -> None:
    # 96 bytes need version 6 (41 modules) at level M; with the quiet zone 49 modules in 2/3 of the line
    assert (qr_module(URL, 58), qr_module(URL, 80)) == (5, 7)
    assert qr_module(URL, 58) * 49 <= 384 and qr_module(URL, 80) * 49 <= 576
    assert qr_module("https://a.cn/verify/x", 58) == 7  # 21 bytes: version 2, 25 modules
    assert qr_module("http://a.cn", 80) == 8  # never more than 8 dots
    with pytest.raises(ValueError):
        qr_module("x" * 214, 58)


def test_a_title_too_long_for_double_size_is_printed_double_height() -> None:
    r = Receipt(32)
    r.style(align="center", bold=True, tall=True)
    r.line("当场行政处罚决定书")  # 18 columns: double size would need 36
    data = r.cut()
    assert b"\x1d!\x01\x1c!\x08" in data  # GS ! double height; FS ! the same for Chinese characters
    (line,) = decode(data).lines
    assert line.tall and not line.double and line.columns == 18
    with pytest.raises(DecodeError):
        decode(b"\x1b@\x1d!\x01\x1c!\x0c")  # Latin tall but Chinese double: the sizes disagree
