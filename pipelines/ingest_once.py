"""`avvik ingest`: ingest files and folders once. Files are not moved.

Every file is read and redacted in a worker process under the per-file time and memory limits
(`pipelines.worker`): one worker for small runs, one per core for a backlog, each with the
analyzer loaded once. A worker that dies or is stopped is replaced and the run goes on; the
file that caused it is rejected with a Swedish reason. Outcomes are loaded into DuckDB in
batches of whole files.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.config import Settings
from pipelines.files import collect_files
from pipelines.load import open_warehouse, store
from pipelines.process import FileOutcome, FormResult, Processor, display_path, file_sha256
from pipelines.worker import LimitedProcessor
from schema.enums import IngestStatus
from schema.errors import Rejected

#: Below this many files to process, starting more than one worker costs more than it saves.
POOL_THRESHOLD = 24
BATCH_FILES = 100


@dataclass
class IngestReport:
    results: list[FormResult] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(r.status == IngestStatus.REJECTED for r in self.results) else 0

    def counts(self) -> dict[str, int]:
        counts = {str(s): 0 for s in IngestStatus}
        for r in self.results:
            counts[str(r.status)] += 1
        return counts


def ingest_paths(
    paths: Sequence[str | Path],
    settings: Settings,
    on_result: Callable[[FormResult], None] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest every file under `paths` once. Returns one result per form."""
    files = collect_files(paths)
    report = IngestReport()

    def emit(results: Iterable[FormResult]) -> None:
        for result in results:
            report.results.append(result)
            if result.detail:  # an internal error: where it happened goes to the log only
                _log_internal(settings, result)
            if on_result:
                on_result(result)

    # Hash first: a file already loaded is a duplicate without being read again.
    hashed: list[tuple[Path, str | None, Rejected | None]] = []
    for path in files:
        try:
            hashed.append((path, file_sha256(path), None))
        except Rejected as error:
            hashed.append((path, None, error))
    with open_warehouse(settings.db_path) as wh:
        known = wh.loaded_ids(sha for _, sha, _ in hashed if sha)

    processor = LimitedProcessor(settings)
    try:
        _ingest(todo_of(hashed, known, processor, settings, emit), settings, processor, workers, emit)
    finally:
        processor.close()
    return report


def todo_of(hashed, known, processor: Processor, settings: Settings, emit) -> list[tuple[Path, str]]:
    """Store what is decided without reading (unreadable, already loaded); the rest to read."""
    todo: list[tuple[Path, str]] = []
    early: list[FileOutcome] = []
    for path, sha, error in hashed:
        if error is not None:
            outcome = processor.rejected_outcome(path, None, error.reason, error.retryable, {})
            outcome.results[0].kind = type(error).__name__
            early.append(outcome)
        elif sha in known:
            result = FormResult(str(path), IngestStatus.DUPLICATE, id=known[sha], sha256=sha,
                                logged_name=processor.safe_name(path.name))
            result.file = display_path(path)
            early.append(FileOutcome(path, sha, [result]))
        else:
            todo.append((path, sha))
    if early:
        with open_warehouse(settings.db_path) as wh:
            store(wh, early)
        for outcome in early:
            emit(outcome.results)
    return todo


def _ingest(todo, settings: Settings, processor: Processor, workers: int | None, emit) -> None:
    batch: list[FileOutcome] = []
    for outcome in _process_all(todo, settings, processor, workers):
        batch.append(outcome)
        if len(batch) >= BATCH_FILES:
            emit(_flush(settings.db_path, batch))
            batch = []
    if batch:
        emit(_flush(settings.db_path, batch))


def _flush(db_path: Path, batch: list[FileOutcome]) -> list[FormResult]:
    with open_warehouse(db_path) as wh:
        store(wh, batch)
    return [r for outcome in batch for r in outcome.results]


def _process_all(
    todo: list[tuple[Path, str]], settings: Settings, processor: Processor, workers: int | None
) -> Iterator[FileOutcome]:
    """Outcomes in the order of `todo`. With several workers, each thread drives one worker
    process; a worker stopped for a file is replaced by its processor, the others go on."""
    n_workers = workers if workers is not None else (settings.workers or os.cpu_count() or 1)
    if n_workers <= 1 or len(todo) < POOL_THRESHOLD:
        for path, sha in todo:
            yield processor.process(path, sha)
        return
    free: queue.SimpleQueue[Processor] = queue.SimpleQueue()
    extra = [LimitedProcessor(settings) for _ in range(n_workers - 1)]
    for p in [processor, *extra]:
        free.put(p)

    def work(item: tuple[Path, str]) -> FileOutcome:
        p = free.get()
        try:
            return p.process(*item)
        finally:
            free.put(p)

    pool = ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="avvik-ingest")
    finished = False
    try:
        yield from pool.map(work, todo)
        finished = True
    finally:
        # Interrupted (Ctrl-C): nothing more is started and the workers are stopped at once.
        pool.shutdown(wait=finished, cancel_futures=True)
        for p in extra if finished else [processor, *extra]:
            p.close(wait=finished)


def _log_internal(settings: Settings, result: FormResult) -> None:
    from pipelines.watch.state import EventLog

    EventLog(settings.home, stream=None).write(
        "internal_error", command="ingest", file=result.logged_name, kind=result.kind, detail=result.detail
    )
