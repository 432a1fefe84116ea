"""`avvik status`: what waits, what was archived or rejected, the last error, the warehouse."""

from __future__ import annotations

from pathlib import Path

from pipelines.config import Settings
from schema.errors import WarehouseBusy
from warehouse import connect


def _count_files(folder: Path, pattern: str = "*") -> int:
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.rglob(pattern) if p.is_file() and not p.name.endswith(".reason.txt"))


def status_lines(settings: Settings) -> list[str]:
    lines = [
        f"Hemmapp:   {settings.home}",
        f"Inkorg:    {_count_files(settings.inbox)} filer väntar",
        f"Arkiv:     {_count_files(settings.archive)} filer",
        f"Avvisade:  {_count_files(settings.rejected)} filer",
    ]
    db = settings.db_path
    if not db.exists():
        return lines + [f"Databas:   {db} (finns inte ännu)"]
    size_mb = db.stat().st_size / 1024 / 1024
    try:
        con = connect(db, read_only=True)
    except WarehouseBusy:
        return lines + [f"Databas:   {db}, {size_mb:.1f} MB (upptagen av en skrivning just nu)"]
    try:
        (n,) = con.execute("SELECT count(*) FROM deviations").fetchone()
        (last_load,) = con.execute("SELECT max(logged_at) FROM ingest_log WHERE status = 'loaded'").fetchone()
        last_error = con.execute(
            "SELECT logged_at, file_name, reason FROM ingest_log WHERE status = 'rejected'"
            " ORDER BY logged_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    lines.append(f"Databas:   {db}, {size_mb:.1f} MB, {n} avvikelser, senast inläst {last_load or '–'}")
    if last_error:
        at, name, reason = last_error
        lines.append(f"Senaste fel: {at:%Y-%m-%d %H:%M} {name}: {reason}")
    else:
        lines.append("Senaste fel: –")
    return lines
