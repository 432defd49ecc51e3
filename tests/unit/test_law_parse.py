"""Parsing law Markdown in the lawrefbook and extra/ shapes (fixtures written for the test)."""

from __future__ import annotations

from zhifa.law.numbers import article_label, parse_num, to_chinese
from zhifa.law.parse import parse_law

LAWREFBOOK = """# 中华人民共和国示例法

2020年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过

2021年6月1日 施行

<!-- INFO END -->

## 第一章 总则

第一条 为了测试，制定本法。

第二条 经营者应当明码标价。

本法所称经营者，是指从事经营的人。

## 第二章 法律责任

### 第一节 罚则

第三条 有下列行为之一的，责令改正：

（一）不标明价格的；

（二）不按照规定的内容和方式明码标价的。

前款规定以外的，依照本法处罚。

第三条之一 新增的条文。

第四条 本法自2021年6月1日起施行。
"""

EXTRA = """# 示例规定

2019年4月1日 市场监督管理总局令第1号公布\u3000

<!-- LEGAL_HEADER_END -->
<!-- SOURCE: 示例来源 -->
<!-- STATUS: 现行有效 -->
<!-- EFFECTIVE_FROM: 2019-04-01 -->

第一条　为了规范执法，制定本规定。

第二条　有下列情形的，从轻处罚：

(一)主动消除危害后果的；

(二)配合查处的。
"""


def test_lawrefbook_structure() -> None:
    law = parse_law(LAWREFBOOK)
    assert law.title == "中华人民共和国示例法"
    assert [c.title for c in law.chapters] == ["第一章 总则", "第二章 法律责任", "第一节 罚则"]
    assert [a.label for a in law.articles] == ["第一条", "第二条", "第三条", "第三条之一", "第四条"]
    assert law.article_count == 5
    art3 = law.articles[2]
    assert [p.number for p in art3.paragraphs] == [1, 2]
    assert [(i.number, i.text) for i in art3.paragraphs[0].items] == [
        (1, "不标明价格的；"),
        (2, "不按照规定的内容和方式明码标价的。"),
    ]
    assert art3.paragraphs[1].text == "前款规定以外的，依照本法处罚。"
    assert art3.chapter == 2
    assert law.articles[1].text == "第二条　经营者应当明码标价。\n本法所称经营者，是指从事经营的人。"
    assert law.header_effective() is not None and law.header_effective().isoformat() == "2021-06-01"
    assert law.problems == []


def test_extra_shape_fullwidth_space_ascii_parens_and_comments() -> None:
    law = parse_law(EXTRA)
    assert law.meta == {"SOURCE": "示例来源", "STATUS": "现行有效", "EFFECTIVE_FROM": "2019-04-01"}
    assert [a.number for a in law.articles] == [1, 2]
    assert [i.number for i in law.articles[1].paragraphs[0].items] == [1, 2]
    assert law.header == ["2019年4月1日 市场监督管理总局令第1号公布"]


def test_item_continuation_paragraph_is_folded_into_the_item() -> None:
    text = "# 某法\n<!-- INFO END -->\n第六条 海关可以：\n\n（一）检查；\n\n补充说明。\n\n（二）查询。\n"
    art = parse_law(text).articles[0]
    assert len(art.paragraphs) == 1
    assert [i.text for i in art.paragraphs[0].items] == ["检查；\n补充说明。", "查询。"]


def test_problems_are_reported_with_lines() -> None:
    text = "# 某法\n<!-- INFO END -->\n第一条 甲。\n\n第三条 乙。\n\n第二条 丙。\n"
    law = parse_law(text)
    assert [(p.line, p.fatal) for p in law.problems] == [(5, False), (7, False)]
    assert "跳号" in law.problems[0].message and "不连续" in law.problems[1].message
    missing = parse_law("没有标题\n第一条 甲。\n")
    assert missing.problems[0].fatal and missing.problems[0].line == 1


def test_text_without_articles_becomes_one_body() -> None:
    law = parse_law("# 某批复\n<!-- INFO END -->\n一、同意。\n\n二、照办。\n")
    assert law.article_count == 0
    assert law.articles[0].label == "正文" and len(law.articles[0].paragraphs) == 2


def test_numerals_round_trip() -> None:
    for n in (1, 10, 11, 20, 101, 110, 124, 1000, 1010, 1260, 9999):
        assert parse_num(to_chinese(n)) == n
    assert parse_num("１３") == 13 and parse_num("一百零五") == 105 and parse_num("〇") == 0
    assert article_label(10, 1) == "第十条之一"
