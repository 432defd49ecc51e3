"""Chinese labels of the form fields and of the enums that carry none themselves."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "source": "线索来源", "discovered_on": "发现日期", "summary": "简要案情", "party": "当事人",
    "kind": "类别", "name": "名称（姓名）", "uscc": "统一社会信用代码", "id_number": "证件号码",
    "id_kind": "证件类型", "address": "住所（地址）", "agency_code": "登记机构", "reason": "理由",
    "days": "天数", "started_on": "开始日期", "ended_on": "结束日期", "act_date": "违法行为发生日期",
    "violation": "涉嫌违法行为（案由）", "handler_ids": "办案人员", "major_grounds": "重大案件情形",
    "serious_harm": "造成危害后果（适用五年追责时效）", "ground": "事由", "item": "证据", "title": "证据名称",
    "collected_on": "收集日期", "co_handler_id": "共同收集的执法人员", "items": "物品清单",
    "preserved_on": "保存日期", "measure": "处理措施", "handled_on": "处理日期", "facts": "调查认定的事实",
    "proposed_outcome": "拟处理意见", "proposal": "拟给予的行政处罚",
    "discretion_reasons": "裁量理由",
    "legal_basis": "法律依据", "opinion": "审核意见",
    "comments": "意见说明（退回或不同意时写明理由）",
    "penalty": "行政处罚", "kinds": "处罚种类", "fine": "罚款金额（元）",
    "confiscated_income": "没收违法所得（元）",
    "confiscated_property_value": "没收非法财物价值（元）",
    "other_hearing_ground": "属于其他应当告知听证的情形",
    "document": "送达文书", "method": "送达方式", "served_on": "送达日期",
    "address_confirmation": "送达地址确认", "proof": "送达凭证", "requested_on": "申请日期",
    "presider_id": "听证主持人", "outcome": "处理结果", "held_on": "举行日期",
    "notice_served_on": "听证通知送达日期", "report": "听证报告", "participants": "参加人员",
    "conclusion": "讨论结论", "discussed_on": "讨论日期", "reasons": "理由",
    "no_penalty_ground": "不予处罚依据",
    "transfer_to": "移送机关", "published_on": "公示日期", "amount": "金额（元）", "paid_on": "缴款日期",
    "late_fee": "含加处罚款", "receipt": "票据号", "schedule": "分期计划", "applied_on": "申请日期",
    "new_due": "延期至", "reminder_served_on": "催告书送达日期", "court": "受理法院", "target": "移送对象",
    "recipient": "接收机关", "team_ids": "随案移交人员", "clock": "期限", "collective": "经集体讨论决定",
    "note": "备注", "volume": "档案盒号（可不填，归档号由系统编制）",
    "retention": "保管期限（不选则按默认）", "filed_on": "交档日期", "corrects_seq": "被更正记录序号",
    "field": "更正项目", "old": "原内容", "new": "更正后内容", "due": "到期日", "officer_ids": "执法人员",
    "place": "地点", "basis": "法律依据",
    "suggestion": "智能助手建议", "departure_reason": "偏离建议的理由", "violation_type": "违法行为类型",
    "violation_name": "类型名称", "type_score": "类型得分", "tier": "裁量阶次",
    "suggested_fine": "建议罚款（元）",
    "range_low": "建议区间下限", "range_high": "建议区间上限", "statutory_low": "法定最低罚款",
    "statutory_high": "法定最高罚款", "rule": "裁量规则", "profile": "裁量基准地区",
    "override_reason": "变更拟处罚或签署预警的理由（变更处罚内容或存在预警时必填）",
    "mitigation": "法定减轻处罚情节（低于法定最低罚款时必填）",
    "body": "复议机关或人民法院", "concluded_on": "审结日期", "result": "结果",
    "seized_on": "查封、扣押日期", "lifted_on": "解除日期",
    "inspected_on": "检查日期", "start": "开始时间（时:分）", "end": "结束时间（时:分）",
    "present": "当事人或者在场人员（姓名及身份）", "findings": "现场检查情况",
    "refused_signature": "当事人拒绝签名（已注明并录音录像）", "witness": "见证人", "location": "手机定位",
    "interviewee": "被询问人", "role": "被询问人身份", "inquired_on": "询问日期", "record": "笔录内容",
    "postcode": "邮政编码", "phone": "联系电话",
    "electronic_address": "电子送达地址（手机号码、电子邮箱等）", "electronic_consent": "同意电子送达",
    "confirmed_on": "确认日期", "act": "违法行为", "requirement": "改正要求",
    "deadline": "改正期限（立即改正的不填）",
    "hearing_on": "听证日期", "time": "听证时间（时:分）", "public": "公开举行",
    "private_reason": "不公开举行的理由", "clerk": "记录员", "pay_within_days": "催告履行期限（日）",
    "stated_on": "陈述申辩日期",
    "guard": "签署前一致性检查", "flags": "预警", "flag_reasons": "预警理由", "proposed": "拟处罚",
}  # fmt: skip

# Labels that differ by model (model name, field).
MODEL_LABELS: dict[tuple[str, str], str] = {
    ("RecordStatementIn", "summary"): "陈述申辩要点",
    ("InspectSiteIn", "place"): "检查地点",
    ("InspectSiteIn", "officer_ids"): "检查人员",
    ("RecordInquiryIn", "officer_ids"): "询问人员",
    ("RecordInquiryIn", "place"): "询问地点",
    ("RecordInquiryIn", "record"): "询问内容（问答）",
    ("RecordInquiryIn", "id_number"): "被询问人身份证件号码",
    ("RecordInquiryIn", "gender"): "被询问人性别（男、女；按18位证件号码可不填）",
    ("RecordInquiryIn", "work_unit"): "被询问人工作单位及职务",
    ("RecordInquiryIn", "address"): "被询问人住址",
    ("RecordInquiryIn", "phone"): "被询问人联系电话",
    ("ConfirmAddressIn", "address"): "送达地址",
    ("ConfirmAddressIn", "recipient"): "受送达人",
    ("OrderCorrectionIn", "legal_basis"): "法律依据",
    ("ScheduleHearingIn", "place"): "听证地点",
    ("RecordHearingIn", "place"): "听证地点",
    ("RecordHearingIn", "participants"): "听证参加人（每行一人，含身份）",
    ("RecordHearingIn", "record"): "听证情况及各方意见",
    ("RecordHearingIn", "start"): "开始时间（时:分）",
    ("RecordStatementIn", "kind"): "类别",
    ("PartyIn", "kind"): "当事人类型",
    ("EvidenceIn", "kind"): "证据种类",
    ("EvidenceIn", "source"): "来源及说明",
    ("PauseClockIn", "kind"): "期间类型",
    ("ResumeClockIn", "kind"): "期间类型",
    ("SignReviewIn", "kind"): "审核类型",
    ("IssueDecisionIn", "outcome"): "决定类型",
    ("HoldHearingIn", "outcome"): "听证意见",
    ("DeclineFilingIn", "ground"): "不予立案理由",
    ("SuspendCaseIn", "ground"): "中止事由",
    ("CloseCaseIn", "ground"): "结案情形",
    ("InstalmentIn", "amount"): "金额",
    ("SubmitReportIn", "facts"): "调查认定的事实（调查终结报告）",
    ("SignReviewIn", "penalty"): "审核人员建议的行政处罚（与拟处罚意见不同时填写）",
    ("AppealIn", "filed_on"): "申请复议（起诉）日期",
    ("AppealIn", "kind"): "类别",
    ("AppealOutcomeIn", "kind"): "类别",
    ("SeizureIn", "items"): "场所、设施或者财物清单",
    ("ExtendSeizureIn", "days"): "延长天数（不超过30日）",
}

LONG_TEXT = frozenset(
    {"summary", "facts", "reason", "reasons", "comments", "report", "conclusion", "discretion_reasons",
     "items", "measure", "note", "proof", "override_reason"}
)  # fmt: skip

ENUM_LABELS: dict[str, dict[str, str]] = {
    "IdKind": {"resident_id": "居民身份证", "passport": "护照", "other": "其他证件"},
    "PenaltyKind": {
        "warning": "警告", "criticism": "通报批评", "fine": "罚款", "confiscate_income": "没收违法所得",
        "confiscate_property": "没收非法财物", "suspend_business": "责令停产停业、责令关闭、限制从业",
        "revoke_licence": "降低资质等级、吊销许可证件或者营业执照",
    },
    "EvidenceKind": {
        "document": "书证", "physical": "物证", "audiovisual": "视听资料", "electronic": "电子数据",
        "witness": "证人证言", "party_statement": "当事人的陈述", "expert_opinion": "鉴定意见",
        "record": "勘验笔录、现场笔录",
    },
}  # fmt: skip

PARTY_LABELS = {
    "kind": "类型", "name": "名称（姓名）", "uscc": "统一社会信用代码", "id_number": "证件号码",
    "id_kind": "证件类型", "address": "住所（地址）",
}  # fmt: skip


def field_label(model: str, name: str) -> str:
    """The Chinese label of a field of an input model."""
    return MODEL_LABELS.get((model, name)) or FIELD_LABELS.get(name, name)


def enum_label(enum_name: str, value: str) -> str:
    """Label of an enum value that has no `.label` of its own."""
    return ENUM_LABELS.get(enum_name, {}).get(value, value)


def path_label(path: str) -> str:
    """The Chinese label of a field path of a validation problem ("items.1.title" → "证据名称（第2项）")."""
    parts = [p for p in str(path).split(".") if p]
    names = [p for p in parts if not p.isdigit()]
    label = field_label("", names[-1]) if names else ""
    index = next((int(p) for p in reversed(parts) if p.isdigit()), None)
    return f"{label}（第{index + 1}项）" if label and index is not None else label
