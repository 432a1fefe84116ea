"""`avvik export`: the aggregate export of a period, with small counts suppressed.

Writes, into `settings.exports / <period>` (or `--out`):
- `<table>.csv` and `<table>.parquet` per aggregate table (hidden cells empty / NULL),
- `avvik_<period>.xlsx`: one sheet per table, Swedish headers, hidden cells "..",
- `rapport_<period>.html`: a self-contained report in Swedish with charts (inline SVG),
- `LASMIG.txt`: what the files hold and how small counts are protected.

Everything is written into a temporary folder beside the target and renamed into place, so a
reader never sees a half-written export. Each file is recorded in the `exports` table.
"""

from __future__ import annotations

import calendar
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.load import open_warehouse
from pipelines.suppression import HIDDEN, Suppression, suppress
from schema.errors import UsageError
from warehouse.aggregates import Aggregates, Share, Table, build, key, span
from warehouse.exports import ExportRecord, record_exports

_QUARTER = re.compile(r"^(\d{4})\s*-?\s*(?:Q|KV?)\s*([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})$")
_ORDINAL = ("första", "andra", "tredje", "fjärde")
_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december")


class BadPeriod(UsageError):
    reason = (
        "Ogiltig period: ”{period}”. Ange ett kvartal (2026Q3), ett år (2026), en månad (2026-03)"
        " eller ett intervall av hela månader (2026-01..2026-06)."
    )


class NoWarehouse(UsageError):
    reason = "Det finns ingen databas ännu: {path}. Kör först: avvik ingest PATH"


@dataclass(frozen=True)
class Period:
    name: str  # canonical: 2026Q3, 2026, 2026-03, 2026-01..2026-06 (also the folder name)
    start: date
    end: date  # inclusive
    label: str  # Swedish, for the report

    @classmethod
    def quarter(cls, year: int, q: int) -> "Period":
        start = date(year, 3 * q - 2, 1)
        end = date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
        return cls(f"{year}Q{q}", start, end, f"{_ORDINAL[q - 1]} kvartalet {year}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(str(year), date(year, 1, 1), date(year, 12, 31), f"året {year}")

    @classmethod
    def months(cls, y1: int, m1: int, y2: int, m2: int) -> "Period":
        start = date(y1, m1, 1)
        end = date(y2, m2, calendar.monthrange(y2, m2)[1])
        if (y1, m1) == (y2, m2):
            return cls(f"{y1}-{m1:02d}", start, end, f"{_MONTHS[m1 - 1]} {y1}")
        return cls(f"{y1}-{m1:02d}..{y2}-{m2:02d}", start, end,
                   f"{_MONTHS[m1 - 1]} {y1} – {_MONTHS[m2 - 1]} {y2}")


def parse_period(text: str) -> Period:
    """2026Q3 (also 2026-Q3, 2026K3, 2026 kv3), 2026, 2026-03 or 2026-01..2026-06."""
    raw = (text or "").strip()
    try:
        if m := _QUARTER.match(raw):
            return Period.quarter(int(m[1]), int(m[2]))
        if m := _YEAR.match(raw):
            return Period.year(_check_year(int(m[1])))
        if m := _MONTH.match(raw):
            return Period.months(int(m[1]), _check_month(m[2]), int(m[1]), int(m[2]))
        if m := _RANGE.match(raw):
            y1, m1, y2, m2 = int(m[1]), _check_month(m[2]), int(m[3]), _check_month(m[4])
            if (y1, m1) > (y2, m2):
                raise ValueError("the range ends before it starts")
            return Period.months(y1, m1, y2, m2)
    except ValueError as error:
        raise BadPeriod(period=raw) from error
    raise BadPeriod(period=raw)


def _check_month(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return month


def _check_year(year: int) -> int:
    if not 1900 <= year <= 9999:
        raise ValueError(f"year {year}")
    return year


@dataclass
class ExportData:
    """What one export shows: the counts, which are hidden, and for which period."""

    period: Period
    aggregates: Aggregates
    suppression: Suppression
    threshold: int
    created_at: datetime

    def value(self, cell) -> int | float | None:
        """The value to show, or None when hidden (or no cell)."""
        if cell is None:
            return None
        if isinstance(cell, Share):
            keys = (cell.numerator, *cell.parts)
            if any(self.suppression.is_hidden(k) for k in keys):
                return None
            denominator = sum(self.aggregates.values[k] for k in cell.parts)
            return self.aggregates.values[cell.numerator] / denominator if denominator else None
        if self.suppression.is_hidden(cell):
            return None
        return self.aggregates.values[cell]

    def hidden(self, cell) -> bool:
        if cell is None:
            return False
        if isinstance(cell, Share):
            return any(self.suppression.is_hidden(k) for k in (cell.numerator, *cell.parts))
        return self.suppression.is_hidden(cell)

    def table_cells(self, table: Table):
        return [c for row in table.rows for c in row.cells if c is not None]

    @property
    def shown_total(self) -> int | str:
        """The number of deviations in the period, or ".." if it is hidden."""
        total = key("dev", t=span(self.period.start, self.period.end))
        return HIDDEN if self.hidden(total) else self.aggregates.values.get(total, 0)

    @property
    def suppressed_cells(self) -> int:
        shown = {c for t in self.aggregates.tables for c in self.table_cells(t) if not isinstance(c, Share)}
        return len(shown & self.suppression.hidden)

    @property
    def rule_text(self) -> str:
        k = self.threshold
        return (
            f"Antal från 1 till {k - 1} visas inte (”{HIDDEN}”), så att ingen avvikelse kan pekas ut. "
            f"För att ett dolt tal inte ska kunna räknas fram ur summor döljs också andra tal ”{HIDDEN}” "
            "(sekundär undertryckning: varje summa har noll eller minst två dolda tal). "
            "Noll visas. Andelar visas bara när alla tal de bygger på visas."
        )


def compute(settings: Settings, period: Period, as_of: date | None = None, con=None) -> ExportData:
    """Count and protect the aggregates of a period (reads the warehouse)."""
    threshold = settings.export.suppress_below
    as_of = as_of or date.today()

    def run(con: duckdb.DuckDBPyConnection) -> ExportData:
        agg = build(con, period.start, period.end, as_of, min_named=threshold)
        return ExportData(period, agg, suppress(agg.values, agg.equations, threshold), threshold, datetime.now())

    if con is not None:
        return run(con)
    if not settings.db_path.exists():
        raise NoWarehouse(path=settings.db_path)
    with open_warehouse(settings.db_path) as wh:
        return run(wh.con)


def export_period(
    settings: Settings,
    period: str,
    out: str | Path | None = None,
    *,
    trigger: str = "manual",
    schedule: str | None = None,
    scheduled_for: datetime | None = None,
    as_of: date | None = None,
) -> list[Path]:
    """Write the export of `period` (see the module doc). Returns the paths written."""
    parsed = parse_period(period)
    target = Path(out) if out else settings.exports / parsed.name
    if not settings.db_path.exists():
        raise NoWarehouse(path=settings.db_path)
    with open_warehouse(settings.db_path) as wh:
        data = compute(settings, parsed, as_of=as_of, con=wh.con)
        written = _write_atomically(data, target)
        export_id = uuid.uuid4().hex[:16]
        records = []
        for path, kind, table_name, rows in written:
            if kind is None:
                continue
            records.append(ExportRecord(
                export_id=export_id, period=parsed.name, period_start=parsed.start, period_end=parsed.end,
                kind=kind, table_name=table_name, path=str(path.resolve()), created_at=data.created_at,
                row_count=rows, deviation_count=data.aggregates.deviation_count,
                suppressed_cells=data.suppressed_cells, trigger=trigger, schedule=schedule,
                scheduled_for=scheduled_for,
            ))
        record_exports(wh.con, records)
    return [path for path, *_ in written]


def _write_atomically(data: ExportData, target: Path) -> list[tuple[Path, str | None, str | None, int]]:
    """Write every file into a temp folder beside `target`, then rename it into place."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:8]
    tmp = target.parent / f".{target.name}.tmp-{token}"
    tmp.mkdir()
    try:
        written = _write_files(data, tmp)
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{token}"
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [(target / path.name, kind, name, rows) for path, kind, name, rows in written]


def _write_files(data: ExportData, folder: Path) -> list[tuple[Path, str | None, str | None, int]]:
    from pipelines.report_html import render_report
    from pipelines.report_xlsx import write_workbook

    written: list[tuple[Path, str | None, str | None, int]] = []
    con = duckdb.connect(":memory:")
    try:
        for table in data.aggregates.tables:
            rows = _plain_rows(data, table)
            for kind in ("csv", "parquet"):
                path = folder / f"{table.name}.{kind}"
                _copy(con, table, rows, path, kind)
                written.append((path, kind, table.name, len(rows)))
    finally:
        con.close()
    n_rows = sum(len(t.rows) for t in data.aggregates.tables)
    xlsx = folder / f"avvik_{data.period.name}.xlsx"
    write_workbook(data, xlsx)
    written.append((xlsx, "xlsx", None, n_rows))
    html = folder / f"rapport_{data.period.name}.html"
    html.write_text(render_report(data), encoding="utf-8")
    written.append((html, "html", None, n_rows))
    readme = folder / "LASMIG.txt"
    readme.write_text(_readme(data), encoding="utf-8")
    written.append((readme, None, None, 0))
    return written


def _plain_rows(data: ExportData, table: Table) -> list[list]:
    return [[*row.labels, *[data.value(c) for c in row.cells], row.total] for row in table.rows]


def _copy(con: duckdb.DuckDBPyConnection, table: Table, rows: list[list], path: Path, kind: str) -> None:
    """CSV or Parquet through DuckDB: labels text, counts integers, shares doubles; hidden = NULL."""
    types = {"label": "VARCHAR", "count": "BIGINT", "share": "DOUBLE"}
    columns = [f'"{c.key}" {types[c.kind]}' for c in table.columns] + ['"is_total" BOOLEAN']
    con.execute("CREATE OR REPLACE TEMP TABLE export_table (" + ", ".join(columns) + ")")
    if rows:
        width = len(columns)
        con.execute(
            "INSERT INTO export_table VALUES " + ", ".join(["(" + ", ".join("?" * width) + ")"] * len(rows)),
            [v for row in rows for v in row],
        )
    literal = str(path).replace("'", "''")
    if kind == "csv":
        con.execute(f"COPY export_table TO '{literal}' (FORMAT csv, HEADER true)")
    else:
        con.execute(f"COPY export_table TO '{literal}' (FORMAT parquet)")


def _readme(data: ExportData) -> str:
    p = data.period
    tables = "\n".join(f"  {t.name:<34} {t.title}" for t in data.aggregates.tables)
    return (
        f"Aggregerad export från avvik – {p.label} ({p.start} – {p.end})\n"
        f"Skapad {data.created_at:%Y-%m-%d %H:%M}. Avvikelser räknas efter datum för rapportering/anmälan.\n"
        f"Svarsläget avser {data.aggregates.as_of}.\n\n"
        f"Skydd av små tal: {data.rule_text}\n"
        f"I CSV är ett dolt tal en tom cell, i Parquet NULL, i Excel och HTML ”{HIDDEN}”.\n"
        "Kolumnen is_total är sann på summaraden.\n\n"
        f"Tabeller (CSV och Parquet):\n{tables}\n"
    )
