"""More enumerations: service, statements, hearings, suspension, transfer, closing, clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.domain.grounds import _LABELS, LabelledEnum


class DocKind(LabelledEnum):
    """Documents whose service matters to the procedure."""

    NOTICE = "notice"  # 行政处罚告知书
    HEARING_NOTICE = "hearing_notice"  # 听证通知书
    DECISION = "decision"  # 行政处罚决定书 / 不予行政处罚决定书
    OTHER = "other"


_LABELS["DocKind"] = {
    "notice": "行政处罚告知书",
    "hearing_notice": "行政处罚听证通知书",
    "decision": "处理决定书",
    "other": "其他执法文书",
}


class ServiceMethod(LabelledEnum):
    """Ways of service (程序规定 第八十一条至第八十三条)."""

    IN_PERSON = "in_person"  # 第八十二条(一) 直接送达 / 第八十一条 宣告后当场交付
    LEFT_AT_RESIDENCE = "left_at_residence"  # (二) 留置送达
    ELECTRONIC = "electronic"  # (三) 电子送达 (送达地址确认书)
    MAIL = "mail"  # (四) 邮寄 / 委托 / 转交
    PUBLIC_NOTICE = "public_notice"  # (五) 公告送达, effective after 30 days


_LABELS["ServiceMethod"] = {
    "in_person": "直接送达",
    "left_at_residence": "留置送达",
    "electronic": "电子送达",
    "mail": "邮寄送达",
    "public_notice": "公告送达",
}

PUBLIC_NOTICE_DAYS = 30  # 程序规定 第八十二条第五项: 自公告发布之日起经过三十日，即视为送达


class StatementKind(LabelledEnum):
    """What the party did after the notice (程序规定 第五十七条、第五十八条)."""

    STATEMENT = "statement"  # 陈述申辩
    WAIVER = "waiver"  # 明确放弃陈述申辩（和听证）权利 (行政处罚法 第六十二条)


_LABELS["StatementKind"] = {"statement": "陈述申辩", "waiver": "明确放弃权利"}


class HearingOutcome(LabelledEnum):
    """How the hearing ended (听证办法 第二十七条、第二十九条)."""

    HELD = "held"
    WITHDRAWN = "withdrawn"  # 撤回或明确放弃 (第二十七条(一))
    ABSENT = "absent"  # 无正当理由拒不到场 / 中途退场 (第二十七条(二)(三))


_LABELS["HearingOutcome"] = {
    "held": "听证结束",
    "withdrawn": "当事人撤回听证申请",
    "absent": "当事人拒不到场",
}


class SuspensionGround(LabelledEnum):
    """中止调查 (程序规定 第四十六条)."""

    AWAITING_OTHER_DECISION = "awaiting_other_decision"
    AWAITING_INTERPRETATION = "awaiting_interpretation"
    FORCE_MAJEURE = "force_majeure"
    PARTY_MISSING = "party_missing"
    OTHER = "other"


_LABELS["SuspensionGround"] = {
    "awaiting_other_decision": "须以相关案件裁判结果或者其他行政决定为依据（第四十六条第一项）",
    "awaiting_interpretation": "需要送请有权机关作出解释或者确认（第四十六条第二项）",
    "force_majeure": "因不可抗力暂时无法调查（第四十六条第三项）",
    "party_missing": "因当事人下落不明暂时无法调查（第四十六条第四项）",
    "other": "其他应当中止调查的情形（第四十六条第五项）",
}


class TransferTarget(LabelledEnum):
    """Where a case is transferred (程序规定 第十四条、第十七条)."""

    MARKET_REGULATOR = "market_regulator"  # 有管辖权的市场监督管理部门 (第十四条)
    OTHER_AGENCY = "other_agency"  # 其他行政管理部门 (第十七条第一款)
    POLICE = "police"  # 涉嫌犯罪，移送司法机关 (第十七条第二款; 行政执法机关移送涉嫌犯罪案件的规定)


_LABELS["TransferTarget"] = {
    "market_regulator": "有管辖权的市场监督管理部门",
    "other_agency": "其他行政管理部门",
    "police": "公安机关（涉嫌犯罪）",
}


class CloseGround(LabelledEnum):
    """结案 (程序规定 第七十七条)."""

    EXECUTED = "executed"  # (一)
    COURT_ENDED = "court_ended"  # (二)
    TERMINATED = "terminated"  # (三)
    OTHER_DECISION = "other_decision"  # (四) 第六十条第一款第二项至第五项
    OTHER = "other"  # (五)


_LABELS["CloseGround"] = {
    "executed": "行政处罚决定执行完毕",
    "court_ended": "人民法院裁定终结执行",
    "terminated": "案件终止调查",
    "other_decision": "作出不予处罚、违法事实不成立或者移送的决定",
    "other": "其他应予结案的情形",
}


class Clock(LabelledEnum):
    """Clocks that can be extended by approval."""

    DECISION = "decision"  # 程序规定 第六十四条
    REVIEW = "review"  # 程序规定 第五十五条


_LABELS["Clock"] = {"decision": "案件办理期限", "review": "审核期限"}


class PauseKind(LabelledEnum):
    """Periods not counted in the decision clock (第六十四条第二款) or the clue clock (第十八条第二款)."""

    TESTING = "testing"
    HEARING = "hearing"
    SUSPENSION = "suspension"
    PUBLIC_NOTICE = "public_notice"
    REFUND_ORDER = "refund_order"  # 责令退还多收价款 (第六十四条第二款)


_LABELS["PauseKind"] = {
    "refund_order": "责令退还多收价款",
    "testing": "检测、检验、检疫、鉴定或者权利人辨认、鉴别",
    "hearing": "听证",
    "suspension": "中止调查",
    "public_notice": "公告",
}


@dataclass
class Pause:
    """A period not counted in a clock: days in (start, end] are skipped; `end` None while running."""

    kind: PauseKind
    start: date
    end: date | None = None
