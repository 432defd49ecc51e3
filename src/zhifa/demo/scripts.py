"""Scripts of the demo cases: who does what, on which day relative to today (see demo_cases)."""

from __future__ import annotations

from datetime import date

from zhifa.demo.builder import (
    AD,
    AD_ABSOLUTE,
    FOOD,
    FRAUD,
    LIGHT,
    METRO,
    MID,
    PRICE,
    Builder,
    Step,
    _cb,
    _investigation,
    _ja,
    _org,
    _to_decision,
    fine,
)
from zhifa.demo.signature import data_url, demo_signature_png

__all__ = ["SCRIPTS", "Step"]


def clue_price(t: date, ids: dict[str, int]) -> list[Step]:
    s = _ja(t, ids)
    party = _org("武汉市江岸区鑫禾便利店", 1201, kind="individual_business")
    return s.clue(-3, "消费者投诉：某便利店货架上多种商品未标示价格，结账时价格高于预期", party).steps


def clue_overdue(t: date, ids: dict[str, int]) -> list[Step]:
    s = _ja(t, ids)
    party = _org("武汉楚途电子商务有限公司", 1202)
    return s.clue(
        -35, "举报：网店“双十一”活动页面标示的原价从未实际成交，涉嫌虚构原价", party, "report"
    ).steps


def investigation_food(t: date, ids: dict[str, int]) -> list[Step]:
    party = _org("武汉市江岸区佳惠生鲜超市有限公司", 1203)
    return _investigation(_ja(t, ids), -20, party, "销售超过保质期的食品").steps


def review_ad(t: date, ids: dict[str, int]) -> list[Step]:
    s = _investigation(_ja(t, ids), -40, _org("武汉康年健康科技有限公司", 1204), "发布虚假广告")
    facts = "经查，当事人在其微信公众号发布保健食品广告，宣称产品“治疗高血压、根治糖尿病”，广告费用6000元。"
    return s.report(-5, facts, fine("18000"), MID + "，按广告费用三倍处罚", AD).steps


def approval_metrology(t: date, ids: dict[str, int]) -> list[Step]:
    s = _investigation(_ja(t, ids), -30, _org("武汉明眸眼镜有限公司", 1205), "使用未经检定的验光仪")
    facts = "经查，当事人用于验光配镜的电脑验光仪属于强制检定的工作计量器具，自2025年起未申请周期检定。"
    return s.report(-10, facts, fine("800"), LIGHT, METRO).review(-8, "jiangan_wang").steps


def statement_fraud(t: date, ids: dict[str, int]) -> list[Step]:
    s = _investigation(_ja(t, ids), -30, _org("武汉潮汇服饰有限公司", 1206), "虚构原价")
    facts = "经查，当事人在店内促销标牌标示“原价899元，现价299元”，经核查该商品前七日内无899元交易记录。"
    penalty = fine("50000")
    return (
        s.report(-10, facts, penalty, MID, FRAUD)
        .review(-8, "jiangan_wang")
        .notify(-3, penalty, served=-2)
        .steps
    )


def hearing_food(t: date, ids: dict[str, int]) -> list[Step]:
    party = _org("武汉市江岸区老味道熟食店", 1207, kind="individual_business")
    s = _investigation(_ja(t, ids), -45, party, "销售超过保质期的食品")
    facts = "经查，当事人销售超过保质期的卤制品，货值金额1,200元，违法所得300元。"
    penalty = fine("50000", "300")
    s.report(-20, facts, penalty, "货值金额不足一万元，按食品安全法第一百二十四条最低罚款额处罚", FOOD)
    s.review(-18, "jiangan_wang").notify(-16, penalty, served=-15)
    s.add(-12, "jiangan_zhang", "request-hearing", {"requested_on": s.d(-12)})
    return s.add(-11, "jiangan_zhao", "appoint-presider", {"presider_id": ids["jiangan_wang"]}).steps


def decided_food(t: date, ids: dict[str, int]) -> list[Step]:
    facts = "经查，当事人销售超过保质期的预包装饮料12箱，货值金额360元，违法所得96元。"
    party = _org("武汉市江岸区百顺商贸有限公司", 1208)
    return _to_decision(
        _ja(t, ids), -16, party, "销售超过保质期的食品", fine("50000", "96"), FOOD, facts
    ).steps


def execution_price(t: date, ids: dict[str, int]) -> list[Step]:
    facts = "经查，当事人经营的32种商品未明码标价，经责令改正后仍有9种商品未标价。"
    s = _to_decision(
        _ja(t, ids),
        -34,
        _org("武汉市江岸区福临门副食店", 1209, kind="individual_business"),
        "不按规定明码标价",
        fine("3000"),
        PRICE,
        facts,
    )
    return s.serve_decision(-19).add(-15, "jiangan_zhang", "publish", {"published_on": s.d(-15)}).steps


def closed_ad(t: date, ids: dict[str, int]) -> list[Step]:
    facts = "经查，当事人在门店海报中使用“全网最低价”“第一品牌”等绝对化用语。"
    s = _to_decision(
        _ja(t, ids),
        -60,
        _org("武汉尚品家居有限公司", 1210),
        "发布含有绝对化用语的广告",
        fine("20000"),
        AD_ABSOLUTE,
        facts,
    )
    s.serve_decision(-45).add(-44, "jiangan_zhang", "publish", {"published_on": s.d(-44)})
    return s.pay(-40, "20000").close_archive(-38, None).steps


def archived_metrology(t: date, ids: dict[str, int]) -> list[Step]:
    facts = "经查，当事人使用的电子计价秤未经检定，计量示值误差超出允许范围。"
    s = _to_decision(
        _ja(t, ids),
        -90,
        _org("武汉市江岸区鲜丰水果店", 1211, kind="individual_business"),
        "使用未经检定的计量器具",
        fine("1000"),
        METRO,
        facts,
    )
    return s.serve_decision(-75).pay(-70, "1000").close_archive(-68, "岸市监〔2026〕卷-0012").steps


def not_filed(t: date, ids: dict[str, int]) -> list[Step]:
    s = _ja(t, ids)
    s.clue(-12, "日常检查发现某面包店3种面包未标价，当场已补标", _org("武汉麦香烘焙坊", 1212), "inspection")
    reason = "当事人初次违法，危害后果轻微，检查时已当场改正，属于首违不罚清单情形"
    return s.add(
        -8, "jiangan_zhao", "decline", {"ground": "first_violation_minor_harm", "reason": reason}
    ).steps


def summary_onsite(t: date, ids: dict[str, int]) -> list[Step]:
    s = _ja(t, ids)
    body = {
        "party": _org("武汉市江岸区阿强水果摊", 1213, kind="individual_business"),
        "act_date": s.d(-4),
        "violation": "不按规定明码标价",
        "basis": PRICE[1],
        "penalty": fine("100"),
        "officer_ids": [ids["jiangan_zhang"], ids["jiangan_li"]],
        "place": "江岸区台北路农贸市场",
        "facts": "现场检查发现当事人摊位上销售的8种水果均未标示价格",
        "credentials_shown": True,
        "statement": "当事人对违法事实无异议，表示立即补标价格，放弃陈述申辩",
        "party_signature_png": data_url(demo_signature_png()),
        "collection": "small_fine",  # 行政处罚法第六十八条第一项
        "receipt_no": "（演示）鄂财罚字0000001",
    }
    s.add(-4, "jiangan_zhang", "summary", body).add(
        -3, "jiangan_li", "hand-over-cash", {"handed_on": s.d(-3)}
    )
    return s.add(-2, "jiangan_zhang", "file-summary-records", {"filed_on": s.d(-2)}).steps


def transferred_trademark(t: date, ids: dict[str, int]) -> list[Step]:
    s = _investigation(_ja(t, ids), -25, _org("武汉恒远贸易有限公司", 1214), "销售假冒注册商标的商品")
    body = {
        "target": "police",
        "recipient": "武汉市公安局江岸区分局",
        "reason": "查获假冒某品牌白酒860瓶，非法经营数额超过五万元，涉嫌销售假冒注册商标的商品罪",
    }
    return s.add(-10, "jiangan_zhao", "transfer", body).steps


def suspended(t: date, ids: dict[str, int]) -> list[Step]:
    s = _investigation(_ja(t, ids), -50, _org("武汉优选母婴用品有限公司", 1215), "销售不合格儿童用品")
    body = {"ground": "party_missing", "reason": "当事人经营场所已关闭，法定代表人下落不明，暂时无法调查"}
    return s.add(-30, "jiangan_zhao", "suspend", body).steps


def major_public_interest(t: date, ids: dict[str, int]) -> list[Step]:
    s = _ja(t, ids)
    party = _org("武汉江城燃气器具有限公司", 1216)
    s.clue(-40, "抽检发现某公司销售的燃气灶熄火保护装置不合格", party, "inspection")
    s.file(-38, party, -45, "销售不合格燃气灶具", major_grounds=["public_interest"], serious_harm=True)
    s.evidence(-36, "检验报告", "expert_opinion", "湖北省产品质量监督检验研究院").evidence(-35, "销售台账")
    facts = "经查，当事人销售熄火保护装置不合格的燃气灶136台，货值金额68,000元，违法所得9,520元。"
    penalty = fine("120000", "9520")
    s.report(
        -25,
        facts,
        penalty,
        "涉及公共安全，货值金额较大，依裁量基准按一般情节处罚",
        ["《中华人民共和国产品质量法》第三十九条", "《中华人民共和国产品质量法》第五十条"],
    )
    s.review(-22, "jiangan_wang", "legal").notify(-20, penalty).waive(-19)
    s.add(
        -18,
        "jiangan_zhao",
        "discussion",
        {
            "participants": ["赵强（局长）", "钱海（副局长）", "孙卫（副局长）"],
            "conclusion": "同意调查终结报告的处罚意见",
            "discussed_on": s.d(-18),
        },
    )
    return s.decide(-18, penalty, "经负责人集体讨论决定").serve_decision(-17).steps


def cb_investigation(t: date, ids: dict[str, int]) -> list[Step]:
    party = _org("赤壁市陆水湖农家菜馆", 1301, "421281", "individual_business")
    return _investigation(_cb(t, ids), -12, party, "未取得食品经营许可从事餐饮服务").steps


def cb_pending_close(t: date, ids: dict[str, int]) -> list[Step]:
    facts = "经查，当事人加油站3台燃油加油机超过检定周期未申请检定，仍在使用。"
    s = _to_decision(
        _cb(t, ids),
        -35,
        _org("赤壁市通达石化加油站有限公司", 1302, "421281"),
        "使用超过检定周期的燃油加油机",
        fine("800"),
        METRO,
        facts,
    )
    return s.serve_decision(-20).pay(-6, "800").steps


def cb_summary_archived(t: date, ids: dict[str, int]) -> list[Step]:
    s = _cb(t, ids)
    body = {
        "party": _org("赤壁市赵李桥杂货店", 1303, "421281", "individual_business"),
        "act_date": s.d(-30),
        "violation": "不按规定明码标价",
        "basis": PRICE[1],
        "penalty": {"kinds": ["warning"]},
        "officer_ids": [ids["chibi_sun"], ids["chibi_zhou"]],
        "place": "赤壁市赵李桥镇",
        "facts": "现场检查发现当事人店内销售的日用品未标示价格",
        "credentials_shown": True,
        "statement": "当事人称不知道需要标价，已当场补标",
        "party_signature_png": data_url(demo_signature_png(strokes=2)),
    }
    s.add(-30, "chibi_sun", "summary", body).add(
        -27, "chibi_sun", "file-summary-records", {"filed_on": s.d(-27)}
    )
    return s.close_archive(-25, "赤壁市监〔2026〕简-0031").steps


def cb_clue(t: date, ids: dict[str, int]) -> list[Step]:
    party = _org("赤壁市青砖茶业有限公司", 1304, "421281")
    return _cb(t, ids).clue(-1, "投诉：茶叶礼盒标注“原价1288元”，实际从未以该价格销售", party).steps


SCRIPTS: dict[str, Builder] = {
    "ja-clue-price": clue_price,
    "ja-clue-overdue": clue_overdue,
    "ja-investigation-food": investigation_food,
    "ja-review-ad": review_ad,
    "ja-approval-metrology": approval_metrology,
    "ja-statement-fraud": statement_fraud,
    "ja-hearing-food": hearing_food,
    "ja-decided-food": decided_food,
    "ja-execution-price": execution_price,
    "ja-closed-ad": closed_ad,
    "ja-archived-metrology": archived_metrology,
    "ja-not-filed": not_filed,
    "ja-summary": summary_onsite,
    "ja-transferred": transferred_trademark,
    "ja-suspended": suspended,
    "ja-major": major_public_interest,
    "cb-investigation": cb_investigation,
    "cb-pending-close": cb_pending_close,
    "cb-summary-archived": cb_summary_archived,
    "cb-clue": cb_clue,
}
