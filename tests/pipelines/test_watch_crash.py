"""Crash safety of `avvik watch` with real SIGKILLs: whatever moment the process dies, the
next start ends with every file loaded exactly once and moved (files in = rows out).

The service kills itself at a named point when AVVIK_WATCH_KILL_AT="point:n" is set
(the n-th time it gets there); the soak test kills it from outside at random moments."""

from __future__ import annotations

import random
import shutil
import signal
import threading
import time
from pathlib import Path

from pipelines.watch.state import read_log
from tests.pipelines.conftest import (
    assert_all_moved,
    assert_loaded_exactly_once,
    files_in,
    reject_files,
    start_watch,
    stop,
)

#: (point, n): after hashing the n-th file, after processing it, after the batch is committed
#: (DuckDB still open: recovered from its WAL), after the database is closed but before any
#: move, between a reason file and its file's move, after the n-th move.
KILL_POINTS = [("processed", 4), ("stored", 1), ("loaded", 1), ("reason_written", 2), ("moved", 5), ("hashing", 3)]


def _assert_reason_files_have_their_file(rejected: Path) -> None:
    for reason in rejected.glob("*.reason.txt"):
        assert reason.with_name(reason.name.removesuffix(".reason.txt")).exists(), reason.name


def test_when_killed_at_each_point_then_a_restart_loads_every_file_exactly_once(home, generated_forms):
    rejects = reject_files()
    good, bad = [], []
    inbox = home / "inbox"
    inbox.mkdir()
    for i, (point, n) in enumerate(KILL_POINTS):
        group = generated_forms[i * 6 : (i + 1) * 6]
        group_bad = rejects[i * 2 : (i + 1) * 2]
        for f in group + group_bad:  # a new delivery before each start
            shutil.copyfile(f, inbox / f.name)
        good += group
        bad += group_bad
        proc = start_watch(home, "--once", AVVIK_WATCH_KILL_AT=f"{point}:{n}")
        code = proc.wait(timeout=60)
        assert code == -signal.SIGKILL, f"the service was not killed at {point}:{n} (exit {code})"

    proc = start_watch(home, "--once")
    assert proc.wait(timeout=60) == 1  # rejects were among the files

    assert_all_moved(home, good, bad)
    _assert_reason_files_have_their_file(home / "rejected")
    assert_loaded_exactly_once(home / "warehouse.duckdb", good)
    assert not [p for p in home.rglob("*") if ".avvik-tmp-" in p.name]


def test_soak_random_kills_while_files_arrive_then_files_in_equal_rows_out(home, generated_forms):
    """A few hundred files arrive while the service is killed (or stopped) at random moments."""
    rng = random.Random(7)
    good = list(generated_forms)  # 150 distinct forms
    copies = [(f, f"kopia {i} {f.name}") for i, f in enumerate(rng.sample(good, 60))]  # the same form again
    bad = reject_files()
    deliveries = [(f, f.name) for f in good + bad] + copies
    rng.shuffle(deliveries)
    inbox = home / "inbox"
    inbox.mkdir()
    half = len(deliveries) // 2
    for f, name in deliveries[:half]:  # a backlog waiting at the first start
        shutil.copyfile(f, inbox / name)

    def deliver_rest() -> None:
        for f, name in deliveries[half:]:
            shutil.copyfile(f, inbox / name)
            time.sleep(0.02)

    dropper = threading.Thread(target=deliver_rest)
    kills = 0
    for round_, sig in enumerate([signal.SIGKILL, signal.SIGTERM, signal.SIGKILL, signal.SIGTERM]):
        proc = start_watch(home)
        if round_ == 0:
            dropper.start()
        _wait_for_a_file_handled(home, run=round_, proc=proc)  # start-up (the worker loading the analyzer) varies with load
        time.sleep(rng.uniform(0.0, 3.0))  # then a random moment while batches are processed, stored, moved
        assert proc.poll() is None
        if sig == signal.SIGKILL:
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL
            kills += 1
        else:
            assert stop(proc, signal.SIGTERM, timeout=15) == 0  # a clean stop at a random moment
    dropper.join()
    progress = _files_handled_per_run(home)
    assert any(progress[:-1]), f"no run made progress before it was killed: {progress}"

    proc = start_watch(home, "--once")
    assert proc.wait(timeout=90) in (0, 1)  # 1 if this last run was the one to reject a file

    files_in_ = len(deliveries)
    archived, rejected = files_in(home / "archive"), files_in(home / "rejected")
    assert len(archived) + len(rejected) == files_in_
    assert_all_moved(home, [Path(name) for f, name in deliveries if f not in bad], bad)
    assert_loaded_exactly_once(home / "warehouse.duckdb", good)
    print(f"\nsoak: {files_in_} files in, {kills} kills, files handled per run {_files_handled_per_run(home)},"
          f" {len(good)} distinct forms = rows out")


def _wait_for_a_file_handled(home: Path, run: int, proc, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        progress = _files_handled_per_run(home)
        if len(progress) > run and progress[run] > 0:
            return
        if len(progress) > run and not any((home / "inbox").iterdir()):
            return  # started, and nothing is left to handle
        time.sleep(0.1)
    raise AssertionError(f"run {run} handled no file within {timeout} s while files waited")


def _files_handled_per_run(home: Path) -> list[int]:
    runs: list[int] = []
    for line in read_log(home, last=1_000_000):
        if line["event"] == "start":
            runs.append(0)
        elif line["event"] == "file" and runs:
            runs[-1] += 1
    return runs
