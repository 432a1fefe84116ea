"""The analysis views (migration 002) against independent SQL on the base tables."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.warehouse.corpus import answered_pairs, copy_cli_home, expected_warehouse, load, stored
from warehouse import Warehouse
from warehouse.migrate import available

VIEWS = (
    "v_deviations_per_month", "v_deviations_per_quarter", "v_deviations_per_year", "v_party_pairs",
    "v_party_pairs_by_category", "v_answer_status", "v_answers_overdue", "v_vastbus_escalation",
    "v_lex_heller_severity", "v_lex_heller_resolved_share",
)


@pytest.fixture(scope="module")
def con(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path = expected_warehouse(tmp_path_factory.mktemp("views") / "w.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def _one(con, sql: str, params=()):
    return con.execute(sql, list(params)).fetchone()[0]


def test_when_migrated_then_every_view_exists_and_answers(con):
    for view in VIEWS:
        con.execute(f"SELECT * FROM {view}").fetchall()
    assert [m.name for m in available()][:3] == ["initial", "views", "versions"]


def test_when_counted_per_period_then_views_match_the_base_table(con):
    total = _one(con, "SELECT count(*) FROM deviations WHERE reported_on IS NOT NULL")
    for view in ("v_deviations_per_month", "v_deviations_per_quarter", "v_deviations_per_year"):
        assert _one(con, f"SELECT sum(deviations) FROM {view}") == total
    for period, form_type, n in con.execute("SELECT period, form_type, deviations FROM v_deviations_per_quarter").fetchall():
        assert n == _one(con, "SELECT count(*) FROM deviations WHERE form_type = ? AND reported_on BETWEEN ? AND ?",
                         [form_type, *_quarter(period)])


def _quarter(period: str) -> tuple[date, date]:
    year, q = int(period[:4]), int(period[5])
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def test_when_party_pairs_are_counted_then_each_pair_of_names_counts_each_deviation_once(con):
    expected = _one(con, """
        SELECT count(*) FROM (SELECT DISTINCT d.id, r.name, c.name FROM deviations d
        JOIN parties r ON r.deviation_id = d.id AND r.role = 'reporting'
        JOIN parties c ON c.deviation_id = d.id AND c.role = 'counterpart')""")
    assert _one(con, "SELECT sum(deviations) FROM v_party_pairs") == expected
    by_category = _one(con, """
        SELECT count(*) FROM (SELECT DISTINCT d.form_type, d.id, r.category, c.category FROM deviations d
        JOIN parties r ON r.deviation_id = d.id AND r.role = 'reporting'
        JOIN parties c ON c.deviation_id = d.id AND c.role = 'counterpart')""")
    assert _one(con, "SELECT sum(deviations) FROM v_party_pairs_by_category") == by_category


def test_when_answers_are_overdue_then_bus_without_answer_and_unresolved_lex_heller_past_due_are_listed(con):
    overdue = {r[0] for r in con.execute("SELECT id FROM v_answers_overdue").fetchall()}
    bus = {r[0] for r in con.execute(
        "SELECT id FROM deviations WHERE form_type = 'bus' AND response_received_on IS NULL"
        " AND response_due_on < current_date").fetchall()}
    lex = {r[0] for r in con.execute(
        "SELECT id FROM deviations WHERE form_type = 'lex_heller' AND resolved IS NOT TRUE"
        " AND response_due_on < current_date").fetchall()}
    assert overdue == bus | lex and bus and lex
    statuses = dict(con.execute(
        "SELECT answer_status, count(*) FROM v_answer_status WHERE form_type = 'vastbus' GROUP BY 1").fetchall())
    assert list(statuses) == ["not_applicable"]


def test_when_status_is_asked_as_of_an_earlier_day_then_fewer_are_overdue(con):
    early = _one(con, "SELECT count(*) FROM answer_status_as_of(DATE '2024-06-01') WHERE answer_status = 'overdue'")
    now = _one(con, "SELECT count(*) FROM v_answers_overdue")
    assert early < now
    late = con.execute(
        "SELECT id FROM answer_status_as_of(DATE '2030-01-01') WHERE answer_status = 'answered_late'").fetchall()
    for (dev_id,) in late:
        assert _one(con, "SELECT response_received_on > response_due_on FROM deviations WHERE id = ?", [dev_id])


def test_when_lex_heller_is_summarised_then_severity_and_share_resolved_match(con):
    rows = con.execute("SELECT sum(deviations), sum(resolved), sum(not_resolved) FROM v_lex_heller_severity").fetchone()
    base = con.execute(
        "SELECT count(*), count(*) FILTER (resolved), count(*) FILTER (NOT resolved) FROM deviations"
        " WHERE form_type = 'lex_heller' AND reported_on IS NOT NULL").fetchone()
    assert rows == base
    for share, resolved, answered in con.execute(
            "SELECT share_resolved, resolved, answered FROM v_lex_heller_resolved_share").fetchall():
        assert share == (round(resolved / answered, 3) if answered else None)


def test_when_vastbus_escalation_is_counted_then_levels_add_up(con):
    assert _one(con, "SELECT sum(deviations) FROM v_vastbus_escalation") == _one(
        con, "SELECT count(*) FROM deviations WHERE form_type = 'vastbus' AND reported_on IS NOT NULL")


def test_when_the_cli_loaded_the_corpus_then_views_agree_with_the_base_tables(tmp_path):
    home = copy_cli_home(tmp_path)
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        assert _one(con, "SELECT sum(deviations) FROM v_deviations_per_quarter") == _one(
            con, "SELECT count(*) FROM deviations WHERE reported_on IS NOT NULL")
        assert _one(con, "SELECT count(*) FROM v_answer_status") == _one(con, "SELECT count(*) FROM deviations")
    finally:
        con.close()


def test_when_a_warehouse_from_before_versions_is_opened_then_it_is_migrated_and_backfilled(tmp_path):
    earlier, answered = answered_pairs()[0]
    dev = stored(earlier)
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a warehouse made by avvik before migrations 002 and 003
    con.execute(available()[0].sql)
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TIMESTAMP NOT NULL)")
    con.execute("INSERT INTO schema_version VALUES (1, 'initial', TIMESTAMP '2025-01-01 00:00:00')")
    data = dev.model_dump()
    con.execute(
        "INSERT INTO deviations (id, source_sha256, source_format, form_type, reported_on, event_type, description,"
        " response_due_on, redaction_status, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dev.id, dev.source_sha256, dev.source_format, data["form_type"], dev.reported_on, dev.event_type,
         dev.description, dev.response_due_on, data["redaction_status"], dev.ingested_at])
    for position, party in enumerate(data["parties"]):
        con.execute("INSERT INTO parties VALUES (?, ?, ?, ?, ?)",
                    [dev.id, party["role"], party["name"], party["category"], position])
    con.close()

    with Warehouse.open(path) as wh:
        assert [v["source_sha256"] for v in wh.versions(dev.id)] == [dev.source_sha256]
        merged = load(wh, [answered])  # the identity key of the old row is computed on this load
        assert merged == {stored(answered).source_sha256: dev.id}
        assert _one(wh.con, "SELECT count(*) FROM deviations") == 1
        assert _one(wh.con, "SELECT identity_key IS NOT NULL FROM deviations")
        assert [v["version"] for v in wh.versions(dev.id)] == [1, 2]
