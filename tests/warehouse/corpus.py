"""Warehouses for the analysis, version and export tests, built from the sample corpus:

- `expected_warehouse(path)`: the expected records of sample_forms/expected/ loaded with
  `Warehouse.load` (fast; answered BUS pairs included, in corpus order);
- `cli_home()`: the real thing, `avvik ingest sample_forms/forms` once per test session,
  copied per test with `copy_cli_home(tmp_path)`.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from schema.models import StoredDeviation
from tests.conftest import SAMPLE_FORMS, run_avvik
from warehouse import LogEntry, Warehouse

FORMS = SAMPLE_FORMS / "forms"
EXPECTED = SAMPLE_FORMS / "expected"


@functools.cache
def expected() -> dict[str, dict]:
    """File name (or eml#attachment) → its expected JSON."""
    found = {}
    for path in sorted(EXPECTED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[path.name.removesuffix(".json")] = data
    assert found, "the sample corpus (sample_forms/expected) is missing"
    return found


def answered_pairs() -> list[tuple[str, str]]:
    """(earlier file, answered later file) for every BUS pair marked same_deviation_as."""
    return [(e["same_deviation_as"], name) for name, e in expected().items() if e.get("same_deviation_as")]


def stored(name: str, ingested_at: datetime | None = None) -> StoredDeviation:
    """The expected record of a corpus file as the warehouse would store it."""
    e = expected()[name]
    sha = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return StoredDeviation.model_validate({
        **e["record"], "id": sha[:16], "source_sha256": sha, "source_format": e.get("source_format", "docx"),
        "source_name": name, "redaction_status": "clean", "ingested_at": ingested_at or datetime(2026, 11, 1, 9, 0),
    })


def load(wh: Warehouse, names: list[str]) -> dict[str, str]:
    devs = [stored(n) for n in names]
    log = [LogEntry(n, "loaded", d.source_sha256, None, d.id, str(d.form_type)) for n, d in zip(names, devs)]
    return wh.load(devs, log)


def expected_warehouse(path: Path) -> Path:
    with Warehouse.open(path) as wh:
        load(wh, list(expected()))
    return path


@functools.cache
def cli_home() -> Path:
    """A data home with the whole sample corpus ingested by the real CLI (once per session)."""
    root = Path(tempfile.mkdtemp(prefix="avvik-corpus-"))
    atexit.register(shutil.rmtree, root, True)
    home = root / "home"
    home.mkdir()
    result = run_avvik("ingest", str(FORMS), home=home)
    assert result.returncode in (0, 1), result.stderr
    return home


def copy_cli_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(cli_home() / "warehouse.duckdb", home / "warehouse.duckdb")
    return home
