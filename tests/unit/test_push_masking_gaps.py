"""Masking gaps of published text (公示规定 第六条): landlines, bank accounts in groups, home addresses
of natural persons, minors' information (未成年人保护法 第一百零三条), business secrets
(反不正当竞争法 第十条)."""

from __future__ import annotations

from zhifa.domain.parties import Party
from zhifa.integrations.publicity import mask_published_text, text_masker
from zhifa.integrations.text_masking import mask_numbers, minor_names

PERSON = Party.create(
    "person", "李建国", id_number="11010519491231002X", address="湖北省武汉市江岸区解放大道1088号3栋502室"
)
COMPANY = Party.create(
    "organization", "武汉某某食品有限公司", uscc="91350100M000100Y43", address="武汉市江岸区工业路8号"
)


def test_landlines_keep_only_the_area_code() -> None:
    text = "联系电话：0915-3256699；传真（027）85986209；总机027-88886666转123；座机02788886666。"
    masked = mask_numbers(text)
    for number in ("3256699", "85986209", "88886666", "02788886666"):
        assert number not in masked
    assert "0915-*******" in masked and "027-********" in masked
    assert mask_numbers("单价0.5元，共2023年10月8日") == "单价0.5元，共2023年10月8日"


def test_bank_accounts_written_in_groups_or_long_are_masked() -> None:
    text = (
        "开户行：建设银行，账号：1111 4257 0900 0085 561。卡号 6222-0212-3456-7890-123，"
        "账户：50030188000003292037001；另一账号：5002112400065-1。"
        "收款人银行卡 6217 0000 1111 2222 333。"
    )
    masked = mask_numbers(text)
    for secret in ("4257 0900", "0900 0085", "0212-3456", "0000329203", "2400065", "0000 1111 2222"):
        assert secret not in masked
    assert "账号：1111***********5561" in masked and "另一账号：5002******0651" in masked
    assert "账户：5003***************7001" in masked


def test_a_grouped_credit_code_is_public_and_kept_公示规定_4() -> None:
    text = "统一社会信用代码：9132 0802 0850 0057 82"
    assert mask_numbers(text) == text


def test_home_address_of_a_natural_person_is_kept_to_the_district() -> None:
    text = (
        "当事人：李建国 住所（住址）：湖北省武汉市江岸区解放大道1088号3栋502室 "
        "身份证号码：11010519491231002X\n"
        "经查，当事人在其位于湖北省武汉市江岸区解放大道1088号3栋502室的家中存放涉案商品。"
        "证人张某某，家庭住址：湖北省孝感市孝南区书院街道槐荫大道18号，证实上述事实。"
    )
    masked = text_masker(PERSON)(text)
    assert "解放大道" not in masked and "1088号" not in masked and "槐荫大道" not in masked
    assert "湖北省武汉市江岸区****" in masked and "家庭住址：湖北省孝感市孝南区书院街道****" in masked
    assert "李建国" not in masked and "李某" in masked


def test_an_organisations_registered_address_stays_public() -> None:
    text = "当事人：武汉某某食品有限公司 住所：武汉市江岸区工业路8号 法定代表人：王大明"
    masked = text_masker(COMPANY)(text)
    assert "住所：武汉市江岸区工业路8号" in masked and "王大明" not in masked


def test_a_minor_named_in_the_facts_loses_name_age_school_and_class() -> None:
    text = (
        "经查，当事人于2026年3月1日向未成年人王小明（男，15周岁，武汉市第二中学初二（3）班学生）销售卷烟2包。"
        "另查明，学生赵小红（2012年5月出生）亦购买过酒类。当事人店内未设置不向未成年人销售烟酒的标志。"
    )
    masked = mask_published_text(text, [])
    for secret in ("王小明", "15周岁", "第二中学", "初二（3）班", "赵小红", "2012年5月"):
        assert secret not in masked, secret
    assert "王某" in masked and "赵某" in masked and "未设置不向未成年人销售烟酒的标志" in masked


def test_sentences_about_minors_in_general_are_left_alone() -> None:
    text = "《未成年人保护法》第五十九条规定学校、幼儿园周边不得设置烟、酒销售网点；儿童鞋适合4-4.5岁。"
    assert minor_names(text) == [] and mask_published_text(text, []) == text
    assert minor_names("购买人张伟（男，35岁）") == []  # an adult's age is no minor's information


def test_passages_marked_as_business_secrets_are_not_published() -> None:
    text = (
        "当事人生产的饮料【商业秘密】配方为白砂糖12%、柠檬酸0.3%【/商业秘密】，标签未标注。\n"
        "进货渠道：【商业秘密】湖北某某贸易公司，单价3.2元\n货值金额3600元。"
    )
    masked = mask_published_text(text, [])
    assert "柠檬酸" not in masked and "单价3.2元" not in masked and "商业秘密】" not in masked
    assert "（涉及商业秘密，不予公示）" in masked and "货值金额3600元" in masked
