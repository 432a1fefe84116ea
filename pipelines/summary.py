"""A short summary of the warehouse in plain Swedish, from SQL (what `make run` prints)."""

from __future__ import annotations

from pathlib import Path

from warehouse import connect

_FAMILY = {"bus": "BUS", "vastbus": "Västbus", "lex_heller": "Lex Heller"}


def summary_lines(db_path: Path) -> list[str]:
    con = connect(db_path, read_only=True)
    try:
        total, redacted, review = con.execute(
            "SELECT count(*), count(*) FILTER (redaction_status = 'redacted'),"
            " count(*) FILTER (redaction_status = 'needs_review') FROM deviations"
        ).fetchone()
        lines = [f"Databas {db_path}: {total} {'avvikelse' if total == 1 else 'avvikelser'}"]
        for form_type, fmt, n in con.execute(
            "SELECT form_type, source_format, count(*) FROM deviations GROUP BY ALL ORDER BY ALL"
        ).fetchall():
            lines.append(f"  {_FAMILY.get(form_type, form_type):<11} {fmt:<5} {n:>5}")
        (parties,) = con.execute("SELECT count(*) FROM parties").fetchone()
        (findings,) = con.execute("SELECT count(*) FROM pii_findings").fetchone()
        (overdue,) = con.execute("SELECT count(*) FROM v_answers_overdue").fetchone()
        (rejected,) = con.execute(
            "SELECT count(DISTINCT coalesce(source_sha256, file_name)) FROM ingest_log WHERE status = 'rejected'"
        ).fetchone()
        lines += [
            f"  parter: {parties}, personuppgifter maskerade: {findings} "
            f"({redacted} blanketter maskerade, {review} att granska)",
            f"  försenade svar i dag (BUS och Lex Heller): {overdue}",
            f"  avvisade filer (hittills): {rejected}",
        ]
        return lines
    finally:
        con.close()
