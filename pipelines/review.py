"""`avvik review`: the forms a person should look at: a redaction finding too uncertain to decide
alone (redaction_status = needs_review), or fields the reader could not read reliably
(extraction_status = incomplete, with its notes)."""

from __future__ import annotations

from pathlib import Path

from warehouse import connect


def review_lines(db_path: Path) -> list[str]:
    con = connect(db_path, read_only=True)
    try:
        rows = con.execute(
            """
            SELECT d.id, d.form_type, d.source_name, f.field, f.entity_type, f.score, f.detector
            FROM deviations d JOIN pii_findings f ON f.deviation_id = d.id
            WHERE d.redaction_status = 'needs_review'
            ORDER BY d.ingested_at, d.id, f.field, f.start_offset
            """
        ).fetchall()
        incomplete = con.execute(
            """
            SELECT id, form_type, source_name, extraction_notes FROM deviations
            WHERE extraction_status = 'incomplete'
            ORDER BY ingested_at, id
            """
        ).fetchall()
    finally:
        con.close()
    if not rows and not incomplete:
        return ["Inga blanketter behöver granskas."]
    lines = _incomplete_lines(incomplete)
    if not rows:
        return lines
    lines.append("Blanketter att granska (fynd med låg säkerhet; texten är redan maskerad):")
    current = None
    for dev_id, form_type, name, field, entity, score, detector in rows:
        if dev_id != current:
            lines.append(f"{dev_id}  {form_type}  {name or ''}")
            current = dev_id
        lines.append(f"    {field:<22} {entity:<13} säkerhet {score:.2f}  ({detector})")
    return lines


def _incomplete_lines(rows: list[tuple]) -> list[str]:
    """The forms loaded as incomplete, each with what could not be read."""
    if not rows:
        return []
    lines = ["Blanketter som inte kunde läsas fullständigt (kontrollera mot originalet):"]
    for dev_id, form_type, name, notes in rows:
        lines.append(f"{dev_id}  {form_type}  {name or ''}")
        for note in (notes or "").split("; "):
            if note:
                lines.append(f"    {note}")
    return lines
