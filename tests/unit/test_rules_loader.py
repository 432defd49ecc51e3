"""The catalog loader is strict: every problem names the file, the key and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import load_profiles
from zhifa.rules.yamlio import CatalogInvalid

GOOD = """\
id: price.sample
name: 未明码标价（测试）
area: 价格
keywords: [明码标价]
versions:
  - valid_from: 2022-07-01
    violated: [{law: 中华人民共和国价格法, article: 13, paragraph: 1}]
    basis: [{law: 价格违法行为行政处罚规定, article: 13}]
    clause:
      cite: {law: 价格违法行为行政处罚规定, article: 13}
      kinds: [{name: 责令改正, mode: 必处}, {name: 罚款, mode: 可处}]
      fine: [{fixed: {max: 5000}}]
"""


def write(root: Path, text: str, name: str = "price.sample", area: str = "价格") -> Path:
    folder = root / "catalog" / area
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return root / "catalog"


def problems_of(root: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(root)
    assert info.value.code == "catalog_invalid"
    return [(p.file, p.key, p.problem) for p in info.value.problems]


def test_good_entry_loads(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD))
    entry = catalog.get("price.sample")
    assert entry.versions[0].clause.fine[0].max == 5000
    assert entry.source_file == "catalog/价格/price.sample.yaml"


def test_unknown_key_is_named(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD.replace("name: 未明码", "colour: red\nname: 未明码")))
    assert ("catalog/价格/price.sample.yaml", "colour", "未知字段") in probs


def test_duplicate_key_is_refused_with_line(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD.replace("area: 价格", "area: 价格\narea: 价格")))
    assert probs[0][0] == "catalog/价格/price.sample.yaml"
    assert "重复的键" in probs[0][2] and "area" in probs[0][2]
    assert probs[0][1].startswith("第 ")


def test_bad_date_is_named(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD.replace("2022-07-01", "2022-13-01")))
    assert any(key == "versions[0].valid_from" and "日期无效" in problem for _, key, problem in probs)


def test_fine_kind_without_formula(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD.replace("      fine: [{fixed: {max: 5000}}]\n", "")))
    assert any(key == "versions[0].clause.fine" for _, key, _ in probs)


def test_negative_and_inverted_bounds(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD.replace("{max: 5000}", "{min: 9000, max: 5000}")))
    assert any("下限 9000 大于上限 5000" in problem for _, _, problem in probs)
    probs = problems_of(write(tmp_path, GOOD.replace("{max: 5000}", "{max: -5}")))
    assert any(key == "versions[0].clause.fine[0].fixed.max" for _, key, _ in probs)


def test_id_must_match_file_and_area_folder(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD, name="price.other", area="食品"))
    keys = {key for _, key, _ in probs}
    assert {"id", "area"} <= keys


def test_yaml_syntax_error_names_file(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, GOOD + "  - [unclosed\n"))
    assert probs[0][0] == "catalog/价格/price.sample.yaml" and "YAML 无法解析" in probs[0][2]


def test_unknown_party_type_in_condition(tmp_path: Path) -> None:
    text = GOOD.replace("[{fixed: {max: 5000}}]", "[{when: {party_type: [robot]}, fixed: {max: 5000}}]")
    probs = problems_of(write(tmp_path, text))
    assert any(key == "versions[0].clause.fine[0].when.party_type" for _, key, _ in probs)


def test_repeal_needs_a_citation(tmp_path: Path) -> None:
    probs = problems_of(
        write(
            tmp_path,
            GOOD.replace(
                "  - valid_from: 2022-07-01", "  - valid_from: 2022-07-01\n    valid_to: 2023-01-01"
            ),
        )
    )
    assert any(key == "versions[0].valid_to_cite" for _, key, _ in probs)


def test_shipped_catalog_factors_and_profiles_load() -> None:
    catalog = load_catalog()
    assert len(catalog) >= 120
    assert {"hubei", "zhejiang"} <= set(load_profiles())
    assert "minor_corrected_no_harm" in load_factors().factors


def test_broken_factor_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_text(
        "factors:\n  - id: x\n    name: y\n    effect: 随便\n    cite: {law: 法, article: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogInvalid) as info:
        load_factors(tmp_path)
    assert info.value.problems[0].file == "factors/f.yaml"
    assert info.value.problems[0].key == "factors[0].effect"
