"""当场处罚 test data: what the officer records on the phone before the decision."""

from __future__ import annotations

# 行政处罚法 第四十四条、第五十二条: credentials shown, facts, the party heard; the party refused to sign
HEARD_NO_SIGNATURE = {
    "facts": "现场检查发现当事人销售的12种水果未标示价格",
    "credentials_shown": True,
    "statement": "当事人表示认可检查结果，放弃陈述申辩",
    "party_refused_to_sign": True,
    "refusal_note": "当事人拒绝签收，已在决定书上注明",
}
