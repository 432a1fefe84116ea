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

import os
import shutil
import uuid
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.load import open_warehouse
from pipelines.export.data import ExportData
from pipelines.export.report_html import render_report
from pipelines.export.report_xlsx import write_workbook
from pipelines.export.period import BadPeriod, Period, parse_period  # noqa: F401  (re-exported)
from pipelines.export.suppression import HIDDEN, suppress
from schema.errors import UsageError
from warehouse.aggregates import Table, build
from warehouse.exports import ExportRecord, record_exports


class NoWarehouse(UsageError):
    reason = "Det finns ingen databas ännu: {path}. Kör först: avvik ingest PATH"


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
    return ExportResult([path for path, *_ in written], data)


class ExportResult(list):
    """The paths an export wrote (a list, as before), with what it showed."""

    def __init__(self, paths: list[Path], data: ExportData) -> None:
        super().__init__(paths)
        self.data = data


def summary_line(period: Period, written: "ExportResult") -> str:
    """One Swedish line: period, deviations, hidden cells, folder."""
    data = written.data
    n, hidden = data.aggregates.deviation_count, data.suppressed_cells
    folder = Path(written[0]).parent if written else "?"
    return (f"Export {period.name} ({period.label}): {n} {'avvikelse' if n == 1 else 'avvikelser'}, "
            f"{hidden} {'dold cell' if hidden == 1 else 'dolda celler'} (tal under {data.threshold}), "
            f"{len(written)} {'fil' if len(written) == 1 else 'filer'} i {folder}")


def export_warnings(settings: Settings, period: Period, written: "ExportResult", today: date) -> list[str]:
    """Swedish warnings for an export that is still written: the period has not ended, holds no
    deviation, or lies far from the data (more than a year before the first or after the last)."""
    warnings = []
    if period.end >= today:
        warnings.append(f"perioden {period.name} har inte tagit slut (slutar {period.end}); "
                        "siffrorna kan ändras när fler blanketter kommer in.")
    if written.data.aggregates.deviation_count == 0:
        first = last = None
        try:
            from warehouse import connect

            con = connect(settings.db_path, read_only=True)
            try:
                first, last = con.execute("SELECT min(reported_on), max(reported_on) FROM deviations").fetchone()
            finally:
                con.close()
        except Exception:  # noqa: BLE001 — the warning is a courtesy; the export is written
            pass
        if first is None:
            warnings.append(f"perioden {period.name} har inga avvikelser (databasen har inga daterade avvikelser).")
        elif period.end < date(first.year - 1, first.month, 1) or period.start > date(last.year + 1, last.month, 1):
            warnings.append(f"perioden {period.name} ligger långt utanför datan: avvikelserna är "
                            f"rapporterade {first} – {last}. Exporten är tom.")
        else:
            warnings.append(f"perioden {period.name} har inga avvikelser; exporten är tom.")
    return warnings


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
    """One list per row, in the order of `_columns`: per label column the code and its label
    (or the label alone), then the values, then is_total."""
    out = []
    for row in table.rows:
        labels: list = []
        for i, column in enumerate(table.label_columns):
            label = row.labels[i] if i < len(row.labels) else None
            if column.code_type:
                code = row.codes[i] if row.codes and i < len(row.codes) else None
                labels += [code, label]
            else:
                labels.append(label)
        out.append([*labels, *[data.value(c) for c in row.cells], row.total])
    return out


def _columns(table: Table) -> list[str]:
    """Column definitions: a coded label column is the code (text, or DATE for a month) and
    `<key>_label` beside it; counts integers, shares doubles."""
    types = {"count": "BIGINT", "share": "DOUBLE"}
    columns = []
    for c in table.label_columns:
        if c.code_type:
            columns += [f'"{c.key}" {c.code_type}', f'"{c.key}_label" VARCHAR']
        else:
            columns.append(f'"{c.key}" VARCHAR')
    return columns + [f'"{c.key}" {types[c.kind]}' for c in table.value_columns] + ['"is_total" BOOLEAN']


def _copy(con: duckdb.DuckDBPyConnection, table: Table, rows: list[list], path: Path, kind: str) -> None:
    """CSV or Parquet through DuckDB: codes and labels text (a month a DATE), counts integers,
    shares doubles; hidden = NULL."""
    columns = _columns(table)
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
        "Kolumnen is_total är sann på summaraden.\n"
        "I CSV och Parquet står databasens koder (bus, answered_on_time, 2026Q3; en månad som datum,\n"
        "dess första dag) och den svenska benämningen bredvid, i kolumnen <namn>_label.\n\n"
        f"Tabeller (CSV och Parquet):\n{tables}\n"
    )
