"""The text and layout of each Word template (市场监督管理行政处罚文书格式范本, 2021), as docxtpl tags.

`scripts/make_document_templates.py` turns these into the .docx files under templates/. Blocks: a plain
string is an indented paragraph; ("h", text) a bold line; ("table", [(label, value)]) a form; ("rows",
headers, loop, cells) a table with one repeated row; ("for"/"if", expr, blocks) a repeated or conditional
group of paragraphs.
"""

from __future__ import annotations

from typing import Any

from zhifa.documents.layouts_forms import FORMS, PROVISIONS
from zhifa.documents.layouts_measures import MEASURES
from zhifa.documents.layouts_records import RECORDS

PARTY = [
    "当事人：{{ party.name }}",
    "{{ party.id_label }}：{{ party.id_number }}",
    "住所（住址）：{{ party.address }}",
]
REMEDIES = (
    "当事人如对本决定不服，可以自收到本决定书之日起六十日内向{{ review_body }}申请行政复议；"
    "也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。申请行政复议或者提起行政诉讼期间，本决定不停止执行，法律"
    "另有规定的除外。"
)
PAYMENT = (
    "当事人应当自收到本决定书之日起十五日内，持本决定书到指定银行或者通过电子支付系统缴纳罚没款。逾期不"
    "缴纳罚款的，"
    "本局可以依据《中华人民共和国行政处罚法》第七十二条第一款第一项的规定，每日按罚款数额的百分之三加处罚款，"
    "加处罚款的数额不得超出罚款的数额。"
)

LETTERS: dict[str, dict[str, Any]] = {
    "penalty_notice": {
        "title": "行政处罚告知书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "本局于{{ filed_on }}对你（单位）{{ violation }}一案立案调查。经查，{{ facts }}",
            "以上事实有下列证据证明：",
            ("for", "e in evidence", ["{{ e.no }}. {{ e.title }}（{{ e.kind }}）"]),
            "你（单位）的上述行为违反了下列规定，依据下列规定应予处罚：",
            PROVISIONS,
            "考虑到{{ discretion_reasons }}，本局拟对你（单位）作出如下行政处罚：{{ penalty }}。",
            (
                "if",
                "hearing_right",
                [
                    "根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规"
                    "定，你（单位）可以在收到"
                    "本告知书之日起五个工作日内向本局提出陈述、申辩，也可以要求听证。逾期未提出陈述、申"
                    "辩或者未要求听证的，视为"
                    "放弃上述权利。",
                ],
            ),
            (
                "if",
                "not hearing_right",
                [
                    "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）可以在收到"
                    "本告知书之日起五个工作日内"
                    "向本局提出陈述、申辩。逾期未提出陈述、申辩的，视为放弃此权利。",
                ],
            ),
        ],
    },
    "penalty_decision": {
        "title": "行政处罚决定书",
        "docno": True,
        "body": [
            *PARTY,
            "本局于{{ filed_on }}对当事人{{ violation }}一案立案调查（{{ filing_docno }}）。",
            ("h", "一、违法事实及证据"),
            "经查，{{ facts }}",
            "上述事实，有下列证据证明：",
            ("for", "e in evidence", ["{{ e.no }}. {{ e.title }}（{{ e.kind }}）"]),
            (
                "if",
                "notice_docno",
                [
                    ("h", "二、陈述申辩及采纳情况"),
                    "本局于{{ notice_date }}向当事人送达《行政处罚告知书》（{{ notice_docno }}），告知"
                    "拟作出行政处罚的内容及事实、"
                    "理由、依据，以及当事人依法享有的陈述、申辩等权利。{{ statements }}",
                ],
            ),
            ("h", "三、处罚依据、理由和内容"),
            "当事人的上述行为违反了下列规定，依据下列规定应予处罚：",
            PROVISIONS,
            "{{ reasoning }}",
            "综上，本局决定对当事人作出如下行政处罚：{{ penalty }}。",
            ("if", "pays", [("h", "四、履行方式和期限"), PAYMENT]),
            ("h", "救济途径和期限"),
            REMEDIES,
        ],
    },
    "no_penalty_decision": {
        "title": "不予行政处罚决定书",
        "docno": True,
        "body": [
            *PARTY,
            "本局于{{ filed_on }}对当事人{{ violation }}一案立案调查（{{ filing_docno }}）。"
            "经查，{{ facts }}",
            ("if", "statements", ["{{ statements }}"]),
            "本局认为：{{ reasons }}",
            "依据：",
            PROVISIONS,
            "鉴于{{ ground }}，本局决定对当事人不予行政处罚。",
            REMEDIES,
        ],
    },
    "summary_decision": {
        "title": "当场行政处罚决定书",
        "docno": True,
        "body": [
            *PARTY,
            "当事人于{{ act_date }}在{{ place }}实施了以下违法行为：{{ facts }}。",
            ("if", "statement", ["当事人的陈述、申辩：{{ statement }}"]),
            "以上行为违反了下列规定，依据下列规定应予处罚：",
            PROVISIONS,
            "依据《中华人民共和国行政处罚法》第五十一条的规定，本局当场作出如下行政处罚：{{ penalty }}。",
            (
                "if",
                "pays",
                [
                    "当事人应当自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳罚款；符合"
                    "《中华人民共和国行政处罚法》"
                    "第六十八条规定情形的，可以当场收缴。逾期不缴纳罚款的，每日按罚款数额的百分之三加处"
                    "罚款，加处罚款的数额不得超出"
                    "罚款的数额。",
                ],
            ),
            (
                "if",
                "collected",
                ["罚款由执法人员当场收缴（{{ collection }}），已出具专用票据，票据编号：{{ receipt_no }}。"],
            ),
            REMEDIES,
            "执法人员：{{ officers }}",
            "处罚地点：{{ place }}",
            "当事人签名：{{ signature }}",
        ],
    },
    "service_receipt": {
        "title": "送达回证",
        "seal": False,
        "body": [
            ("table", [("受送达人", "{{ party.name }}"), ("送达地点", "{{ party.address }}")]),
            (
                "rows",
                ["送达文书名称及文号", "送达方式", "送达日期", "送达人", "备注"],
                "r in rows",
                ["{{ r.document }}", "{{ r.method }}", "{{ r.served_on }}", "{{ r.server }}", "{{ r.note }}"],
            ),
            "受送达人签名或者盖章：",
            "见证人：",
        ],
        "footer": [
            "注：依据《市场监督管理行政处罚程序规定》第八十二条，直接送达的以受送达人在本回证上的签收日"
            "期为送达日期。"
        ],
    },
    "payment_notice": {
        "title": "{{ doc_title }}",
        "body": [
            "{{ party.name }}：",
            "你（单位）于{{ applied_on }}提出的延期（分期）缴纳罚款的申请收悉。经审查，依据《中华人民共"
            "和国行政处罚法》第六十六条"
            "第二款和《市场监督管理行政处罚程序规定》第七十四条的规定，本局同意你（单位）对本局"
            "{{ decision_docno }}行政处罚决定书"
            "确定的罚款按如下方式缴纳：{{ plan }}。",
            "逾期不缴纳的，本局将依法加处罚款并申请人民法院强制执行。",
        ],
    },
    "enforcement_application": {
        "title": "强制执行申请书",
        "body": [
            "申请人：{{ agency }}",
            "被申请人：{{ party.name }}，{{ party.id_label }}：{{ party.id_number }}，住所（住址）："
            "{{ party.address }}。",
            "{{ court }}：",
            "本局于{{ decision_date }}对被申请人作出{{ decision_docno }}行政处罚决定：{{ penalty }}。该"
            "决定书已于{{ served_on }}"
            "送达被申请人，缴纳期限届满日为{{ due }}。被申请人在法定期限内未申请行政复议或者提起行政诉"
            "讼，又不履行该决定。"
            "本局于{{ reminder_served_on }}向被申请人送达履行催告书，被申请人逾期仍未履行。截至申请之日"
            "，被申请人已缴纳{{ paid }}，"
            "尚欠{{ unpaid }}。",
            "依据《中华人民共和国行政处罚法》第七十二条第一款第四项、《中华人民共和国行政强制法》第五十"
            "三条、第五十四条和"
            "《市场监督管理行政处罚程序规定》第七十六条的规定，特申请人民法院强制执行。",
            "附：行政处罚决定书及送达回证、履行催告书及送达回证。",
        ],
    },
    "transfer_letter": {
        "title": "案件移送函",
        "docno": True,
        "body": [
            "{{ recipient }}：",
            "本局在查办{{ party.name }}{{ violation }}一案中发现，{{ reason }}。依据《市场监督管理行政"
            "处罚程序规定》第十四条、"
            "第十七条第一款的规定，现将该案移送你单位处理。请你单位在收到本函后依法处理，并将处理结果告"
            "知本局。",
            "附：案件材料。",
            "联系人：{{ team }}",
        ],
    },
    "crime_transfer": {
        "title": "涉嫌犯罪案件移送书",
        "docno": True,
        "body": [
            "{{ recipient }}：",
            "本局在查办{{ party.name }}{{ violation }}一案中发现，{{ reason }}，涉嫌构成犯罪。依据《行"
            "政执法机关移送涉嫌犯罪案件的"
            "规定》第三条、第六条和《市场监督管理行政处罚程序规定》第十七条第二款的规定，现将该案移送你"
            "单位，请依法审查。",
            "附：涉嫌犯罪案件情况的调查报告、涉案物品清单、有关检验报告或者鉴定意见及其他有关材料。",
            "办案人员：{{ team }}",
        ],
    },
}
LAYOUTS: dict[str, dict[str, Any]] = {**FORMS, **MEASURES, **RECORDS, **LETTERS}
