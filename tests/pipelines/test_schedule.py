"""Scheduled exports: due runs come from the exports log, missed runs are caught up, none
runs twice, and each exports the period that just ended."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from pipelines.config import load_settings
from pipelines.export.schedule import due_runs, period_before, run_due_exports
from schema.errors import ConfigError
from tests.warehouse.corpus import expected_warehouse
from warehouse import Warehouse


@pytest.fixture
def settings(tmp_path):
    """A warehouse of the corpus's expected records, created on 1 January 2025 (its first migration)."""
    home = tmp_path / "home"
    home.mkdir()
    settings = load_settings(home=home, environ={})
    expected_warehouse(settings.db_path)
    con = duckdb.connect(str(settings.db_path))
    con.execute("UPDATE schema_version SET applied_at = TIMESTAMP '2025-01-01 00:00:00'")
    con.close()
    return settings


def _runs(settings) -> list[tuple[str, datetime, str]]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("SELECT DISTINCT schedule, scheduled_for, period FROM exports"
                           " WHERE trigger = 'scheduled' ORDER BY 2, 1").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("kind, fire, period", [
    ("quarter", datetime(2026, 1, 5, 6), "2025Q4"),
    ("quarter", datetime(2026, 4, 5, 6), "2026Q1"),
    ("quarter", datetime(2026, 10, 5, 6), "2026Q3"),
    ("quarter", datetime(2026, 3, 31, 23), "2025Q4"),  # the quarter has not ended yet
    ("year", datetime(2026, 1, 15, 6), "2025"),
    ("month", datetime(2026, 3, 1, 6), "2026-02"),
    ("month", datetime(2026, 1, 2, 6), "2025-12"),
])
def test_when_a_run_fires_then_it_exports_the_period_that_just_ended(kind, fire, period):
    assert period_before(kind, fire).name == period


def test_when_runs_were_missed_then_each_runs_once_oldest_first(settings):
    written = run_due_exports(settings, now=datetime(2025, 7, 10, 12))
    assert _runs(settings) == [
        ("quarter", datetime(2025, 1, 5, 6), "2024Q4"),
        ("year", datetime(2025, 1, 15, 6), "2024"),
        ("quarter", datetime(2025, 4, 5, 6), "2025Q1"),
        ("quarter", datetime(2025, 7, 5, 6), "2025Q2"),
    ]
    assert {p.parent.name for p in written} == {"2024Q4", "2024", "2025Q1", "2025Q2"}
    assert all(p.exists() for p in written)

    assert run_due_exports(settings, now=datetime(2025, 7, 10, 12)) == []  # nothing twice
    assert run_due_exports(settings, now=datetime(2025, 10, 5, 5, 59)) == []  # not yet
    assert len(_runs(settings)) == 4


def test_when_the_service_was_down_for_months_then_the_missed_runs_are_caught_up_at_start(settings):
    run_due_exports(settings, now=datetime(2025, 4, 6))
    assert [r[2] for r in _runs(settings)] == ["2024Q4", "2024", "2025Q1"]
    written = run_due_exports(settings, now=datetime(2026, 1, 20, 8))  # down from April to January
    assert [r[2] for r in _runs(settings)][3:] == ["2025Q2", "2025Q3", "2025Q4", "2025"]
    assert {p.parent.name for p in written} == {"2025Q2", "2025Q3", "2025Q4", "2025"}
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM (SELECT schedule, scheduled_for FROM exports WHERE kind = 'html'"
                           " GROUP BY ALL HAVING count(*) > 1)").fetchone()[0] == 0
    finally:
        con.close()


def test_when_a_new_warehouse_starts_then_only_runs_after_its_creation_are_due(settings):
    with Warehouse.open(settings.db_path) as wh:
        assert due_runs(settings, wh.con, datetime(2025, 1, 4)) == []
        assert [r.period.name for r in due_runs(settings, wh.con, datetime(2025, 1, 5, 6))] == ["2024Q4"]


def test_when_a_manual_export_was_made_then_the_scheduled_run_still_runs(settings):
    from pipelines.export.writer import export_period

    export_period(settings, "2024Q4")
    run_due_exports(settings, now=datetime(2025, 1, 6))
    assert [r[2] for r in _runs(settings)] == ["2024Q4"]


def test_when_schedules_are_configured_then_they_are_used_and_checked(tmp_path, settings):
    (settings.home / "avvik.toml").write_text('[export]\nschedules = { month = "0 7 2 * *" }\n', encoding="utf-8")
    monthly = load_settings(home=settings.home, environ={})
    run_due_exports(monthly, now=datetime(2025, 3, 2, 8))
    assert [r[2] for r in _runs(monthly)] == ["2024-12", "2025-01", "2025-02"]

    for bad in ('{ quarter = "every quarter" }', '{ weekly = "0 6 * * 1" }'):
        (settings.home / "avvik.toml").write_text(f"[export]\nschedules = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError):
            run_due_exports(load_settings(home=settings.home, environ={}), now=datetime(2025, 6, 1))


def test_when_there_is_no_warehouse_yet_then_nothing_is_due(tmp_path):
    assert run_due_exports(load_settings(home=tmp_path, environ={}), now=datetime(2030, 1, 1)) == []
