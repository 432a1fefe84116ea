"""`avvik export`: the aggregate export of a period, with small counts suppressed.

Writes, into `settings.exports / <period>` (or `--out`):
- `<table>.csv` and `<table>.parquet` per aggregate table (hidden cells empty / NULL),
- `avvik_<period>.xlsx`: one sheet per table, Swedish headers, hidden cells "..",
- `rapport_<period>.html`: a self-contained report in Swedish with charts (inline SVG),
- `LASMIG.txt`: what the files hold and how small counts are protected.

The export of a period goes into its own folder `<out>/<period>/` (`out` defaults to
`HOME/exports`). Everything is written into a temporary folder inside `<out>` and renamed into
place, so a reader never sees a half-written export. Each file is recorded in the `exports`
table, and the folder holds `.avvik-export` listing the files avvik wrote.

Nothing avvik did not write is ever removed: a period folder is replaced only if avvik wrote it
(its `.avvik-export`, or its files recorded in `exports`); a file someone else put there is
moved into the new folder. `--out` naming a file, a folder that cannot be created or written,
or a period folder avvik did not write is refused (`ExportTargetError`, exit 2).
"""

from __future__ import annotations

import errno
import json
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


class ExportTargetError(UsageError):
    """The export cannot be written where it was asked to go (nothing was written or removed)."""

    reason = "Exporten kan inte skrivas till {path}: {why}"


#: Lists the files avvik wrote into a period folder: only those are ever replaced.
MARKER = ".avvik-export"


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
    root = Path(out) if out else settings.exports
    if not settings.db_path.exists():
        raise NoWarehouse(path=settings.db_path)
    root = _prepare_root(root)
    with open_warehouse(settings.db_path) as wh:
        data = compute(settings, parsed, as_of=as_of, con=wh.con)
        target = root / parsed.name
        owned = _owned_names(target, _recorded_paths(wh.con, target))
        written = _write_atomically(data, target, owned)
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


def _why(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "mappen går inte att skriva till (behörighet saknas eller skrivskyddad)"
    if error.errno == errno.ENOTDIR:
        return "en del av sökvägen är en fil, inte en mapp"
    if error.errno == errno.ENOSPC:
        return "disken är full"
    return error.strerror or type(error).__name__


def _prepare_root(root: Path) -> Path:
    """The folder the period folder goes into: created if missing; refused if it is a file or
    cannot be written. Nothing is written or removed when it is refused."""
    root = root.absolute()
    if root.exists() and not root.is_dir():
        raise ExportTargetError(path=root, why="det är en fil, inte en mapp. Ange en mapp med --out")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportTargetError(path=root, why=f"mappen kan inte skapas ({_why(error)})") from error
    if not os.access(root, os.W_OK | os.X_OK):
        raise ExportTargetError(path=root, why=_why(PermissionError(errno.EACCES, "")))
    return root


def _recorded_paths(con: duckdb.DuckDBPyConnection, target: Path) -> set[str]:
    """Files the `exports` table says avvik wrote into `target` (older exports had no marker)."""
    prefix = str(target.resolve()) + os.sep
    rows = con.execute("SELECT DISTINCT path FROM exports WHERE starts_with(path, ?)", [prefix]).fetchall()
    return {path for (path,) in rows}


def _owned_names(target: Path, recorded: set[str]) -> set[str] | None:
    """Names in an existing period folder that avvik wrote (may be replaced); None when the
    target does not exist. Refuses a target avvik cannot own."""
    if not os.path.lexists(target):
        return None
    if target.is_symlink() or not target.is_dir():
        raise ExportTargetError(path=target, why="det finns redan något med det namnet som inte är en mapp från avvik; flytta det eller välj en annan --out")
    owned: set[str] = set()
    marker = target / MARKER
    try:
        owned.update(json.loads(marker.read_text(encoding="utf-8")).get("files", []))
        owned.add(MARKER)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, AttributeError):
        owned.add(MARKER)  # a damaged marker of ours: rewritten
    resolved = target.resolve()
    owned.update(Path(p).name for p in recorded if Path(p).parent == resolved)
    if not owned and any(target.iterdir()):
        raise ExportTargetError(path=target, why="mappen finns redan och är inte skriven av avvik; avvik skriver inte över den. Välj en annan --out")
    if owned and "LASMIG.txt" in {e.name for e in target.iterdir()} and MARKER not in owned:
        owned.add("LASMIG.txt")  # written by avvik before exports listed it
    return owned


def _write_atomically(
    data: ExportData, target: Path, owned: set[str] | None
) -> list[tuple[Path, str | None, str | None, int]]:
    """Write every file into a temp folder beside `target`, then rename it into place.

    An earlier export in `target` is replaced; files in it that avvik did not write are moved
    into the new folder (never removed)."""
    token = uuid.uuid4().hex[:8]
    tmp = target.parent / f".{target.name}.tmp-{token}"
    try:
        tmp.mkdir()
    except OSError as error:
        raise ExportTargetError(path=target.parent, why=_why(error)) from error
    try:
        written = _write_files(data, tmp)
        names = sorted(path.name for path, *_ in written)
        (tmp / MARKER).write_text(json.dumps({"files": names}, ensure_ascii=False), encoding="utf-8")
        old = None
        if owned is not None:
            old = target.parent / f".{target.name}.old-{token}"
            os.replace(target, old)
        try:
            os.replace(tmp, target)
        except OSError:
            if old is not None:
                os.replace(old, target)  # the earlier export back in place, untouched
            raise
    except OSError as error:  # a full disk, a folder that turned read-only: nothing is replaced
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportTargetError(path=target.parent, why=_why(error)) from error
    except duckdb.IOException as error:
        shutil.rmtree(tmp, ignore_errors=True)
        full = "no space left" in str(error).lower()
        raise ExportTargetError(path=target.parent, why="disken är full" if full else "filerna kunde inte skrivas") from error
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        _retire(old, target, owned or set())
    return [(target / path.name, kind, name, rows) for path, kind, name, rows in written]


def _retire(old: Path, target: Path, owned: set[str]) -> None:
    """Remove what avvik wrote in the replaced folder; move everything else into the new one.
    Anything that cannot be moved stays in the hidden old folder: kept, never removed."""
    for entry in list(old.iterdir()):
        if entry.name in owned and not entry.is_dir():
            entry.unlink(missing_ok=True)
            continue
        destination = target / entry.name
        if os.path.lexists(destination):
            destination = target / f"{entry.stem} (före export {old.name[-8:]}){entry.suffix}"
        try:
            os.replace(entry, destination)
        except OSError:
            continue
    try:
        old.rmdir()
    except OSError:
        pass


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
