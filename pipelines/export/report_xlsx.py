"""The Excel workbook of an export (openpyxl): a sheet "Om exporten", then one sheet per table
with Swedish headers. Hidden counts are the text "..", right-aligned like the numbers.

Excel allows 31 characters in a sheet name: each sheet has a short name of whole words
(`SHEET_NAMES`), its full title in its first row, and "Om exporten" lists every sheet as a
link with its full title."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from pipelines.export.data import ExportData
from pipelines.export.suppression import HIDDEN

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_MAX_SHEET = 31
#: Short sheet names (whole words, at most 31 characters) by table.
SHEET_NAMES = {
    "deviations_by_form": "Per blankett",
    "key_figures": "Nyckeltal",
    "deviations_by_month": "Per månad",
    "deviations_by_quarter": "Per kvartal",
    "trend_by_quarter": "Trend",
    "answers_by_status": "Svar",
    "overdue_by_counterpart_category": "Förfallna per motpart",
    "counterparts_by_category": "Motparter per kategori",
    "reporting_by_category": "Rapporterande per kategori",
    "party_pairs_by_category": "Partspar per kategori",
    "party_pairs_by_name": "Partspar per namn",
    "counterparts_by_name": "Motparter per namn",
    "reporting_by_name": "Rapporterande per namn",
    "vastbus_event_types": "Västbus typ",
    "bus_event_types": "BUS typ",
    "vastbus_escalation": "Västbus handläggning",
    "lex_heller_severity": "Lex Heller allvarlighet",
}


def _whole_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words (a single long word is cut)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" -–:,")
    return cut if 0 < len(cut) <= limit else text[:limit]


def _sheet_title(title: str, used: set[str], table_name: str = "") -> str:
    base = SHEET_NAMES.get(table_name) or _BAD_SHEET_CHARS.sub(" ", title).replace("→", "-").strip()
    base = _whole_words(" ".join(base.split()), _MAX_SHEET)
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name, n = _whole_words(base, _MAX_SHEET - len(suffix)) + suffix, n + 1
    used.add(name.lower())
    return name


def write_workbook(data: ExportData, path: Path) -> None:
    wb = Workbook()
    about = wb.active
    about.title = "Om exporten"
    p = data.period
    info = [
        ("Avvikelser i samverkan – aggregerad export", None),
        ("Period", f"{p.label} ({p.start} – {p.end})"),
        ("Skapad", f"{data.created_at:%Y-%m-%d %H:%M}"),
        ("Svarsläget avser", str(data.aggregates.as_of)),
        ("Avvikelser under perioden", data.shown_total),
        ("Skydd av små tal", data.rule_text),
        ("Urval", "Avvikelser räknas efter datum för rapportering/anmälan på blanketten."),
        (None, None),
        ("Flikar (klicka för att öppna)", None),
    ]
    used = {about.title.lower()}
    titles = [_sheet_title(t.title, used, t.name) for t in data.aggregates.tables]
    for row in info:
        about.append(list(row))
    for title, table in zip(titles, data.aggregates.tables):
        about.append([title, table.title + (f". {table.note}" if table.note else "")])
        link = about.cell(row=about.max_row, column=1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{title}'!A1", display=title)
        link.style = "Hyperlink"
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 44
    about.column_dimensions["B"].width = 110
    for row in about.iter_rows(min_row=2, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    for title, table in zip(titles, data.aggregates.tables):
        ws = wb.create_sheet(title)
        ws.append([table.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([c.header for c in table.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
        for row in table.rows:
            values = []
            for cell in row.cells:
                value = data.value(cell)
                values.append(HIDDEN if value is None and data.hidden(cell) else value)
            ws.append([*row.labels, *values])
            excel_row = ws.max_row
            for i, column in enumerate(table.value_columns, start=len(table.label_columns) + 1):
                c = ws.cell(row=excel_row, column=i)
                c.alignment = Alignment(horizontal="right")
                if column.kind == "share" and isinstance(c.value, float):
                    c.number_format = "0.0 %"
            if row.total:
                for c in ws[excel_row]:
                    c.font = Font(bold=True)
        if table.note:
            ws.append([])
            ws.append([table.note])
        ws.append([f"{HIDDEN} = dolt tal. {data.rule_text}"])
        for i, column in enumerate(table.columns, start=1):
            width = max([len(column.header)] + [len(str(r.labels[i - 1])) for r in table.rows
                                                if i <= len(r.labels)]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(max(width, 10), 60)
        ws.freeze_panes = "A3"
    wb.save(path)
