"""`avvik review`: the forms whose redaction a person should look at (redaction_status = needs_review)."""

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
    finally:
        con.close()
    if not rows:
        return ["Inga blanketter behöver granskas."]
    lines = ["Blanketter att granska (fynd med låg säkerhet; texten är redan maskerad):"]
    current = None
    for dev_id, form_type, name, field, entity, score, detector in rows:
        if dev_id != current:
            lines.append(f"{dev_id}  {form_type}  {name or ''}")
            current = dev_id
        lines.append(f"    {field:<22} {entity:<13} säkerhet {score:.2f}  ({detector})")
    return lines
