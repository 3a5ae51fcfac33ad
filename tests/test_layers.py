"""Layers point one way: ui/cli → services → drafting/replies/export → guardrails/backends/
store → domain. Every import of our own code (at module level, inside a function, under
TYPE_CHECKING — all of them) is read from the source with ``ast``; an import of a higher
layer, a forbidden pair, or a cycle between packages fails, naming the file and line.

A new package goes in LAYERS (one line); a module the table does not place fails too.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Highest first. A unit may import units of its own layer or below, never above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry points", ("app", "assistant", "assistant.__main__")),
    ("interfaces", ("assistant.ui", "assistant.cli")),
    ("services", ("assistant.services",)),
    ("features", ("assistant.drafting", "assistant.replies", "assistant.export", "assistant.model_review",
                  "assistant.prepare", "assistant.ads", "assistant.recovery")),
    ("adapters", ("guardrails", "assistant.backends", "assistant.store")),
    ("domain", ("assistant.brief", "assistant.catalog", "assistant.errors", "assistant.settings", "assistant.auth",
                "assistant.timeline", "assistant.files")),
]
# Pairs that share a layer but must stay apart: the store only stores, the guardrails are pure.
FORBIDDEN: list[tuple[str, str]] = [
    ("assistant.store", "guardrails"),
    ("guardrails", "assistant.backends"),
    ("guardrails", "assistant.store"),
]
# Not runtime code: the training script leaves the package for tools/ (issue 9, item 6).
NOT_RUNTIME: set[str] = set()

UNITS = sorted((u for _, units in LAYERS for u in units), key=len, reverse=True)
RANK = {u: rank for rank, (_, units) in enumerate(LAYERS) for u in units}


def unit_of(module: str) -> str | None:
    """The table entry a module belongs to (the longest prefix)."""
    return next((u for u in UNITS if module == u or module.startswith(u + ".")), None)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in ("assistant", "guardrails"):
        files += sorted((ROOT / package).rglob("*.py"))
    return [f for f in files if "migrations" not in f.parts]


def imports_of(path: Path, roots: tuple[str, ...] = ("assistant", "guardrails", "app")) -> list[tuple[str, int]]:
    """Our own modules imported by ``path`` (absolute and relative), with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names
                      if unit_of(f"{target}.{alias.name}") not in (None, unit_of(target))]
    return [(m, line) for m, line in found if m.split(".")[0] in roots]


def edges() -> list[tuple[str, str, str, int]]:
    """(importer unit, imported unit, file, line) for every import between units."""
    result = []
    for path in source_files():
        here = module_name(path)
        if here in NOT_RUNTIME:
            continue
        source = unit_of(here)
        assert source is not None, f"{path.relative_to(ROOT)}: module {here} is in no layer — add it to LAYERS"
        for target_module, line in imports_of(path):
            target = unit_of(target_module)
            assert target is not None, f"{path.relative_to(ROOT)}:{line}: {target_module} is in no layer"
            if target != source:
                result.append((source, target, str(path.relative_to(ROOT)), line))
    return result


def test_every_import_points_down_or_sideways():
    upward = [f"{file}:{line}: {src} ({LAYERS[RANK[src]][0]}) imports {dst} ({LAYERS[RANK[dst]][0]})"
              for src, dst, file, line in edges() if RANK[dst] < RANK[src]]
    assert not upward, "imports pointing up a layer:\n" + "\n".join(upward)


def test_forbidden_pairs():
    bad = [f"{file}:{line}: {src} imports {dst}" for src, dst, file, line in edges()
           if any(unit_of(src) == a and dst == b for a, b in FORBIDDEN)]
    assert not bad, "\n".join(bad)


def test_no_cycle_between_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for src, dst, file, line in edges():
        graph[src].add(dst)
        where.setdefault((src, dst), f"{file}:{line}")
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                loop = path[path.index(nxt):] + [nxt]
                cycles.append(" → ".join(loop) + "  (" + ", ".join(where[(a, b)] for a, b in zip(loop, loop[1:])) + ")")
            elif len(path) < len(UNITS):
                visit(nxt, path + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert not cycles, "import cycles:\n" + "\n".join(sorted(set(cycles)))


def test_the_table_places_modules_by_their_package():
    """The checker itself: a store module importing the services is reported."""
    assert RANK[unit_of("assistant.services.drafts")] < RANK[unit_of("assistant.store.drafts")]
    assert unit_of("assistant.store.drafts") == "assistant.store" and unit_of("assistant.storex") == "assistant"
    assert unit_of("assistant.prepare.plans") == "assistant.prepare"  # a new package, one line in LAYERS


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of the code (docstrings left out: they may mention tests/)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_runtime_code_never_reads_tests():
    offenders = []
    for path in source_files():
        if module_name(path) in NOT_RUNTIME:
            continue
        for target, line in imports_of(path, roots=("tests",)):
            if target.split(".")[0] == "tests":
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
        for line, value in _code_strings(path):
            if value == "tests" or value.startswith(("tests/", "tests\\")):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: names the tests folder ({value!r})")
    assert not offenders, offenders


def test_only_the_scanning_service_calls_the_scanner():
    """One place scans (``assistant.services.scanning``): everything else asks it."""
    callers = []
    for path in source_files():
        here = module_name(path)
        if here in NOT_RUNTIME or unit_of(here) == "guardrails" or here == "assistant.services.scanning":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("guardrails", "guardrails.scanner"):
                if any(alias.name in ("scan", "Scanner") for alias in node.names):
                    callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.Import) and any(a.name == "guardrails.scanner" for a in node.names):
                callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not callers, "scan through assistant.services.scanning instead:\n" + "\n".join(callers)
