"""Layouts of the forms and approval tables (审批表、报告、记录) and of the dossier sheets
(卷宗封面、卷内文件目录、卷内备考表); blocks as described in `layouts`."""

from __future__ import annotations

from typing import Any

PARTY_ROWS = [
    ("当事人", "{{ party.name }}（{{ party.kind }}）"),
    ("{{ party.id_label }}", "{{ party.id_number }}"),
    ("住所（住址）", "{{ party.address }}"),
]
PROVISIONS = ("for", "p in provisions", ["{{ p.label }}：{{ p.text }}"])

FORMS: dict[str, dict[str, Any]] = {
    "case_source": {
        "title": "案件来源登记表",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件来源", "{{ clue_source }}"),
                    *PARTY_ROWS,
                    ("发现日期", "{{ discovered_on }}"),
                    ("主要内容", "{{ clue_summary }}"),
                    ("登记人", "{{ registrar }}"),
                    ("登记日期", "{{ date }}"),
                ],
            ),
        ],
    },
    "filing_approval": {
        "title": "立案审批表",
        "docno": True,
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    ("案件来源", "{{ clue_source }}"),
                    *PARTY_ROWS,
                    (
                        "简要案情",
                        "{{ clue_summary }}。涉嫌违法行为：{{ violation }}，"
                        "违法行为发生日期：{{ act_date }}。",
                    ),
                    ("立案依据", "《市场监督管理行政处罚程序规定》第十九条"),
                    ("办案人员", "{{ handlers }}"),
                    ("负责人意见", "同意立案。"),
                    ("签名", "{{ signer }}"),
                    ("日期", "{{ date }}"),
                ],
            ),
        ],
    },
    "filing_declined": {
        "title": "不予立案审批表",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件来源", "{{ clue_source }}"),
                    *PARTY_ROWS,
                    ("发现日期", "{{ discovered_on }}"),
                    ("简要案情", "{{ clue_summary }}"),
                    ("不予立案理由", "{{ ground }}。{{ reason }}"),
                    ("法律依据", "《市场监督管理行政处罚程序规定》第二十条"),
                    ("负责人意见", "同意不予立案。"),
                    ("签名", "{{ signer }}"),
                    ("日期", "{{ date }}"),
                ],
            ),
        ],
    },
    "investigation_report": {
        "title": "案件调查终结报告",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    *PARTY_ROWS,
                    ("立案日期", "{{ filed_on }}（{{ filing_docno }}）"),
                    ("办案人员", "{{ handlers }}"),
                ],
            ),
            ("h", "一、违法事实及相关证据"),
            "{{ facts }}",
            "上述事实有以下证据证明：",
            (
                "for",
                "e in evidence",
                ["{{ e.no }}. {{ e.title }}（{{ e.kind }}，{{ e.source }}，{{ e.date }}）"],
            ),
            ("h", "二、法律依据"),
            PROVISIONS,
            ("h", "三、处理意见"),
            "{{ outcome }}。{{ proposal }}",
            ("h", "四、裁量理由"),
            "{{ discretion_reasons }}",
            "报告人：{{ signer }}        日期：{{ date }}",
        ],
    },
    "review_form": {
        "title": "{{ doc_title }}",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    *PARTY_ROWS,
                    ("办案人员", "{{ handlers }}"),
                    ("案件事实", "{{ facts }}"),
                    ("拟处理意见", "{{ proposal }}"),
                    ("审核类别", "{{ review_kind }}"),
                    ("审核意见", "{{ opinion }}。{{ comments }}"),
                    ("审核人", "{{ signer }}"),
                    ("日期", "{{ date }}"),
                ],
            ),
            ("h", "审核所依据的条文"),
            PROVISIONS,
        ],
    },
    "hearing_report": {
        "title": "听证报告",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    *PARTY_ROWS,
                    ("听证主持人", "{{ presider }}"),
                    ("听证日期", "{{ held_on }}"),
                    ("听证情况", "{{ outcome }}"),
                    ("处理意见及建议", "{{ report }}"),
                    ("报告人", "{{ signer }}"),
                    ("日期", "{{ date }}"),
                ],
            ),
        ],
    },
    "discussion_record": {
        "title": "行政处罚案件集体讨论记录",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    ("讨论时间", "{{ held_on }}"),
                    ("参加人员", "{{ participants }}"),
                    ("案件事实", "{{ facts }}"),
                    ("拟处理意见", "{{ proposal }}"),
                    ("讨论结论", "{{ conclusion }}"),
                    ("记录人", "{{ signer }}"),
                ],
            ),
        ],
    },
    "closing_approval": {
        "title": "结案审批表",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    *PARTY_ROWS,
                    ("立案日期", "{{ filed_on }}（{{ filing_docno }}）"),
                    ("处理决定", "{{ decision_docno }}（{{ decision_date }}）：{{ outcome }}。{{ penalty }}"),
                    ("执行情况", "{{ execution }}"),
                    ("结案理由", "{{ ground }}。{{ note }}"),
                    ("结案依据", "《市场监督管理行政处罚程序规定》第七十七条"),
                    ("办案人员", "{{ handlers }}"),
                    ("负责人意见", "同意结案。"),
                    ("签名", "{{ signer }}"),
                    ("日期", "{{ date }}"),
                ],
            ),
        ],
    },
    "dossier_cover": {
        "title": "行政处罚案卷",
        "seal": False,
        "body": [
            (
                "table",
                [
                    ("案件名称", "{{ case_title }}"),
                    ("当事人", "{{ party }}"),
                    ("处理决定文号", "{{ decision_docno }}"),
                    ("处理结果", "{{ outcome }}"),
                    ("立案日期", "{{ filed_on }}"),
                    ("结案日期", "{{ closed_on }}"),
                    ("办案人员", "{{ handlers }}"),
                    ("卷内文件", "共{{ items }}件，正卷{{ pages_main }}页，副卷{{ pages_side }}页"),
                    ("归档号", "{{ archive_no }}"),
                    ("保管期限", "{{ retention }}"),
                    ("立卷人", "{{ archivist }}"),
                    ("归档日期", "{{ archived_on }}"),
                ],
            ),
        ],
    },
    "dossier_catalogue": {
        "title": "卷内文件目录",
        "seal": False,
        "body": [
            "案件名称：{{ case_title }}",
            (
                "rows",
                ["卷别", "顺序号", "文号", "责任者", "题名", "日期", "页号"],
                "r in rows",
                [
                    "{{ r.volume }}",
                    "{{ r.no }}",
                    "{{ r.docno }}",
                    "{{ r.responsible }}",
                    "{{ r.title }}",
                    "{{ r.date }}",
                    "{{ r.pages_text }}",
                ],
            ),
        ],
    },
    "dossier_notes": {
        "title": "卷内备考表",
        "seal": False,
        "body": [
            ("for", "n in notes", ["{{ n }}"]),
            "立卷人：{{ archivist }}",
            "检查人：",
            "立卷时间：{{ date }}",
        ],
    },
}
