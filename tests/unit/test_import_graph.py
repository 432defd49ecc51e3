"""The layering rule (decision 0029, issue #22) read off the import graph of src/zhifa.

Faces (web/pages, web/api) call services and import neither zhifa.store nor sqlalchemy; only the
composition roots (web/state.py, cli/common.py) build engines and units of work; the packages have no
import circles; and nothing imports a module that moved — the failure says where it went.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "zhifa"
FACES = ("zhifa.web.pages", "zhifa.web.api")
FORBIDDEN_IN_FACES = ("zhifa.store", "sqlalchemy")
COMPOSITION_ROOTS = {"zhifa.web": "zhifa.web.state", "zhifa.cli": "zhifa.cli.common"}
WIRING_CALLS = frozenset({"make_engine", "create_engine", "UnitOfWork", "make_session_factory"})
# domain/ splits one model over modules that refer back to `state.Case` for typing and rejoin its deadline
# lists lazily; it imports nothing outside itself, so those loops cannot tangle the layers.
CYCLES_ALLOWED_IN = ("zhifa.domain",)
MOVED = {
    "zhifa.services.demo_builder": "zhifa.demo.builder",
    "zhifa.services.demo_scripts": "zhifa.demo.scripts",
    "zhifa.services.demo_cases": "zhifa.demo.cases (demo_case_id, org_code: zhifa.demo.identifiers)",
    "zhifa.cli.demo.DEMO_USERS": "zhifa.demo.accounts (DEMO_USERS, DEMO_PASSWORD, load_demo)",
    "zhifa.cli.demo.DEMO_PASSWORD": "zhifa.demo.accounts",
    "zhifa.cli.demo.load_demo": "zhifa.demo.accounts.load_demo(uow_factory)",
    "zhifa.rules_check": "zhifa.law.citation_resolver (LibraryResolver, library_resolver) and "
    "zhifa.rules.service.check_rules",
    "zhifa.web.pages.inbox": "zhifa.services.workbench",
    "zhifa.web.pages.precedent_search": "zhifa.services.precedent_browse",
    "zhifa.law.importer.Pending": "zhifa.law.pending",
}


@dataclass(frozen=True)
class Import:
    """One imported name (module, or module.attribute for `from m import a`) at a line of a file."""

    name: str
    line: int


def module_name(path: Path) -> str:
    """Dotted module name of a file under src/."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the package except the migration scripts."""
    return {module_name(p): p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts}


def imports(path: Path) -> Iterator[Import]:
    """Every absolute import anywhere in the file (module level, in functions, under TYPE_CHECKING)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (Import(a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield Import(node.module, node.lineno)
            yield from (Import(f"{node.module}.{a.name}", node.lineno) for a in node.names)


def owner(name: str, known: dict[str, Path]) -> str | None:
    """The module of ours an imported name lives in (None for third-party names)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def graph() -> dict[str, set[str]]:
    """module → modules of ours it imports."""
    known = modules()
    out: dict[str, set[str]] = {}
    for mod, path in known.items():
        deps = {owner(i.name, known) for i in imports(path)}
        out[mod] = {d for d in deps if d and d != mod and not mod.startswith(d + ".")}
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_faces_import_neither_the_store_nor_sqlalchemy() -> None:
    found: dict[str, str] = {}
    for mod, path in modules().items():
        for i in imports(path) if mod.startswith(FACES) else ():
            if i.name.startswith(FORBIDDEN_IN_FACES):
                found.setdefault(f"{path.relative_to(ROOT)}:{i.line}", i.name)  # the module, before its names
    bad = [f"{where} imports {name}" for where, name in sorted(found.items())]
    assert not bad, (
        "web/pages and web/api call service functions; put the query in services/ (or the package's "
        "service.py) and call that:\n" + "\n".join(bad)
    )


def test_only_the_composition_roots_build_engines_and_units_of_work() -> None:
    bad = []
    for mod, path in modules().items():
        face = next((f for f in COMPOSITION_ROOTS if mod == f or mod.startswith(f + ".")), None)
        if face is None or mod == COMPOSITION_ROOTS[face]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in WIRING_CALLS:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {name}()")
    assert not bad, (
        "the web builds engines and units of work in web/state.py, the CLI in cli/common.py "
        "(engine_from_settings, ready_uow):\n" + "\n".join(bad)
    )


def test_no_import_circles() -> None:
    loops = [c for c in cycles(graph()) if not all(m.startswith(CYCLES_ALLOWED_IN) for m in c)]
    assert not loops, "modules that import each other (directly or round a loop):\n" + "\n".join(
        " ↔ ".join(c) for c in loops
    )


def test_the_cycle_finder_finds_a_loop_and_not_a_chain() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_nothing_imports_a_module_that_moved() -> None:
    bad = []
    for folder in ("src", "tests", "bench", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue
            for i in imports(path):
                old = next((m for m in MOVED if i.name == m or i.name.startswith(m + ".")), None)
                if old is not None:
                    bad.append(f"{path.relative_to(ROOT)}:{i.line} imports {i.name}: now {MOVED[old]}")
    assert not bad, "moved in issue #22 (see docs/decisions/0029-layering.md):\n" + "\n".join(bad)


def test_the_moved_modules_are_gone() -> None:
    known = modules()
    left = [m for m in MOVED if m in known]
    assert not left, f"still present after the move: {left}"
