"""The `exports` table: every file an aggregate export wrote, and when scheduled runs ran."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

_COLUMNS = (
    "export_id", "period", "period_start", "period_end", "kind", "table_name", "path", "created_at",
    "row_count", "deviation_count", "suppressed_cells", "trigger", "schedule", "scheduled_for",
)


@dataclass(frozen=True)
class ExportRecord:
    export_id: str
    period: str
    period_start: date
    period_end: date
    kind: str  # csv | parquet | xlsx | html
    table_name: str | None
    path: str
    created_at: datetime
    row_count: int
    deviation_count: int
    suppressed_cells: int
    trigger: str  # manual | scheduled
    schedule: str | None = None
    scheduled_for: datetime | None = None


def record_exports(con: duckdb.DuckDBPyConnection, records: list[ExportRecord]) -> None:
    """Add the files of one export run (one transaction)."""
    if not records:
        return
    placeholders = "(" + ", ".join("?" * len(_COLUMNS)) + ")"
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"INSERT INTO exports ({', '.join(_COLUMNS)}) VALUES " + ", ".join([placeholders] * len(records)),
            [getattr(r, c) for r in records for c in _COLUMNS],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def last_scheduled(con: duckdb.DuckDBPyConnection, schedule: str) -> datetime | None:
    """The cron time of the latest recorded run of a schedule (None if it never ran)."""
    (found,) = con.execute(
        "SELECT max(scheduled_for) FROM exports WHERE trigger = 'scheduled' AND schedule = ?", [schedule]
    ).fetchone()
    return found


def warehouse_created_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When this warehouse was first created (the first migration ran)."""
    (found,) = con.execute("SELECT min(applied_at) FROM schema_version").fetchone()
    return found
