"""`avvik watch`: the inbox service a secretariat leaves running.

Each file dropped into `HOME/inbox/` is taken once it is complete (size and mtime unchanged
for `watch.stable_s`), processed like `avvik ingest` does (`pipelines.process.Processor`),
stored (`pipelines.load.store`), and only then moved: to `archive/YYYY/MM/`, or to
`rejected/` with `<file>.reason.txt` beside it.

Crash safety rests on one order — load first, then move — and on the warehouse knowing
every file by the sha256 of its bytes. Killed at any moment, the file is still in the inbox
(nothing loaded, or loaded and not yet moved) or already moved (loaded). On restart it is
processed again: already loaded → `duplicate` → archived. Nothing is lost, nothing is loaded
twice. Moves are single `os.replace` calls, reason files are written under a temporary name
and renamed into place.

The database is opened only while a batch is written; while an analyst holds it the files
wait in the inbox and the service tries again every `watch.busy_retry_s` seconds.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.config import Settings
from pipelines.watch.inbox import (
    TMP_MARK,
    Inbox,
    Signature,
    can_open,
    move_to_archive,
    move_to_rejected,
    reason_text,
    remove_stale_temporaries,
    signature,
    special_kind,
)
from pipelines.load import open_warehouse, store
from pipelines.process import FileOutcome, FormResult, Processor, display_name, file_sha256
from pipelines.worker import LimitedProcessor, WorkerInterrupted
from pipelines.watch.state import SNAPSHOT_NAME, EventLog, ServiceLock, ServiceState
from schema.enums import IngestStatus
from schema.errors import FileChanged, NotARegularFile, StorageFailed, UnreadableFile, WarehouseBusy, os_reason
from warehouse import Warehouse

#: At most this many files are processed before they are stored together (one transaction).
BATCH_FILES = 50
#: … and a batch is stored after at most this long, so a backlog shows up in the warehouse.
BATCH_MAX_S = 15.0
#: A full scan of the inbox this often even when file events arrive (events can be dropped).
SAFETY_SCAN_S = 30.0
EXPORT_EVERY_S = 60.0
MOVE_RETRY_S = 10.0
DB_ERROR_RETRY_S = 30.0
BUSY_LOG_EVERY_S = 60.0
#: A file another program keeps locked (Word, antivirus) is retried; after this long it is
#: processed anyway, and rejected as unreadable if it still cannot be read.
LOCKED_RETRY_S = 5.0
LOCKED_GIVE_UP_S = 600.0
#: `--once` gives up waiting for a busy database after this long (files stay in the inbox).
ONCE_BUSY_GIVE_UP_S = 120.0
#: The files being read now (in HOME/logs/): a file the service died reading again and again is set aside.
READING_JOURNAL = "reading.json"
#: The analysts' snapshot is refreshed after the last batch of a backlog, or this often during one.
SNAPSHOT_EVERY_S = 60.0

#: Test hook: "point" or "point:n" makes the service SIGKILL itself the n-th time it reaches
#: that point (hashing, reading, processed, stored, loaded, reason_written, moved).
KILL_AT_ENV = "AVVIK_WATCH_KILL_AT"


@dataclass
class Handled:
    """A file processed and waiting to be stored, then moved."""

    path: Path
    signature: Signature
    name: str  # after the redaction check: what the log may show
    outcome: FileOutcome
    timings: dict[str, float] = field(default_factory=dict)


class WatchService:
    """The loop. `run()` returns the exit code; `request_stop()` ends it (from any thread)."""

    def __init__(
        self,
        settings: Settings,
        processor: Processor | None = None,
        log: EventLog | None = None,
        on_checkpoint: Callable[[str, Path | None], None] | None = None,
    ) -> None:
        self.settings = settings
        self.log = log or EventLog(settings.home)
        # Files are read in a worker process under the per-file time and memory limits.
        self.processor = processor or LimitedProcessor(
            settings,
            on_event=self.log.write,
            should_stop=self._stopping,
            journal=settings.home / "logs" / READING_JOURNAL,
            on_reading=lambda path: self._checkpoint("reading", path),
        )
        self.polling = settings.watch.polling
        self.state = ServiceState(mode="polling" if self.polling else "events")
        self.inbox = Inbox(settings.inbox, settings.watch.stable_s)
        self.on_checkpoint = on_checkpoint
        # Both are safe to use from a signal handler, which may interrupt the loop anywhere
        # (a threading.Event takes a lock the interrupted loop may be holding: a deadlock).
        self.stop_event = _Flag()
        self._wakeups: queue.SimpleQueue[None] = queue.SimpleQueue()
        self.pending: list[Handled] = []  # processed, not stored yet
        self.unmoved: dict[Path, Handled] = {}  # stored, but the move failed
        self.given_up: set[Path] = set()  # --once: left in the inbox for this run
        self._locked_since: dict[Path, float] = {}
        self._names: dict[Path, str] = {}
        self._kill_at = _parse_kill_at(os.environ.get(KILL_AT_ENV, ""))
        self._hits: Counter[str] = Counter()
        self._db_retry_at = 0.0
        self._busy_since: float | None = None
        self._busy_logged_at = 0.0
        self._move_retry_at = 0.0
        self._next_export_at = 0.0
        self._last_snapshot = 0.0
        self._snapshot_dirty = False
        self._once = False
        self.stop_signal: str | None = None
        self._failed = False  # --once: something was rejected or left behind → exit code 1

    # --- the loop ---------------------------------------------------------------------------

    def _stopping(self) -> bool:
        return self.stop_event.is_set()

    def request_stop(self) -> None:
        self.stop_event.set()
        self.wake()

    def wake(self) -> None:
        self._wakeups.put(None)  # reentrant: allowed in a signal handler

    def _sleep(self, timeout: float) -> None:
        try:
            self._wakeups.get(timeout=timeout)
            while True:
                self._wakeups.get_nowait()
        except queue.Empty:
            pass

    def run(self, once: bool = False) -> int:
        self._once = once
        s = self.settings
        for folder in (s.inbox, s.archive, s.rejected):
            folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(s.archive, s.rejected)
        for tmp in s.home.glob(f".*{TMP_MARK}*"):
            tmp.unlink(missing_ok=True)
        self.log.write("start", pid=os.getpid(), mode=self.state.mode, once=once or None, inbox=str(s.inbox))
        self.processor.prestart()  # the worker loads the analyzer while the inbox is scanned
        self.state.save(s.home)
        self._run_exports()
        watcher = None if (self.polling or once) else self._start_watcher()
        try:
            self._loop()
        finally:
            self.stop_event.set()
            if self.pending:  # stopped after processing, before storing: store if the database is free now
                self._flush(final=True)
            if watcher is not None:
                watcher.join(timeout=5)
            self.processor.close()
            waiting = len(self.inbox.pending())
            self.log.write("stop", signal=self.stop_signal, waiting=waiting, counts=dict(self.state.counts))
            self.state.stopped_at = self.state.updated_at
            self.state.save(s.home)
        return 1 if (once and self._failed) else 0

    def _loop(self) -> None:
        while not self.stop_event.is_set():
            now = time.monotonic()
            self._scan(now)
            if self.unmoved and now >= self._move_retry_at:
                self._retry_moves()
            if self.pending:
                if now >= self._db_retry_at and self._flush():
                    continue
                if self._once and self._busy_since is not None and now - self._busy_since > ONCE_BUSY_GIVE_UP_S:
                    self._give_up_pending()
            else:
                ready = [p for p in self.inbox.ready(now) if p not in self.given_up]
                if ready:
                    self._process(ready[:BATCH_FILES])
                    if self.pending:
                        self._flush()
                    continue
            self._run_exports()
            self._publish_snapshot_if_idle()
            if self._once and self._once_finished():
                return
            self._sleep(self._timeout(time.monotonic()))

    def _scan(self, now: float) -> None:
        inbox = self.settings.inbox
        if not inbox.is_dir():
            try:
                inbox.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self._problem("inbox", f"Inkorgen {inbox} går inte att nå: {os_reason(error)}.")
                return
        if self.state.solved("inbox"):
            self.log.write("problem_solved", kind="inbox")
        self.inbox.scan(now)

    def _timeout(self, now: float) -> float:
        waits = [self.settings.watch.poll_interval_s if self.polling else SAFETY_SCAN_S]
        due = self.inbox.next_due(now)
        if due is not None:
            waits.append(due + 0.05)
        if self.pending:
            waits.append(self._db_retry_at - now)
        if self.unmoved:
            waits.append(self._move_retry_at - now)
        waits.append(self._next_export_at - now)
        if self._snapshot_dirty:
            waits.append(self._last_snapshot + SNAPSHOT_EVERY_S - now)
        return max(0.05, min(waits))

    def _once_finished(self) -> bool:
        waiting = [p for p, t in self.inbox.files.items() if p not in self.given_up and p not in self.unmoved]
        return not waiting and not self.pending

    # --- processing -------------------------------------------------------------------------

    def _process(self, paths: list[Path]) -> None:
        """Hash, check against the warehouse, and process up to one batch of complete files."""
        try:
            self._process_batch(paths)
        except WorkerInterrupted:
            pass  # stopping: the file being read stays in the inbox and is read at the next start

    def _process_batch(self, paths: list[Path]) -> None:
        started = time.monotonic()
        hashed: list[tuple[Path, Signature, str | None, dict[str, float]]] = []
        for path in paths:
            if self.stop_event.is_set():
                return
            if not self.inbox.unchanged(path):
                continue  # still being written: wait for it to be stable again
            special = special_kind(path)
            if special is not None:  # a link, a pipe, a device: never followed or opened
                self._reject_special(path, special)
                continue
            readable = can_open(path)
            if readable is None:
                self._skipped(path, "Filen försvann ur inkorgen innan den lästes.")
                continue
            if readable is False and not self._locked_too_long(path):
                self.inbox.back_off(path, LOCKED_RETRY_S)
                continue
            self._checkpoint("hashing", path)
            t0 = time.monotonic()
            try:
                sha: str | None = file_sha256(path)
            except FileChanged:
                self._skipped(path, "Filen försvann eller döptes om medan den lästes.")
                continue
            except UnreadableFile:
                sha = None  # the processor rejects it with the reason
            tracked = self.inbox.files[path]
            timings = {"wait": t0 - tracked.first_seen, "hash": time.monotonic() - t0}  # wait: until complete
            hashed.append((path, tracked.signature, sha, timings))

        known = self._loaded_ids([sha for _, _, sha, _ in hashed if sha])
        in_batch: set[str] = set()
        for path, sig, sha, timings in hashed:
            if self.stop_event.is_set():
                return  # the rest stay in the inbox
            if sha in in_batch and sha not in known:
                continue  # the same new bytes twice: the second is a duplicate once the first is stored
            if sha:
                in_batch.add(sha)
            name = self._safe_name(path)
            if sha in known:
                result = FormResult(str(path), IngestStatus.DUPLICATE, id=known[sha], sha256=sha, logged_name=name)
                outcome = FileOutcome(path, sha, [result])
            else:
                outcome = self.processor.process(path, sha)
                self._checkpoint("processed", path)
            if any(r.retryable for r in outcome.results) or not self.inbox.unchanged(path):
                self._skipped(path, "Filen ändrades, försvann eller döptes om medan den lästes; den läses när den är färdig.")
                self.inbox.back_off(path, max(self.settings.watch.stable_s, 1.0))
                continue
            self._locked_since.pop(path, None)
            self.pending.append(Handled(path, sig, name, outcome, {**timings, **outcome.timings}))
            if time.monotonic() - started > BATCH_MAX_S:
                return

    def _reject_special(self, path: Path, what: str) -> None:
        error = NotARegularFile(what=what)
        outcome = self.processor.rejected_outcome(path, None, error.reason, False, {})
        outcome.results[0].kind = type(error).__name__
        self.pending.append(Handled(path, self.inbox.files[path].signature, self._safe_name(path), outcome))

    def _locked_too_long(self, path: Path) -> bool:
        since = self._locked_since.setdefault(path, time.monotonic())
        return time.monotonic() - since >= LOCKED_GIVE_UP_S

    def _loaded_ids(self, shas: list[str]) -> dict[str, str]:
        """sha256 → id of what is already loaded; {} when the database cannot be opened now
        (then everything is processed and the load decides what is a duplicate)."""
        if not shas or not self.settings.db_path.exists():
            return {}
        try:
            with open_warehouse(self.settings.db_path, wait_s=0) as wh:
                return wh.loaded_ids(shas)
        except Exception:
            return {}

    def _safe_name(self, path: Path) -> str:
        if path not in self._names:
            self._names[path] = self.processor.safe_name(path.name)
        return self._names[path]

    def _skipped(self, path: Path, reason: str) -> None:
        self.state.count("skipped")
        self.log.write("file", file=self._safe_name(path), status="skipped", reason=reason)
        self._names.pop(path, None)

    # --- storing ----------------------------------------------------------------------------

    def _flush(self, final: bool = False) -> bool:
        """Store the pending batch in one transaction, then move its files. False if it waits."""
        batch = []
        for handled in self.pending:
            if signature(handled.path) == handled.signature:
                batch.append(handled)
            else:
                self._skipped(handled.path, "Filen ändrades eller försvann innan den lagrades; den läses igen om den finns kvar.")
        self.pending = batch
        if not batch:
            return True
        t0 = time.monotonic()
        try:
            with open_warehouse(self.settings.db_path, wait_s=0) as wh:
                store(wh, [h.outcome for h in batch])
                self._checkpoint("stored")
                if self.settings.watch.snapshot and not final:
                    self._maybe_snapshot(wh, batch)
        except WarehouseBusy as error:
            self._database_busy(error)
            return False
        except Exception as error:  # the database folder unwritable, a disk full, a bug: retry later
            self._database_failed(error)
            return False
        self._checkpoint("loaded")
        load_s = time.monotonic() - t0
        self._database_free()
        self.pending = []
        for handled in batch:
            handled.timings["load"] = load_s
            self._finish(handled)
        self.state.save(self.settings.home)
        return True

    def _database_busy(self, error: WarehouseBusy) -> None:
        now = time.monotonic()
        self._db_retry_at = now + self.settings.watch.busy_retry_s
        if self._busy_since is None:
            self._busy_since = now
            self.state.waiting_for_database_since = datetime.now().astimezone().isoformat(timespec="seconds")
            self.state.save(self.settings.home)
        if now - self._busy_logged_at >= BUSY_LOG_EVERY_S or self._busy_logged_at < self._busy_since:
            self._busy_logged_at = now
            self.log.write(
                "database_busy",
                waiting_files=len(self.pending),
                waited_s=round(now - self._busy_since, 1),
                reason="Databasen används av ett annat program (troligen en analytiker med en öppen anslutning). "
                f"Filerna väntar i inkorgen; avvik försöker igen var {self.settings.watch.busy_retry_s:g}:e sekund.",
                detail=error.reason,
            )

    def _database_free(self) -> None:
        if self._busy_since is not None:
            self.log.write("database_free", waited_s=round(time.monotonic() - self._busy_since, 1))
            self._busy_since = None
            self.state.waiting_for_database_since = None
        if self.state.solved("database"):
            self.log.write("problem_solved", kind="database")

    def _database_failed(self, error: Exception) -> None:
        if isinstance(error, StorageFailed):  # a full disk, an I/O error: its real cause is named
            reason = f"{error.reason}. Filerna ligger kvar i inkorgen och lagras när det går igen."
        else:
            why = getattr(error, "reason", None) or f"{type(error).__name__}: {error}"
            reason = f"Databasen kunde inte skrivas: {why} Filerna ligger kvar i inkorgen."
        self._problem("database", reason)
        # Retried soon (space may be freed any moment), at most every DB_ERROR_RETRY_S.
        self._db_retry_at = time.monotonic() + min(DB_ERROR_RETRY_S, 10 * self.settings.watch.busy_retry_s)
        if self._once:
            self._give_up_pending()

    def _give_up_pending(self) -> None:
        for handled in self.pending:
            self.given_up.add(handled.path)
        self.pending = []
        self._failed = True

    # --- moving -----------------------------------------------------------------------------

    def _finish(self, handled: Handled) -> None:
        """Move a stored file to the archive or to rejected/, and write its log line."""
        outcome, path = handled.outcome, handled.path
        now = datetime.now()
        t0 = time.monotonic()
        rejected = [r for r in outcome.results if r.status == IngestStatus.REJECTED]
        if rejected:
            status, folder = "rejected", self.settings.rejected
        elif any(r.status == IngestStatus.LOADED for r in outcome.results):
            status, folder = "loaded", self.settings.archive
        else:
            status, folder = "duplicate", self.settings.archive
        try:
            if not os.path.lexists(path):
                raise FileNotFoundError(path)
            if rejected:
                text = reason_text(display_name(path.name), [r.reason or "" for r in rejected], now)
                target = move_to_rejected(path, folder, text, checkpoint=lambda: self._checkpoint("reason_written", path))
            else:
                target = move_to_archive(path, folder, now)
        except FileNotFoundError:
            target = None  # someone took it out of the inbox after it was read; what was read is stored
        except OSError as error:
            self._move_failed(handled, folder, error)
            return
        self._checkpoint("moved", path)
        handled.timings["move"] = time.monotonic() - t0
        self.unmoved.pop(path, None)
        self.inbox.forget(path)
        self._names.pop(path, None)
        self.state.count(status)
        if rejected:
            self.state.error(handled.name, rejected[0].reason or "")
            if self._once:
                self._failed = True
        first = outcome.results[0] if len(outcome.results) == 1 else None
        self.log.write(
            "file",
            file=handled.name,
            status=status,
            id=first.id if first else None,
            form_type=first.form_type if first else None,
            reason=" ".join(r.reason or "" for r in rejected) or None,
            kind=rejected[0].kind if rejected else None,
            detail=next((r.detail for r in rejected if r.detail), None),
            forms=None if first else [
                {"id": r.id, "status": str(r.status), "form_type": r.form_type, "reason": r.reason}
                for r in outcome.results
            ],
            moved_to=_relative(target.parent, self.settings.home) if target else None,
            note=None if target else "Filen togs bort ur inkorgen efter att den lästs; den är lagrad.",
            timings={k: round(v, 4) for k, v in handled.timings.items()},
        )

    def _move_failed(self, handled: Handled, folder: Path, error: OSError) -> None:
        self.unmoved[handled.path] = handled
        self.inbox.hold(handled.path)
        self._move_retry_at = time.monotonic() + MOVE_RETRY_S
        if self._once:
            self.given_up.add(handled.path)
            self._failed = True
        reason = (
            f"Mappen {folder} går inte att skriva till ({os_reason(error)}). "
            "Filerna ligger kvar i inkorgen och flyttas när det går igen."
        )
        self._problem("move", reason, file=handled.name)

    def _retry_moves(self) -> None:
        self._move_retry_at = time.monotonic() + MOVE_RETRY_S
        for path, handled in list(self.unmoved.items()):
            if signature(path) != handled.signature:  # changed or gone: it is a new file now
                del self.unmoved[path]
                self.inbox.hold(path, False)
                continue
            self._finish(handled)
        if not self.unmoved and self.state.solved("move"):
            self.log.write("problem_solved", kind="move")
            self.state.save(self.settings.home)

    def _problem(self, kind: str, reason: str, **fields: object) -> None:
        if self.state.problem(kind, reason):
            self.log.write("problem", kind=kind, reason=reason, **fields)
            self.state.save(self.settings.home)

    # --- snapshots and exports ----------------------------------------------------------------

    def _maybe_snapshot(self, wh: Warehouse, batch: list[Handled]) -> None:
        if not any(r.status == IngestStatus.LOADED for h in batch for r in h.outcome.results):
            return
        self._snapshot_dirty = True
        in_batch = {h.path for h in batch}
        last_of_backlog = not [p for p in self.inbox.ready(time.monotonic()) if p not in in_batch]
        if last_of_backlog or time.monotonic() - self._last_snapshot >= SNAPSHOT_EVERY_S:
            self._publish_snapshot(wh)

    def _publish_snapshot_if_idle(self) -> None:
        if not (self._snapshot_dirty and self.settings.watch.snapshot):
            return
        if time.monotonic() - self._last_snapshot < SNAPSHOT_EVERY_S:
            return
        try:
            with open_warehouse(self.settings.db_path, wait_s=0) as wh:
                self._publish_snapshot(wh)
        except Exception:
            self._last_snapshot = time.monotonic()  # try again in a while

    def _publish_snapshot(self, wh: Warehouse) -> None:
        """Copy the warehouse to HOME/warehouse-snapshot.duckdb (a whole new file renamed into
        place), for analysts who keep a session open for long."""
        home = self.settings.home
        final = home / SNAPSHOT_NAME
        tmp = home / f".{SNAPSHOT_NAME}{TMP_MARK}{os.getpid()}"
        self._last_snapshot = time.monotonic()
        try:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)
            (catalog,) = wh.con.execute("SELECT current_database()").fetchone()
            quoted = str(tmp).replace("'", "''")
            wh.con.execute(f"ATTACH '{quoted}' AS avvik_snapshot")
            try:
                wh.con.execute(f'COPY FROM DATABASE "{catalog}" TO avvik_snapshot')
            finally:
                wh.con.execute("DETACH avvik_snapshot")
            os.replace(tmp, final)
        except Exception as error:
            self._problem("snapshot", f"Kopian för analytiker ({final.name}) kunde inte uppdateras: {error}")
            return
        finally:
            tmp.unlink(missing_ok=True)
        self._snapshot_dirty = False
        self.state.snapshot_at = datetime.now().astimezone().isoformat(timespec="seconds")
        if self.state.solved("snapshot"):
            self.log.write("problem_solved", kind="snapshot")

    def _run_exports(self) -> None:
        """Run scheduled exports that are due (or were missed). A failure is logged, never fatal."""
        now = time.monotonic()
        if now < self._next_export_at:
            return
        self._next_export_at = now + EXPORT_EVERY_S
        if not self._database_free_now():
            return  # an analyst holds it: exports would wait inside the loop; try in a minute
        from pipelines.export.schedule import run_due_exports  # heavy (reports): not before signals are handled

        try:
            written = run_due_exports(self.settings)
        except Exception as error:
            reason = getattr(error, "reason", None) or f"{type(error).__name__}: {error}"
            self._problem("export", f"En schemalagd export misslyckades: {reason}")
            return
        for path in written or []:
            self.log.write("export", path=_relative(Path(path), self.settings.home))
        if self.state.solved("export"):
            self.log.write("problem_solved", kind="export")
            self.state.save(self.settings.home)

    def _database_free_now(self) -> bool:
        if not self.settings.db_path.exists():
            return True
        try:
            with open_warehouse(self.settings.db_path, wait_s=0):
                return True
        except WarehouseBusy:
            return False
        except Exception:
            return True  # let the export report what is wrong

    # --- file events ----------------------------------------------------------------------------

    def _start_watcher(self) -> threading.Thread:
        def run() -> None:
            try:
                import watchfiles

                for _changes in watchfiles.watch(
                    self.settings.inbox,
                    watch_filter=None,
                    debounce=500,
                    step=50,
                    stop_event=self.stop_event,
                    raise_interrupt=False,
                    ignore_permission_denied=True,
                ):
                    self.wake()
            except Exception as error:  # e.g. the inbox was removed: fall back to polling
                if not self.stop_event.is_set():
                    self.polling = True
                    self.state.mode = "polling"
                    self.log.write("events_unavailable", reason=f"Filhändelser kan inte tas emot ({error}); avvik söker igenom inkorgen med jämna mellanrum i stället.")
                    self.wake()

        thread = threading.Thread(target=run, name="avvik-inbox-events", daemon=True)
        thread.start()
        return thread

    # --- test hook ------------------------------------------------------------------------------

    def _checkpoint(self, point: str, path: Path | None = None) -> None:
        if self.on_checkpoint is not None:
            self.on_checkpoint(point, path)
        if self._kill_at and self._kill_at[0] == point:
            self._hits[point] += 1
            if self._hits[point] >= self._kill_at[1]:
                os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
                time.sleep(10)  # SIGKILL is delivered before this returns


class _Flag:
    """A stop flag without a lock (set from a signal handler; watchfiles polls `is_set`)."""

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set


def _parse_kill_at(value: str) -> tuple[str, int] | None:
    if not value:
        return None
    point, _, n = value.partition(":")
    return point, int(n or 1)


def _relative(path: Path, home: Path) -> str:
    try:
        return path.relative_to(home).as_posix()
    except ValueError:
        return str(path)


@contextmanager
def _stop_on_signals(service: WatchService) -> Iterator[None]:
    """Ctrl-C and SIGTERM (systemd, NSSM) ask the loop to stop after the current file;
    a second Ctrl-C interrupts at once (safe too: see the module docstring)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ["SIGINT", "SIGTERM", "SIGBREAK"]
    signals = [getattr(signal, n) for n in names if hasattr(signal, n)]

    def handler(signum: int, frame: object) -> None:  # no I/O here: it may interrupt a write
        if service.stop_event.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        service.stop_signal = signal.Signals(signum).name
        service.request_stop()

    previous = {s: signal.signal(s, handler) for s in signals}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def watch(settings: Settings, once: bool = False, *, processor: Processor | None = None) -> int:
    """Run the inbox service until stopped (or, with `once`, until the inbox is empty)."""
    with ServiceLock(settings.home):
        service = WatchService(settings, processor=processor)
        with _stop_on_signals(service):
            return service.run(once=once)
