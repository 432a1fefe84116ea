"""The load guarantees: all rows of a file or none, migrations run once, clean errors for bad paths."""

from __future__ import annotations

import os
from datetime import date, datetime

import duckdb
import pytest

from schema.errors import DatabaseLocationError, WarehouseBusy
from schema.models import Party, PiiFinding, StoredDeviation
from warehouse import LogEntry, Warehouse
from warehouse.migrate import available, current_version


def _deviation(sha: str, **overrides) -> StoredDeviation:
    values = dict(
        id=sha[:16], source_sha256=sha, source_format="docx", form_type="bus",
        reported_on=date(2025, 3, 5), description="SIP-möte uteblev.", redaction_status="redacted",
        ingested_at=datetime(2025, 3, 6, 10, 0),
        parties=[Party(role="reporting", name="BUP Nordväst", category="region"),
                 Party(role="counterpart", name="Socialtjänsten Järfälla", category="kommun")],
        pii_findings=[PiiFinding(field="description", entity_type="NAME", start_offset=0, end_offset=4,
                                 score=0.85, detector="name_lexicon")],
    )
    values.update(overrides)
    return StoredDeviation(**values)


def _counts(wh: Warehouse) -> tuple[int, int, int, int]:
    return tuple(
        wh.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("deviations", "parties", "pii_findings", "ingest_log")
    )


def test_when_a_form_is_loaded_then_all_its_rows_are_stored(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load([_deviation("a" * 64)], [LogEntry("x.docx", "loaded", "a" * 64, None, "a" * 16, "bus")])
        assert _counts(wh) == (1, 2, 1, 1)
        assert wh.loaded_ids(["a" * 64, "b" * 64]) == {"a" * 64: "a" * 16}


def test_when_a_load_fails_halfway_then_nothing_of_it_remains(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load([_deviation("a" * 64)], [])
        # The second form reuses the first one's sha256: the UNIQUE constraint fails after the
        # first row of the batch was inserted; the whole batch must roll back.
        with pytest.raises(duckdb.ConstraintException):
            wh.load([_deviation("c" * 64), _deviation("a" * 64, id="other")], [LogEntry("y", "loaded")])
        assert _counts(wh) == (1, 2, 1, 0)


def test_when_opened_again_then_migrations_are_not_repeated(tmp_path):
    path = tmp_path / "w.duckdb"
    with Warehouse.open(path) as wh:
        first = current_version(wh.con)
    with Warehouse.open(path) as wh:
        assert current_version(wh.con) == first == available()[-1].version
        assert wh.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(available())


def test_when_the_folder_does_not_exist_then_a_location_error(tmp_path):
    with pytest.raises(DatabaseLocationError) as raised:
        with Warehouse.open(tmp_path / "missing" / "w.duckdb"):
            pass
    assert "mappen finns inte" in raised.value.reason
    assert not (tmp_path / "missing").exists()


def test_when_the_path_is_a_folder_then_a_location_error(tmp_path):
    with pytest.raises(DatabaseLocationError):
        with Warehouse.open(tmp_path):
            pass


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_when_the_folder_is_read_only_then_a_location_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseLocationError):
            with Warehouse.open(folder / "w.duckdb"):
                pass
    finally:
        folder.chmod(0o755)


def test_when_another_process_writes_then_busy_is_raised(tmp_path):
    import subprocess
    import sys
    import time

    path = tmp_path / "w.duckdb"
    with Warehouse.open(path):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(20)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(WarehouseBusy) as raised:
            with Warehouse.open(path):
                pass
        assert raised.value.retryable
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()


def test_when_a_large_batch_is_loaded_then_every_value_round_trips(tmp_path):
    """Large batches take the bulk (file) path; they must store exactly what the small path stores."""
    many = [
        _deviation(f"{i:02x}" * 32, resolved=bool(i % 2), severity="allvarlig", form_type="lex_heller",
                   causes='Citat "inom" citat\nrad två – å ä ö', response_due_on=date(2025, 5, 4),
                   description=f"Avvikelse nummer {i}: remissen besvarades inte.")
        for i in range(60)
    ]
    with Warehouse.open(tmp_path / "bulk.duckdb") as bulk, Warehouse.open(tmp_path / "one.duckdb") as one:
        bulk.load(many, [])
        for dev in many[:3]:
            one.load([dev], [])
        query = "SELECT * EXCLUDE (identity_key) FROM deviations ORDER BY id LIMIT 3"
        assert bulk.con.execute(query).fetchall() == one.con.execute(query).fetchall()
        assert _counts(bulk)[:3] == (60, 120, 60)
        scores = bulk.con.execute("SELECT DISTINCT score FROM pii_findings").fetchall()
        assert scores == [(0.85,)]
