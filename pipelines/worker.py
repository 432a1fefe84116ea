"""Reading and redacting one file where avvik can stop it: a worker process with limits.

A hostile or broken file (a decompression bomb, a PDF of millions of text runs, a parser
crash) must never stop `avvik watch` or `avvik ingest`. So the file is read and redacted in a
child process that holds the analyzer (loaded once per worker, not per file) and

- may use at most `limits.file_memory_mb` of memory beyond what it needs when ready
  (RLIMIT_AS, set in the child): past it an allocation fails and the file is rejected
  ("krävde för mycket minne");
- gets at most `limits.file_timeout_s` seconds per file: then the parent kills it and the file
  is rejected ("tog för lång tid").

After either, or when the worker dies (a segfault in a parser), the next file gets a fresh
worker. A file that killed a worker is tried once more in a fresh one; after the second crash it
is rejected ("kraschade två gånger"), so it never blocks the files behind it.

`LimitedProcessor` has the interface of `pipelines.process.Processor` (`process`,
`safe_name`, `rejected_outcome`), so the service and `avvik ingest` use either.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from pipelines.config import Settings
from pipelines.process import FileOutcome, Processor, display_name
from schema import errors

try:
    import resource
except ImportError:  # Windows: no address-space limit; the time limit still holds
    resource = None  # type: ignore[assignment]

MIB = 1024 * 1024
#: Starting a worker loads the analyzer (seconds); on a busy machine it may take long.
STARTUP_TIMEOUT_S = 300.0
#: A file that crashed this many workers is rejected instead of tried again.
CRASHES_BEFORE_QUARANTINE = 2
#: … and one the whole service died reading more often than this (killed, restarted by systemd).
SERVICE_DEATHS_BEFORE_QUARANTINE = 3
#: Test hook: a worker asked to read a file whose name contains this crashes (SIGSEGV).
CRASH_ON_ENV = "AVVIK_WORKER_CRASH_ON"
#: A file name is redacted in the worker too (a name is text the analyzer reads).
NAME_TIMEOUT_S = 30.0


class WorkerUnavailable(errors.AvvikError):
    reason = "Läsprocessen kunde inte startas: {why}"


class WorkerInterrupted(errors.AvvikError):
    """The service was asked to stop while a worker started or read a file: the worker is
    stopped at once and the file stays where it is (read again at the next start)."""

    reason = "Avbruten: tjänsten stoppas."
    retryable = True


class _Died(Exception):
    pass


class _TimedOut(Exception):
    pass


class _Interrupted(Exception):
    pass


class Worker:
    """One child process with a loaded analyzer; processes one request at a time."""

    def __init__(self, settings: Settings, should_stop: Callable[[], bool] | None = None) -> None:
        self.settings = settings
        self.should_stop = should_stop or (lambda: False)
        ctx = get_context("spawn")
        self._conn, child = ctx.Pipe(duplex=True)
        memory = int(settings.limits.file_memory_mb * MIB)
        self.process = ctx.Process(
            target=_worker_main, args=(child, settings.model_dump_json(), memory, os.getpid()), name="avvik-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait until the worker has loaded the analyzer (started in the background)."""
        if self.ready:
            return
        try:
            reply = self._receive(STARTUP_TIMEOUT_S)
        except _Interrupted:
            self.kill()
            raise WorkerInterrupted() from None
        except (_Died, _TimedOut) as error:
            self.kill()
            raise WorkerUnavailable(why=f"{type(error).__name__.strip('_')} (exit {self.process.exitcode})") from None
        if reply[0] != "ready":
            self.kill()
            raise WorkerUnavailable(why=str(reply[1]))
        self.ready = True

    def call(self, request: tuple, timeout: float) -> Any:
        """Send one request; its reply. Raises _TimedOut (the worker is then killed) or _Died."""
        self.wait_ready()
        try:
            self._conn.send(request)
        except (OSError, ValueError) as error:
            raise _Died() from error
        try:
            reply = self._receive(timeout)
        except _TimedOut:
            self.kill()
            raise
        except _Interrupted:
            self.kill()
            raise WorkerInterrupted() from None
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "memory":
            self.kill()
            raise MemoryError
        raise _Died()

    def _receive(self, timeout: float) -> tuple:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _TimedOut()
            if self.should_stop():
                raise _Interrupted()
            try:
                if self._conn.poll(min(left, 0.5)):
                    return self._conn.recv()
                if not self.process.is_alive() and not self._conn.poll(0):
                    raise _Died()
            except (EOFError, OSError) as error:
                self.process.join(timeout=5)
                raise _Died() from error

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # with the OCR child it may be running
            except (AttributeError, OSError):  # no group yet (or Windows): the worker alone
                self.process.kill()
        self.process.join(timeout=10)
        self._conn.close()

    def close(self) -> None:
        if self.process.is_alive():
            try:
                self._conn.send(("stop",))
            except (OSError, ValueError):
                pass
            self.process.join(timeout=5)
        self.kill()


class LimitedProcessor(Processor):
    """A Processor whose work runs in a worker process under the time and memory limits."""

    def __init__(
        self,
        settings: Settings,
        on_event=None,
        should_stop: Callable[[], bool] | None = None,
        journal: Path | None = None,
        on_reading: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(settings)
        self.should_stop = should_stop
        #: The service keeps a journal of the files being read: a file it died reading more than
        #: SERVICE_DEATHS_BEFORE_QUARANTINE times (across restarts) is set aside unread.
        self.journal = ReadingJournal(journal) if journal is not None else None
        self.on_reading = on_reading or (lambda path: None)
        self._worker: Worker | None = None
        self._closed = False
        self.crashes: dict[str, int] = {}
        #: on_event(kind, **fields): the service logs worker restarts (never file content).
        self.on_event = on_event or (lambda kind, **fields: None)

    @property
    def worker(self) -> Worker:
        if self._closed:  # closed while a thread was still using it (the run was interrupted)
            raise WorkerInterrupted()
        if self._worker is None or not self._worker.alive:
            if self._worker is not None:
                self._worker.kill()
            self._worker = Worker(self.settings, self.should_stop)
        return self._worker

    def prestart(self) -> None:
        """Start the worker now, in the background (it loads the analyzer for a few seconds)."""
        self.worker

    def _drop_worker(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def close(self, wait: bool = True) -> None:
        """Stop the worker (after its current file when `wait`, else at once)."""
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.close() if wait else worker.kill()

    def safe_name(self, name: str) -> str:
        try:
            return self.worker.call(("name", name), NAME_TIMEOUT_S)
        except (_Died, _TimedOut, MemoryError):
            self._drop_worker()
            return "(filnamnet kunde inte granskas och visas inte)"
        except WorkerInterrupted:  # stopping: the name is not needed any more
            return "(filnamnet visas inte)"

    def process(self, path: Path, sha256: str | None = None) -> FileOutcome:
        key = sha256 or str(path)
        if self.journal is None:
            return self._process(path, sha256, key)
        started = time.perf_counter()
        unfinished = self.journal.begin(key)
        try:
            self.on_reading(path)
            if unfinished > SERVICE_DEATHS_BEFORE_QUARANTINE:  # the service died reading it, again and again
                self.on_event("reading_quarantined", attempts=unfinished)
                return self._rejected(path, sha256, errors.WorkerCrashed(count=unfinished - 1), started)
            return self._process(path, sha256, key)
        finally:
            self.journal.end(key)

    def _process(self, path: Path, sha256: str | None, key: str) -> FileOutcome:
        limits = self.settings.limits
        while True:
            started = time.perf_counter()
            try:
                outcome = self.worker.call(("process", path, sha256), limits.file_timeout_s)
            except _TimedOut:
                self._worker = None
                self.on_event("worker_stopped", why="time", seconds=limits.file_timeout_s)
                error: errors.Rejected = errors.TimeLimitExceeded(limit_s=limits.file_timeout_s)
                return self._rejected(path, sha256, error, started)
            except MemoryError:
                self._worker = None
                self.on_event("worker_stopped", why="memory")
                return self._rejected(path, sha256, errors.MemoryLimitExceeded(), started)
            except _Died:
                code = self._worker.process.exitcode if self._worker else None
                self._drop_worker()
                self.crashes[key] = self.crashes.get(key, 0) + 1
                self.on_event("worker_crashed", exitcode=code, crashes=self.crashes[key])
                if self.crashes[key] >= CRASHES_BEFORE_QUARANTINE:
                    error = errors.WorkerCrashed(count=self.crashes[key])
                    return self._rejected(path, sha256, error, started)
                continue
            if any(r.kind == "MemoryLimitExceeded" for r in outcome.results):
                self._drop_worker()  # it ran out of memory: its state is not to be trusted
                self.on_event("worker_stopped", why="memory")
            return outcome

    def _rejected(self, path: Path, sha256: str | None, error: errors.Rejected, started: float) -> FileOutcome:
        outcome = self.rejected_outcome(path, sha256, error.reason, False, {"read": time.perf_counter() - started})
        outcome.results[0].kind = type(error).__name__
        return outcome


class ReadingJournal:
    """The files being read now (sha256 → how many reads were begun and never finished), in a
    small JSON file: after a restart the service knows which file it died reading. A read that
    ends in any way (loaded, rejected, interrupted by a stop) removes its entry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            self.entries: dict[str, int] = {str(k): int(v) for k, v in loaded.items()}
        except (OSError, ValueError, AttributeError, TypeError):
            self.entries = {}

    def begin(self, key: str) -> int:
        self.entries[key] = self.entries.get(key, 0) + 1
        self._save()
        return self.entries[key]

    def end(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self._save()

    def _save(self) -> None:
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self.entries), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a full disk: the journal is a safeguard, never a reason to stop


# --- the child ----------------------------------------------------------------------------


def _vm_size() -> int:
    """The process's address space now (Linux); 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _die_with_parent() -> None:
    """Linux: the worker is killed when the service dies (it must not read on alone)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Connection, settings_json: str, memory_bytes: int, parent: int) -> None:
    # Ctrl-C and systemd's SIGTERM reach the whole process group: the service decides when the
    # worker stops, not the signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:  # the service died before we got here: nothing to do
        return
    try:
        os.setpgid(0, 0)  # its own process group: killing the worker also ends a `tesseract` it runs
    except (AttributeError, OSError):
        pass
    try:
        if resource is not None:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    try:
        processor = Processor(Settings.model_validate_json(settings_json))
        processor.redactor.redact("Pojken heter Kalle.", field="description")  # load everything now
        import ingest.eml_reader  # noqa: F401  (imported on first use otherwise: after the limit is set)
        import ingest.pdf_reader  # noqa: F401
        processor.secret
        if resource is not None and memory_bytes > 0 and (base := _vm_size()):
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = base + memory_bytes
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which stops
        conn.send(("error", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", None))
    crash_on = os.environ.get(CRASH_ON_ENV, "")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if request[0] == "process":
                if crash_on and crash_on in Path(request[1]).name:
                    os.kill(os.getpid(), signal.SIGSEGV)  # test hook: a parser that crashes
                reply: tuple = ("ok", processor.process(request[1], request[2]))
            elif request[0] == "name":
                reply = ("ok", processor.safe_name(request[1]))
            else:
                return
            conn.send(reply)
        except MemoryError:
            reply = None
            try:
                conn.send(("memory",))
            finally:
                os._exit(3)
        except Exception:  # noqa: BLE001 - a bug in the worker: the parent counts a crash
            traceback.print_exc(limit=0)
            os._exit(4)
