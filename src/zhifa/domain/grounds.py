"""Enumerations of legal grounds and options, each with the Chinese label and the article it comes from."""

from __future__ import annotations

from enum import StrEnum

_LABELS: dict[str, dict[str, str]] = {}


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label (kept in `_LABELS` by class name)."""

    @property
    def label(self) -> str:
        """Chinese label."""
        return _LABELS.get(type(self).__name__, {}).get(self.value, self.value)


class ClueSource(LabelledEnum):
    """How the clue came in (程序规定 第十八条)."""

    INSPECTION = "inspection"
    COMPLAINT = "complaint"
    REPORT = "report"
    TRANSFERRED_IN = "transferred_in"
    ASSIGNED = "assigned"


_LABELS["ClueSource"] = {
    "inspection": "监督检查",
    "complaint": "投诉",
    "report": "举报",
    "transferred_in": "其他部门移送",
    "assigned": "上级交办",
}


class DeclineGround(LabelledEnum):
    """Why a clue is not filed: 程序规定 第二十条 (可以不予立案) or a §19 condition not met."""

    MINOR_CORRECTED_NO_HARM = "minor_corrected_no_harm"  # 第二十条(一)
    FIRST_VIOLATION_MINOR_HARM = "first_violation_minor_harm"  # 第二十条(二) 首违不罚
    NO_FAULT = "no_fault"  # 第二十条(三)
    OTHER_LAWFUL = "other_lawful"  # 第二十条(四)
    NO_EVIDENCE = "no_evidence"  # 第十九条(一)(二) not met
    TIME_BARRED = "time_barred"  # 第十九条(四); 行政处罚法 第三十六条


_LABELS["DeclineGround"] = {
    "minor_corrected_no_harm": "违法行为轻微并及时改正，没有造成危害后果（程序规定第二十条第一项）",
    "first_violation_minor_harm": "初次违法且危害后果轻微并及时改正（程序规定第二十条第二项）",
    "no_fault": "当事人有证据足以证明没有主观过错（程序规定第二十条第三项）",
    "other_lawful": "依法可以不予立案的其他情形（程序规定第二十条第四项）",
    "no_evidence": "没有证据初步证明存在应予处罚的违法行为（程序规定第十九条）",
    "time_barred": "超过给予行政处罚的法定期限（行政处罚法第三十六条）",
}


class MajorGround(LabelledEnum):
    """Grounds making a case one for 法制审核 and collective discussion (程序规定 第五十条第一款)."""

    PUBLIC_INTEREST = "public_interest"  # (一)
    HEARING_HELD = "hearing_held"  # (二) set by the hearing itself
    COMPLEX = "complex"  # (三)
    STATUTORY = "statutory"  # (四)


_LABELS["MajorGround"] = {
    "public_interest": "涉及重大公共利益",
    "hearing_held": "直接关系当事人或者第三人重大权益，经过听证程序",
    "complex": "案件情况疑难复杂、涉及多个法律关系",
    "statutory": "法律、法规规定应当进行法制审核的其他情形",
}


class ReviewKind(LabelledEnum):
    """法制审核 (第五十条) or 案件审核 (第五十二条)."""

    LEGAL = "legal"
    CASE = "case"


_LABELS["ReviewKind"] = {"legal": "法制审核", "case": "案件审核"}


class ReviewOpinion(LabelledEnum):
    """Written review opinion (程序规定 第五十四条)."""

    AGREE = "agree"  # (一)
    CORRECT = "correct"  # (二) 建议纠正
    SUPPLEMENT = "supplement"  # (三) 建议补充调查


_LABELS["ReviewOpinion"] = {
    "agree": "同意案件处理意见",
    "correct": "建议纠正",
    "supplement": "建议补充调查",
}


class Outcome(LabelledEnum):
    """The decision of the head (程序规定 第六十条第一款)."""

    PENALTY = "penalty"  # (一)
    NO_PENALTY = "no_penalty"  # (二)
    NOT_ESTABLISHED = "not_established"  # (三)
    TRANSFER_AGENCY = "transfer_agency"  # (四)
    TRANSFER_JUDICIARY = "transfer_judiciary"  # (五)


_LABELS["Outcome"] = {
    "penalty": "给予行政处罚",
    "no_penalty": "不予行政处罚",
    "not_established": "违法事实不能成立，不予行政处罚",
    "transfer_agency": "移送其他行政管理部门处理",
    "transfer_judiciary": "移送司法机关",
}


class NoPenaltyGround(LabelledEnum):
    """Why no penalty although a violation exists (行政处罚法 第三十条、第三十一条、第三十三条)."""

    MINOR_CORRECTED_NO_HARM = "minor_corrected_no_harm"
    FIRST_VIOLATION_MINOR_HARM = "first_violation_minor_harm"
    NO_FAULT = "no_fault"
    UNDER_14 = "under_14"
    MENTAL_INCAPACITY = "mental_incapacity"
    TIME_BARRED = "time_barred"


_LABELS["NoPenaltyGround"] = {
    "minor_corrected_no_harm": "违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）",
    "first_violation_minor_harm": "初次违法且危害后果轻微并及时改正（行政处罚法第三十三条第一款）",
    "no_fault": "当事人有证据足以证明没有主观过错（行政处罚法第三十三条第二款）",
    "under_14": "不满十四周岁（行政处罚法第三十条）",
    "mental_incapacity": "不能辨认或者控制自己行为（行政处罚法第三十一条）",
    "time_barred": "违法行为超过追责期限未被发现（行政处罚法第三十六条）",
}
