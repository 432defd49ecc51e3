"""The citation parser on text fixtures (no database): shapes, lists, ranges, numerals, context."""

from __future__ import annotations

import pytest

from zhifa.law.cite import find_citations


def refs(text: str, **kw: object) -> list[tuple[str | None, int, int | None, int | None]]:
    return [(r.law, r.article, r.paragraph, r.item) for r in find_citations(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("违反了《中华人民共和国价格法》第十三条第一款的规定", [("中华人民共和国价格法", 13, 1, None)]),
        ("依据《价格法》第四十二条", [("价格法", 42, None, None)]),
        ("《价格违法行为行政处罚规定》第十三条第（三）项", [("价格违法行为行政处罚规定", 13, None, 3)]),
        ("《价格法》第13条第1款第(2)项", [("价格法", 13, 1, 2)]),
        ("《价格法》第十二条、第十三条", [("价格法", 12, None, None), ("价格法", 13, None, None)]),
        (
            "《行政处罚法》第七十二条第一款第（一）、（三）项",
            [("行政处罚法", 72, 1, 1), ("行政处罚法", 72, 1, 3)],
        ),
        (
            "《食品安全法》第三十三条第（五）（七）项",
            [("食品安全法", 33, None, 5), ("食品安全法", 33, None, 7)],
        ),
        ("《规定》第五条第一款、第二款", [("规定", 5, 1, None), ("规定", 5, 2, None)]),
        (
            "《规定》第四条至第六条",
            [("规定", 4, None, None), ("规定", 5, None, None), ("规定", 6, None, None)],
        ),
        ("《刑法》第一百二十条之一", [("刑法", 120, None, None)]),
        ("《价格法》（1997 公布）第十三条", [("价格法", 13, None, None)]),
        ("《价格法》第 13 条", [("价格法", 13, None, None)]),
    ],
)
def test_shapes(text: str, expected: list[tuple[str | None, int, int | None, int | None]]) -> None:
    assert refs(text) == expected


def test_suffix_is_kept() -> None:
    (ref,) = find_citations("《刑法》第一百二十条之一")
    assert (ref.article, ref.suffix, ref.raw) == (120, 1, "《刑法》第一百二十条之一")


def test_bare_chain_takes_the_last_law_named() -> None:
    text = "违反《价格法》第十三条的规定，依据第四十二条，参照第十三条第一款第（二）项"
    assert refs(text) == [("价格法", 13, None, None), ("价格法", 42, None, None), ("价格法", 13, 1, 2)]


def test_context_law_and_this_law() -> None:
    assert refs("本法第一百二十四条", context_law="食品安全法") == [("食品安全法", 124, None, None)]
    assert refs("第十三条第一款第（二）项", context_law="价格法") == [("价格法", 13, 1, 2)]
    assert refs("第十三条") == [(None, 13, None, None)]


def test_this_regulation_picks_the_latest_title_of_that_kind() -> None:
    text = "《食品安全法实施条例》第七十五条规定，依照《食品安全法》第一百二十六条；本条例第七十五条"
    assert refs(text)[-1] == ("食品安全法实施条例", 75, None, None)


def test_text_without_citations_and_odd_input() -> None:
    assert refs("") == []
    assert refs("当事人于2023年第三季度销售商品") == []
    assert refs("《营业执照》复印件一份") == []
    assert len(refs("第一条" * 3000)) == 3000
