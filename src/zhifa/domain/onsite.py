"""当场处罚 on the spot (简易程序): what must happen before the decision is handed over, and the cash.

行政处罚法 第四十四条、第四十五条 (the party is told the facts, reasons and basis and heard first),
第五十二条 (credentials shown, the numbered form handed over and signed for, 备案 with the agency),
第六十七条至第七十一条 (payment within 15 days at the bank; on-the-spot collection only in the cases of
第六十八条、第六十九条, with the official receipt of 第七十条, handed to the agency within 2 days, 第七十一条,
working days by 第八十五条); 程序规定 第六十七条、第六十九条、第七十条、第七十二条、第七十三条.
"""

from __future__ import annotations

import re
from enum import StrEnum

from zhifa.domain.money import fmt_yuan
from zhifa.domain.profile import Profile
from zhifa.domain.refusals import TransitionRefused, refuse
from zhifa.domain.values import Penalty, PenaltyKind

_SM3 = re.compile(r"^[0-9a-f]{64}$")


class Collection(StrEnum):
    """How the fine is paid: at the bank (the rule) or collected on the spot (the three exceptions)."""

    BANK = "bank"  # 行政处罚法 第六十七条第三款: 十五日内到指定的银行或者通过电子支付系统缴纳
    SMALL_FINE = "small_fine"  # 第六十八条第一项: 依法给予一百元以下罚款的
    HARD_TO_ENFORCE = "hard_to_enforce"  # 第六十八条第二项: 不当场收缴事后难以执行的
    REMOTE_AREA = "remote_area"  # 第六十九条: 边远、水上、交通不便地区，经当事人提出

    @property
    def label(self) -> str:
        """Chinese name with its article."""
        return _LABELS[self]

    @property
    def on_the_spot(self) -> bool:
        """True when the officers take the money themselves."""
        return self is not Collection.BANK


_LABELS = {
    Collection.BANK: "十五日内到指定银行或者通过电子支付系统缴纳（行政处罚法第六十七条第三款）",
    Collection.SMALL_FINE: "当场收缴：依法给予一百元以下罚款（行政处罚法第六十八条第一项）",
    Collection.HARD_TO_ENFORCE: "当场收缴：不当场收缴事后难以执行（行政处罚法第六十八条第二项）",
    Collection.REMOTE_AREA: "当场收缴：边远、水上、交通不便地区，当事人提出（行政处罚法第六十九条）",
}


def check_credentials_shown(shown: bool) -> None:
    """第五十二条第一款: 执法人员当场作出行政处罚决定的，应当向当事人出示执法证件."""
    if not shown:
        raise refuse(
            "credentials_not_shown",
            "执法人员当场作出行政处罚决定的，应当向当事人出示执法证件（行政处罚法第五十二条第一款；"
            "程序规定第六十七条）：请出示证件后再作决定",
        )


def check_statement(statement: str) -> str:
    """第四十四条、第四十五条; 程序规定 第六十九条: the party is heard and the statement recorded first."""
    text = statement.strip()
    if not text:
        raise refuse(
            "statement_missing",
            "行政处罚决定作出前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，并告知其有权"
            "陈述和申辩；当事人进行陈述和申辩的，应当记入笔录（行政处罚法第四十四条、第四十五条；"
            "程序规定第六十九条）：请记录当事人的陈述申辩（或其放弃陈述申辩的表示）",
        )
    return text


def check_party_signature(signature_sm3: str, refused_to_sign: bool, refusal_note: str) -> str:
    """第五十二条第一款: handed over and signed for; a refusal to sign is noted on the decision."""
    if signature_sm3:
        if not _SM3.fullmatch(signature_sm3):
            raise refuse("bad_signature_file", "当事人签名文件的 SM3 摘要格式不正确")
        if refused_to_sign:
            raise refuse("signature_conflict", "已有当事人签名，不能同时登记拒绝签收")
        return ""
    if not refused_to_sign:
        raise refuse(
            "party_signature_missing",
            "当场作出的行政处罚决定书应当当场交付当事人并由其签收；当事人拒绝签收的，应当在行政处罚"
            "决定书上注明（行政处罚法第五十二条第一款；程序规定第六十七条第二款）",
        )
    note = refusal_note.strip()
    if not note:
        raise refuse("refusal_note_missing", "当事人拒绝签收的，应当在行政处罚决定书上注明拒收情况")
    return note


def check_collection(
    collection: Collection, penalty: Penalty, party_requested: bool, receipt_no: str, profile: Profile
) -> str:
    """On-the-spot collection only where 第六十八条、第六十九条 allow it, with the receipt (第七十条)."""
    if not collection.on_the_spot:
        if receipt_no.strip():
            raise refuse("receipt_without_collection", "未当场收缴罚款，不应填写罚没款专用票据号码")
        return ""
    fine = penalty.fine
    if PenaltyKind.FINE not in penalty.kinds or fine <= 0:
        raise refuse("nothing_to_collect", "只给予警告，没有可以当场收缴的罚款")
    if collection is Collection.SMALL_FINE and fine > profile.onsite_collection_limit:
        raise _not_collectable(
            f"依法给予{fmt_yuan(profile.onsite_collection_limit)}以下罚款的，才可以当场收缴"
            f"（行政处罚法第六十八条第一项；程序规定第七十二条第一项），本案罚款{fmt_yuan(fine)}"
        )
    if collection is Collection.REMOTE_AREA and not party_requested:
        raise _not_collectable(
            "在边远、水上、交通不便地区当场收缴罚款，须当事人到银行或者通过电子支付系统缴纳确有困难、"
            "并经当事人提出（行政处罚法第六十九条；程序规定第七十二条第三项）"
        )
    receipt = receipt_no.strip()
    if not receipt:
        raise refuse(
            "receipt_missing",
            "当场收缴罚款的，必须向当事人出具财政部门统一制发的专用票据；不出具的，当事人有权拒绝缴纳"
            "（行政处罚法第七十条；程序规定第七十二条第二款）：请填写票据号码",
        )
    return receipt


def _not_collectable(reason: str) -> TransitionRefused:
    return refuse("onsite_collection_not_allowed", reason + "；其余情形当事人应当自收到决定书之日起十五日内到"
                  "指定的银行或者通过电子支付系统缴纳（行政处罚法第六十七条第三款）")  # fmt: skip
