"""The DuckDB warehouse: open (and migrate), ask what is loaded, load one file's rows atomically.

DuckDB allows one writing process. avvik opens the file only for the time it writes
(see `Warehouse.open`), so analysts can query between loads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from schema.enums import IngestStatus
from schema.errors import DatabaseLocationError, WarehouseBusy
from schema.models import StoredDeviation
from warehouse.migrate import migrate

_DEVIATION_COLUMNS = (
    "id", "source_sha256", "source_format", "form_type", "reported_on", "event_type",
    "description", "causes", "proposed_action", "resolved", "severity", "local_group",
    "escalation_level", "response_received_on", "response_text", "improvement_actions",
    "response_due_on", "redaction_status", "ingested_at", "source_name",
)


@dataclass(frozen=True)
class LogEntry:
    """One line of `ingest_log`: a file (or an attachment of an .eml) and what became of it."""

    file_name: str  # already redacted by the caller
    status: IngestStatus
    source_sha256: str | None = None
    reason: str | None = None
    deviation_id: str | None = None
    form_type: str | None = None


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflict" in text or "could not set" in text)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file with clean, typed errors for the usual mistakes."""
    path = Path(path)
    if not path.parent.is_dir():
        raise DatabaseLocationError(path=path, why="mappen finns inte")
    if not read_only and not os.access(path.parent, os.W_OK):
        raise DatabaseLocationError(path=path, why="mappen är skrivskyddad")
    if path.exists() and not read_only and not os.access(path, os.W_OK):
        raise DatabaseLocationError(path=path, why="filen är skrivskyddad")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        if _is_lock_error(error):
            raise WarehouseBusy(why=str(error).splitlines()[0]) from error
        raise DatabaseLocationError(path=path, why=str(error).splitlines()[0]) from error


class Warehouse:
    """A connection to the warehouse file, migrated to the current schema."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator["Warehouse"]:
        """Open for writing, migrate, and close again on exit (releasing DuckDB's file lock)."""
        con = connect(path)
        try:
            migrate(con)
            yield cls(con, Path(path))
        finally:
            con.close()

    # --- questions ---------------------------------------------------------------

    def loaded_ids(self, sha256s: Iterable[str]) -> dict[str, str]:
        """sha256 → deviation id, for the given hashes that are already stored."""
        wanted = list(set(sha256s))
        if not wanted:
            return {}
        rows = self.con.execute(
            "SELECT source_sha256, id FROM deviations WHERE source_sha256 IN (SELECT unnest(?))",
            [wanted],
        ).fetchall()
        found = dict(rows)
        # A file whose forms were loaded under their own hashes (an .eml) is logged as loaded.
        rest = [s for s in wanted if s not in found]
        if rest:
            rows = self.con.execute(
                "SELECT source_sha256, any_value(deviation_id) FROM ingest_log"
                " WHERE status = 'loaded' AND source_sha256 IN (SELECT unnest(?))"
                " GROUP BY source_sha256",
                [rest],
            ).fetchall()
            found.update(rows)
        return found

    # --- writes ------------------------------------------------------------------

    def load(self, deviations: Sequence[StoredDeviation], log: Sequence[LogEntry]) -> None:
        """Store whole forms and their log lines in ONE transaction: all rows or none."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert_deviations(deviations)
            self._insert_log(log)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def log(self, entries: Sequence[LogEntry]) -> None:
        """Record files that loaded nothing (rejected, duplicate)."""
        self.load([], entries)

    def _insert_deviations(self, deviations: Sequence[StoredDeviation]) -> None:
        if not deviations:
            return
        rows, parties, findings = [], [], []
        for dev in deviations:
            data = dev.model_dump()
            rows.append([data[column] for column in _DEVIATION_COLUMNS])
            for position, party in enumerate(dev.parties):
                parties.append([dev.id, party.role, party.name, party.category, position])
            for f in dev.pii_findings:
                findings.append(
                    [dev.id, f.field, f.entity_type, f.start_offset, f.end_offset, f.score, f.detector]
                )
        _insert_many(self.con, "deviations", _DEVIATION_COLUMNS, rows)
        _insert_many(self.con, "parties", ("deviation_id", "role", "name", "category", "position"), parties)
        _insert_many(
            self.con,
            "pii_findings",
            ("deviation_id", "field", "entity_type", "start_offset", "end_offset", "score", "detector"),
            findings,
        )

    def _insert_log(self, entries: Sequence[LogEntry]) -> None:
        now = datetime.now()
        rows = [
            [now, e.file_name, e.source_sha256, str(e.status), e.reason, e.deviation_id, e.form_type]
            for e in entries
        ]
        _insert_many(
            self.con,
            "ingest_log",
            ("logged_at", "file_name", "source_sha256", "status", "reason", "deviation_id", "form_type"),
            rows,
        )


def _insert_many(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[list]) -> None:
    """One multi-row INSERT per chunk (DuckDB's executemany is a row-at-a-time loop)."""
    if not rows:
        return
    width = len(columns)
    chunk = max(1, 2000 // width)
    placeholders_row = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            + ", ".join([placeholders_row] * len(part))
        )
        con.execute(sql, [value for row in part for value in row])
