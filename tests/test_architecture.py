"""Data flows one way: schema is the vocabulary; ingest, anonymize and warehouse never import
each other; only pipelines knows them all."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO

LAYERS = ("schema", "ingest", "anonymize", "warehouse", "pipelines")
ALLOWED = {
    "schema": {"schema"},
    "ingest": {"schema", "ingest"},
    "anonymize": {"schema", "anonymize"},
    "warehouse": {"schema", "warehouse"},
    "pipelines": set(LAYERS),
}


def _imported_layers(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names if name.split(".")[0] in LAYERS}
    return found


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_what_it_may(layer):
    offenders = {
        str(path.relative_to(REPO)): sorted(_imported_layers(path) - ALLOWED[layer])
        for path in (REPO / layer).rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


def _module_name(path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports_within(path, prefix: str) -> set[str]:
    """Modules under `prefix` that a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(prefix)}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith(prefix):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_no_two_pipelines_modules_import_each_other():
    """Each job's modules form a tree: shared types live in a module both sides import."""
    paths = {_module_name(p): p for p in (REPO / "pipelines").rglob("*.py")}
    graph = {m: {i for i in _imports_within(p, "pipelines") if i in paths and i != m} for m, p in paths.items()}
    # packages import their own modules only to re-export them: follow modules, not __init__ files
    cycles = []

    def visit(module: str, stack: list[str]) -> None:
        for target in graph[module]:
            if target in stack:
                cycles.append(stack[stack.index(target):] + [target])
            elif len(stack) < len(graph):
                visit(target, stack + [target])

    for module in graph:
        visit(module, [module])
    assert not cycles, cycles[:3]
