"""Scheduled aggregate exports: which cron runs are due, and running them.

`settings.export.schedules` maps a name to a cron expression (croniter). The name says what
a run exports: `quarter…` the quarter that ended last, `year…` the year that ended last,
`month…` the month that ended last (defaults: `quarter` 06:00 five days after each quarter,
`year` 06:00 on 15 January).

Due runs are computed from the `exports` table, not from a timer: every cron time after the
last recorded scheduled run of that name (or, if it never ran, after the warehouse was
created) up to `now` is due. A run missed while the service was down therefore runs at the
next start — each missed time once, oldest first — and a run is never repeated, because its
cron time is recorded with its files (`exports.scheduled_for`). Runs stop at the first
failure so that a later run is never recorded before an earlier one has succeeded.

The watch service calls `run_due_exports` periodically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from croniter import croniter

from pipelines.config import Settings
from pipelines.export.writer import Period, export_period
from pipelines.load import open_warehouse
from schema.errors import ConfigError
from warehouse.exports import last_scheduled, warehouse_created_at

KINDS = ("quarter", "year", "month")


@dataclass(frozen=True)
class DueRun:
    schedule: str  # name in settings.export.schedules
    scheduled_for: datetime  # the cron time this run stands for
    period: Period


def period_before(kind: str, moment: datetime) -> Period:
    """The quarter, year or month that ended last before `moment`."""
    day = moment.date()
    if kind == "year":
        return Period.year(day.year - 1)
    if kind == "month":
        last = date(day.year, day.month, 1) - timedelta(days=1)
        return Period.months(last.year, last.month, last.year, last.month)
    q = (day.month - 1) // 3 + 1
    return Period.quarter(day.year, q - 1) if q > 1 else Period.quarter(day.year - 1, 4)


def kind_of(name: str) -> str:
    """What a schedule exports, from its name ("quarter", "quarter_lgs", "year", …)."""
    for kind in KINDS:
        if name.lower().startswith(kind):
            return kind
    raise ConfigError(
        why=f"export.schedules.{name}: namnet ska börja med quarter, year eller month (vad som exporteras)"
    )


def check_schedules(schedules: dict[str, str]) -> None:
    for name, expr in schedules.items():
        kind_of(name)
        if not croniter.is_valid(expr):
            raise ConfigError(why=f"export.schedules.{name}: ”{expr}” är inget giltigt cron-uttryck")


def due_runs(settings: Settings, con, now: datetime) -> list[DueRun]:
    """Every scheduled run due at `now` and not yet recorded, oldest first."""
    check_schedules(settings.export.schedules)
    created = warehouse_created_at(con) or now
    runs = []
    for name, expr in settings.export.schedules.items():
        since = last_scheduled(con, name) or created
        times = croniter(expr, since)
        while (fire := times.get_next(datetime)) <= now:
            runs.append(DueRun(name, fire, period_before(kind_of(name), fire)))
    return sorted(runs, key=lambda r: (r.scheduled_for, r.schedule))


def run_due_exports(settings: Settings, now: datetime | None = None) -> list[Path]:
    """Run the scheduled exports that are due (missed ones included). Returns the paths written."""
    now = now or datetime.now()
    if not settings.db_path.exists():
        return []
    with open_warehouse(settings.db_path) as wh:
        runs = due_runs(settings, wh.con, now)
    written: list[Path] = []
    for run in runs:
        written += export_period(
            settings, run.period.name, trigger="scheduled", schedule=run.schedule,
            scheduled_for=run.scheduled_for, as_of=now.date(),
        )
    return written
