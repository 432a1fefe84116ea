"""The DuckDB warehouse: open (and migrate), ask what is loaded, load one file's rows atomically.

DuckDB allows one writing process. avvik opens the file only for the time it writes
(see `Warehouse.open`), so analysts can query between loads.

A file whose reporting sections match a stored deviation (`schema.identity`) is another
version of it — typically a BUS form returned with the answer filled in. It updates that
deviation (`warehouse.versions.merge`) and adds a row to `deviation_versions` instead of a
second deviation. The merged row is rewritten with UPDATEs of non-indexed columns only:
DuckDB turns an UPDATE of an indexed column into delete + insert, which trips its unique
checks inside a transaction.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import duckdb

from schema.enums import FormType, IngestStatus
from schema.errors import DatabaseLocationError, WarehouseBusy
from schema.identity import identity_key, identity_key_of, same_deviation
from schema.models import Party, PiiFinding, StoredDeviation
from warehouse.migrate import migrate
from warehouse.versions import has_response, merge

_DEVIATION_COLUMNS = (
    "id", "source_sha256", "source_format", "form_type", "reported_on", "event_type",
    "description", "causes", "proposed_action", "resolved", "severity", "local_group",
    "escalation_level", "response_received_on", "response_text", "improvement_actions",
    "response_due_on", "redaction_status", "ingested_at", "source_name",
    "extraction_status", "extraction_notes", "read_by_ocr",
)
#: `extraction_notes` is one text column: the Swedish notes joined by this.
NOTES_SEP = "; "
#: Columns a later version of the same deviation may change (none of them indexed).
_MUTABLE_COLUMNS = tuple(
    c for c in _DEVIATION_COLUMNS
    if c not in ("id", "source_sha256", "source_format", "ingested_at", "source_name", "read_by_ocr")
)
_VERSION_COLUMNS = (
    "deviation_id", "version", "source_sha256", "source_format", "source_name", "ingested_at",
    "has_response", "response_received_on", "resolved", "escalation_level", "redaction_status",
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
        # A later version of a stored deviation (an answered BUS form) is stored as a version.
        rest = [s for s in wanted if s not in found]
        if rest:
            rows = self.con.execute(
                "SELECT source_sha256, deviation_id FROM deviation_versions"
                " WHERE source_sha256 IN (SELECT unnest(?))",
                [rest],
            ).fetchall()
            found.update(rows)
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

    def load(self, deviations: Sequence[StoredDeviation], log: Sequence[LogEntry]) -> dict[str, str]:
        """Store whole forms and their log lines in ONE transaction: all rows or none.

        A form recognised as another version of a deviation (stored, or earlier in this
        batch) updates that deviation. Returns source_sha256 → deviation id for those forms;
        their log lines are recorded with that id."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            merged = self._store_deviations(deviations)
            if merged:
                log = [
                    replace(e, deviation_id=merged[e.source_sha256])
                    if e.source_sha256 in merged and e.status == IngestStatus.LOADED else e
                    for e in log
                ]
            self._insert_log(log)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return merged

    def versions(self, deviation_id: str) -> list[dict]:
        """The files of one deviation, oldest first (rows of `deviation_versions`)."""
        cursor = self.con.execute(
            f"SELECT {', '.join(_VERSION_COLUMNS)} FROM deviation_versions"
            " WHERE deviation_id = ? ORDER BY version",
            [deviation_id],
        )
        return [dict(zip(_VERSION_COLUMNS, row)) for row in cursor.fetchall()]

    def read_deviation(self, deviation_id: str) -> StoredDeviation:
        """One stored deviation with its parties and findings, as a record."""
        row = self.con.execute(
            f"SELECT {', '.join(_DEVIATION_COLUMNS)} FROM deviations WHERE id = ?", [deviation_id]
        ).fetchone()
        if row is None:
            raise KeyError(deviation_id)
        data = {k: v for k, v in zip(_DEVIATION_COLUMNS, row)}
        if data["extraction_status"] is None:  # loaded before migration 004: not checked
            del data["extraction_status"]
        notes = data.pop("extraction_notes")
        data["extraction_notes"] = notes.split(NOTES_SEP) if notes else []
        parties = self.con.execute(
            "SELECT role, name, category FROM parties WHERE deviation_id = ? ORDER BY position",
            [deviation_id],
        ).fetchall()
        data["parties"] = [Party(role=r, name=n, category=c) for r, n, c in parties]
        findings = self.con.execute(
            "SELECT field, entity_type, start_offset, end_offset, score, detector FROM pii_findings"
            " WHERE deviation_id = ? ORDER BY field, start_offset",
            [deviation_id],
        ).fetchall()
        data["pii_findings"] = [
            PiiFinding(field=f, entity_type=e, start_offset=s, end_offset=t, score=sc, detector=d)
            for f, e, s, t, sc, d in findings
        ]
        return StoredDeviation.model_validate(data)

    def _store_deviations(self, deviations: Sequence[StoredDeviation]) -> dict[str, str]:
        """Insert new deviations, merge later versions; all merging is done in memory first so
        each deviation row is written once."""
        if not deviations:
            return {}
        self._backfill_identity_keys()
        groups: dict[str, _Group] = {}  # by deviation id
        by_key: dict[str, _Group] = {}
        merged: dict[str, str] = {}
        keys = [dev.identity_key or identity_key(dev) for dev in deviations]
        stored_by_key = dict(
            self.con.execute(
                "SELECT identity_key, arg_min(id, (ingested_at, id)) FROM deviations"
                " WHERE identity_key IN (SELECT unnest(?)) GROUP BY identity_key",
                [[k for k in keys if k]],
            ).fetchall()
        )
        for dev, key in zip(deviations, keys):
            group = by_key.get(key) if key else None
            if group is None and key in stored_by_key:
                existing_id = stored_by_key[key]
                group = groups.get(existing_id)
                if group is None:
                    group = _Group(self.read_deviation(existing_id), key, stored=True)
                    groups[existing_id] = group
                by_key[key] = group
            if group is None and key:
                group = self._similar_group(dev, groups)
                if group is not None:
                    by_key[key] = group
            if group is None:
                group = _Group(dev, key, stored=False, versions=[dev])
                groups[dev.id] = group
                if key:
                    by_key[key] = group
                continue
            group.record = merge(group.record, dev)
            group.versions.append(dev)
            merged[dev.source_sha256] = group.record.id

        new = [g for g in groups.values() if not g.stored]
        self._insert_deviations([g.record for g in new], [g.key for g in new])
        for group in groups.values():
            if group.stored:
                self._rewrite_deviation(group.record)
        self._insert_versions(groups.values())
        return merged

    def _similar_group(self, dev: StoredDeviation, groups: dict[str, "_Group"]) -> "_Group | None":
        """A deviation of this batch or the warehouse that `dev` is another version of, though
        their keys differ (see `schema.identity.same_deviation`)."""
        # Only BUS forms come back with an answer, and the keys (taken before redaction) already
        # join identical reporting sections: the word comparison is for the answered copy whose
        # extraction differs slightly (a PDF export of the Word form), so it runs for those only.
        if dev.form_type != FormType.BUS or not has_response(dev):
            return None
        for group in groups.values():
            if same_deviation(group.record, dev):
                return group
        candidates = self.con.execute(
            "SELECT id FROM deviations WHERE form_type = ? AND reported_on = ? ORDER BY ingested_at, id",
            [str(dev.form_type), dev.reported_on],
        ).fetchall()
        for (dev_id,) in candidates:
            if dev_id in groups:
                continue
            record = self.read_deviation(dev_id)
            if same_deviation(record, dev):
                groups[dev_id] = _Group(record, None, stored=True)
                return groups[dev_id]
        return None

    def _rewrite_deviation(self, dev: StoredDeviation) -> None:
        data = _row(dev)
        self.con.execute(
            f"UPDATE deviations SET {', '.join(f'{c} = ?' for c in _MUTABLE_COLUMNS)} WHERE id = ?",
            [data[c] for c in _MUTABLE_COLUMNS] + [dev.id],
        )
        self.con.execute("DELETE FROM parties WHERE deviation_id = ?", [dev.id])
        self.con.execute("DELETE FROM pii_findings WHERE deviation_id = ?", [dev.id])
        self._insert_children([dev])

    def _insert_versions(self, groups: Iterable["_Group"]) -> None:
        rows = []
        for group in groups:
            start = 0
            if group.stored:
                (start,) = self.con.execute(
                    "SELECT coalesce(max(version), 0) FROM deviation_versions WHERE deviation_id = ?",
                    [group.record.id],
                ).fetchone()
            for n, dev in enumerate(group.versions, start=start + 1):
                rows.append([
                    group.record.id, n, dev.source_sha256, dev.source_format, dev.source_name,
                    dev.ingested_at, has_response(dev), dev.response_received_on, dev.resolved,
                    dev.escalation_level, dev.redaction_status,
                ])
        _insert_many(self.con, "deviation_versions", _VERSION_COLUMNS, rows)

    def _backfill_identity_keys(self) -> None:
        """Give rows loaded before identity keys existed their key (idempotent, cheap when done)."""
        rows = self.con.execute(
            "SELECT d.id, d.form_type, d.reported_on, d.event_type, d.description,"
            " list(p.name ORDER BY p.position) FILTER (p.role = 'reporting'),"
            " list(p.name ORDER BY p.position) FILTER (p.role = 'counterpart')"
            " FROM deviations d LEFT JOIN parties p ON p.deviation_id = d.id"
            " WHERE d.identity_key IS NULL AND d.reported_on IS NOT NULL AND d.description IS NOT NULL"
            " GROUP BY ALL"
        ).fetchall()
        for dev_id, form_type, reported_on, event_type, description, reporting, counterparts in rows:
            key = identity_key_of(form_type, reported_on, event_type, description, reporting or [], counterparts or [])
            if key:
                self.con.execute("UPDATE deviations SET identity_key = ? WHERE id = ?", [key, dev_id])

    def log(self, entries: Sequence[LogEntry]) -> None:
        """Record files that loaded nothing (rejected, duplicate)."""
        self.load([], entries)

    def _insert_deviations(self, deviations: Sequence[StoredDeviation], keys: Sequence[str | None]) -> None:
        if not deviations:
            return
        rows = []
        for dev, key in zip(deviations, keys, strict=True):
            data = _row(dev)
            rows.append([data[column] for column in _DEVIATION_COLUMNS] + [key])
        _insert_many(self.con, "deviations", (*_DEVIATION_COLUMNS, "identity_key"), rows)
        self._insert_children(deviations)

    def _insert_children(self, deviations: Sequence[StoredDeviation]) -> None:
        parties, findings = [], []
        for dev in deviations:
            for position, party in enumerate(dev.parties):
                parties.append([dev.id, party.role, party.name, party.category, position])
            for f in dev.pii_findings:
                findings.append(
                    [dev.id, f.field, f.entity_type, f.start_offset, f.end_offset, f.score, f.detector]
                )
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


@dataclass
class _Group:
    """One deviation being written in this load: its merged record and the files it got."""

    record: StoredDeviation
    key: str | None
    stored: bool  # already in the warehouse before this load
    versions: list[StoredDeviation] = field(default_factory=list)


def _row(dev: StoredDeviation) -> dict:
    """The column values of a deviation row."""
    data = dev.model_dump()
    data["extraction_notes"] = NOTES_SEP.join(dev.extraction_notes) or None
    return data


#: Below this many rows a plain multi-row INSERT is quicker than going through a file.
_FILE_LOAD_MIN_ROWS = 40


def _insert_many(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[list]) -> None:
    """Insert rows in bulk, inside the caller's transaction.

    DuckDB binds Python parameters at ~0.4 ms per row; its JSON reader loads thousands of rows
    in milliseconds. Large batches therefore go through a temporary NDJSON file (rows are
    already redacted; the file is removed at once)."""
    if not rows:
        return
    if len(rows) < _FILE_LOAD_MIN_ROWS:
        _insert_values(con, table, columns, rows)
        return
    types = _column_types(con, table)
    spec = ", ".join(f"'{c}': '{types[c]}'" for c in columns)
    fd, name = tempfile.mkstemp(prefix=f"avvik-{table}-", suffix=".ndjson")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(dict(zip(columns, row)), default=str, ensure_ascii=False))
                handle.write("\n")
        names = ", ".join(columns)
        con.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM read_json(?, format = 'newline_delimited',"
            f" columns = {{{spec}}}, maximum_object_size = 134217728)",
            [name],
        )
    finally:
        os.unlink(name)


def _insert_values(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[list]) -> None:
    placeholders_row = "(" + ", ".join("?" * len(columns)) + ")"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([placeholders_row] * len(rows))
    con.execute(sql, [value for row in rows for value in row])


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    )
