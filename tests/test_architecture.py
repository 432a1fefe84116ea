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
