"""`avvik export` on a warehouse loaded from the sample forms by the real CLI: the figures
agree with independent SQL, no small count is shown, and no hidden count can be recovered
from a total."""

from __future__ import annotations

import re

import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.config import load_settings
from pipelines.export.report_xlsx import SHEET_NAMES
from pipelines.export.writer import BadPeriod, compute, export_period, parse_period
from pipelines.export.suppression import HIDDEN, suppress, unsafe_equations
from tests.conftest import run_avvik
from tests.warehouse.corpus import copy_cli_home

WIDE = "2024-01..2026-12"
AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The corpus warehouse and two exports: the whole corpus, and one quarter."""
    home = copy_cli_home(tmp_path_factory.mktemp("export"))
    settings = load_settings(home=home, environ={})
    wide = export_period(settings, WIDE, as_of=AS_OF)
    quarter = export_period(settings, "2025Q2", as_of=AS_OF)
    return settings, wide, quarter


def _folder(paths: list[Path]) -> Path:
    return paths[0].parent


def _parquet(folder: Path, table: str) -> list[dict]:
    con = duckdb.connect()
    try:
        cursor = con.execute(f"SELECT * FROM read_parquet('{folder / (table + '.parquet')}')")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def _sql(settings, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("text, name, start, end", [
    ("2026Q3", "2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ("2026-q1", "2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026 kv 4", "2026Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("2026", "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-02", "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ("2024-01..2024-06", "2024-01..2024-06", date(2024, 1, 1), date(2024, 6, 30)),
    (" 2025-11..2026-02 ", "2025-11..2026-02", date(2025, 11, 1), date(2026, 2, 28)),
])
def test_when_a_period_is_given_then_it_is_parsed(text, name, start, end):
    period = parse_period(text)
    assert (period.name, period.start, period.end) == (name, start, end)


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q1", "2026-13", "2026-06..2026-01", "Q3", "", "2026-1..2026-6",
                                  "sommaren 2026"])
def test_when_a_period_is_wrong_then_a_swedish_usage_error_names_it(text):
    with pytest.raises(BadPeriod) as error:
        parse_period(text)
    assert "Ogiltig period" in error.value.reason and "2026Q3" in error.value.reason


def test_when_the_cli_gets_a_bad_period_then_exit_2_and_a_clear_message(tmp_path):
    result = run_avvik("export", "--period", "2026Q7", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("avvik: Ogiltig period: ”2026Q7”")


def test_when_exported_then_every_format_is_written_and_recorded(exported):
    settings, wide, _ = exported
    folder = _folder(wide)
    assert folder == (settings.exports / WIDE).absolute()
    names = {p.name for p in wide}
    assert {"deviations_by_form.csv", "deviations_by_form.parquet", f"avvik_{WIDE}.xlsx",
            f"rapport_{WIDE}.html", "LASMIG.txt"} <= names
    assert all(p.exists() for p in wide)
    rows = _sql(settings, "SELECT kind, count(*), min(trigger), count(DISTINCT export_id), min(deviation_count)"
                          " FROM exports WHERE period = ? GROUP BY 1 ORDER BY 1", [WIDE])
    tables = len([n for n in names if n.endswith(".csv")])
    n_dev = _sql(settings, "SELECT count(*) FROM deviations WHERE reported_on BETWEEN '2024-01-01' AND '2026-12-31'")[0][0]
    assert rows == [("csv", tables, "manual", 1, n_dev), ("html", 1, "manual", 1, n_dev),
                    ("parquet", tables, "manual", 1, n_dev), ("xlsx", 1, "manual", 1, n_dev)]
    recorded = {Path(p) for (p,) in _sql(settings, "SELECT path FROM exports")}
    written = [*wide, *_folder(exported[2]).iterdir()]
    assert recorded == {p.resolve() for p in written if p.name not in {"LASMIG.txt", ".avvik-export"}}


def test_when_exported_then_shown_figures_equal_independent_sql(exported):
    settings, wide, _ = exported
    folder = _folder(wide)
    where = "reported_on BETWEEN DATE '2024-01-01' AND DATE '2026-12-31'"
    truth = dict(_sql(settings, f"SELECT form_type, count(*) FROM deviations WHERE {where} GROUP BY 1"))
    for row in _parquet(folder, "deviations_by_form"):
        want = sum(truth.values()) if row["is_total"] else truth.get(row["form_type"], 0)
        assert row["deviations"] in (None, want)

    monthly = {(m, f): n for m, f, n in _sql(
        settings, f"SELECT strftime(reported_on, '%Y-%m'), form_type, count(*) FROM deviations WHERE {where} GROUP BY ALL")}
    months = [f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)]
    rows = [r for r in _parquet(folder, "deviations_by_month") if not r["is_total"]]
    assert len(rows) == 36
    checked = 0
    for month, row in zip(months, rows):
        for form in ("bus", "vastbus", "lex_heller"):
            if row[form] is not None:
                assert row[form] == monthly.get((month, form), 0)
                checked += 1
        if row["total"] is not None:
            assert row["total"] == sum(monthly.get((month, f), 0) for f in ("bus", "vastbus", "lex_heller"))
    assert checked > 0

    overdue = dict(_sql(settings, f"""
        SELECT form_type, count(*) FROM deviations WHERE {where} AND response_due_on < DATE '{AS_OF}' AND (
            (form_type = 'bus' AND response_received_on IS NULL) OR (form_type = 'lex_heller' AND resolved IS NOT TRUE))
        GROUP BY 1"""))
    row = next(r for r in _parquet(folder, "answers_by_status") if r["answer_status"] == "overdue")
    assert row["bus"] in (None, overdue.get("bus", 0)) and row["lex_heller"] in (None, overdue.get("lex_heller", 0))
    assert row["total"] in (None, sum(overdue.values()))

    levels = dict(_sql(settings, f"SELECT coalesce(escalation_level, '-'), count(*) FROM deviations"
                                 f" WHERE {where} AND form_type = 'vastbus' GROUP BY 1"))
    names = {"lokal": "lokal", "delregional": "delregional", "regional": "regional", "not_given": "-"}
    for row in _parquet(folder, "vastbus_escalation"):
        want = sum(levels.values()) if row["is_total"] else levels.get(names[row["escalation_level"]], 0)
        assert row["count"] in (None, want)

    categories = {(c, f): n for c, f, n in _sql(settings, f"""
        SELECT p.category, d.form_type, count(*) FROM deviations d JOIN parties p
        ON p.deviation_id = d.id AND p.role = 'counterpart' WHERE {where} GROUP BY ALL""")}
    for row in _parquet(folder, "counterparts_by_category"):
        if row["is_total"]:
            continue
        for form in ("bus", "vastbus", "lex_heller"):
            assert row[form] in (None, categories.get((row["counterpart_category"], form), 0))

    severity = {(s, r): n for s, r, n in _sql(settings, f"""
        SELECT coalesce(severity, '-'), CASE WHEN resolved THEN 'yes' WHEN NOT resolved THEN 'no' ELSE 'not_given' END,
        count(*) FROM deviations WHERE {where} AND form_type = 'lex_heller' GROUP BY ALL""")}
    sev_names = {"mycket_allvarlig": "mycket_allvarlig", "allvarlig": "allvarlig",
                 "mindre_allvarlig": "mindre_allvarlig", "not_given": "-"}
    shown = 0
    for row in _parquet(folder, "lex_heller_severity"):
        if row["is_total"]:
            continue
        for resolved in ("yes", "no", "not_given"):
            assert row[resolved] in (None, severity.get((sev_names[row["severity"]], resolved), 0))
            shown += row[resolved] is not None
    assert shown > 0


def _count_cells(folder: Path):
    """Every exported count: (table, row, column, value) from the Parquet files."""
    con = duckdb.connect()
    try:
        for path in sorted(folder.glob("*.parquet")):
            cursor = con.execute(f"SELECT * FROM read_parquet('{path}')")
            cols = [(d[0], d[1]) for d in cursor.description]
            for i, row in enumerate(cursor.fetchall()):
                for (name, type_), value in zip(cols, row):
                    if type_ == "BIGINT":
                        yield path.stem, i, name, value
    finally:
        con.close()


@pytest.mark.parametrize("which", [1, 2], ids=["wide", "quarter"])
def test_when_exported_then_no_count_from_1_to_4_is_shown_anywhere(exported, which):
    settings, *runs = exported
    folder = _folder(runs[which - 1])
    values = [v for *_, v in _count_cells(folder)]
    assert values and not [v for v in values if v is not None and 0 < v < 5]
    for csv in folder.glob("*.csv"):
        for line in csv.read_text(encoding="utf-8").splitlines()[1:]:
            for value in line.split(","):
                assert value not in {"1", "2", "3", "4"}, csv.name
    workbook = load_workbook(next(folder.glob("*.xlsx")), read_only=True)
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=3, values_only=True):
            assert not [v for v in row if isinstance(v, int) and 0 < v < 5], sheet.title
    workbook.close()
    html = next(folder.glob("*.html")).read_text(encoding="utf-8")
    for n in "1234":
        assert f'<td class="num">{n}</td>' not in html


@pytest.mark.parametrize("which", [1, 2], ids=["wide", "quarter"])
def test_when_exported_then_no_hidden_count_can_be_recovered_from_a_total(exported, which):
    settings, *runs = exported
    folder = _folder(runs[which - 1])
    checked = 0
    for path in sorted(folder.glob("*.parquet")):
        rows = _parquet(folder, path.stem)
        if not rows or "is_total" not in rows[0] or not rows[-1]["is_total"]:
            continue
        counts = [k for k, v in rows[0].items() if k != "is_total" and (isinstance(v, int) or v is None)
                  and not isinstance(v, bool) and k not in _labels(rows)]
        body, total_row = rows[:-1], rows[-1]
        lines = [([r[c] for c in counts[:-1]], r[counts[-1]]) for r in body] if counts[-1] == "total" and len(counts) > 1 else []
        lines += [([r[c] for r in body], total_row[c]) for c in counts]
        for parts, total in lines:
            hidden = sum(v is None for v in [*parts, total])
            assert hidden == 0 or hidden >= 2, (path.stem, parts, total)
            if hidden == 0:
                assert sum(parts) == total, (path.stem, parts, total)
            checked += 1
    assert checked > 10
    data = compute(settings, parse_period(["2024-01..2026-12", "2025Q2"][which - 1]), as_of=AS_OF)
    assert unsafe_equations(data.aggregates.equations, data.suppression.hidden) == []


def _labels(rows: list[dict]) -> set[str]:
    return {k for k, v in rows[0].items() if isinstance(v, str) or (v is None and all(
        isinstance(r[k], str) or r[k] is None for r in rows) and any(isinstance(r[k], str) for r in rows))}


def test_when_one_cell_is_small_then_the_next_smallest_is_hidden_too():
    t, a, b, c = ("t",), ("a",), ("b",), ("c",)
    s = suppress({t: 25, a: 3, b: 10, c: 12}, [(t, (a, b, c))], threshold=5)
    assert s.primary == {a} and s.secondary == {b}
    s = suppress({t: 22, a: 0, b: 10, c: 12}, [(t, (a, b, c))], threshold=5)
    assert not s.hidden  # zero is shown
    s = suppress({t: 7, a: 3, b: 4, c: 0}, [(t, (a, b, c))], threshold=5)
    assert s.hidden == {a, b}
    s = suppress({t: 7, a: 3, b: 4, c: 0}, [(t, (a, b, c))], threshold=3)
    assert s.primary == set() and not s.hidden


def test_when_a_hidden_cell_is_in_two_tables_then_both_totals_are_protected():
    # A 2×2 table with margins: hiding one cell forces a second in its row and its column,
    # and a fourth to keep the new ones safe.
    cells = {("r1", "c1"): 3, ("r1", "c2"): 20, ("r2", "c1"): 30, ("r2", "c2"): 40}
    values = {("cell",) + k: v for k, v in cells.items()}
    values |= {("row", "r1"): 23, ("row", "r2"): 70, ("col", "c1"): 33, ("col", "c2"): 60, ("all",): 93}
    eqs = [(("row", r), (("cell", r, "c1"), ("cell", r, "c2"))) for r in ("r1", "r2")]
    eqs += [(("col", c), (("cell", "r1", c), ("cell", "r2", c))) for c in ("c1", "c2")]
    eqs += [(("all",), (("row", "r1"), ("row", "r2"))), (("all",), (("col", "c1"), ("col", "c2")))]
    s = suppress(values, eqs, threshold=5)
    assert s.hidden == {("cell", r, c) for r in ("r1", "r2") for c in ("c1", "c2")}
    assert unsafe_equations(eqs, s.hidden) == []


def test_when_the_threshold_is_configured_then_it_is_used(tmp_path):
    home = copy_cli_home(tmp_path)
    (home / "avvik.toml").write_text("[export]\nsuppress_below = 3\n", encoding="utf-8")
    settings = load_settings(home=home, environ={})
    data = compute(settings, parse_period(WIDE), as_of=AS_OF)
    assert {data.aggregates.values[k] for k in data.suppression.primary} <= {1, 2}
    assert "från 1 till 2" in data.rule_text


def test_when_exported_again_then_avvik_files_are_replaced_and_nothing_is_left_beside(exported, tmp_path):
    settings, *_ = exported
    out = tmp_path / "ut"
    first = export_period(settings, "2025", out=out, as_of=AS_OF)
    folder = out / "2025"
    assert {p.parent for p in first} == {folder}
    (folder / "egen anteckning.txt").write_text("min", encoding="utf-8")
    second = export_period(settings, "2025", out=out, as_of=AS_OF)
    assert sorted(p.name for p in first) == sorted(p.name for p in second)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in second] + ["egen anteckning.txt", ".avvik-export"]
    )
    assert (folder / "egen anteckning.txt").read_text(encoding="utf-8") == "min"
    assert [p.name for p in out.iterdir()] == ["2025"]


def test_when_the_cli_exports_then_it_prints_one_swedish_summary_line(tmp_path):
    home = copy_cli_home(tmp_path)
    result = run_avvik("export", "--period", "2025Q3", home=home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    folder = (home / "exports" / "2025Q3").absolute()
    files = len([p for p in folder.iterdir() if p.name != ".avvik-export"])  # the marker is avvik's own
    assert re.fullmatch(rf"Export 2025Q3 \(tredje kvartalet 2025\): \d+ avvikelser?, \d+ dold(a)? cell(er)?"
                        rf" \(tal under 5\), {files} filer i {re.escape(str(folder))}", lines[0]), lines[0]


def test_when_the_workbook_is_opened_then_each_table_is_a_sheet_with_swedish_headers(exported):
    folder = _folder(exported[1])
    workbook = load_workbook(next(folder.glob("*.xlsx")), read_only=True)
    try:
        assert workbook.sheetnames[0] == "Om exporten"
        assert len(workbook.sheetnames) == 1 + len(list(folder.glob("*.csv")))
        sheet = workbook["Per blankett"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Avvikelser per blankett"
        assert rows[1][:2] == ("Blankett", "Antal avvikelser")
        assert [r[0] for r in rows[2:6]] == ["BUS", "Västbus", "Lex Heller", "Totalt"]
    finally:
        workbook.close()


def test_when_the_workbook_is_opened_then_sheet_names_are_whole_words_linked_from_the_about_sheet(exported):
    folder = _folder(exported[1])
    workbook = load_workbook(next(folder.glob("*.xlsx")))
    titles = {p.stem: None for p in folder.glob("*.csv")}
    links = {}
    for row in workbook["Om exporten"].iter_rows():
        if row[0].hyperlink is not None:
            links[row[0].value] = (row[0].hyperlink.location, row[1].value)
    assert set(links) == set(workbook.sheetnames[1:]) and len(links) == len(titles)
    for name in workbook.sheetnames[1:]:
        full_title = workbook[name]["A1"].value
        assert len(name) <= 31 and name in SHEET_NAMES.values(), name
        assert links[name][0] == f"'{name}'!A1" and links[name][1].startswith(full_title)


def test_when_the_report_is_written_then_it_is_swedish_self_contained_html_with_charts(exported):
    html = next(_folder(exported[1]).glob("*.html")).read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and html.count("<svg") >= 2  # trend and answers; pairs when any is >= 5
    assert "Trend per kvartal" in html and "Vanligaste partsparen" in html and "förfallna svar" in html
    for needle in ("<script", "src=\"http", "href=\"http", "@import", "url("):
        assert needle not in html


def test_when_chromium_renders_the_report_then_a_screenshot_is_taken(exported, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (CI installs it in .ci/run)")
    report = next(_folder(exported[1]).glob("*.html"))
    png = tmp_path / "report.png"
    profile = tmp_path / "profile"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1280,2000", report.as_uri()],
        capture_output=True, timeout=60, check=False,
    )
    assert png.exists() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
