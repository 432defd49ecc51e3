"""Collect YAML rule tests (tests/rules/**/*.yaml): readable cases of `name, date, input, output`.

Each file holds `cases:`; each case names the provision it checks, the act date, the input of the engine
(type, party_type, amounts, factors, severity, decision_date, reduce, profile) and the expected output:
any subset of the suggestion's JSON keys (compared exactly), plus `error` (expected error code and field)
`kinds_include` / `kinds_exclude` (penalty kinds by name) and `kind_modes` ({name: 必处/可处}).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from zhifa.errors import ValidationFailed
from zhifa.rules.engine import suggest
from zhifa.rules.factors import FactorSet, load_factors
from zhifa.rules.inputs import make_input
from zhifa.rules.loader import Catalog, load_catalog
from zhifa.rules.profiles import RulesProfile, get_profile, load_profiles

TODAY = date(2026, 11, 25)  # decision date when a case gives none (fixed, so results do not drift)


@cache
def _rules() -> tuple[Catalog, FactorSet, dict[str, RulesProfile]]:
    return load_catalog(), load_factors(), load_profiles()


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect *.yaml files under tests/rules as rule-test files."""
    if file_path.suffix == ".yaml" and file_path.name != "conftest.yaml":
        return RuleFile.from_parent(parent, path=file_path)
    return None


class RuleFile(pytest.File):
    """A YAML file of rule cases."""

    def collect(self) -> Any:
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield RuleCase.from_parent(self, name=case["name"], case=case)


class RuleCase(pytest.Item):
    """One readable case."""

    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        catalog, factors, profiles = _rules()
        inp = dict(self.case["input"])
        expected = dict(self.case["output"])
        amounts = {
            k: str(inp.pop(k)) for k in list(inp) if k in ("goods_value", "illegal_income", "sales", "ad_fee")
        }
        try:
            made = make_input(
                inp.pop("type"),
                str(self.case["date"]),
                inp.pop("party_type"),
                amounts,
                inp.pop("factors", []),
                inp.pop("severity", "一般"),
                str(inp.pop("decision_date", TODAY)),
                bool(inp.pop("reduce", False)),
                inp.pop("profile", "hubei"),
            )
            assert not inp, f"未知的输入字段：{sorted(inp)}"
            result = suggest(
                catalog, factors, get_profile(profiles, made.profile), made, today=TODAY
            ).to_dict()
        except ValidationFailed as exc:
            want = expected.get("error")
            if want is None:
                raise
            assert exc.code == want["code"], exc.message
            if "field" in want:
                assert (exc.details or {}).get("field") == want["field"], exc.details
            return
        assert "error" not in expected, f"应报错 {expected['error']}，实际得到建议 {result['suggested_fine']}"
        names = [k["name"] for k in result["kinds"]]
        for name in expected.pop("kinds_include", []):
            assert name in names, f"处罚种类应含 {name}：{names}"
        for name in expected.pop("kinds_exclude", []):
            assert name not in names, f"处罚种类不应含 {name}：{names}"
        modes = {k["name"]: k["mode"] for k in result["kinds"]}
        for name, mode in expected.pop("kind_modes", {}).items():
            assert modes.get(name) == mode, f"处罚种类 {name} 应为{mode}：{modes}"
        for key, value in expected.items():
            actual = _dig(result, key)
            assert actual == value, f"{key}: 期望 {value!r}，实际 {actual!r}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"rule case: {self.name}"


def _dig(result: dict[str, Any], key: str) -> Any:
    """Value at a dotted key such as hearing.right or kinds.0.mode."""
    value: Any = result
    for part in key.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value
