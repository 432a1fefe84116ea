"""The views of migration 005 against independent SQL on the base tables."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from tests.warehouse.corpus import expected_warehouse


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return expected_warehouse(tmp_path_factory.mktemp("review-views") / "w.duckdb")


def test_when_overdue_answers_are_counted_per_counterpart_then_each_counterpart_counts_once_per_deviation(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        per_view = dict(con.execute(
            "SELECT counterpart, count(*) FROM v_answers_overdue_per_counterpart GROUP BY 1").fetchall())
        truth = dict(con.execute(
            "SELECT p.name, count(*) FROM v_answer_status s JOIN parties p ON p.deviation_id = s.id"
            " AND p.role = 'counterpart' WHERE s.answer_status = 'overdue' GROUP BY 1").fetchall())
        without = con.execute(
            "SELECT count(*) FROM v_answers_overdue o WHERE o.counterparts IS NULL").fetchone()[0]
        joined = con.execute("SELECT count(*) FROM v_answers_overdue WHERE counterparts LIKE '%; %'").fetchone()[0]
    finally:
        con.close()
    assert joined > 0, "the corpus must have overdue forms with several counterparts for this test to mean much"
    assert {k: v for k, v in per_view.items() if k is not None} == truth
    assert per_view.get(None, 0) == without
    assert not any(";" in name for name in truth)


def test_when_a_review_is_recorded_before_a_later_version_then_the_form_is_no_longer_reviewed(db, tmp_path):
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(db.read_bytes())
    con = duckdb.connect(str(copy))
    try:
        dev_id, last_file = con.execute(
            "SELECT deviation_id, max(ingested_at) FROM deviation_versions GROUP BY 1 ORDER BY 1 LIMIT 1").fetchone()
        con.execute("INSERT INTO review_actions VALUES ('done', ?, NULL, 'AB', ?, NULL)", [dev_id, last_file])
        assert con.execute("SELECT reviewed, reviewed_by FROM v_review_status WHERE id = ?",
                           [dev_id]).fetchone() == (True, "AB")
        con.execute("UPDATE deviation_versions SET ingested_at = ? WHERE deviation_id = ?",
                    [datetime(2099, 1, 1), dev_id])
        assert con.execute("SELECT reviewed FROM v_review_status WHERE id = ?", [dev_id]).fetchone() == (False,)
        (others,) = con.execute("SELECT count(*) FROM v_review_status WHERE reviewed AND id <> ?", [dev_id]).fetchone()
        assert others == 0
    finally:
        con.close()
