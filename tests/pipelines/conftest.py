"""Fixtures and helpers for the watch service tests: a processor with the real analyzer
(loaded once per session), generated forms, a service run in a thread or as a real
`avvik watch` process, and checks that every file was loaded exactly once."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from pipelines.config import Settings, load_settings
from pipelines.process import Processor
from pipelines.watch.state import read_log
from tests.conftest import AVVIK, REPO, SAMPLE_FORMS

FORMS = SAMPLE_FORMS / "forms"
REJECTS = SAMPLE_FORMS / "rejects"
EXPECTED_REJECTS = SAMPLE_FORMS / "expected_rejects"

#: Fast settings for tests: a file is complete after 0.3 s unchanged.
TEST_TOML = """
[watch]
stable_s = 0.3
poll_interval_s = 0.2
busy_retry_s = 0.3
"""


@pytest.fixture(scope="session")
def processor(tmp_path_factory) -> Processor:
    """The real processor with the analyzer built once for the session."""
    processor = Processor(load_settings(home=tmp_path_factory.mktemp("processor-home"), environ={}))
    processor.redactor  # build it now, not inside the first test's timing
    return processor


@pytest.fixture(scope="session")
def generated_forms(tmp_path_factory) -> list[Path]:
    """Distinct realistic forms (all families and layouts, .docx and .pdf) from the sample
    generator, made once per session."""
    from sample_forms.generate import generate_many

    return generate_many(tmp_path_factory.mktemp("generated"), 150, seed=5)


def good_forms(n: int | None = None) -> list[Path]:
    forms = sorted(p for p in FORMS.iterdir() if p.suffix in {".docx", ".pdf"})
    assert forms, "the sample corpus is missing"
    return forms[:n]


def reject_files() -> list[Path]:
    files = sorted(p for p in REJECTS.iterdir() if p.is_file())
    assert files, "the sample rejects are missing"
    return files


def settings_for(home: Path, **watch: object) -> Settings:
    (home / "avvik.toml").write_text(TEST_TOML, encoding="utf-8")
    settings = load_settings(home=home, environ={})
    return settings.model_copy(update={"watch": settings.watch.model_copy(update=watch)})


def drop(files: Iterable[Path], inbox: Path, rename: Callable[[Path], str] | None = None) -> list[Path]:
    inbox.mkdir(parents=True, exist_ok=True)
    out = []
    for f in files:
        target = inbox / (rename(f) if rename else f.name)
        shutil.copyfile(f, target)
        out.append(target)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> list[Path]:
    """Files a person sees in a folder (reason files and hidden temporaries excluded)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".reason.txt") and not p.name.startswith(".")
    )


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def assert_loaded_exactly_once(db: Path, good: Iterable[Path]) -> None:
    """Files in = rows out: each good file's bytes are one version of a deviation, once."""
    expected = {sha256(f) for f in good}
    versions = [sha for (sha,) in query(db, "SELECT source_sha256 FROM deviation_versions")]
    assert len(versions) == len(set(versions))
    assert set(versions) == expected
    twice = query(db, "SELECT source_sha256 FROM ingest_log WHERE status = 'loaded' GROUP BY 1 HAVING count(*) > 1")
    assert twice == []


def assert_all_moved(home: Path, good: Iterable[Path], rejects: Iterable[Path] = ()) -> None:
    """The inbox is empty; every good file is in the archive and every reject in rejected/,
    each exactly once, each reject with its reason beside it."""
    assert files_in(home / "inbox") == []
    assert sorted(p.name for p in files_in(home / "archive")) == sorted(p.name for p in good)
    rejected = files_in(home / "rejected")
    assert sorted(p.name for p in rejected) == sorted(p.name for p in rejects)
    for path in rejected:
        assert path.with_name(path.name + ".reason.txt").read_text(encoding="utf-8").strip()


def file_lines(home: Path) -> list[dict]:
    return [line for line in read_log(home, last=100_000) if line["event"] == "file"]


def wait_for(condition: Callable[[], object], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def service_thread(settings: Settings, processor: Processor, **kwargs) -> Iterator:
    """A WatchService running in a thread of this process (the analyzer already loaded)."""
    from pipelines.watch.service import WatchService

    service = WatchService(settings, processor=processor, **kwargs)
    result: dict[str, object] = {}
    thread = threading.Thread(target=lambda: result.setdefault("code", service.run()), daemon=True)
    thread.start()
    try:
        yield service
    finally:
        service.request_stop()
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert result.get("code") == 0


def avvik_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AVVIK_")}
    env["AVVIK_HOME"] = str(home)
    env.update(extra)
    return env


def start_watch(home: Path, *args: str, **env: str) -> subprocess.Popen:
    """`avvik watch` as a real process (its own analyzer, its own DuckDB connections)."""
    if not (home / "avvik.toml").exists():
        (home / "avvik.toml").write_text(TEST_TOML, encoding="utf-8")
    # stderr to a file beside the home: a pipe nobody reads would block the service when full.
    with open(home.parent / "watch-stderr.txt", "a", encoding="utf-8") as stderr:
        return subprocess.Popen(
            [str(AVVIK), "watch", *args],
            env=avvik_env(home, **env),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    """Signal the service and wait for it; if it does not stop, kill it and fail loudly."""
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"avvik watch did not stop within {timeout} s after signal {sig}") from None


@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """Make a folder refuse new entries, also for root (the immutable attribute), and restore it."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
            pytest.skip("running as root without chattr: a folder cannot be made unwritable")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = None
    try:
        probe = folder / ".probe"
        try:
            probe.touch()
            probe.unlink()
            pytest.skip("this filesystem lets us write into a read-only folder")
        except OSError:
            pass
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            folder.chmod(0o755)


def log_events(home: Path, event: str) -> list[dict]:
    return [line for line in read_log(home, last=100_000) if line["event"] == event]


def json_lines(text: str) -> list[dict]:
    out = []
    for raw in text.splitlines():
        try:
            out.append(json.loads(raw))
        except ValueError:
            continue
    return out
