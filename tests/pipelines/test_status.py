"""`avvik status`: the service, the folders, the last error and the warehouse, in Swedish."""

from __future__ import annotations

import subprocess
import sys

from pipelines.watch.state import ServiceLock
from pipelines.status import status_lines
from pipelines.watch.service import watch
from tests.conftest import run_avvik
from tests.pipelines.conftest import drop, good_forms, reject_files, settings_for


def test_when_home_is_new_then_status_says_nothing_has_happened(home):
    result = run_avvik("status", home=home)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[1:7] == [
        "Tjänst:    avvik watch körs inte",
        "Inkorg:    0 filer väntar",
        "Arkiv:     0 filer",
        "Avvisade:  0 filer",
        f"Databas:   {home / 'warehouse.duckdb'} (finns inte ännu)",
        "Senaste fel: –",
    ]
    assert [line.split(", nästa ")[0] for line in lines[7:]] == [
        "Schemalagd export quarter: senast –", "Schemalagd export year: senast –"]


def test_when_files_were_handled_then_status_counts_them_and_shows_the_last_error(home, processor):
    settings = settings_for(home)
    bad = [p for p in reject_files() if p.name == "tom_fil.docx"]
    drop(good_forms(3) + bad, settings.inbox)
    assert watch(settings, once=True, processor=processor) == 1
    drop(good_forms(5)[3:], settings.inbox)  # arrived after the service stopped

    lines = status_lines(settings)
    assert "Inkorg:    2 filer väntar" in lines
    assert "Arkiv:     3 filer" in lines and "Avvisade:  1 fil" in lines
    assert any(line.startswith("Tjänst:    avvik watch körs inte (senast aktiv ") for line in lines)
    database = next(line for line in lines if line.startswith("Databas:"))
    assert " MB, 3 avvikelser, senast inläst 20" in database
    assert any(line.startswith("Kopia för analytiker:") for line in lines)
    error = next(line for line in lines if line.startswith("Senaste fel:"))
    assert error.endswith("tom_fil.docx: Filen är tom (0 byte).")


def test_when_a_service_holds_the_home_then_status_says_it_runs(home):
    settings = settings_for(home)
    with ServiceLock(home):
        running = status_lines(settings)[1]
    assert running.startswith("Tjänst:    avvik watch körs (process ")
    assert status_lines(settings)[1] == "Tjänst:    avvik watch körs inte"


HOLD_FOR_WRITING = (
    "import sys, time, duckdb\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('open', flush=True)\n"
    "sys.stdin.readline()\n"
)


def test_when_the_database_is_being_written_then_status_reads_the_snapshot(home, processor):
    settings = settings_for(home)
    drop(good_forms(2), settings.inbox)
    assert watch(settings, once=True, processor=processor) == 0
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_FOR_WRITING, str(settings.db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        database = next(line for line in status_lines(settings) if line.startswith("Databas:"))
    finally:
        writer.communicate("\n", timeout=30)
    assert "(upptagen av en skrivning just nu); enligt kopian: 2 avvikelser, senast inläst 20" in database
