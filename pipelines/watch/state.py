"""What `avvik watch` leaves in the data home for people and for `avvik status`:

- `watch.lock` — held (an OS file lock) while a watch service runs. The operating system
  releases it when the process ends in any way, even killed, so it is never stale; a second
  service on the same home refuses to start. `watch.pid` beside it holds the
  service's bare pid (its host and start time are in `logs/watch-state.json`).
- `logs/watch-YYYY-MM.jsonl` — one JSON line per file and per service event (also on stderr).
- `logs/watch-state.json` — the service's current state: waiting for the database, a folder
  it cannot write to, the last error, counts since start.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pipelines.watch.inbox import write_atomic
from schema.errors import UsageError

LOCK_NAME = "watch.lock"
PID_NAME = "watch.pid"
STATE_NAME = "watch-state.json"
SNAPSHOT_NAME = "warehouse-snapshot.duckdb"  # the analysts' copy, see pipelines.watch.service


class WatchAlreadyRunning(UsageError):
    reason = "En annan avvik watch använder redan hemmappen {home} ({who}). Stoppa den först."


def logs_folder(home: Path) -> Path:
    return home / "logs"


# --- the lock ------------------------------------------------------------------------------


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class ServiceLock:
    """The one-service-per-home lock. Use as a context manager."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> "ServiceLock":
        self.home.mkdir(parents=True, exist_ok=True)
        handle = open(self.home / LOCK_NAME, "a+b")
        if not _try_lock(handle):
            handle.close()
            raise WatchAlreadyRunning(home=self.home, who=_describe(read_pid_file(self.home)))
        self._handle = handle
        write_atomic(self.home / PID_NAME, f"{os.getpid()}\n")  # the bare pid, for kill and scripts
        return self

    def __exit__(self, *exc: object) -> None:
        (self.home / PID_NAME).unlink(missing_ok=True)
        if self._handle is not None:
            self._handle.close()  # closing releases the lock
            self._handle = None


def service_running(home: Path) -> bool:
    """True when a watch service holds this home's lock (on this machine or, on a share that
    forwards locks, another)."""
    path = home / LOCK_NAME
    if not path.exists():
        return False
    try:
        handle = open(path, "a+b")
    except OSError:
        return False
    try:
        return not _try_lock(handle)
    finally:
        handle.close()


def read_pid_file(home: Path) -> dict[str, Any]:
    """The service's pid from `watch.pid` (a bare number), with its host and start time from
    `logs/watch-state.json` when that file is the same process's."""
    try:
        text = (home / PID_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        return {}
    try:
        pid = int(text)
    except ValueError:
        try:  # written by an older avvik: JSON
            found = json.loads(text)
            return found if isinstance(found, dict) else {}
        except ValueError:
            return {}
    info: dict[str, Any] = {"pid": pid}
    state = read_state(home)
    if state.get("pid") == pid:
        info.update({k: state[k] for k in ("host", "started_at") if state.get(k)})
    return info


def _describe(info: dict[str, Any]) -> str:
    if not info:
        return "okänd process"
    host = f" på {info['host']}" if info.get("host") else ""
    started = f", startad {info['started_at'][:16]}" if info.get("started_at") else ""
    return f"process {info.get('pid')}{host}{started}"


# --- the log -------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


class EventLog:
    """One JSON object per line, to stderr and to `HOME/logs/watch-YYYY-MM.jsonl`."""

    def __init__(self, home: Path, stream: IO[str] | None = sys.stderr) -> None:
        self.folder = logs_folder(home)
        self.stream = stream

    def write(self, event: str, **fields: Any) -> dict[str, Any]:
        record = {"time": _now(), "event": event, **{k: v for k, v in fields.items() if v is not None}}
        line = json.dumps(record, ensure_ascii=False, default=str)
        if self.stream is not None:
            try:
                print(line, file=self.stream, flush=True)
            except (OSError, ValueError):  # stderr closed (a detached service): the file still has it
                pass
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.folder / f"watch-{datetime.now():%Y-%m}.jsonl", "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError:
            pass  # a full or read-only disk must not stop the service; stderr has the line
        return record


def read_log(home: Path, last: int = 200) -> list[dict[str, Any]]:
    """The last `last` lines of the newest log file (for `avvik status` and tests)."""
    folder = logs_folder(home)
    files = sorted(folder.glob("watch-*.jsonl")) if folder.is_dir() else []
    lines: list[dict[str, Any]] = []
    for path in reversed(files):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for raw in text.splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:  # a line cut short by a kill
                continue
        if len(lines) >= last:
            break
    return lines[-last:]


# --- the state -----------------------------------------------------------------------------


@dataclass
class ServiceState:
    """What `avvik status` shows about the running service. Times are ISO strings."""

    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)
    started_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    mode: str = "events"  # or "polling"
    counts: dict[str, int] = field(default_factory=dict)  # since start: loaded, duplicate, rejected, skipped
    last_file_at: str | None = None
    last_error: dict[str, str] | None = None  # at, file, reason
    waiting_for_database_since: str | None = None
    problems: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → {since, reason}
    snapshot_at: str | None = None
    stopped_at: str | None = None

    def count(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        self.last_file_at = _now()

    def error(self, file: str, reason: str) -> None:
        self.last_error = {"at": _now(), "file": file, "reason": reason}

    def problem(self, kind: str, reason: str) -> bool:
        """Record an ongoing problem; True when it is new (worth a log line)."""
        new = kind not in self.problems or self.problems[kind]["reason"] != reason
        if new:
            self.problems[kind] = {"since": _now(), "reason": reason}
            self.error("", reason)
        return new

    def solved(self, kind: str) -> bool:
        return self.problems.pop(kind, None) is not None

    def save(self, home: Path) -> None:
        self.updated_at = _now()
        try:
            logs_folder(home).mkdir(parents=True, exist_ok=True)
            write_atomic(logs_folder(home) / STATE_NAME, json.dumps(asdict(self), ensure_ascii=False, indent=1))
        except OSError:
            pass


def read_state(home: Path) -> dict[str, Any]:
    try:
        return json.loads((logs_folder(home) / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
