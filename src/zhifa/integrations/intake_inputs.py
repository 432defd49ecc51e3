"""The JSON body of a pushed clue (POST /api/v1/intake/clues) and its answer, as OpenAPI documents them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zhifa.domain.parties import validate_resident_id, validate_uscc
from zhifa.errors import ValidationFailed

Amount = Annotated[Decimal, Field(ge=0, le=Decimal("999999999999.99"), max_digits=14, decimal_places=2)]
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubjectIn(_In):
    """The party: a 统一社会信用代码 (GB 32100) or a 居民身份证号码 (GB 11643), and the name."""

    name: str = Field(min_length=1, max_length=200, pattern=PRINTABLE, description="名称或姓名")
    uscc: str | None = Field(default=None, max_length=32, description="统一社会信用代码（单位、个体工商户）")
    id_number: str | None = Field(default=None, max_length=32, description="居民身份证号码（自然人）")

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, value: str | None) -> str | None:
        return _checked(validate_uscc, value)

    @field_validator("id_number")
    @classmethod
    def _id_number(cls, value: str | None) -> str | None:
        return _checked(validate_resident_id, value)

    @model_validator(mode="after")
    def _one_identifier(self) -> SubjectIn:
        if (self.uscc is None) == (self.id_number is None):
            raise ValueError("当事人须填写统一社会信用代码或身份证号码中的一项")
        return self


def _checked(check: object, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check(value.strip())  # type: ignore[operator,no-any-return]
    except ValidationFailed as exc:
        raise ValueError(exc.message) from None


class AmountsIn(_In):
    """Amounts the source system knows, in yuan."""

    goods_value: Amount | None = Field(default=None, description="货值金额")
    illegal_income: Amount | None = Field(default=None, description="违法所得")
    sales_amount: Amount | None = Field(default=None, description="销售金额")


class HintsIn(_In):
    """What the source observed; the grading rules (grading.yaml) read these."""

    crime_suspected: bool = Field(default=False, description="涉嫌犯罪")
    food_harm: bool = Field(default=False, description="已造成食品安全危害后果")
    drug_harm: bool = Field(default=False, description="已造成药品、医疗器械、化妆品危害后果")
    injury: bool = Field(default=False, description="已造成人身伤害")
    minors_involved: bool = Field(default=False, description="涉及未成年人")
    repeated: bool = Field(default=False, description="屡查屡犯")
    first_violation: bool = Field(default=False, description="初次违法")
    corrected: bool = Field(default=False, description="已改正")
    complaints_count: int = Field(default=0, ge=0, le=1_000_000, description="投诉举报件数")


class AttachmentIn(_In):
    """One attached file: its name and its bytes in base64 (each at most 1 MB decoded)."""

    name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f/\\]+$")
    content_type: str = Field(default="application/octet-stream", max_length=100, pattern=PRINTABLE)
    data: str = Field(min_length=1, description="文件内容（base64）")


class ClueIn(_In):
    """A violation clue found in daily supervision by a business supervision system."""

    source_ref: str = Field(
        min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$", description="来源系统内编号"
    )
    found_on: date = Field(description="发现日期")
    subject: SubjectIn
    address: str = Field(
        min_length=1, max_length=300, pattern=PRINTABLE, description="地址（见来源系统的属地依据）"
    )
    division_code: str | None = Field(
        default=None, pattern=r"^\d{6}$", description="行政区划代码（GB/T 2260）"
    )
    summary: str = Field(min_length=1, max_length=3000, description="违法行为线索内容")
    category: str = Field(min_length=1, max_length=100, pattern=PRINTABLE, description="来源系统的线索类别")
    amounts: AmountsIn | None = None
    hints: HintsIn = Field(default_factory=HintsIn)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=5)


class RuleOut(BaseModel):
    """A grading rule that fired."""

    id: str
    grade: str
    reason: str
    basis: str


class ClueAnswer(BaseModel):
    """The answer to a pushed clue (the same on every retry)."""

    id: str = Field(description="线索（案件）编号")
    grade: str = Field(description="分级：一级、二级、三级")
    agency_code: str = Field(description="流转到的机构代码")
    agency_name: str
    due_on: date | None = Field(description="核查并决定是否立案的期限（程序规定第十八条：15 个工作日）")
    due_warning: str | None = Field(default=None, description="期限暂无法计算的原因（该年度节假日安排未知）")
    status: str = Field(description="accepted 已受理；triage 待省局分流")
    status_label: str
    rules: list[RuleOut]
    flags: list[str] = Field(description="如“两法衔接”")
    suggestion: str | None = None
    routing: list[str] = Field(description="流转理由")
    attachments: list[dict[str, str | int]] = Field(default_factory=list)
