"""Layouts of the records and notices (现场笔录, 询问笔录, 送达地址确认书, 责令改正通知书, 听证通知书,
听证笔录, 催告书) after 市场监督管理行政处罚文书格式范本 (2021); blocks as described in `layouts`."""

from __future__ import annotations

from typing import Any

from zhifa.documents.layouts_forms import PARTY_ROWS, PROVISIONS

CHECKED = "以上笔录已交{{ who }}核对（对阅读有困难的，已向其宣读），经核对无误。"
REFUSED = (
    "if",
    "refused",
    [
        "当事人拒绝签名、盖章或者以其他方式确认，已在笔录中注明，并采取录音、录像等方式记录（程序规定第四十三条）。"
    ],
)

RECORDS: dict[str, dict[str, Any]] = {
    "site_record": {
        "title": "现场笔录",
        "seal": False,
        "body": [
            ("table", [
                ("检查时间", "{{ day }} {{ start }} 至 {{ end }}"),
                ("检查地点", "{{ place }}"),
                *PARTY_ROWS,
                ("执法人员", "{{ officers }}"),
                ("当事人或者在场人员", "{{ present }}"),
            ]),
            "执法人员已向当事人（在场人员）出示执法证件，告知其依法享有陈述、申辩和申请回避的权利"
            "（《市场监督管理行政处罚程序规定》第二十一条、第二十二条）。",
            ("h", "现场情况"),
            "{{ findings }}",
            ("if", "location", ["手机定位：{{ location }}"]),
            CHECKED.replace("{{ who }}", "当事人（在场人员）"),
            REFUSED,
            ("if", "witness", ["见证人：{{ witness }}"]),
            "当事人（在场人员）签名：",
            "执法人员签名：",
        ],
    },
    "inquiry_record": {
        "title": "询问笔录",
        "seal": False,
        "body": [
            ("table", [
                ("询问时间", "{{ day }} {{ start }} 至 {{ end }}"),
                ("询问地点", "{{ place }}"),
                ("被询问人", "{{ interviewee }}（{{ role }}）"),
                ("性别", "{{ gender }}"),
                ("身份证件号码", "{{ id_number }}"),
                ("工作单位及职务", "{{ work_unit }}"),
                ("住址", "{{ address }}"),
                ("联系电话", "{{ phone }}"),
                ("询问人", "{{ officers }}"),
                ("案由", "{{ party.name }}{{ violation }}"),
            ]),
            "执法人员已出示执法证件，告知被询问人应当如实回答询问、协助调查，并有申请回避的权利"
            "（《市场监督管理行政处罚程序规定》第二十二条、第二十九条）。",
            ("for", "line in lines", ["{{ line }}"]),
            CHECKED.replace("{{ who }}", "被询问人"),
            REFUSED,
            "被询问人签名（逐页）：",
            "询问人签名：",
        ],
    },
    "address_confirmation": {
        "title": "送达地址确认书",
        "seal": False,
        "body": [
            ("table", [
                ("案件名称", "{{ case_title }}"),
                ("受送达人", "{{ recipient }}"),
                ("送达地址", "{{ address }}"),
                ("邮政编码", "{{ postcode }}"),
                ("联系电话", "{{ phone }}"),
                ("电子送达地址", "{{ electronic_address }}"),
                ("是否同意电子送达", "{{ consent }}"),
                ("确认日期", "{{ confirmed_on }}"),
            ]),
            "告知事项：1. 经受送达人同意并签订本确认书的，市场监督管理部门可以采用手机短信、传真、电子邮件、"
            "即时通讯账号等能够确认其收悉的电子方式送达执法文书，到达受送达人特定系统的日期为送达日期"
            "（《市场监督管理行政处罚程序规定》第八十二条第三项）。2. 送达至受送达人确认的地址，即视为送达；"
            "送达地址发生变更的，应当及时书面告知，未及时告知的，按原地址送达，视为依法送达（第八十三条）。",
            "受送达人签名或者盖章：",
            "执法人员签名：",
        ],
    },
    "correction_order": {
        "title": "责令改正通知书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "经查，你（单位）{{ act }}。",
            "上述行为违反了下列规定：",
            PROVISIONS,
            "依据《中华人民共和国行政处罚法》第二十八条第一款的规定，现责令你（单位）{{ when }}："
            "{{ requirement }}。",
        ],
    },
    "hearing_notice": {
        "title": "行政处罚听证通知书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "根据你（单位）于{{ requested_on }}提出的听证申请，本局决定于{{ hearing_on }}{{ time }}"
            "在{{ place }}就你（单位）{{ violation }}一案举行听证。听证主持人：{{ presider }}。",
            ("if", "public", ["本次听证公开举行（《市场监督管理行政处罚听证办法》第二十二条）。"]),
            ("if", "not public", [
                "因{{ private_reason }}，本次听证不公开举行（《市场监督管理行政处罚听证办法》第二十二条）。"
            ]),
            "你（单位）可以亲自参加听证，也可以委托一至二人代为参加听证，委托的应当提交载明委托事项及权限的"
            "授权委托书（听证办法第十五条）。听证主持人、听证员、记录员、翻译人员与本案有直接利害关系或者有其他"
            "关系可能影响公正执法的，你（单位）有权申请回避（听证办法第四条）。你（单位）无正当理由拒不到场参加"
            "听证或者未经听证主持人允许中途退场的，可以终止听证（听证办法第二十七条）。",
        ],
    },
    "hearing_record": {
        "title": "听证笔录",
        "seal": False,
        "body": [
            ("table", [
                ("案由", "{{ party.name }}{{ violation }}"),
                ("听证时间", "{{ day }} {{ start }} 至 {{ end }}"),
                ("听证地点", "{{ place }}"),
                ("听证主持人", "{{ presider }}"),
                ("记录员", "{{ clerk }}"),
                ("听证参加人", "{{ participants }}"),
            ]),
            ("h", "听证情况及各方意见"),
            ("for", "line in lines", ["{{ line }}"]),
            "以上笔录已经听证参加人核对无误（《市场监督管理行政处罚听证办法》第二十八条）。",
            REFUSED,
            "听证参加人签名：",
            "听证主持人签名：        记录员签名：",
        ],
    },
    "payment_reminder": {
        "title": "行政处罚决定履行催告书",
        "docno": True,
        "body": [
            "{{ party.name }}：",
            "本局于{{ decision_date }}对你（单位）作出{{ decision_docno }}行政处罚决定，该决定书已于"
            "{{ served_on }}送达。你（单位）在法定期限内未履行该决定。截至{{ date }}，你（单位）尚欠罚没款"
            "{{ principal }}，依法加处罚款{{ late_fee }}，合计{{ total }}。",
            "依据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你（单位）于{{ pay_by }}前"
            "持本催告书到指定银行或者通过电子支付系统缴纳上述款项。",
            "你（单位）收到本催告书后有权进行陈述和申辩（行政强制法第三十六条）。逾期仍不履行的，本局将依法"
            "申请人民法院强制执行（《市场监督管理行政处罚程序规定》第七十六条）。",
        ],
    },
}  # fmt: skip
