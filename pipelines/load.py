"""Store processed files: duplicates decided at load time, one transaction per batch of whole
files (falling back to one per file), the database opened only while writing."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipelines.process import FileOutcome, FormResult
from schema.enums import IngestStatus
from schema.errors import WarehouseBusy
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
    """Load outcomes; marks forms already stored as duplicates. Mutates the results in place."""
    try:
        _store_batch(wh, outcomes)
    except WarehouseBusy:
        raise
    except Exception:
        if len(outcomes) == 1:
            _mark_unstorable(wh, outcomes[0])
            return
        for outcome in outcomes:  # find the one that fails; the others load on their own
            store(wh, [outcome])


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
    for result in outcome.results:
        if result.status == IngestStatus.LOADED:
            result.status = IngestStatus.REJECTED
            result.reason = "Blanketten kunde inte lagras i databasen (internt fel). Filen är sparad."
            result.id = None
    outcome.deviations.clear()
    wh.log([_log_entry(r) for r in outcome.results])


def _log_entry(result: FormResult) -> LogEntry:
    return LogEntry(
        file_name=result.logged_name or Path(result.file).name,
        status=result.status,
        source_sha256=result.sha256,
        reason=result.logged_reason if result.logged_reason is not None else result.reason,
        deviation_id=result.id,
        form_type=result.form_type,
    )
