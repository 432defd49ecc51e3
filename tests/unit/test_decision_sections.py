"""Decision parsing on small decision-like texts written for the tests, and bad input."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from zhifa.errors import ValidationFailed
from zhifa.precedents.extract import MAX_TEXT_CHARS, extract_text
from zhifa.precedents.normalize import normalise_pages
from zhifa.precedents.parse import parse_decision
from zhifa.precedents.provisions import find_citations, normalise_law_title, pair_citations

DECISION = """示例市市场监督管理局
行政处罚决定书
示市监处罚〔2025〕12号
当事人：示例市某某便利店
统一社会信用代码：92000000MA0TEST01X
经营者：张三
经查，当事人在经营场所销售饮料共12种，均未标明价格，违法所得人民币壹佰贰拾叁元肆角伍分。
上述事实，主要有以下证据证明：
1、营业执照复印件1份；
2、现场检查笔录1份；
3、询问笔录1份。
本局于2025年3月1日送达行政处罚告知书，当事人未提出陈述、申辩。
本局认为，当事人的上述行为违反了《中华人民共和国价格法》第十三条第一款“经营者销售商品，应当明码标价。”的规定。
鉴于当事人系首次违法，及时改正，积极配合调查，依据《示例省市场监督管理行政处罚裁量权适用规则》第十条的规定，决定予以从轻处罚。
依据《中华人民共和国价格法》第四十二条、《价格违法行为行政处罚规定》第十三条第（一）项的规定，决定处罚如下：
1、没收违法所得123.45元；
2、罚款人民币伍佰元整。
当事人应当自收到本处罚决定书之日起十五日内缴纳罚没款。
如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议。
示例市市场监督管理局
2025年3月20日
"""


def test_sections_of_a_typical_decision() -> None:
    parsed = parse_decision(DECISION)
    s = parsed.sections
    assert s.get("header").endswith("示市监处罚〔2025〕12号")
    assert s.get("party").startswith("当事人：示例市某某便利店")
    assert s.get("facts").startswith("经查，当事人")
    assert s.get("evidence").startswith("上述事实")
    assert s.get("hearing").startswith("本局于2025年3月1日")
    assert s.get("analysis").startswith("本局认为")
    assert s.get("penalties").startswith("依据《中华人民共和国价格法》第四十二条")
    assert s.get("ending").startswith("当事人应当自收到")


def test_fields_of_a_typical_decision() -> None:
    parsed = parse_decision(DECISION)
    assert parsed.complete, parsed.problems
    assert parsed.docno == "示市监处罚〔2025〕12号"
    assert parsed.bureau == "示例市市场监督管理局"
    assert str(parsed.decision_date) == "2025-03-20"
    assert parsed.party is not None and parsed.party.kind == "individual_business"
    assert parsed.evidence == ["营业执照复印件1份", "现场检查笔录1份", "询问笔录1份"]
    assert [c.label(level="full") for c in parsed.violated] == ["《价格法》第13条第1款"]
    assert [c.label(level="full") for c in parsed.penalty_basis] == [
        "《价格法》第42条",
        "《价格违法行为行政处罚规定》第13条第1项",
    ]
    assert parsed.fine == Decimal(500)
    assert parsed.confiscated == Decimal("123.45")
    assert parsed.facts_amounts["违法所得"] == Decimal("123.45")
    assert parsed.pairs == {
        ("《价格法》第13条", "《价格法》第42条"),
        ("《价格法》第13条", "《价格违法行为行政处罚规定》第13条"),
    }


def test_discretion_notes() -> None:
    notes = parse_decision(DECISION).discretion
    assert notes.tier == "从轻"
    assert notes.standards == ["示例省市场监督管理行政处罚裁量权适用规则"]
    assert notes.factors[:3] == ["first_offence", "corrected", "cooperated"]
    assert notes.reasons and notes.reasons[0].startswith("鉴于当事人系首次违法")


def test_penalty_in_one_sentence_without_a_list() -> None:
    text = DECISION.split("本局认为")[0] + (
        "当事人的行为违反了《价格法》第十三条第一款之规定，根据《价格法》第四十二条之规定，"
        "决定责令当事人立即改正，处罚款50元。\n当事人自收到本处罚决定书之日起十五日内缴纳罚款。\n"
    )
    parsed = parse_decision(text)
    assert parsed.fine == Decimal(50)
    assert parsed.complete, parsed.problems


def test_no_penalty_decision() -> None:
    text = (
        DECISION.split("鉴于")[0]
        + "依据《中华人民共和国行政处罚法》第三十三条第一款的规定，决定不予行政处罚。\n"
    )
    parsed = parse_decision(text)
    assert [p.kind for p in parsed.penalties] == ["不予处罚"]
    assert parsed.discretion.tier == "不予处罚"


def test_blank_form_is_reported_not_guessed() -> None:
    form = (
        "示例市市场监督管理局\n行政处罚决定书\n示市监处罚〔2025〕1号\n当事人：张三\n"
        "（案件来源、调查经过及采取行政强制措施的情况）\n（违反法律、法规或者规章的事实）\n"
        "上述事实，主要有以下证据证明：\n（案件性质、自由裁量的事实和理由）\n（行政处罚的内容和依据）\n"
    )
    parsed = parse_decision(form)
    assert not parsed.complete
    assert parsed.penalties == [] and parsed.violated == []
    assert parsed.problems[0].startswith("正文缺失")


def test_citation_chains_items_and_same_law() -> None:
    text = (
        "违反了《中华人民共和国价格法》第十三条第一款、第二款的规定，"
        "依据该法第四十二条和《价格违法行为行政处罚规定》第十三条第（一）、（三）项"
    )
    cites = find_citations(text)
    assert [(c.role, c.label(level="full")) for c in cites] == [
        ("violated", "《价格法》第13条第1款"),
        ("violated", "《价格法》第13条第2款"),
        ("basis", "《价格法》第42条"),
        ("basis", "《价格违法行为行政处罚规定》第13条第1项"),
        ("basis", "《价格违法行为行政处罚规定》第13条第3项"),
    ]


def test_quoted_article_text_yields_no_citation() -> None:
    text = "违反了《明码标价和禁止价格欺诈规定》第十九条“经营者违反价格法第十四条的规定……”的规定"
    assert [c.label() for c in find_citations(text)] == ["《明码标价和禁止价格欺诈规定》第19条"]


def test_back_reference_marks_the_violated_provision() -> None:
    text = "《中华人民共和国食品安全法》第五十三条第一款规定：“……”。当事人的行为违反了该项规定。"
    cites = find_citations(text)
    assert [(c.role, c.label()) for c in cites] == [("violated", "《食品安全法》第53条")]


def test_pairs_follow_their_own_violation() -> None:
    text = (
        "违反了《价格法》第十三条，依据《价格法》第四十二条；"
        "违反了《食品安全法》第三十四条，依据《食品安全法》第一百二十四条"
    )
    assert pair_citations(find_citations(text)) == {
        ("《价格法》第13条", "《价格法》第42条"),
        ("《食品安全法》第34条", "《食品安全法》第124条"),
    }


def test_law_titles_are_normalised() -> None:
    assert normalise_law_title("中华人民共和国价格法") == "价格法"
    assert normalise_law_title("价格违法行为行政处罚规定（2010修订）") == "价格违法行为行政处罚规定"


def test_normalisation_joins_broken_lines_and_drops_page_numbers() -> None:
    pages = [
        "示例市市场监督管理局\n行政处罚决定书\n"
        "    经查，当事人在经营场所销售的商品未按照规定明码标价，违法所\n"
        "得１２３元。当事人在经营场所销售的商品未按照规定明码标价，经\n营时间较长。\n- 1 -",
        "第 2 页 共 2 页\n    本局认为，当事人的上述行为违反了《中华人民共和国价格法》第十三\n条的规定。",
    ]
    text = normalise_pages(pages)
    assert "违法所得123元。" in text
    assert "《中华人民共和国价格法》第十三条" in text and "经营时间较长" in text
    assert "- 1 -" not in text and "第 2 页" not in text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_document"),
        (b"   \n\t ", "empty_document"),
        (b"just some english text without any chinese at all", "no_chinese_text"),
        (("处罚" * (MAX_TEXT_CHARS // 2 + 10)).encode(), "too_large"),
        (b"%PDF-1.4\n%broken\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF", "corrupt_file"),
        (b"PK\x03\x04not really a zip", "corrupt_file"),
    ],
)
def test_bad_input_gives_a_clear_error(data: bytes, code: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        extract_text(data)
    assert err.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_image_only_pdf_has_no_text_layer() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ValidationFailed) as err:
        extract_text(buf.getvalue())
    assert err.value.code == "no_text_layer"


def test_docx_without_body_is_empty() -> None:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ValidationFailed) as err:
        extract_text(buf.getvalue())
    assert err.value.code == "empty_document"


def test_docx_and_plain_text_are_read() -> None:
    import docx

    document = docx.Document()
    for line in DECISION.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    from_docx = parse_decision(extract_text(buf.getvalue()))
    from_txt = parse_decision(extract_text(DECISION.encode("gb18030"), kind="txt"))
    assert from_docx.fine == from_txt.fine == Decimal(500)
    assert from_docx.docno == from_txt.docno == "示市监处罚〔2025〕12号"


def test_law_title_broken_over_lines_is_still_a_citation() -> None:
    # 价格法 §42 as the penalty basis, the title cut by a PDF line break (《中华人民共和⏎国价格法》)
    text = (
        "其行为违反了《中华人民共和国价格法》第十三条第一款的规定，"
        "依据《中华人民共和\n国价格法》第四十二条的规定，决定罚款2000元。"
    )
    cites = find_citations(text)
    assert [(c.role, c.law_key, c.article) for c in cites] == [
        ("violated", "价格法", 13),
        ("basis", "价格法", 42),
    ]


def test_no_such_law_is_read_as_the_price_law() -> None:
    # 《中华人民共和国产品价格法》/《食品价格法》 do not exist: slips for 价格法 (cited with §12/§13)
    assert normalise_law_title("《中华人民共和国产品价格法》") == "价格法"
    assert normalise_law_title("食品价格法") == "价格法"
