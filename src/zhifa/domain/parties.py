"""Parties (当事人): natural person, 个体工商户, organisation; identifiers checked with python-stdnum."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from zhifa.errors import ValidationFailed


class PartyKind(StrEnum):
    """Kind of party; 个体工商户 is a natural person doing business (民法典 第五十四条)."""

    PERSON = "person"
    INDIVIDUAL_BUSINESS = "individual_business"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        """Chinese name."""
        return {"person": "自然人", "individual_business": "个体工商户", "organization": "法人或者其他组织"}[
            self.value
        ]


class IdKind(StrEnum):
    """Kind of personal identity document; only 居民身份证 numbers carry a check character."""

    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    OTHER = "other"


def validate_uscc(code: str) -> str:
    """Return the normalised 统一社会信用代码 (GB 32100-2015) or raise ValidationFailed in Chinese."""
    try:
        return str(uscc.validate(code))
    except StdnumError:
        raise ValidationFailed(
            f"统一社会信用代码“{code}”无效（应为18位，末位校验码须符合GB 32100-2015）", code="invalid_uscc"
        ) from None


def validate_resident_id(number: str) -> str:
    """Return the normalised 居民身份证号码 (GB 11643-1999) or raise ValidationFailed in Chinese."""
    try:
        return str(ric.validate(number))
    except StdnumError:
        raise ValidationFailed(
            f"身份证号码“{number}”无效（应为18位，出生日期和末位校验码须符合GB 11643-1999）",
            code="invalid_resident_id",
        ) from None


# 18 characters, 17 digits and a digit or X: the GB 11643 numbering of 居民身份证, also used by
# 港澳台居民居住证 and 外国人永久居留身份证; a run of 15 to 19 digits (X last) that is not that is mistyped
_GB11643 = re.compile(r"\d{17}[\dX]")
_ID_LIKE = re.compile(r"\d{14,18}[\dX]")
GENDERS = ("男", "女")
# a telephone number as people write it: digits with spaces, hyphens, brackets, a leading + or 转 (extension)
_PHONE = re.compile(r"\+?[\d\s\-()（）转]+")


def check_id_number(number: str) -> str:
    """A person's 身份证件号码 as written in a record (询问笔录): an 18-character GB 11643 number must carry
    its check character and a real birth date; passport and other numbers are taken as written."""
    text = number.strip()
    compact = text.replace(" ", "").upper()
    if not _ID_LIKE.fullmatch(compact):
        return text
    wrong = f"身份证件号码“{text}”"
    if not _GB11643.fullmatch(compact):
        reason = f"{wrong}位数不对：居民身份证等证件号码应为18位"
    elif compact[-1] != ric.calc_check_digit(compact):
        reason = f"{wrong}末位校验码不符（GB 11643-1999），请核对证件后重新填写"
    else:
        try:
            ric.get_birth_date(compact)
            return compact
        except StdnumError:
            reason = f"{wrong}中的出生日期（第7至14位）不是有效日期，请核对证件后重新填写"
    raise ValidationFailed(reason, code="invalid_id_number")


def gender_from_id(number: str) -> str:
    """男 or 女 from a checked 18-character GB 11643 number (the 17th digit, odd for men); "" otherwise."""
    return ("男" if int(number[16]) % 2 else "女") if _GB11643.fullmatch(number) else ""


def check_gender(gender: str, id_number: str) -> str:
    """The person's 性别 as recorded: as written (男 or 女), else read from the checked ID number; a
    gender that contradicts the number is refused, as the number is what identifies the person."""
    said = gender.strip()
    if said and said not in GENDERS:
        raise ValidationFailed(f"性别“{said}”应填写“男”或“女”", code="invalid_gender")
    derived = gender_from_id(id_number)
    if said and derived and said != derived:
        raise ValidationFailed(
            f"性别“{said}”与身份证件号码不符：号码第17位表示{derived}性，请核对证件",
            code="gender_id_mismatch",
        )
    return said or derived


def check_phone(phone: str, label: str = "联系电话") -> str:
    """A telephone number as written (trimmed): digits with spaces, hyphens, brackets, a leading + or 转;
    5 to 20 digits. Empty stays empty."""
    text = phone.strip()
    digits = sum(ch.isdigit() for ch in text)
    if text and (not _PHONE.fullmatch(text) or not 5 <= digits <= 20):
        raise ValidationFailed(
            f"{label}“{text}”不是有效的电话号码：应为5至20位数字，可含空格、“-”、括号、开头的“+”或分机“转”",
            code="invalid_phone",
        )
    return text


@dataclass(frozen=True)
class Party:
    """A party to a case; construct through `Party.create` to validate."""

    kind: PartyKind
    name: str
    uscc: str | None = None
    id_kind: IdKind | None = None
    id_number: str | None = None
    address: str = ""

    @classmethod
    def create(
        cls,
        kind: PartyKind | str,
        name: str,
        *,
        uscc: str | None = None,
        id_number: str | None = None,
        id_kind: IdKind | str | None = None,
        address: str = "",
    ) -> Party:
        """Validate and build: organisations and 个体工商户 need a USCC, persons an ID number."""
        try:
            kind = PartyKind(kind)
        except ValueError:
            raise ValidationFailed(f"未知的当事人类型：{kind}", code="bad_party_kind") from None
        name = name.strip()
        if not name:
            raise ValidationFailed("当事人姓名或名称不能为空", code="party_name_required")
        code = validate_uscc(uscc) if uscc else None
        if kind is not PartyKind.PERSON and code is None:
            raise ValidationFailed(f"{kind.label}须填写统一社会信用代码", code="uscc_required")
        kind_of_id = IdKind(id_kind) if id_kind else (IdKind.RESIDENT_ID if id_number else None)
        number: str | None = None
        if id_number:
            if kind_of_id is IdKind.RESIDENT_ID:
                number = validate_resident_id(id_number)
            else:
                number = id_number.strip()
        if kind is PartyKind.PERSON and not number:
            raise ValidationFailed("自然人当事人须填写身份证件号码", code="id_number_required")
        return cls(kind, name, code, kind_of_id if number else None, number, address.strip())

    @property
    def key(self) -> str:
        """The identifier prior violations are looked up by: USCC, else the identity number."""
        return self.uscc or self.id_number or ""

    def birth_date(self) -> date | None:
        """Birth date from a 居民身份证号码, if the party has one."""
        if self.id_kind is IdKind.RESIDENT_ID and self.id_number:
            born: date = ric.get_birth_date(self.id_number)
            return born
        return None

    def age_on(self, day: date) -> int | None:
        """Full years of age on `day` (行政处罚法 第三十条: under 14 no penalty, 14–17 lighter)."""
        born = self.birth_date()
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def to_payload(self) -> dict[str, Any]:
        """JSON-safe dict."""
        return {
            "kind": self.kind.value,
            "name": self.name,
            "uscc": self.uscc,
            "id_kind": self.id_kind.value if self.id_kind else None,
            "id_number": self.id_number,
            "address": self.address,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Party:
        """Rebuild (and re-validate) from `to_payload` output."""
        return cls.create(
            data["kind"],
            data["name"],
            uscc=data.get("uscc"),
            id_number=data.get("id_number"),
            id_kind=data.get("id_kind"),
            address=data.get("address", ""),
        )
