"""The aggregate tables of a period export, counted in DuckDB (no disclosure control here).

Every count is a *cell* with a global key that says exactly what it counts, e.g.
``("dev", "form=bus", "t=2026-07-01..2026-09-30")``. The same count appearing in two tables
(the BUS total of the period is in the form table, the month table and the answer table)
is one cell, and every table row/column with a total contributes an *equation*
``total = sum(parts)``. Disclosure control (`pipelines.export.suppression`) works on these cells
and equations, so a cell hidden in one table is hidden in every table, and no total in any
table gives it away.

Labels (sheet titles, headers, category names) are Swedish: the tables are read by a
steering group. Keys for CSV/Parquet columns are English snake_case, and a row also carries
the warehouse's codes (`bus`, `answered_on_time`, `2026Q3`, a month as its first day) for
analysts: CSV/Parquet write the code in the column and the Swedish label beside it
(`form_type`, `form_type_label`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

Key = tuple[str, ...]

FORMS = (("bus", "BUS"), ("vastbus", "Västbus"), ("lex_heller", "Lex Heller"))
CATEGORIES = (
    ("kommun", "Kommun"), ("region", "Region"), ("arbetsformedlingen", "Arbetsförmedlingen"),
    ("forsakringskassan", "Försäkringskassan"), ("annan", "Annan"),
)
SEVERITIES = (
    ("mycket_allvarlig", "Mycket allvarlig"), ("allvarlig", "Allvarlig"),
    ("mindre_allvarlig", "Mindre allvarlig"), ("not_given", "Ej angiven"),
)
RESOLVED = (("yes", "Ja"), ("no", "Nej"), ("not_given", "Ej angivet"))
ESCALATIONS = (
    ("lokal", "Löst i lokal grupp"), ("delregional", "Skickad till delregional grupp"),
    ("regional", "Skickad till regional styrgrupp"), ("not_given", "Ej angiven"),
)
VASTBUS_TYPES = (
    ("riktlinjer_foljs_inte", "Västbus riktlinjer följs inte"),
    ("insatser_utfors_inte", "Insatser/åtgärder enligt individuell plan utförs inte"),
    ("parter_inte_overens", "Parterna är inte överens"),
    ("not_given", "Ej angiven"),
)
ANSWER_STATUSES = (
    ("answered_on_time", "Besvarad i tid"), ("answered_late", "Besvarad för sent"),
    ("resolved", "Löst (Lex Heller)"), ("overdue", "Förfallen, svar saknas"),
    ("not_yet_due", "Ej förfallen"), ("no_due_date", "Datum saknas"),
)
SWEDISH_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TREND_QUARTERS = 8
TOTAL = "Totalt"
OTHERS = "Övriga"


@dataclass(frozen=True)
class Share:
    """A proportion numerator / sum(parts) of two or more cells (shown only if none is hidden)."""

    numerator: Key
    parts: tuple[Key, ...]


Cell = Key | Share | None


@dataclass
class Row:
    labels: list[str]
    cells: list[Cell]
    total: bool = False
    codes: list | None = None  # per label column: the warehouse's code (None on a total row)


@dataclass
class Column:
    key: str  # English snake_case: CSV and Parquet
    header: str  # Swedish: Excel and HTML
    kind: str = "count"  # "label" | "count" | "share"
    code_type: str | None = None  # a label column with codes: "VARCHAR" or "DATE" (CSV/Parquet)


@dataclass
class Table:
    name: str  # file stem
    title: str  # Swedish
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: str = ""

    @property
    def label_columns(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "label"]

    @property
    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.kind != "label"]


@dataclass
class Aggregates:
    """All cells, equations and tables of one export."""

    start: date
    end: date  # inclusive
    as_of: date
    values: dict[Key, int] = field(default_factory=dict)
    equations: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def deviation_count(self) -> int:
        return self.values.get(key("dev", t=span(self.start, self.end)), 0)

    def cell(self, k: Key, value: int) -> Key:
        if k in self.values and self.values[k] != value:
            raise AssertionError(f"cell {k} counted twice with different values")
        self.values[k] = value
        return k

    def equation(self, total: Key, parts: list[Key]) -> None:
        eq = (total, tuple(dict.fromkeys(parts)))
        if eq not in self.equations:
            self.equations.append(eq)


def key(unit: str, **dims: str) -> Key:
    """The canonical key of a count: its unit and its dimensions, order-independent."""
    return (unit, *sorted(f"{k}={v}" for k, v in dims.items()))


def span(start: date, end: date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


def month_spans(start: date, end: date) -> list[tuple[date, date]]:
    out, cur = [], date(start.year, start.month, 1)
    while cur <= end:
        nxt = date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
        out.append((cur, nxt - timedelta(days=1)))
        cur = nxt
    return out


def quarter_of(d: date) -> tuple[date, date]:
    first_month = 3 * ((d.month - 1) // 3) + 1
    start = date(d.year, first_month, 1)
    return start, month_spans(start, date(d.year, first_month + 2, 1))[-1][1]


def quarter_label(start: date) -> str:
    return f"{start.year} kv {(start.month - 1) // 3 + 1}"


def quarter_spans(start: date, end: date) -> list[tuple[date, date]]:
    out, cur = [], quarter_of(start)[0]
    while cur <= end:
        out.append(quarter_of(cur))
        cur = out[-1][1] + timedelta(days=1)
    return out


def build(
    con: duckdb.DuckDBPyConnection, start: date, end: date, as_of: date, min_named: int
) -> Aggregates:
    """Count every aggregate of the period [start, end] (by `reported_on`); answers as of `as_of`.

    `min_named`: a party name, pair of names or BUS event type (free text) counted fewer
    times than this is not named but counted under "Övriga"."""
    agg = Aggregates(start, end, as_of)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW export_deviations AS"
        " SELECT d.*, s.answer_status FROM deviations d"
        f" JOIN answer_status_as_of(DATE '{as_of.isoformat()}') s USING (id)"
        f" WHERE d.reported_on BETWEEN DATE '{start.isoformat()}' AND DATE '{end.isoformat()}'"
    )
    p = span(start, end)
    forms = [f for f, _ in FORMS]
    form_headers = [h for _, h in FORMS]

    def by_form_and(dim_sql: str) -> dict[tuple[str, str], int]:
        rows = con.execute(
            f"SELECT {dim_sql} AS v, form_type, count(*) FROM export_deviations GROUP BY ALL"
        ).fetchall()
        return {(str(v), f): n for v, f, n in rows}

    # --- deviations per form family ---------------------------------------------------
    per_form = dict(con.execute("SELECT form_type, count(*) FROM export_deviations GROUP BY 1").fetchall())
    t = Table("deviations_by_form", "Avvikelser per blankett",
              [Column("form_type", "Blankett", "label", "VARCHAR"), Column("deviations", "Antal avvikelser")])
    parts = []
    for f, header in FORMS:
        parts.append(agg.cell(key("dev", form=f, t=p), per_form.get(f, 0)))
        t.rows.append(Row([header], [parts[-1]], codes=[f]))
    total = agg.cell(key("dev", t=p), sum(per_form.values()))
    t.rows.append(Row([TOTAL], [total], total=True))
    agg.equation(total, parts)
    agg.tables.append(t)

    # --- per month and quarter × form, and the trend of eight quarters -----------------
    months = month_spans(start, end)
    monthly = by_form_and("strftime(reported_on, '%Y-%m')")
    _time_table(agg, "deviations_by_month", "Avvikelser per månad och blankett", "month", "Månad",
                [(s, e, f"{SWEDISH_MONTHS[s.month - 1]} {s.year}", monthly, s.strftime("%Y-%m")) for s, e in months],
                forms, form_headers, p)
    quarters = quarter_spans(start, end)
    trend_start = quarters[-1][0]
    for _ in range(TREND_QUARTERS - 1):
        trend_start = quarter_of(trend_start - timedelta(days=1))[0]
    trend_quarters = quarter_spans(trend_start, quarters[-1][1])
    quarterly_rows = con.execute(
        "SELECT year(reported_on) || 'Q' || quarter(reported_on), form_type, count(*) FROM deviations"
        " WHERE reported_on BETWEEN ? AND ? GROUP BY ALL",
        [min(trend_start, quarters[0][0]), quarters[-1][1]],
    ).fetchall()
    quarterly = {(q, f): n for q, f, n in quarterly_rows}

    def qname(s: date) -> str:
        return f"{s.year}Q{(s.month - 1) // 3 + 1}"

    in_period = [(s, e) for s, e in quarters if s >= start and e <= end]
    if len(in_period) > 1 or (len(in_period) == 1 and in_period[0] != (start, end)):
        _time_table(agg, "deviations_by_quarter", "Avvikelser per kvartal och blankett", "quarter", "Kvartal",
                    [(s, e, quarter_label(s), quarterly, qname(s)) for s, e in in_period], forms, form_headers,
                    span(in_period[0][0], in_period[-1][1]))
    _time_table(agg, "trend_by_quarter", f"Trend: avvikelser de senaste {TREND_QUARTERS} kvartalen",
                "quarter", "Kvartal",
                [(s, e, quarter_label(s), quarterly, qname(s)) for s, e in trend_quarters], forms, form_headers,
                span(trend_quarters[0][0], trend_quarters[-1][1]))
    # A quarter of the period is the sum of its months: say so, so that hiding holds across tables.
    for qs, qe in in_period:
        ms = [(s, e) for s, e in months if qs <= s and e <= qe]
        if len(ms) > 1 and (qs, qe) != (start, end):
            for f in [*forms, None]:
                dims = {"form": f} if f else {}
                agg.equation(key("dev", t=span(qs, qe), **dims), [key("dev", t=span(s, e), **dims) for s, e in ms])

    # --- answers ---------------------------------------------------------------------
    answers = by_form_and("answer_status")
    statuses = [(s, h) for s, h in ANSWER_STATUSES if any(answers.get((s, f)) for f in ("bus", "lex_heller"))]
    statuses = statuses or [ANSWER_STATUSES[3]]
    _cross(agg, "answers_by_status", "Svar: i tid, för sent eller förfallna (BUS och Lex Heller)",
           [Column("answer_status", "Svarsstatus", "label")],
           [((s,), (h,)) for s, h in statuses], "status",
           [("bus", "BUS"), ("lex_heller", "Lex Heller")], "form",
           lambda r, c: answers.get((r[0], c), 0), unit="dev", scope={"t": p},
           grand=key("dev", form="bus+lex_heller", t=p),
           note=f"Läget den {as_of.isoformat()}. Västbus har inget svarsfält och ingår inte. Lex Heller: "
                "”Avvikelsen är löst: Ja” räknas som besvarad; annars förfallen 60 dagar efter anmälan.")

    overdue_cat = dict(con.execute(
        "SELECT p.category, count(DISTINCT d.id) FROM export_deviations d JOIN parties p"
        " ON p.deviation_id = d.id AND p.role = 'counterpart' WHERE d.answer_status = 'overdue' GROUP BY 1"
    ).fetchall())
    _one_way(agg, "overdue_by_counterpart_category", "Förfallna svar per motpartens kategori",
             [Column("counterpart_category", "Motpartens kategori", "label")],
             [((h,), overdue_cat.get(c, 0), key("overdue_counterpart", category=c, t=p)) for c, h in CATEGORIES],
             key("overdue_counterpart", t=p),
             note="En avvikelse med flera motparter räknas en gång per motpartskategori.",
             codes=[c for c, _ in CATEGORIES])

    # --- parties ---------------------------------------------------------------------
    for role, unit, title in (("counterpart", "counterparts", "Motparter per kategori och blankett"),
                              ("reporting", "reporting", "Rapporterande parter per kategori och blankett")):
        data = {(c, f): n for c, f, n in con.execute(
            "SELECT p.category, d.form_type, count(*) FROM export_deviations d"
            f" JOIN parties p ON p.deviation_id = d.id AND p.role = '{role}' GROUP BY ALL").fetchall()}
        _cross(agg, f"{unit}_by_category", title, [Column(f"{role}_category", "Kategori", "label")],
               [((c,), (h,)) for c, h in CATEGORIES], "category", list(FORMS), "form",
               lambda r, c, data=data: data.get((r[0], c), 0), unit=role, scope={"t": p},
               note="Antal omnämnanden: en avvikelse med flera parter räknas en gång per part.")

    pairs_cat = {(r, c): n for r, c, n in con.execute(
        "SELECT r.category, c.category, count(*) FROM export_deviations d"
        " JOIN parties r ON r.deviation_id = d.id AND r.role = 'reporting'"
        " JOIN parties c ON c.deviation_id = d.id AND c.role = 'counterpart' GROUP BY ALL").fetchall()}
    _cross(agg, "party_pairs_by_category", "Partspar: rapporterande kategori → motpartens kategori",
           [Column("reporting_category", "Rapporterande kategori", "label")],
           [((c,), (h,)) for c, h in CATEGORIES], "reporting", list(CATEGORIES), "counterpart",
           lambda r, c: pairs_cat.get((r[0], c), 0), unit="pair", scope={"t": p},
           note="Rader: den rapporterande partens kategori. Kolumner: motpartens kategori. "
                "Antal par (rapporterande, motpart) på avvikelserna.")

    pairs = con.execute(
        "SELECT r.name, c.name, count(*) FROM export_deviations d"
        " JOIN parties r ON r.deviation_id = d.id AND r.role = 'reporting'"
        " JOIN parties c ON c.deviation_id = d.id AND c.role = 'counterpart' GROUP BY ALL").fetchall()
    _named(agg, "party_pairs_by_name", "Vanligaste partsparen (rapporterande → motpart)",
           [Column("reporting_name", "Rapporterande", "label"), Column("counterpart_name", "Motpart", "label")],
           {(r, c): n for r, c, n in pairs}, "pair", p, min_named, (OTHERS, ""),
           note=f"Par som förekommer färre än {min_named} gånger redovisas tillsammans som ”Övriga”.")
    for role, stem, title in (("counterpart", "counterparts", "Motparter"), ("reporting", "reporting", "Rapporterande parter")):
        names = con.execute(
            "SELECT p.name, count(*) FROM export_deviations d"
            f" JOIN parties p ON p.deviation_id = d.id AND p.role = '{role}' GROUP BY 1").fetchall()
        _named(agg, f"{stem}_by_name", f"{title} per namn",
               [Column(f"{role}_name", "Namn", "label")], {(n,): c for n, c in names}, role, p,
               min_named, (OTHERS,),
               note=f"Namn som förekommer färre än {min_named} gånger redovisas tillsammans som ”Övriga”.")

    # --- kinds of event --------------------------------------------------------------
    vb_types = dict(con.execute(
        "SELECT coalesce(trim(t), 'not_given'), count(*) FROM (SELECT unnest(CASE WHEN event_type IS NULL"
        " THEN [NULL] ELSE string_split(event_type, ',') END) AS t FROM export_deviations"
        " WHERE form_type = 'vastbus') GROUP BY 1").fetchall())
    _one_way(agg, "vastbus_event_types", "Västbus: typ av avvikelse",
             [Column("event_type", "Typ av avvikelse", "label")],
             [((h,), vb_types.get(c, 0), key("vastbus_type", type=c, t=p)) for c, h in VASTBUS_TYPES],
             key("vastbus_type", t=p), note="Flera typer kan vara markerade på samma blankett.",
             codes=[c for c, _ in VASTBUS_TYPES])
    bus_types = con.execute(
        "SELECT coalesce(event_type, ''), count(*) FROM export_deviations WHERE form_type = 'bus' GROUP BY 1"
    ).fetchall()
    _named(agg, "bus_event_types", "BUS: typ av händelse", [Column("event_type", "Typ av händelse", "label")],
           {((n or "Ej angiven"),): c for n, c in bus_types}, "dev", p, min_named, (OTHERS,),
           total=key("dev", form="bus", t=p), extra_dims={"form": "bus"}, dim="event_type",
           note=f"Fritext från blanketten; typer som förekommer färre än {min_named} gånger redovisas som ”Övriga”.")

    # --- Västbus escalation, Lex Heller severity and resolved --------------------------
    esc = dict(con.execute(
        "SELECT coalesce(escalation_level, 'not_given'), count(*) FROM export_deviations"
        " WHERE form_type = 'vastbus' GROUP BY 1").fetchall())
    _one_way(agg, "vastbus_escalation", "Västbus: handläggning (eskaleringsnivå)",
             [Column("escalation_level", "Handläggning", "label")],
             [((h,), esc.get(c, 0), key("dev", form="vastbus", escalation=c, t=p)) for c, h in ESCALATIONS],
             key("dev", form="vastbus", t=p), codes=[c for c, _ in ESCALATIONS])
    sev = {(s, r): n for s, r, n in con.execute(
        "SELECT coalesce(severity, 'not_given'), CASE WHEN resolved THEN 'yes' WHEN NOT resolved THEN 'no'"
        " ELSE 'not_given' END, count(*) FROM export_deviations WHERE form_type = 'lex_heller' GROUP BY ALL"
    ).fetchall()}
    _cross(agg, "lex_heller_severity", "Lex Heller: allvarlighetsgrad och om avvikelsen är löst",
           [Column("severity", "Allvarlighetsgrad", "label")],
           [((s,), (h,)) for s, h in SEVERITIES], "severity",
           [(r, f"Löst: {h}") for r, h in RESOLVED], "resolved",
           lambda r, c: sev.get((r[0], c), 0), unit="dev", scope={"t": p, "form": "lex_heller"},
           total_header="Totalt")

    # --- key figures -----------------------------------------------------------------
    lh = lambda r: key("dev", form="lex_heller", resolved=r, t=p)  # noqa: E731
    bus = lambda s: key("dev", form="bus", status=s, t=p)  # noqa: E731
    figures = Table("key_figures", "Nyckeltal", [Column("figure", "Nyckeltal", "label", "VARCHAR"),
                                                 Column("value", "Värde", "count"), Column("share", "Andel", "share")])
    figures.rows = [
        Row(["Avvikelser under perioden"], [key("dev", t=p), None], codes=["deviations"]),
        Row(["Förfallna svar (BUS och Lex Heller)"], [key("dev", status="overdue", t=p), None],
            codes=["answers_overdue"]),
        Row(["BUS: besvarade i tid, av dem som förfallit"], [
            bus("answered_on_time"),
            Share(bus("answered_on_time"), (bus("answered_on_time"), bus("answered_late"), bus("overdue")))],
            codes=["bus_answered_on_time"]),
        Row(["Lex Heller: lösta, av dem där frågan är besvarad"], [lh("yes"), Share(lh("yes"), (lh("yes"), lh("no")))],
            codes=["lex_heller_resolved"]),
    ]
    for row in figures.rows:  # figures refer to cells counted above; make sure they exist
        for cell in row.cells:
            for k in ([cell] if isinstance(cell, tuple) else [cell.numerator, *cell.parts] if cell else []):
                agg.values.setdefault(k, 0)
    agg.tables.insert(1, figures)
    return agg


def _time_table(agg, name, title, dim, header, rows, forms, form_headers, whole_span) -> None:
    """Rows of time spans × form families, with totals both ways."""
    t = Table(name, title, [Column(dim, header, "label", "DATE" if dim == "month" else "VARCHAR"),
                            *[Column(f, h) for f, h in zip(forms, form_headers)], Column("total", TOTAL)])
    col_parts: dict[str, list[Key]] = defaultdict(list)
    for s, e, label, data, data_key in rows:
        cells = [agg.cell(key("dev", form=f, t=span(s, e)), data.get((data_key, f), 0)) for f in forms]
        row_total = agg.cell(key("dev", t=span(s, e)), sum(agg.values[c] for c in cells))
        agg.equation(row_total, cells)
        for f, c in zip(forms, cells):
            col_parts[f].append(c)
        col_parts["total"].append(row_total)
        t.rows.append(Row([label], [*cells, row_total], codes=[s if dim == "month" else data_key]))
    totals = []
    for f in [*forms, "total"]:
        dims = {"form": f} if f != "total" else {}
        k = agg.cell(key("dev", t=whole_span, **dims), sum(agg.values[c] for c in col_parts[f]))
        agg.equation(k, col_parts[f])
        totals.append(k)
    agg.equation(totals[-1], totals[:-1])
    t.rows.append(Row([TOTAL], totals, total=True))
    agg.tables.append(t)


def _cross(agg, name, title, label_columns, rows, row_dim, cols, col_dim, count, unit, scope,
           note="", total_header=TOTAL, grand: Key | None = None) -> None:
    """A two-way table rows × cols with row totals, column totals and a grand total."""
    for column in label_columns:
        column.code_type = column.code_type or "VARCHAR"
    t = Table(name, title, [*label_columns, *[Column(c, h) for c, h in cols], Column("total", total_header)], note=note)
    col_parts: dict[str, list[Key]] = defaultdict(list)
    for values, labels in rows:
        cells = []
        for c, _ in cols:
            cells.append(agg.cell(key(unit, **scope, **{row_dim: values[0], col_dim: c}), count(values, c)))
            col_parts[c].append(cells[-1])
        row_total = agg.cell(key(unit, **scope, **{row_dim: values[0]}), sum(agg.values[c] for c in cells))
        agg.equation(row_total, cells)
        col_parts["total"].append(row_total)
        t.rows.append(Row(list(labels), [*cells, row_total], codes=list(values)))
    totals = []
    for c in [*[c for c, _ in cols], "total"]:
        dims = {col_dim: c} if c != "total" else {}
        k = grand if (c == "total" and grand) else key(unit, **scope, **dims)
        k = agg.cell(k, sum(agg.values[x] for x in col_parts[c]))
        agg.equation(k, col_parts[c])
        totals.append(k)
    agg.equation(totals[-1], totals[:-1])
    t.rows.append(Row([TOTAL] + [""] * (len(label_columns) - 1), totals, total=True))
    agg.tables.append(t)


def _one_way(agg, name, title, label_columns, rows, total_key, note="", codes=None) -> None:
    """A list of categories with one count each and their total (`codes`: per row, the
    warehouse's code of its category)."""
    if codes is not None:
        for column in label_columns:
            column.code_type = column.code_type or "VARCHAR"
    t = Table(name, title, [*label_columns, Column("count", "Antal")], note=note)
    parts = []
    for i, (labels, n, k) in enumerate(rows):
        parts.append(agg.cell(k, n))
        t.rows.append(Row(list(labels), [k], codes=[codes[i]] if codes is not None else None))
    total = agg.cell(total_key, sum(agg.values[k] for k in parts))
    agg.equation(total, parts)
    t.rows.append(Row([TOTAL] + [""] * (len(label_columns) - 1), [total], total=True))
    agg.tables.append(t)


def _named(agg, name, title, label_columns, counts: dict[tuple, int], unit, p, min_named, others_labels,
           total=None, extra_dims=None, dim="name", note="") -> None:
    """Names (free text) counted at least `min_named` times, the rest as "Övriga", and the total."""
    extra_dims = extra_dims or {}
    named = sorted(((labels, n) for labels, n in counts.items() if n >= min_named), key=lambda x: (-x[1], x[0]))
    others = sum(n for labels, n in counts.items() if n < min_named)
    rows = [(labels, n, key(unit, t=p, **extra_dims, **{dim: " | ".join(labels)})) for labels, n in named]
    rows.append((others_labels, others, key(unit, t=p, **extra_dims, **{dim: "__others__"})))
    _one_way(agg, name, title, label_columns, rows, total or key(unit, t=p, **extra_dims), note=note)
