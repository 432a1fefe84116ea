"""`avvik summary` and `avvik review` on a real warehouse, compared with independent SQL."""

from __future__ import annotations

import duckdb

from tests.conftest import run_avvik


def test_when_summary_runs_then_its_totals_match_sql(home, sample_warehouse):
    result = run_avvik("summary", "--db", str(sample_warehouse), home=home)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    (total,) = con.execute("SELECT count(*) FROM deviations").fetchone()
    (parties,) = con.execute("SELECT count(*) FROM parties").fetchone()
    con.close()
    assert f": {total} avvikelser" in result.stdout
    assert f"parter: {parties}," in result.stdout


def test_when_review_runs_then_it_lists_exactly_the_needs_review_and_incomplete_forms(home, sample_warehouse):
    result = run_avvik("review", "--db", str(sample_warehouse), home=home)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    ids = {
        i for (i,) in con.execute(
            "SELECT id FROM deviations WHERE redaction_status = 'needs_review' OR extraction_status = 'incomplete'"
        ).fetchall()
    }
    con.close()
    listed = {
        line.split()[0] for line in result.stdout.splitlines()
        if not line.startswith((" ", "Blanketter"))
    }
    if ids:
        assert listed == ids
    else:
        assert result.stdout.strip() == "Inga blanketter behöver granskas."


def test_when_there_is_no_warehouse_yet_then_exit_2(home):
    result = run_avvik("summary", home=home)
    assert result.returncode == 2
    assert "Det finns ingen databas ännu" in result.stderr
