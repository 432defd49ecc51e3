"""Layouts of the investigation measures (证据提取单, 先行登记保存, 查封/扣押) and the 陈述申辩笔录, after
市场监督管理行政处罚文书格式范本 (2021); blocks as described in `layouts`."""

from __future__ import annotations

from typing import Any

from zhifa.documents.layouts_forms import PARTY_ROWS

MEASURE_REMEDIES = (
    "当事人对本决定不服的，可以自收到本决定书之日起六十日内向{{ review_body }}申请行政复议；也可以"
    "自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
)

MEASURES: dict[str, dict[str, Any]] = {
    "evidence_list": {
        "title": "证据提取单",
        "seal": False,
        "body": [
            ("table", [("案件名称", "{{ case_title }}"), *PARTY_ROWS]),
            (
                "rows",
                ["序号", "证据名称", "证据种类", "来源及说明", "提取日期", "提取人"],
                "r in rows",
                [
                    "{{ r.no }}",
                    "{{ r.title }}",
                    "{{ r.kind }}",
                    "{{ r.source }}",
                    "{{ r.date }}",
                    "{{ r.collectors }}",
                ],
            ),
            "以上证据由两名以上执法人员提取（《市场监督管理行政处罚程序规定》第二十二条），附件以 SM3 "
            "摘要登记于本案电子卷宗。",
            "证据提供人签名或者盖章：",
            "执法人员签名：",
        ],
    },
    "preservation_notice": {
        "title": "先行登记保存证据通知书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "本局在调查你（单位）{{ violation }}一案中，因证据可能灭失或者以后难以取得，经本局负责人批准，"
            "依据《中华人民共和国行政处罚法》第五十六条和《市场监督管理行政处罚程序规定》第三十三条的规定，"
            "自{{ preserved_on }}起对下列物品先行登记保存：",
            "{{ items }}",
            "在先行登记保存期间，你（单位）不得损毁、销毁或者转移证据。本局将在七个工作日内依法作出处理"
            "决定；逾期未作出处理决定的，先行登记保存措施自动解除（程序规定第三十五条）。",
        ],
    },
    "preservation_decision": {
        "title": "先行登记保存证据处理决定书",
        "body": [
            "{{ party.name }}：",
            "本局于{{ preserved_on }}对你（单位）的下列物品采取先行登记保存措施（{{ notice_docno }}）："
            "{{ items }}。",
            "依据《市场监督管理行政处罚程序规定》第三十五条的规定，本局于{{ handled_on }}作出如下处理决定："
            "{{ measure }}。",
        ],
    },
    "seizure_decision": {
        "title": "实施行政强制措施决定书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "本局在调查你（单位）{{ violation }}一案中，经本局负责人批准，依据《中华人民共和国行政强制法》"
            "第十八条、第二十四条和《市场监督管理行政处罚程序规定》第三十六条的规定，自{{ seized_on }}起"
            "对下列场所、设施或者财物实施查封、扣押：",
            "{{ items }}",
            "查封、扣押的期限为三十日；情况复杂的，经本局负责人批准可以延长，但是延长期限不得超过三十日"
            "（行政强制法第二十五条）。检测、检验、检疫、鉴定的期间不计入查封、扣押期限。",
            MEASURE_REMEDIES,
        ],
    },
    "seizure_extension": {
        "title": "延长行政强制措施期限决定书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "本局于{{ seized_on }}对你（单位）的下列场所、设施或者财物实施查封、扣押（{{ seizure_docno }}）："
            "{{ items }}。",
            "因{{ reason }}，经本局负责人批准，依据《中华人民共和国行政强制法》第二十五条第一款的规定，"
            "决定将查封、扣押期限延长{{ days }}日。",
            MEASURE_REMEDIES,
        ],
    },
    "seizure_release": {
        "title": "解除行政强制措施决定书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "本局于{{ seized_on }}对你（单位）的下列场所、设施或者财物实施查封、扣押（{{ seizure_docno }}）："
            "{{ items }}。",
            "因{{ reason }}，依据《中华人民共和国行政强制法》第二十八条的规定，本局决定自{{ lifted_on }}起"
            "解除上述查封、扣押。",
        ],
    },
    "statement_record": {
        "title": "陈述申辩笔录",
        "seal": False,
        "body": [
            ("table", [("案件名称", "{{ case_title }}"), *PARTY_ROWS, ("告知书文号", "{{ notice_docno }}")]),
            ("rows", ["日期", "陈述、申辩内容", "记录人"], "r in rows",
             ["{{ r.date }}", "{{ r.summary }}", "{{ r.recorder }}"]),
            "以上笔录已交陈述申辩人核对（或者向其宣读），经核对无误。",
            "陈述申辩人签名：",
            "执法人员签名：",
        ],
    },
}  # fmt: skip
