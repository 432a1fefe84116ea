"""`avvik watch` as a running service: an analyst holding the database in another process,
a second service refused, `avvik status` while it runs, SIGTERM stopping it cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from tests.conftest import run_avvik
from tests.pipelines.conftest import (
    assert_loaded_exactly_once,
    drop,
    file_lines,
    files_in,
    good_forms,
    log_events,
    query,
    start_watch,
    stop,
    wait_for,
)

ANALYST = textwrap.dedent(
    """
    import sys, time, duckdb
    db, seconds = sys.argv[1], float(sys.argv[2])
    while True:  # the service may be writing right now: an analyst would simply try again
        try:
            con = duckdb.connect(db, read_only=True)
            break
        except duckdb.Error:
            time.sleep(0.05)
    print(con.execute("SELECT count(*) FROM deviations").fetchone()[0], flush=True)
    time.sleep(seconds)
    con.close()
    """
)


def test_when_an_analyst_holds_the_database_then_files_wait_and_load_once_released(home):
    first, *later = good_forms(7)
    db = home / "warehouse.duckdb"
    service = start_watch(home)
    try:
        drop([first], home / "inbox")
        wait_for(lambda: files_in(home / "archive"), timeout=30, what="the first form to be archived")

        # Another process keeps a read-only connection open for a few seconds.
        analyst = subprocess.Popen(
            [sys.executable, "-c", ANALYST, str(db), "4"], stdout=subprocess.PIPE, text=True
        )
        assert analyst.stdout.readline().strip() == "1"
        drop(later, home / "inbox")
        wait_for(lambda: log_events(home, "database_busy"), timeout=15, what="the service to say it waits")
        assert len(files_in(home / "inbox")) == len(later)  # nothing lost, nothing moved unloaded

        # Meanwhile the analysts' snapshot can be opened without disturbing anyone.
        assert query(home / "warehouse-snapshot.duckdb", "SELECT count(*) FROM deviations") == [(1,)]
        shown = run_avvik("status", home=home).stdout
        assert "avvik watch körs" in shown and "Väntar på databasen" in shown, shown
        assert "filer väntar" in shown

        # A second service on the same home is refused at once.
        second = run_avvik("watch", home=home, timeout=60)
        assert second.returncode == 2 and "En annan avvik watch" in second.stderr

        assert analyst.wait(timeout=30) == 0
        analyst.stdout.close()
        wait_for(lambda: len(files_in(home / "archive")) == 7, timeout=30, what="the waiting forms to load")
        assert log_events(home, "database_free")
    finally:
        code = stop(service, signal.SIGTERM)
    assert code == 0
    stop_line = log_events(home, "stop")[-1]
    assert stop_line["signal"] == "SIGTERM" and stop_line["waiting"] == 0
    assert [line["status"] for line in file_lines(home)] == ["loaded"] * 7
    assert_loaded_exactly_once(db, [first, *later])
    assert query(home / "warehouse-snapshot.duckdb", "SELECT count(*) FROM deviation_versions") == [(7,)]
    shown = run_avvik("status", home=home).stdout
    assert "avvik watch körs inte" in shown and "Arkiv:     7 filer" in shown


def test_when_polling_is_configured_then_files_are_found_without_file_events(home):
    (home / "avvik.toml").write_text(
        "[watch]\npolling = true\npoll_interval_s = 0.3\nstable_s = 0.3\nsnapshot = false\n", encoding="utf-8"
    )
    forms = good_forms(2)
    service = start_watch(home)
    try:
        drop(forms, home / "inbox")
        wait_for(lambda: len(files_in(home / "archive")) == 2, timeout=30, what="polling to find the files")
    finally:
        assert stop(service, signal.SIGINT) == 0  # Ctrl-C
    assert log_events(home, "start")[0]["mode"] == "polling"
    assert not (home / "warehouse-snapshot.duckdb").exists()
    assert_loaded_exactly_once(home / "warehouse.duckdb", forms)
