"""Store processed files: duplicates decided at load time, one transaction per batch of whole
files (falling back to one per file), the database opened only while writing."""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import duckdb

from pipelines.process import FileOutcome, FormResult
from schema.enums import IngestStatus
from schema.errors import StorageFailed, WarehouseBusy
from warehouse import LogEntry, Warehouse
from warehouse.review import erased_shas


@contextmanager
def open_warehouse(db_path: Path, wait_s: float = 60.0, retry_s: float = 0.5) -> Iterator[Warehouse]:
    """Open the warehouse, waiting while another process (an analyst) holds DuckDB's lock."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with Warehouse.open(db_path) as wh:
                yield wh
            return
        except WarehouseBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(retry_s)


def store(wh: Warehouse, outcomes: Sequence[FileOutcome]) -> None:
    """Load outcomes; marks forms already stored as duplicates. Mutates the results in place.

    A failure of the database itself (a full disk, an I/O error) stores nothing and raises
    `StorageFailed` naming the real cause: the files wait and are tried again. Only a form
    the database refuses for its content is rejected (the others of the batch load)."""
    try:
        _store_batch(wh, outcomes)
    except WarehouseBusy:
        raise
    except Exception as error:
        failure = storage_failure(error)
        if failure is not None:
            raise failure from error
        if len(outcomes) == 1:
            _mark_unstorable(wh, outcomes[0])
            return
        for outcome in outcomes:  # find the one that fails; the others load on their own
            store(wh, [outcome])


_STORAGE_WORDS = ("no space left", "disk is full", "disk full", "could not write", "i/o error", "invalidated",
                  "read-only file system", "failed to write", "cannot rollback", "fsync")


def storage_failure(error: BaseException) -> StorageFailed | None:
    """A StorageFailed naming the first cause when `error` (or what it interrupted: a failed
    ROLLBACK hides the write that failed) is the database's storage failing; else None."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    def is_storage(e: BaseException) -> bool:
        if isinstance(e, OSError):
            return True
        if isinstance(e, (duckdb.IOException, duckdb.FatalException)):
            return True
        return isinstance(e, duckdb.Error) and any(w in str(e).lower() for w in _STORAGE_WORDS)

    if not any(is_storage(e) for e in chain):
        return None
    root = chain[-1]
    text = str(root).splitlines()[0][:300] if str(root) else type(root).__name__
    full = isinstance(root, OSError) and root.errno == errno.ENOSPC or "no space left" in str(root).lower()
    why = "disken är full" if full else "lagringen gick inte att skriva"
    return StorageFailed(why=f"{why} ({type(root).__name__}: {text}). Inget av omgången lagrades")


def _store_batch(wh: Warehouse, outcomes: Sequence[FileOutcome]) -> None:
    shas = [r.sha256 for o in outcomes for r in o.results if r.status == IngestStatus.LOADED and r.sha256]
    known = wh.loaded_ids(shas)
    erased = erased_shas(wh.con, shas)  # an erased form does not come back silently
    deviations, log = [], []
    for outcome in outcomes:
        by_sha = {d.source_sha256: d for d in outcome.deviations}
        for result in outcome.results:
            if result.status == IngestStatus.LOADED:
                if result.sha256 in erased:
                    result.status = IngestStatus.REJECTED
                    result.reason = result.logged_reason = erased[result.sha256]
                    result.id = None
                elif result.sha256 in known:
                    result.status = IngestStatus.DUPLICATE
                    result.id = known[result.sha256]
                else:
                    deviations.append(by_sha[result.sha256])
                    known[result.sha256] = result.id
            log.append(_log_entry(result))
    # A form recognised as a later version of a deviation (an answered BUS form) is loaded
    # into that deviation: its result carries the deviation's id.
    merged = wh.load(deviations, log)
    for outcome in outcomes:
        for result in outcome.results:
            if result.status == IngestStatus.LOADED and result.sha256 in merged:
                result.id = merged[result.sha256]


def _mark_unstorable(wh: Warehouse, outcome: FileOutcome) -> None:
    """The database refused this file's forms: it is rejected (logged). The results change
    only once that is stored, so a failed attempt can be retried as it was."""
    marked = [
        replace(r, status=IngestStatus.REJECTED, id=None, kind="InternalError",
                reason="Blanketten kunde inte lagras i databasen (internt fel). Filen är sparad.",
                logged_reason="Blanketten kunde inte lagras i databasen (internt fel). Filen är sparad.")
        if r.status == IngestStatus.LOADED else r
        for r in outcome.results
    ]
    try:
        wh.log([_log_entry(r) for r in marked])
    except Exception as error:
        failure = storage_failure(error)
        if failure is not None:
            raise failure from error
        raise
    outcome.results[:] = marked
    outcome.deviations.clear()


def _log_entry(result: FormResult) -> LogEntry:
    return LogEntry(
        file_name=result.logged_name or Path(result.file).name,
        status=result.status,
        source_sha256=result.sha256,
        reason=result.logged_reason if result.logged_reason is not None else result.reason,
        deviation_id=result.id,
        form_type=result.form_type,
    )
