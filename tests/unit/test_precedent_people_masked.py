"""Precedent pages mask every natural person they name, as the publicity masking does (公示规定 第六条):
legal representatives, agents and witnesses too, not only the party. Names below are invented (合成)."""

from __future__ import annotations

from zhifa.precedents.people import mask_people, named_people
from zhifa.precedents.service import precedent_json
from zhifa.store.models.precedents import Precedent

FACTS = (
    "当事人武汉某某商贸有限公司，法定代表人：吕净净。经查，当事人销售超过保质期的食品。"
    "委托代理人王利琴到场配合调查，证人钱晨科证实了上述事实。经营者应当以显著方式明码标价。"
)


def test_representatives_agents_and_witnesses_are_found() -> None:
    names = named_people([FACTS])
    assert {"吕净净", "王利琴", "钱晨科"} <= set(names)
    assert not [n for n in names if n.startswith("应当")]  # "经营者应当以…" names nobody


def test_they_are_masked_as_surname_mou_and_the_law_text_is_left_alone() -> None:
    masked = mask_people(FACTS, named_people([FACTS]))
    assert "吕某" in masked and "王某" in masked and "钱某" in masked
    assert not [n for n in ("吕净净", "王利琴", "钱晨科") if n in masked]
    assert "经营者应当以显著方式明码标价" in masked and "销售超过保质期的食品" in masked


def test_a_name_found_in_the_evidence_is_masked_in_the_facts_too() -> None:
    row = Precedent(
        docid="syn-1", docno="合成〔2026〕1号", bureau="合成市场监督管理局", party_kind="organization",
        party_name_masked="武汉某某商贸有限公司", facts="经询问，常文素承认销售过期食品。",
        evidence=["证人常文素的询问笔录"], analysis="", discretion={"reasons": ["常文素积极配合"]},
        violated=[], basis=[], penalties=[], complete=True, problems=[],
    )  # fmt: skip
    shown = precedent_json(row)
    text = shown["facts"] + "".join(shown["evidence"]) + "".join(shown["discretion"]["reasons"])
    assert "常文素" not in text and text.count("常某") == 3
