"""`deviations.extraction_status` / `extraction_notes` (migration 004) through the real CLI:
a form missing a core field is loaded 'incomplete' with its Swedish note, and `avvik review`
lists it; a complete form has NULL notes; rows of an older warehouse stay NULL (not checked)."""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

import duckdb

from sample_forms import docx_writer
from sample_forms.families import FillOptions, build_lex_heller, build_vastbus
from tests.conftest import run_avvik
from warehouse.migrate import available

MODIFIED = datetime(2025, 3, 4, 10, 30, tzinfo=timezone.utc)
NOTE = "Uppgiften ”datum för anmälan” kunde inte läsas."


def _write_forms(folder):
    folder.mkdir()
    undated = build_lex_heller(21, None, FillOptions(revision="B"))  # "Ange datum" left as it was
    dated = build_vastbus(22, date(2025, 3, 4), FillOptions(revision="A"))
    (folder / "utan datum.docx").write_bytes(docx_writer.render_docx(undated.doc, "table", random.Random(1), MODIFIED))
    (folder / "med datum.docx").write_bytes(docx_writer.render_docx(dated.doc, "plain", random.Random(2), MODIFIED))


def test_when_a_form_misses_its_date_then_it_is_loaded_incomplete_and_review_lists_it(tmp_path, home):
    _write_forms(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    result = run_avvik("ingest", str(tmp_path / "in"), "--db", str(db), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT source_name, (id, extraction_status, extraction_notes) FROM deviations").fetchall())
    con.close()
    undated_id, status, notes = rows["utan datum.docx"]
    assert (status, notes) == ("incomplete", NOTE)
    assert rows["med datum.docx"][1:] == ("complete", None)

    review = run_avvik("review", "--db", str(db), home=home)
    assert review.returncode == 0, review.stderr
    lines = review.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(undated_id))
    assert lines[at + 1].strip() == NOTE
    assert not any(line.startswith(rows["med datum.docx"][0]) for line in lines)


def test_when_an_older_warehouse_is_opened_then_its_rows_have_no_extraction_status(tmp_path, home):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)")
    for migration in available():
        if migration.version < 4:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, current_localtimestamp())", [migration.version, migration.name])
    con.execute(
        "INSERT INTO deviations (id, source_sha256, source_format, form_type, redaction_status, ingested_at)"
        " VALUES ('old', ?, 'docx', 'bus', 'clean', current_localtimestamp())",
        ["a" * 64],
    )
    con.close()
    _write_forms(tmp_path / "in")
    result = run_avvik("ingest", str(tmp_path / "in"), "--db", str(db), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(str(db), read_only=True)
    old = con.execute("SELECT extraction_status, extraction_notes FROM deviations WHERE id = 'old'").fetchone()
    statuses = {s for (s,) in con.execute("SELECT extraction_status FROM deviations WHERE id <> 'old'").fetchall()}
    (version,) = con.execute("SELECT max(version) FROM schema_version").fetchone()
    con.close()
    assert old == (None, None)
    assert statuses == {"complete", "incomplete"}
    assert version >= 4
