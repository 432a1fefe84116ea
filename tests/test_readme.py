"""The README cannot lie: its two commands exist and every SQL example runs on a real warehouse."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SQL_BLOCKS = re.findall(r"```sql\n(.*?)```", README, flags=re.S)


def test_readme_has_exactly_two_setup_commands_and_the_makefile_has_them():
    block = re.search(r"## Two commands.*?```sh\n(.*?)```", README, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_has_at_least_five_sql_questions():
    assert len(SQL_BLOCKS) >= 5


@pytest.mark.parametrize("sql", SQL_BLOCKS, ids=[f"sql{i}" for i in range(len(SQL_BLOCKS))])
def test_every_sql_example_runs_on_the_sample_warehouse(sample_warehouse, sql):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows, "every README question has an answer on the sample forms"


def test_readme_documents_every_contract_column(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_name IN ('deviations', 'parties', 'pii_findings', 'ingest_log')"
        ).fetchall()
    finally:
        con.close()
    missing = [f"{t}.{c}" for t, c in columns if f"`{c}`" not in README]
    assert not missing


def test_the_readme_duckdb_command_lists_the_sample_forms(sample_warehouse):
    import subprocess
    import sys
    from pathlib import Path

    duckdb_cli = Path(sys.executable).parent / "duckdb"
    command = re.search(r"\.venv/bin/duckdb -readonly avvik-data/warehouse\.duckdb \"(.*?)\"", README).group(1)
    result = subprocess.run([str(duckdb_cli), "-readonly", "-csv", str(sample_warehouse), command],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    families = {line.split(",")[0] for line in result.stdout.splitlines()[1:]}
    assert families == {"bus", "vastbus", "lex_heller"}
