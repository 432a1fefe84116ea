"""`avvik ingest`: ingest files and folders once. Files are not moved.

Small runs are processed in this process; large ones (a backlog) in a process pool with the
analyzer loaded once per worker, loaded into DuckDB in batches of whole files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from pipelines.config import Settings
from pipelines.files import collect_files
from pipelines.load import open_warehouse, store
from pipelines.process import FileOutcome, FormResult, Processor, file_sha256
from schema.enums import IngestStatus
from schema.errors import Rejected

#: Below this many files to process, starting worker processes costs more than it saves.
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

    processor = Processor(settings)
    todo: list[tuple[Path, str]] = []
    early: list[FileOutcome] = []
    for path, sha, error in hashed:
        if error is not None:
            early.append(processor.rejected_outcome(path, None, error.reason, error.retryable, {}))
        elif sha in known:
            result = FormResult(str(path), IngestStatus.DUPLICATE, id=known[sha], sha256=sha,
                                logged_name=processor.safe_name(path.name))
            early.append(FileOutcome(path, sha, [result]))
        else:
            todo.append((path, sha))
    if early:
        with open_warehouse(settings.db_path) as wh:
            store(wh, early)
        for outcome in early:
            emit(outcome.results)

    batch: list[FileOutcome] = []
    for outcome in _process_all(todo, settings, processor, workers):
        batch.append(outcome)
        if len(batch) >= BATCH_FILES:
            emit(_flush(settings.db_path, batch))
            batch = []
    if batch:
        emit(_flush(settings.db_path, batch))
    return report


def _flush(db_path: Path, batch: list[FileOutcome]) -> list[FormResult]:
    with open_warehouse(db_path) as wh:
        store(wh, batch)
    return [r for outcome in batch for r in outcome.results]


def _process_all(
    todo: list[tuple[Path, str]], settings: Settings, processor: Processor, workers: int | None
) -> Iterator[FileOutcome]:
    n_workers = workers if workers is not None else (settings.workers or os.cpu_count() or 1)
    if n_workers <= 1 or len(todo) < POOL_THRESHOLD:
        for path, sha in todo:
            yield processor.process(path, sha)
        return
    with ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(settings.model_dump_json(),),
    ) as pool:
        yield from pool.map(_work, todo, chunksize=8)


_worker: Processor | None = None


def _init_worker(settings_json: str) -> None:
    global _worker
    _worker = Processor(Settings.model_validate_json(settings_json))
    _worker.redactor  # build the analyzer once per worker, before the first file


def _work(item: tuple[Path, str]) -> FileOutcome:
    assert _worker is not None
    return _worker.process(*item)

