"""Shared fixtures: the repo's paths, a fresh data home, and running the real `avvik` CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_FORMS = REPO / "sample_forms"
AVVIK = Path(sys.executable).parent / "avvik"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh, empty data home."""
    home = tmp_path / "avvik-data"
    home.mkdir()
    return home


def run_avvik(*args: str, home: Path | None = None, env: dict | None = None, cwd: Path | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed `avvik` console script as a user would."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("AVVIK_")}
    if home is not None:
        full_env["AVVIK_HOME"] = str(home)
    full_env.update(env or {})
    return subprocess.run(
        [str(AVVIK), *args], capture_output=True, text=True, env=full_env, cwd=cwd or REPO, timeout=timeout
    )


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """A warehouse loaded from the shipped sample forms through the real CLI (built once)."""
    home = tmp_path_factory.mktemp("sample-home")
    result = run_avvik("ingest", str(SAMPLE_FORMS / "forms"), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home / "warehouse.duckdb"
