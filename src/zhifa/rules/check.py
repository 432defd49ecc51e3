"""Validate the catalog against the law library: every citation resolves, every figure is in the text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from zhifa.rules.check_logic import check_conditions, check_redirects, check_version
from zhifa.rules.factors import FactorSet
from zhifa.rules.loader import Catalog
from zhifa.rules.models import Cite, Entry, EntryVersion
from zhifa.rules.numerals import numbers_in
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import RulesProfile
from zhifa.rules.yamlio import Problem


def _dates(version: EntryVersion, today: date) -> list[date]:
    """The version's first day and its last day up to today (a law changed in between shows up)."""
    end = version.valid_to if version.valid_to is not None else today
    days = [version.valid_from]
    if end > version.valid_from:
        days.append(end)
    return days


def _resolve(resolver: ArticleResolver, cite: Cite, day: date) -> str | None:
    found = resolver.resolve(cite.law, cite.article, cite.paragraph, cite.item, day)
    return found.text if found is not None else None


def _check_version(
    entry: Entry, i: int, version: EntryVersion, resolver: ArticleResolver, today: date
) -> Iterable[Problem]:
    file = entry.source_file or entry.id
    key = f"versions[{i}]"
    days = _dates(version, today)
    cites: list[tuple[str, Cite]] = [(f"{key}.violated[{j}]", c) for j, c in enumerate(version.violated)]
    cites += [(f"{key}.basis[{j}]", c) for j, c in enumerate(version.basis)]
    cites.append((f"{key}.clause.cite", version.clause.cite))
    for name, cite in cites:
        for day in days:
            if _resolve(resolver, cite, day) is None:
                yield Problem(file, name, f"{cite.label()} 在 {day} 施行的法规库文本中找不到")
    # 移送 is judged under the criminal law in force when the case is decided: the current text only
    # (the law library holds the consolidated current text of 刑法, not its past versions).
    if version.criminal is not None and _resolve(resolver, version.criminal.cite, today) is None:
        crim_cite = version.criminal.cite
        yield Problem(
            file, f"{key}.criminal.cite", f"{crim_cite.label()} 在 {today} 施行的法规库文本中找不到"
        )
    if (
        version.valid_from_cite is not None
        and _resolve(resolver, version.valid_from_cite, version.valid_from) is None
    ):
        yield Problem(file, f"{key}.valid_from_cite", f"{version.valid_from_cite.label()} 无法解析")
    if version.valid_to_cite is not None and version.valid_to is not None:
        after = version.valid_to + timedelta(days=1)
        if _resolve(resolver, version.valid_to_cite, after) is None:
            yield Problem(
                file, f"{key}.valid_to_cite", f"{version.valid_to_cite.label()} 在 {after} 无法解析"
            )
    for j, rule in enumerate(version.clause.fine):
        for day in days:
            text = _resolve(resolver, rule.cite, day)
            if text is None:
                yield Problem(file, f"{key}.clause.fine[{j}].cite", f"{rule.cite.label()} 在 {day} 无法解析")
                continue
            present = numbers_in(text)
            for figure in rule.figures():
                if figure.normalize() not in present:
                    yield Problem(
                        file,
                        f"{key}.clause.fine[{j}]",
                        f"数字 {figure} 未出现在 {rule.cite.label()}（{day} 施行文本）中",
                    )
    crim = version.criminal
    if crim is not None and crim.amount is not None:
        text = _resolve(resolver, crim.cite, today)
        if text is not None and crim.amount.normalize() not in numbers_in(text):
            yield Problem(
                file, f"{key}.criminal.amount", f"数字 {crim.amount} 未出现在 {crim.cite.label()} 中"
            )


def check_logic(entry: Entry, resolver: ArticleResolver, today: date) -> list[Problem]:
    """The logic check of every version against each clause text the version spans (deduplicated)."""
    found: list[Problem] = []
    for i, version in enumerate(entry.versions):
        for day in _dates(version, today):
            text = _resolve(resolver, version.clause.cite, day)
            if text is None:
                continue
            for problem in check_version(entry, f"versions[{i}]", version, text):
                if problem not in found:
                    found.append(problem)
            for problem in check_redirects(
                entry, f"versions[{i}]", version, _paragraphs(resolver, version, day)
            ):
                if problem not in found:
                    found.append(problem)
    return found


def _paragraphs(resolver: ArticleResolver, version: EntryVersion, day: date) -> dict[int, str]:
    """The paragraphs (款) of the penalty article, by number, as in force on day."""
    cite = version.clause.cite
    out: dict[int, str] = {}
    for number in range(1, 10):
        found = resolver.resolve(cite.law, cite.article, number, None, day)
        if found is None:
            break
        out[number] = found.text
    return out


def check_catalog(
    catalog: Catalog,
    factors: FactorSet,
    profiles: Mapping[str, RulesProfile],
    resolver: ArticleResolver,
    today: date,
) -> list[Problem]:
    """Every problem found (empty list = the catalog is consistent with the law library)."""
    problems: list[Problem] = []
    for entry in catalog.entries.values():
        for i, version in enumerate(entry.versions):
            problems.extend(_check_version(entry, i, version, resolver, today))
        problems.extend(check_logic(entry, resolver, today))
        problems.extend(check_conditions(entry, factors))
    for factor in factors.factors.values():
        if _resolve(resolver, factor.cite, today) is None:
            problems.append(Problem("factors", f"{factor.id}.cite", f"{factor.cite.label()} 无法解析"))
    for code, profile in profiles.items():
        sources = [
            ("tiers", profile.tiers_source),
            ("reduction", profile.reduction_source),
            ("hearing", profile.hearing.source),
            ("summary_procedure", profile.summary.source),
            ("publicity", profile.publicity.source),
        ]
        sources += [(f"first_violation[{i}]", lst.source) for i, lst in enumerate(profile.first_violation)]
        for key, source in sources:
            if source.cite is not None and _resolve(resolver, source.cite, today) is None:
                problems.append(
                    Problem(f"profiles/{code}.yaml", f"{key}.source.cite", f"{source.cite.label()} 无法解析")
                )
        for lst in profile.first_violation:
            for type_id in lst.items:
                if type_id not in catalog.entries:
                    problems.append(
                        Problem(f"profiles/{code}.yaml", "first_violation", f"清单引用了未知条目 {type_id}")
                    )
    return problems
