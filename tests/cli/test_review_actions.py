"""`avvik review show|done|correct|erase` through the real CLI, on a real warehouse file:
the right rows change, each action leaves an audit row without the removed text, and the
removed text is gone from the bytes of the DuckDB file and of the analysts' snapshot."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_FORMS, run_avvik

FORMS = [SAMPLE_FORMS / "forms" / name for name in (
    "Avvikelse BUS-samverkan (0).docx", "Avvikelse BUS-samverkan 2024-03-13.docx", "Avvikelse Lex Heller (14).docx",
)]


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory) -> Path:
    """Three sample forms ingested by the real CLI (once for the module)."""
    root = tmp_path_factory.mktemp("review")
    inbox = root / "in"
    inbox.mkdir()
    for form in FORMS:
        shutil.copy(form, inbox / form.name)
    home = root / "home"
    home.mkdir()
    result = run_avvik("ingest", str(inbox), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


@pytest.fixture
def home(loaded_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(loaded_home, copy)
    return copy


def _rows(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _id_of(home: Path, form_type: str) -> str:
    return _rows(home, "SELECT min(id) FROM deviations WHERE form_type = ?", [form_type])[0][0]


def _word_only_in(home: Path, dev_id: str, field: str) -> str:
    """A long word of one stored field that no other text of the warehouse holds."""
    (text,) = _rows(home, f"SELECT {field} FROM deviations WHERE id = ?", [dev_id])[0]
    others = " ".join(str(v) for row in _rows(
        home, "SELECT * EXCLUDE (" + field + ") FROM deviations UNION ALL BY NAME"
        " SELECT * FROM deviations WHERE id <> ?", [dev_id]) for v in row if v is not None)
    others += " ".join(n for (n,) in _rows(home, "SELECT name FROM parties"))
    for word in sorted(set(re.findall(r"\w{9,}", text)), key=len, reverse=True):
        if word not in others:
            return word
    raise AssertionError("no word unique to the field")


def _bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = Path(f"{path}.wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_when_a_form_is_shown_then_its_stored_texts_and_parties_are_printed(home):
    dev_id = _id_of(home, "bus")
    (description,) = _rows(home, "SELECT description FROM deviations WHERE id = ?", [dev_id])[0]
    result = run_avvik("review", "show", dev_id, home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Avvikelse {dev_id}: BUS, rapporterad ")
    assert "Beskrivning (description):" in result.stdout and "inte granskad" in result.stdout
    assert description.splitlines()[0] in result.stdout
    assert "Parter (parties):" in result.stdout


def test_when_a_finding_is_shown_then_its_tag_is_numbered_and_an_unsure_one_flagged(home):
    dev_id = _id_of(home, "bus")
    run_avvik("review", "correct", dev_id, "--field", "description",
              "--replace", _word_only_in(home, dev_id, "description"), "--by", "AB", home=home)
    shown = run_avvik("review", "show", dev_id, home=home).stdout
    assert "»[NAMN]«‹1›" in shown and "‹1› NAME säkerhet 1.00 (manual_correction)" in shown


def test_when_a_form_is_marked_done_then_who_and_when_are_recorded_and_it_leaves_the_list(home):
    dev_id = _id_of(home, "bus")
    with duckdb.connect(str(home / "warehouse.duckdb")) as con:  # make it one to review
        con.execute("UPDATE deviations SET redaction_status = 'needs_review' WHERE id = ?", [dev_id])
        con.execute("INSERT INTO pii_findings VALUES (?, 'description', 'NAME', 0, 4, 0.4, 'name_finder')", [dev_id])
    assert dev_id in run_avvik("review", home=home).stdout

    result = run_avvik("review", "done", dev_id, "--by", "KLS", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Avvikelse {dev_id} är markerad som granskad (")
    assert _rows(home, "SELECT action, deviation_id, field, done_by, note FROM review_actions") == [
        ("done", dev_id, None, "KLS", None)]
    assert _rows(home, "SELECT reviewed, reviewed_by FROM v_review_status WHERE id = ?", [dev_id]) == [(True, "KLS")]
    assert run_avvik("review", home=home).stdout.strip() == "Inga blanketter behöver granskas."
    assert "granskad " in run_avvik("review", "show", dev_id, home=home).stdout


@pytest.mark.parametrize("by", ["Anna Svensson", "ANNA", "Eva", "a", "Lena.Nilsson@skolan.se"])
def test_when_by_is_a_name_then_it_is_refused_and_nothing_is_recorded(home, by):
    result = run_avvik("review", "done", _id_of(home, "bus"), "--by", by, home=home)
    assert result.returncode == 2
    assert result.stderr.startswith("avvik: --by ska vara initialer") and len(result.stderr.splitlines()) == 1
    assert _rows(home, "SELECT count(*) FROM review_actions") == [(0,)]


@pytest.mark.parametrize("by", ["AB", "KLS", "AB2", "sekretariatet", "Handläggare"])
def test_when_by_is_initials_or_a_role_then_it_is_accepted(home, by):
    assert run_avvik("review", "done", _id_of(home, "bus"), "--by", by, home=home).returncode == 0


def test_when_the_id_is_unknown_then_one_swedish_line_and_exit_2(home):
    result = run_avvik("review", "done", "0000000000000000", "--by", "AB", home=home)
    assert result.returncode == 2
    assert result.stderr == "avvik: Det finns ingen avvikelse med id 0000000000000000. Se listan med: avvik review\n"


def test_when_a_text_is_corrected_then_it_is_gone_from_the_file_and_the_snapshot(home):
    dev_id = _id_of(home, "bus")
    missed = _word_only_in(home, dev_id, "description")
    db = home / "warehouse.duckdb"
    shutil.copy(db, home / "warehouse-snapshot.duckdb")
    assert missed.encode() in _bytes(db), "the test must be able to fail: the text is in the file before"
    (before,) = _rows(home, "SELECT description FROM deviations WHERE id = ?", [dev_id])[0]
    findings_before = _rows(home, "SELECT count(*) FROM pii_findings WHERE deviation_id = ?", [dev_id])[0][0]

    result = run_avvik("review", "correct", dev_id, "--field", "description", "--replace", missed,
                       "--tag", "NAMN", "--by", "AB", home=home)
    assert result.returncode == 0, result.stderr
    n = before.count(missed)
    (after, status) = _rows(home, "SELECT description, redaction_status FROM deviations WHERE id = ?", [dev_id])[0]
    assert after == before.replace(missed, "[NAMN]") and status == "redacted"
    assert _rows(home, "SELECT count(*) FROM pii_findings WHERE deviation_id = ? AND detector = 'manual_correction'"
                 " AND entity_type = 'NAME' AND field = 'description'", [dev_id]) == [(n,)]
    assert _rows(home, "SELECT count(*) FROM pii_findings WHERE deviation_id = ?", [dev_id])[0][0] == findings_before + n
    audit = _rows(home, "SELECT action, deviation_id, field, done_by, note FROM review_actions")
    assert [a[:4] for a in audit] == [("correct", dev_id, "description", "AB")]
    assert missed not in audit[0][4] and "[NAMN]" in audit[0][4]
    for path in (db, home / "warehouse-snapshot.duckdb"):
        assert missed.encode() not in _bytes(path), path.name
    assert not Path(f"{db}.wal").exists() or missed.encode() not in Path(f"{db}.wal").read_bytes()


def test_when_the_text_is_not_in_the_field_then_nothing_changes_and_exit_2(home):
    dev_id = _id_of(home, "bus")
    result = run_avvik("review", "correct", dev_id, "--field", "description", "--replace", "Zxqvbnm",
                       "--by", "AB", home=home)
    assert result.returncode == 2
    assert result.stderr.startswith("avvik: Texten finns inte i fältet description")
    assert _rows(home, "SELECT count(*) FROM review_actions") == [(0,)]


def test_when_a_deviation_is_erased_then_no_row_and_no_byte_of_it_is_left(home, tmp_path):
    dev_id = _id_of(home, "lex_heller")
    db = home / "warehouse.duckdb"
    shutil.copy(db, home / "warehouse-snapshot.duckdb")
    archived = home / "archive" / "2026" / "11" / FORMS[2].name
    archived.parent.mkdir(parents=True)
    shutil.copy(FORMS[2], archived)
    kept = home / "archive" / "2026" / "11" / FORMS[0].name
    shutil.copy(FORMS[0], kept)
    secret = _word_only_in(home, dev_id, "description")
    (sha, source_name) = _rows(home, "SELECT source_sha256, source_name FROM deviations WHERE id = ?", [dev_id])[0]
    assert secret.encode() in _bytes(db)
    others = _rows(home, "SELECT count(*) FROM deviations WHERE id <> ?", [dev_id])[0][0]

    result = run_avvik("review", "erase", dev_id, "--by", "sekretariatet", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Avvikelse {dev_id} är raderad: ")
    assert "1 arkiverad fil borttagen" in result.stdout
    assert not archived.exists() and kept.exists()

    for table in ("parties", "pii_findings", "deviation_versions"):
        assert _rows(home, f"SELECT count(*) FROM {table} WHERE deviation_id = ?", [dev_id]) == [(0,)], table
    assert _rows(home, "SELECT count(*) FROM deviations") == [(others,)]
    assert _rows(home, "SELECT file_name, source_sha256, status, deviation_id, form_type FROM ingest_log"
                       " WHERE deviation_id = ? OR source_sha256 = ?", [dev_id, sha]) == [
        ("(raderad)", sha, "erased", dev_id, None)]
    assert [a[:4] for a in _rows(home, "SELECT action, deviation_id, field, done_by FROM review_actions")] == [
        ("erase", dev_id, None, "sekretariatet")]
    for path in (db, home / "warehouse-snapshot.duckdb"):
        data = _bytes(path)
        assert secret.encode() not in data and source_name.encode() not in data, path.name
    with duckdb.connect(str(home / "warehouse-snapshot.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM deviations WHERE id = ?", [dev_id]).fetchone() == (0,)

    again = run_avvik("ingest", str(FORMS[2]), "--json", home=home)
    assert again.returncode == 1
    assert '"status": "rejected"' in again.stdout and "raderades ur databasen" in again.stdout
    assert _rows(home, "SELECT count(*) FROM deviations") == [(others,)]


def test_when_the_database_is_rewritten_then_the_schema_is_whole(home):
    dev_id = _id_of(home, "lex_heller")
    before = _rows(home, "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL")
    constraints = _rows(home, "SELECT table_name, constraint_type, count(*) FROM duckdb_constraints()"
                              " GROUP BY ALL ORDER BY ALL")
    assert run_avvik("review", "erase", dev_id, "--by", "AB", home=home).returncode == 0
    assert _rows(home, "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL") == before
    assert _rows(home, "SELECT table_name, constraint_type, count(*) FROM duckdb_constraints()"
                       " GROUP BY ALL ORDER BY ALL") == constraints
    assert _rows(home, "SELECT max(version) FROM schema_version")[0][0] >= 5
    assert run_avvik("summary", home=home).returncode == 0


def test_when_an_erased_form_is_dropped_in_the_inbox_again_then_the_service_rejects_it_with_the_reason(home):
    dev_id = _id_of(home, "lex_heller")
    assert run_avvik("review", "erase", dev_id, "--by", "AB", home=home).returncode == 0
    (home / "inbox").mkdir(exist_ok=True)
    shutil.copy(FORMS[2], home / "inbox" / "igen.docx")

    result = run_avvik("watch", "--once", home=home)
    assert result.returncode == 1, result.stderr
    assert (home / "rejected" / "igen.docx").exists()
    reason = next((home / "rejected").glob("igen.docx*.txt")).read_text(encoding="utf-8")
    assert "raderades ur databasen" in reason and "läses inte in igen" in reason
    assert _rows(home, "SELECT count(*) FROM deviations WHERE id = ?", [dev_id]) == [(0,)]


def test_when_a_warehouse_from_before_review_is_listed_then_it_is_migrated_first(home):
    with duckdb.connect(str(home / "warehouse.duckdb")) as con:  # as an older avvik left it
        con.execute("DROP VIEW v_answers_overdue_per_counterpart; DROP VIEW v_review_status;"
                    " DROP TABLE review_actions; ALTER TABLE deviations DROP COLUMN read_by_ocr;"
                    " DELETE FROM schema_version WHERE version >= 5")
    result = run_avvik("review", home=home)
    assert result.returncode == 0, result.stderr
    assert _rows(home, "SELECT max(version) FROM schema_version")[0][0] >= 5
    assert _rows(home, "SELECT count(*) FROM review_actions") == [(0,)]


def test_when_open_files_cannot_be_replaced_then_the_service_lock_guards_the_rewrite(home, monkeypatch):
    """The Windows way (a file DuckDB holds cannot be renamed over): close, then replace, with
    the service lock held so that no load slips in between; refused while a service runs."""
    from pipelines import review
    from pipelines.config import load_settings
    from pipelines.watch.state import ServiceLock, WatchAlreadyRunning

    monkeypatch.setattr(review, "REPLACE_OPEN_FILES", False)
    settings = load_settings(home=home, environ={})
    dev_id = _id_of(home, "lex_heller")
    secret = _word_only_in(home, dev_id, "description")
    with ServiceLock(home):
        with pytest.raises(WatchAlreadyRunning):
            review.erase_deviation(settings, dev_id, "AB")
    assert _rows(home, "SELECT count(*) FROM deviations WHERE id = ?", [dev_id]) == [(1,)]

    review.erase_deviation(settings, dev_id, "AB")
    assert _rows(home, "SELECT count(*) FROM deviations WHERE id = ?", [dev_id]) == [(0,)]
    assert secret.encode() not in _bytes(home / "warehouse.duckdb")
    assert not (home / "watch.pid").exists()
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".")) == []
