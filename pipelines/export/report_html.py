"""The HTML report of an export: one self-contained file in Swedish for a steering group.

Charts are inline SVG drawn here (no script, no web font, nothing fetched), so the report
opens offline and prints. Hidden counts are never drawn as bars: a hidden part of a stack is
shown as a grey "dolt" segment (the difference between a shown total and the shown parts,
which anyone can compute anyway), and a hidden total gets no bar at all.
"""

from __future__ import annotations

from html import escape

from pipelines.export.data import ExportData
from pipelines.export.suppression import HIDDEN
from warehouse.aggregates import FORMS, Share, Table

COLORS = {"bus": "#1f5f8b", "vastbus": "#d9822b", "lex_heller": "#3a8f5c"}
HIDDEN_COLOR = "#c9ccd1"
FONT = "font-family:'Segoe UI',Arial,Helvetica,sans-serif"


def fmt_int(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def fmt_share(value: float) -> str:
    return f"{100 * value:.1f}".replace(".", ",") + "\u00a0%"


def _show(data: ExportData, cell, kind: str = "count") -> str:
    if cell is None:
        return ""
    value = data.value(cell)
    if value is None:
        return HIDDEN if data.hidden(cell) else "–"
    return fmt_share(value) if isinstance(cell, Share) else fmt_int(value)


def _table(data: ExportData, table: Table) -> str:
    head = "".join(
        f'<th class="{"lbl" if c.kind == "label" else "num"}">{escape(c.header)}</th>' for c in table.columns
    )
    body = []
    for row in table.rows:
        labels = "".join(f'<td class="lbl">{escape(str(v))}</td>' for v in row.labels)
        cells = "".join(
            f'<td class="num{" hid" if data.hidden(c) else ""}">{_show(data, c)}</td>' for c in row.cells
        )
        body.append(f'<tr{" class=total" if row.total else ""}>{labels}{cells}</tr>')
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (
        f'<section class="tbl" id="{escape(table.name)}"><h3>{escape(table.title)}</h3>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}</section>"
    )


def _find(data: ExportData, name: str) -> Table | None:
    return next((t for t in data.aggregates.tables if t.name == name), None)


def _trend_chart(data: ExportData) -> str:
    """Stacked columns per quarter and form family."""
    table = _find(data, "trend_by_quarter")
    if table is None:
        return ""
    rows = [r for r in table.rows if not r.total]
    width, height, left, bottom, top = 900, 340, 50, 50, 20
    totals = [data.value(r.cells[-1]) for r in rows]
    peak = max([t for t in totals if t is not None] + [1])
    step = _nice_step(peak)
    ymax = step * -(-peak // step)
    plot_h = height - bottom - top
    slot = (width - left - 20) / max(len(rows), 1)
    bar_w = slot * 0.6
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Avvikelser per kvartal och blankett" style="{FONT}">']
    for tick in range(0, ymax + 1, step):
        y = top + plot_h - plot_h * tick / ymax
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>'
                     f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="#555">{tick}</text>')
    for i, row in enumerate(rows):
        x = left + i * slot + (slot - bar_w) / 2
        total = totals[i]
        label_y = height - bottom + 20
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{label_y}" font-size="12" text-anchor="middle" '
                     f'fill="#333">{escape(row.labels[0])}</text>')
        if total is None:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 6:.1f}" font-size="13" '
                         f'text-anchor="middle" fill="#777">{HIDDEN}</text>')
            continue
        y = top + plot_h
        shown_sum = 0
        for (form, header), cell in zip(FORMS, row.cells[:-1]):
            value = data.value(cell)
            if not value:
                continue
            shown_sum += value
            h = plot_h * value / ymax
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{COLORS[form]}"><title>{escape(row.labels[0])}, {header}: {value}</title></rect>')
        rest = total - shown_sum
        if rest > 0:
            h = plot_h * rest / ymax
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{HIDDEN_COLOR}"><title>{escape(row.labels[0])}: dolda tal, sammanlagt {rest}</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 6:.1f}" font-size="13" font-weight="600" '
                     f'text-anchor="middle" fill="#222">{total}</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<span class="key"><i style="background:{COLORS[f]}"></i>{h}</span>' for f, h in FORMS
    ) + f'<span class="key"><i style="background:{HIDDEN_COLOR}"></i>dolt (små tal)</span>'
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 6:
            return step
    return 10000


def _hbar_chart(rows: list[tuple[str, list[tuple[str, int | None]]]], colors: dict[str, str], aria: str) -> str:
    """Horizontal bars: each row a label and one or more (series, value) bars."""
    if not rows:
        return ""
    bars_per_row = max(len(series) for _, series in rows)
    bar_h, gap, label_w, width = 18, 14, 330, 900
    row_h = bars_per_row * bar_h + gap
    height = len(rows) * row_h + 10
    peak = max([v for _, series in rows for _, v in series if v] + [1])
    plot_w = width - label_w - 60
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(aria)}" style="{FONT}">']
    for i, (label, series) in enumerate(rows):
        y0 = 5 + i * row_h
        short = label if len(label) <= 48 else label[:46] + "…"
        parts.append(f'<text x="{label_w - 10}" y="{y0 + len(series) * bar_h / 2 + 5:.1f}" font-size="13" '
                     f'text-anchor="end" fill="#222"><title>{escape(label)}</title>{escape(short)}</text>')
        for j, (name, value) in enumerate(series):
            y = y0 + j * bar_h
            if value is None:
                parts.append(f'<text x="{label_w + 4}" y="{y + bar_h - 5}" font-size="12" fill="#777">{HIDDEN} ({escape(name)})</text>')
                continue
            w = plot_w * value / peak
            parts.append(f'<rect x="{label_w}" y="{y + 1}" width="{max(w, 0.5):.1f}" height="{bar_h - 3}" '
                         f'fill="{colors.get(name, "#1f5f8b")}"><title>{escape(label)} – {escape(name)}: {value}</title></rect>'
                         f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 5}" font-size="12" fill="#222">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _pairs_chart(data: ExportData, limit: int = 10) -> str:
    """The most frequent pairs of named parties; by category when no pair of names is frequent
    enough to be named."""
    table = _find(data, "party_pairs_by_name")
    named = [r for r in table.rows if not r.total and r.labels[1]] if table else []
    rows = [(f"{r.labels[0]} → {r.labels[1]}", [("Antal", data.value(r.cells[0]))]) for r in named[:limit]]
    if rows:
        return _hbar_chart(rows, {"Antal": "#1f5f8b"}, "Vanligaste partsparen")
    by_category = _find(data, "party_pairs_by_category")
    if by_category is None:
        return ""
    headers = [c.header for c in by_category.value_columns][:-1]
    pairs = []
    for row in by_category.rows:
        if row.total:
            continue
        for header, cell in zip(headers, row.cells[:-1]):
            value = data.value(cell)
            if value is None and data.hidden(cell):
                continue
            if value:
                pairs.append((f"{row.labels[0]} → {header}", value))
    pairs.sort(key=lambda x: -x[1])
    note = (f'<p class="meta">Inget par av namngivna verksamheter förekommer {data.threshold} gånger eller fler '
            "under perioden; diagrammet visar paren per kategori (rapporterande → motpart).</p>")
    if not pairs:
        return note
    return note + _hbar_chart([(label, [("Antal", v)]) for label, v in pairs[:limit]], {"Antal": "#1f5f8b"},
                              "Vanligaste partsparen per kategori")


def _answers_chart(data: ExportData) -> str:
    table = _find(data, "answers_by_status")
    if table is None:
        return ""
    # A status that cannot occur for a family (BUS is never "löst", Lex Heller has no answer date) gets no bar.
    only = {"Besvarad i tid": ("BUS",), "Besvarad för sent": ("BUS",), "Löst (Lex Heller)": ("Lex Heller",)}
    rows = [(r.labels[0], [(name, data.value(cell)) for name, cell in (("BUS", r.cells[0]), ("Lex Heller", r.cells[1]))
                           if name in only.get(r.labels[0], ("BUS", "Lex Heller"))])
            for r in table.rows if not r.total]
    legend = (f'<div class="legend"><span class="key"><i style="background:{COLORS["bus"]}"></i>BUS</span>'
              f'<span class="key"><i style="background:{COLORS["lex_heller"]}"></i>Lex Heller</span></div>')
    return _hbar_chart(rows, {"BUS": COLORS["bus"], "Lex Heller": COLORS["lex_heller"]}, "Svarsläge") + legend


def _figures(data: ExportData) -> str:
    table = _find(data, "key_figures")
    if table is None:
        return ""
    cards = []
    for row in table.rows:
        value_cell, share_cell = row.cells
        main = _show(data, share_cell) if share_cell is not None else _show(data, value_cell)
        sub = f"{_show(data, value_cell)} st" if share_cell is not None else ""
        cards.append(f'<div class="card"><div class="big">{main}</div><div class="cap">{escape(row.labels[0])}</div>'
                     f'<div class="sub">{sub}</div></div>')
    return f'<div class="cards">{"".join(cards)}</div>'


CSS = """
body{margin:0;background:#f4f6f8;color:#1d2329;font-family:'Segoe UI',Arial,Helvetica,sans-serif;line-height:1.45}
main{max-width:1000px;margin:0 auto;padding:28px 36px 48px;background:#fff}
header{border-bottom:4px solid #1f5f8b;margin-bottom:18px}
h1{font-size:27px;margin:0 0 4px}h2{font-size:20px;margin:30px 0 8px;color:#1f5f8b}
h3{font-size:16px;margin:22px 0 6px}.meta{color:#4b5560;margin:0 0 14px}
.cards{display:flex;gap:14px;flex-wrap:wrap;margin:10px 0 6px}
.card{flex:1 1 200px;border:1px solid #d7dde3;border-radius:8px;padding:12px 14px;background:#fafbfc}
.big{font-size:30px;font-weight:700;color:#1f5f8b}.cap{font-size:14px}.sub{font-size:12px;color:#666}
.legend{font-size:13px;margin:4px 0 0 50px}.key{margin-right:18px;white-space:nowrap}
.key i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}
table{border-collapse:collapse;font-size:13px;margin:4px 0;min-width:50%}
th,td{border-bottom:1px solid #e1e5e9;padding:4px 10px}th{background:#eef2f6;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}.hid{color:#8a9097}
tr.total td{font-weight:700;border-top:2px solid #9aa4ae}
.note{font-size:12px;color:#59626b;margin:2px 0 0;max-width:820px}
.rule{background:#fff8e6;border-left:4px solid #e0a100;padding:8px 12px;font-size:13px}
.empty{color:#59626b;font-style:italic}
footer{margin-top:30px;font-size:12px;color:#6b747d}
@media print{body{background:#fff}main{padding:0}section.tbl{break-inside:avoid}}
"""


def render_report(data: ExportData) -> str:
    """The whole report as one HTML document (UTF-8, no external resources)."""
    p = data.period
    tables = "".join(_table(data, t) for t in data.aggregates.tables if t.name != "key_figures")
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Avvikelser i samverkan – {escape(p.label)}</title>
<style>{CSS}</style></head>
<body><main>
<header><h1>Avvikelser i samverkan – {escape(p.label)}</h1>
<p class="meta">Period {p.start} – {p.end} · BUS, Västbus och Lex Heller · svarsläget avser {data.aggregates.as_of}
· skapad {data.created_at:%Y-%m-%d %H:%M}</p></header>
<p class="rule"><strong>Små tal skyddas.</strong> {escape(data.rule_text)}</p>
<h2>Nyckeltal</h2>
{_figures(data)}
<h2>Trend per kvartal</h2>
<p class="meta">Antal avvikelser per kvartal och blankett, de senaste åtta kvartalen fram till periodens slut.</p>
{_trend_chart(data)}
<h2>Vanligaste partsparen</h2>
<p class="meta">Rapporterande verksamhet → den verksamhet avvikelsen gäller.</p>
{_pairs_chart(data)}
<h2>Svar i tid och förfallna svar</h2>
<p class="meta">BUS: svar väntas inom två månader. Lex Heller: avvikelsen ska vara löst inom 60 dagar.
Västbus har inget svarsfält (se handläggning i tabellerna).</p>
{_answers_chart(data)}
<h2>Tabeller</h2>
{tables}
<footer>Framtagen av avvik ur en avidentifierad databas. Avvikelser räknas efter datum för
rapportering/anmälan på blanketten. {HIDDEN} = dolt tal.</footer>
</main></body></html>
"""
