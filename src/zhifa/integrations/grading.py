"""Automatic grading of received clues (自动分级): rules as data (grading.yaml), each fired rule explained."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zhifa.errors import ValidationFailed
from zhifa.rules.yamlio import read_yaml

RULES_YAML = Path(__file__).resolve().parent / "grading.yaml"
FLAGS = ("crime_suspected", "food_harm", "drug_harm", "injury", "minors_involved", "repeated",
         "first_violation", "corrected")  # fmt: skip
COUNTS = ("complaints_count",)
AMOUNTS = ("goods_value", "illegal_income", "sales_amount")
Fact = bool | int | Decimal


class Cite(BaseModel):
    """An article as the law library names it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    law: str = Field(min_length=2)
    article: int = Field(ge=1)
    paragraph: int | None = Field(default=None, ge=1)
    item: int | None = Field(default=None, ge=1)

    def text(self) -> str:
        """《法名》第N条第M款第K项 (numbers as digits)."""
        out = f"《{self.law}》第{self.article}条"
        out += f"第{self.paragraph}款" if self.paragraph else ""
        return out + (f"第{self.item}项" if self.item else "")


class Bound(BaseModel):
    """A numeric condition: at least `gte`, below `lt` (以上 includes the figure: 程序规定第八十四条)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gte: Decimal | None = None
    lt: Decimal | None = None


class GradeSpec(BaseModel):
    """What a grade means: the agency level it goes to and its basis."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Literal["province", "city", "county", "station"]
    label: str
    cite: Cite


class Rule(BaseModel):
    """One grading rule: all `when` conditions hold → the grade, with its reason and basis."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")
    grade: str
    when: dict[str, bool | Bound] = Field(min_length=1)
    reason: str = Field(min_length=4)
    cite: Cite | None = None
    policy: bool = False
    flags: tuple[str, ...] = ()
    suggestion: str | None = None

    @model_validator(mode="after")
    def _checked(self) -> Rule:
        for name, cond in self.when.items():
            numeric = name in COUNTS + AMOUNTS
            if name not in FLAGS + COUNTS + AMOUNTS or numeric != isinstance(cond, Bound):
                raise ValueError(f"规则 {self.id}：条件“{name}”不是已知事实或取值类型不符")
        if (self.cite is None) == (not self.policy):
            raise ValueError(f"规则 {self.id}：须有法律依据 cite，或注明为本省分级口径 policy: true")
        return self

    def basis(self) -> str:
        """The rule's basis for people."""
        return self.cite.text() if self.cite else "本省线索分级口径（省局配置）"

    def holds(self, facts: Mapping[str, Fact]) -> bool:
        """True when every condition holds; an unknown amount satisfies no bound."""
        for name, cond in self.when.items():
            value = facts.get(name)
            if isinstance(cond, Bound):
                if value is None or isinstance(value, bool):
                    return False
                if (cond.gte is not None and value < cond.gte) or (cond.lt is not None and value >= cond.lt):
                    return False
            elif bool(value) is not cond:
                return False
        return True


class RuleSet(BaseModel):
    """The grading rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grades: dict[str, GradeSpec] = Field(min_length=1)
    default: str
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _checked(self) -> RuleSet:
        known = set(self.grades)
        bad = [r.id for r in self.rules if r.grade not in known]
        if self.default not in known or bad:
            raise ValueError(f"未定义的等级：{bad or self.default}")
        if len({r.id for r in self.rules}) != len(self.rules):
            raise ValueError("规则编号重复")
        return self


@dataclass(frozen=True)
class Grading:
    """The grade of a clue, the level it goes to, and every rule that fired (with reasons)."""

    grade: str
    level: str
    fired: tuple[Rule, ...]
    flags: tuple[str, ...]
    suggestion: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the rules that fired with reason and basis."""
        return {
            "grade": self.grade,
            "level": self.level,
            "flags": list(self.flags),
            "suggestion": self.suggestion,
            "rules": [
                {"id": r.id, "grade": r.grade, "reason": r.reason, "basis": r.basis()} for r in self.fired
            ],
        }


def load_rules(path: Path = RULES_YAML) -> RuleSet:
    """Read and check a grading rule file (strict: unknown keys, facts or grades are errors)."""
    data, problem = read_yaml(path, path.name)
    if problem is not None:
        raise ValidationFailed(f"线索分级规则无法读取：{problem}", code="grading_rules_invalid")
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            f"线索分级规则有误：{exc.errors()[0]['msg']}", code="grading_rules_invalid"
        ) from exc


@cache
def default_rules() -> RuleSet:
    """The shipped rule set."""
    return load_rules()


def grade(facts: Mapping[str, Fact], rules: RuleSet | None = None) -> Grading:
    """The highest grade among the rules that fire (grades ordered as in the file), else the default."""
    rules = rules or default_rules()
    order = list(rules.grades)
    fired = tuple(r for r in rules.rules if r.holds(facts))
    top = min((order.index(r.grade) for r in fired), default=order.index(rules.default))
    chosen = order[top]
    counted = tuple(r for r in fired if r.grade == chosen)
    flags = tuple(dict.fromkeys(f for r in fired for f in r.flags))
    suggestion = next((r.suggestion for r in counted if r.suggestion), None)
    return Grading(chosen, rules.grades[chosen].level, fired, flags, suggestion)
