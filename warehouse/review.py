"""Review, correction and erasure of a stored deviation (the warehouse side of `avvik review`).

- `mark_done`: a person has looked at the form (who: initials or a role; when).
- `correct`: a personal string the redaction check missed is replaced by its tag in a stored
  text, recorded as a finding (`detector = 'manual_correction'`) and in `review_actions`.
- `erase`: the deviation's rows leave every table that has a `deviation_id`; `ingest_log`
  keeps a tombstone (status `erased`, the id and the sha256 of its files, no content).
- `purge`: DuckDB keeps deleted or overwritten values in free blocks of the file even after a
  CHECKPOINT. After an erasure or a correction the database is therefore copied into a new
  file (COPY FROM DATABASE writes only live rows) that replaces the old one atomically, so no
  trace of the removed text is left in the file's bytes.

Every action adds a row to `review_actions` that never holds the removed text.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from schema.errors import UsageError

#: Stored free texts that can be corrected (columns of `deviations`), and the party names.
TEXT_FIELDS = (
    "description", "causes", "proposed_action", "response_text", "improvement_actions",
    "event_type", "local_group", "source_name",
)
PARTIES_FIELD = "parties"
#: The tags of the redaction check and the entity each stands for in `pii_findings`.
TAGS = {"NAMN": "NAME", "PERSONNUMMER": "PERSONNUMMER", "TELEFON": "PHONE", "E-POST": "EMAIL", "ADRESS": "ADDRESS"}
MANUAL_DETECTOR = "manual_correction"
TOMBSTONE_NAME = "(raderad)"
ERASED_REASON = (
    "Blanketten raderades ur databasen {at:%Y-%m-%d} (avvik review erase) och läses inte in igen."
    " Radera filen."
)


class NoSuchDeviation(UsageError):
    reason = "Det finns ingen avvikelse med id {id}. Se listan med: avvik review"


class UnknownField(UsageError):
    reason = "Fältet ”{field}” kan inte rättas. Välj ett av: {fields}."


class UnknownTag(UsageError):
    reason = "Okänd markering ”{tag}”. Välj en av: {tags}."


class TextNotFound(UsageError):
    reason = "Texten finns inte i fältet {field} i avvikelse {id}; inget ändrades."


class ShortText(UsageError):
    reason = "Texten att ersätta måste vara minst 2 tecken."


@dataclass
class StoredForm:
    """What is stored of one deviation, for a person to read."""

    id: str
    form_type: str
    redaction_status: str
    reported_on: object
    texts: dict[str, str | None]
    parties: list[tuple[str, str, str]]  # role, name, category
    findings: list[tuple[str, str, int, int, float, str]]  # field, entity, start, end, score, detector
    reviewed_at: datetime | None
    reviewed_by: str | None
    actions: list[tuple[str, str | None, str, datetime, str | None]]  # action, field, by, at, note


@dataclass
class Correction:
    occurrences: int
    still_in: list[str] = field(default_factory=list)  # other fields of the form holding the text


@dataclass
class Erasure:
    sha256s: list[str]
    rows: dict[str, int]  # table → rows deleted


def _require(con: duckdb.DuckDBPyConnection, deviation_id: str) -> tuple:
    row = con.execute(
        "SELECT id, form_type, redaction_status, reported_on FROM deviations WHERE id = ?", [deviation_id]
    ).fetchone()
    if row is None:
        raise NoSuchDeviation(id=deviation_id)
    return row


def read_form(con: duckdb.DuckDBPyConnection, deviation_id: str) -> StoredForm:
    dev_id, form_type, status, reported_on = _require(con, deviation_id)
    texts = dict(zip(TEXT_FIELDS, con.execute(
        f"SELECT {', '.join(TEXT_FIELDS)} FROM deviations WHERE id = ?", [dev_id]).fetchone()))
    parties = con.execute(
        "SELECT role, name, category FROM parties WHERE deviation_id = ? ORDER BY position", [dev_id]
    ).fetchall()
    findings = con.execute(
        "SELECT field, entity_type, start_offset, end_offset, score, detector FROM pii_findings"
        " WHERE deviation_id = ? ORDER BY field, start_offset", [dev_id]
    ).fetchall()
    reviewed_at, reviewed_by = con.execute(
        "SELECT reviewed_at, reviewed_by FROM v_review_status WHERE id = ?", [dev_id]
    ).fetchone()
    actions = con.execute(
        "SELECT action, field, done_by, done_at, note FROM review_actions WHERE deviation_id = ?"
        " ORDER BY done_at", [dev_id]
    ).fetchall()
    return StoredForm(dev_id, form_type, status, reported_on, texts, parties, findings,
                      reviewed_at, reviewed_by, actions)


def _audit(con: duckdb.DuckDBPyConnection, action: str, deviation_id: str, by: str,
           field_name: str | None = None, note: str | None = None, at: datetime | None = None) -> datetime:
    at = at or datetime.now()
    con.execute(
        "INSERT INTO review_actions (action, deviation_id, field, done_by, done_at, note) VALUES (?, ?, ?, ?, ?, ?)",
        [action, deviation_id, field_name, by, at, note],
    )
    return at


def mark_done(con: duckdb.DuckDBPyConnection, deviation_id: str, by: str, note: str | None = None) -> datetime:
    """Record that a person has reviewed the form. Returns when."""
    _require(con, deviation_id)
    return _audit(con, "done", deviation_id, by, note=note)


def correct(con: duckdb.DuckDBPyConnection, deviation_id: str, field_name: str, text: str, tag: str,
            by: str) -> Correction:
    """Replace every occurrence of `text` in one stored field by `[tag]`, in one transaction.

    A finding is added per occurrence (offsets in the text as it was stored), the form is no
    longer `clean`, and `review_actions` gets a row without the text. The caller purges the file."""
    if field_name not in (*TEXT_FIELDS, PARTIES_FIELD):
        raise UnknownField(field=field_name, fields=", ".join((*TEXT_FIELDS, PARTIES_FIELD)))
    tag = tag.strip().strip("[]").upper()
    if tag not in TAGS:
        raise UnknownTag(tag=tag, tags=", ".join(TAGS))
    if len(text.strip()) < 2:
        raise ShortText()
    text = text.strip()
    _require(con, deviation_id)
    replacement = f"[{tag}]"
    con.execute("BEGIN TRANSACTION")
    try:
        findings: list[list] = []
        if field_name == PARTIES_FIELD:
            parties = con.execute(
                "SELECT position, name FROM parties WHERE deviation_id = ? ORDER BY position", [deviation_id]
            ).fetchall()
            for position, name in parties:
                if text in name:
                    findings += _findings(deviation_id, f"parties[{position}].name", name, text, tag)
                    con.execute("UPDATE parties SET name = ? WHERE deviation_id = ? AND position = ?",
                                [name.replace(text, replacement), deviation_id, position])
        else:
            (value,) = con.execute(f"SELECT {field_name} FROM deviations WHERE id = ?", [deviation_id]).fetchone()
            if value and text in value:
                findings = _findings(deviation_id, field_name, value, text, tag)
                con.execute(f"UPDATE deviations SET {field_name} = ? WHERE id = ?",
                            [value.replace(text, replacement), deviation_id])
                if field_name == "source_name":  # the file name is also kept per version and in the log
                    for table, column in (("deviation_versions", "source_name"), ("ingest_log", "file_name")):
                        con.execute(
                            f"UPDATE {table} SET {column} = replace({column}, ?, ?)"
                            f" WHERE deviation_id = ? AND contains({column}, ?)",
                            [text, replacement, deviation_id, text],
                        )
        if not findings:
            raise TextNotFound(field=field_name, id=deviation_id)
        con.executemany(
            "INSERT INTO pii_findings (deviation_id, field, entity_type, start_offset, end_offset, score, detector)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", findings)
        con.execute("UPDATE deviations SET redaction_status = 'redacted'"
                    " WHERE id = ? AND redaction_status = 'clean'", [deviation_id])
        n = len(findings)
        _audit(con, "correct", deviation_id, by, field_name,
               f"{n} {'förekomst' if n == 1 else 'förekomster'} ersatt{'a' if n != 1 else ''} med {replacement}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Correction(len(findings), _fields_holding(con, deviation_id, text))


def _findings(deviation_id: str, field_name: str, value: str, text: str, tag: str) -> list[list]:
    out, start = [], value.find(text)
    while start >= 0:
        out.append([deviation_id, field_name, TAGS[tag], start, start + len(text), 1.0, MANUAL_DETECTOR])
        start = value.find(text, start + len(text))
    return out


def _fields_holding(con: duckdb.DuckDBPyConnection, deviation_id: str, text: str) -> list[str]:
    row = con.execute(f"SELECT {', '.join(TEXT_FIELDS)} FROM deviations WHERE id = ?", [deviation_id]).fetchone()
    found = [name for name, value in zip(TEXT_FIELDS, row) if value and text in value]
    (in_parties,) = con.execute(
        "SELECT count(*) FROM parties WHERE deviation_id = ? AND contains(name, ?)", [deviation_id, text]
    ).fetchone()
    return found + ([PARTIES_FIELD] if in_parties else [])


def erase(con: duckdb.DuckDBPyConnection, deviation_id: str, by: str) -> Erasure:
    """Delete the deviation from every table with a `deviation_id` (one transaction), leaving a
    tombstone per file in `ingest_log` and an audit row. The caller purges the file."""
    _require(con, deviation_id)
    con.execute("BEGIN TRANSACTION")
    try:
        shas = [s for (s,) in con.execute(
            "SELECT source_sha256 FROM deviations WHERE id = ?"
            " UNION SELECT source_sha256 FROM deviation_versions WHERE deviation_id = ?"
            " UNION SELECT source_sha256 FROM ingest_log WHERE deviation_id = ? AND status = 'loaded'"
            " ORDER BY 1",
            [deviation_id] * 3).fetchall() if s]
        tables = [t for (t,) in con.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)"
            " WHERE c.column_name = 'deviation_id' AND t.table_type = 'BASE TABLE'"
            " AND c.table_schema = 'main' AND table_name NOT IN ('review_actions', 'ingest_log') ORDER BY 1"
        ).fetchall()]
        rows: dict[str, int] = {}
        for table in tables:
            rows[table] = _delete(con, f"DELETE FROM {table} WHERE deviation_id = ?", [deviation_id])
        rows["ingest_log"] = _delete(
            con, "DELETE FROM ingest_log WHERE deviation_id = ? OR source_sha256 IN (SELECT unnest(?))",
            [deviation_id, shas])
        rows["deviations"] = _delete(con, "DELETE FROM deviations WHERE id = ?", [deviation_id])
        at = datetime.now()
        con.executemany(
            "INSERT INTO ingest_log (logged_at, file_name, source_sha256, status, reason, deviation_id, form_type)"
            " VALUES (?, ?, ?, 'erased', ?, ?, NULL)",
            [[at, TOMBSTONE_NAME, sha, ERASED_REASON.format(at=at), deviation_id] for sha in shas],
        )
        _audit(con, "erase", deviation_id, by, note=f"{len(shas)} {'fil' if len(shas) == 1 else 'filer'}", at=at)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Erasure(shas, rows)


def _delete(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> int:
    return len(con.execute(sql + " RETURNING 1", params).fetchall())


def erased_shas(con: duckdb.DuckDBPyConnection, sha256s: Sequence[str]) -> dict[str, str]:
    """sha256 → the tombstone's reason, for the given hashes of files that were erased."""
    wanted = [s for s in set(sha256s) if s]
    if not wanted:
        return {}
    return dict(con.execute(
        "SELECT source_sha256, any_value(reason) FROM ingest_log"
        " WHERE status = 'erased' AND source_sha256 IN (SELECT unnest(?)) GROUP BY 1", [wanted]
    ).fetchall())


def purge(con: duckdb.DuckDBPyConnection, path: Path, copies: Sequence[Path] = ()) -> None:
    """Rewrite the database file so that nothing deleted or overwritten stays in its bytes.

    Copies the live rows into a new file beside `path` and renames it over `path` (and over each
    of `copies`, e.g. the analysts' snapshot) while `con` still holds the old file's lock, so no
    other writer can slip a load in between. `con` must be closed after. Where an open file
    cannot be replaced (Windows), use `write_purged_copy`, close `con`, then `replace_with`."""
    replace_with(write_purged_copy(con, path), path, copies)


def write_purged_copy(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """The live rows of the database (COPY FROM DATABASE) in a new file beside `path`."""
    path = Path(path)
    con.execute("CHECKPOINT")
    (catalog,) = con.execute("SELECT current_database()").fetchone()
    fresh = path.with_name(f".{path.name}.purge-{os.getpid()}")
    for leftover in (fresh, Path(f"{fresh}.wal")):
        leftover.unlink(missing_ok=True)
    quoted = str(fresh).replace("'", "''")
    try:
        con.execute(f"ATTACH '{quoted}' AS avvik_purged")
        try:
            con.execute(f'COPY FROM DATABASE "{catalog}" TO avvik_purged')
        finally:
            con.execute("DETACH avvik_purged")
    except BaseException:
        for leftover in (fresh, Path(f"{fresh}.wal")):
            leftover.unlink(missing_ok=True)
        raise
    return fresh


def replace_with(fresh: Path, path: Path, copies: Sequence[Path] = ()) -> None:
    """Put the purged file in place of `path` and of each copy (each a rename, so atomic)."""
    path = Path(path)
    extra = [Path(c).with_name(f".{Path(c).name}.purge-{os.getpid()}") for c in copies]
    try:
        for tmp in extra:
            shutil.copyfile(fresh, tmp)
        for tmp, final in zip(extra, copies):
            os.replace(tmp, final)
        os.replace(fresh, path)
    finally:
        for leftover in (fresh, Path(f"{fresh}.wal"), *extra):
            leftover.unlink(missing_ok=True)
