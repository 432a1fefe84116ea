"""`avvik status`: is the watch service running, what waits, what was archived or rejected,
the last error, and the warehouse. Read-only: it never takes the database from the service
for longer than one query, and falls back to the analysts' snapshot while it is busy."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipelines.watch.inbox import REASON_SUFFIX, waiting_files
from pipelines.config import Settings
from pipelines.watch.state import SNAPSHOT_NAME, read_pid_file, read_state, service_running
from schema.errors import AvvikError, WarehouseBusy
from warehouse import connect


def _count_files(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(
        1
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(REASON_SUFFIX) and not p.name.startswith(".")
    )


def _parse(at: str | None) -> datetime | None:
    """An ISO time from the service's files as naive local time (like `ingest_log.logged_at`)."""
    if not at:
        return None
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        return None
    return parsed.astimezone().replace(tzinfo=None) if parsed.tzinfo else parsed


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else "–"


def service_lines(settings: Settings) -> list[str]:
    """The watch service: running or not, and the problems it reports."""
    state = read_state(settings.home)
    if service_running(settings.home):
        info = read_pid_file(settings.home)
        mode = "avsökning" if state.get("mode") == "polling" else "filhändelser"
        lines = [
            f"Tjänst:    avvik watch körs (process {info.get('pid', '?')} på {info.get('host', '?')}, "
            f"sedan {_when(_parse(info.get('started_at')))}, {mode})"
        ]
    else:
        stopped = _parse(state.get("stopped_at")) or _parse(state.get("updated_at"))
        lines = ["Tjänst:    avvik watch körs inte" + (f" (senast aktiv {_when(stopped)})" if stopped else "")]
        return lines
    waiting = _parse(state.get("waiting_for_database_since"))
    if waiting:
        lines.append(
            f"           Väntar på databasen sedan {_when(waiting)}: ett annat program (en analytiker?) har den öppen."
        )
    for problem in (state.get("problems") or {}).values():
        lines.append(f"           Problem sedan {_when(_parse(problem.get('since')))}: {problem.get('reason')}")
    return lines


def status_lines(settings: Settings) -> list[str]:
    lines = [f"Hemmapp:   {settings.home}", *service_lines(settings)]
    lines += [
        f"Inkorg:    {sum(1 for _ in waiting_files(settings.inbox)) if settings.inbox.is_dir() else 0} filer väntar",
        f"Arkiv:     {_count_files(settings.archive)} filer",
        f"Avvisade:  {_count_files(settings.rejected)} filer",
    ]
    state = read_state(settings.home)
    service_error = state.get("last_error") or None
    db_error: tuple[datetime, str, str] | None = None

    db = settings.db_path
    snapshot = settings.home / SNAPSHOT_NAME
    if not db.exists():
        lines.append(f"Databas:   {db} (finns inte ännu)")
    else:
        size_mb = db.stat().st_size / 1024 / 1024
        try:
            n, last_load, db_error = _warehouse_facts(db)
            lines.append(f"Databas:   {db}, {size_mb:.1f} MB, {n} avvikelser, senast inläst {_when(last_load)}")
        except WarehouseBusy:
            line = f"Databas:   {db}, {size_mb:.1f} MB (upptagen av en skrivning just nu)"
            if snapshot.exists():
                try:
                    n, last_load, db_error = _warehouse_facts(snapshot)
                    line += f"; enligt kopian: {n} avvikelser, senast inläst {_when(last_load)}"
                except AvvikError:
                    pass
            lines.append(line)
        except AvvikError as error:
            lines.append(f"Databas:   {db}, {size_mb:.1f} MB (kan inte läsas: {error.reason})")
    if snapshot.exists():
        at = datetime.fromtimestamp(snapshot.stat().st_mtime)
        lines.append(f"Kopia för analytiker: {snapshot} (uppdaterad {_when(at)})")

    candidates = []
    if db_error:
        candidates.append(db_error)
    if service_error and _parse(service_error.get("at")):
        candidates.append((_parse(service_error["at"]), service_error.get("file", ""), service_error.get("reason", "")))
    if candidates:
        at, name, reason = max(candidates, key=lambda c: c[0])
        lines.append(f"Senaste fel: {_when(at)} {name + ': ' if name else ''}{reason}")
    else:
        lines.append("Senaste fel: –")
    return lines


def _warehouse_facts(db: Path) -> tuple[int, datetime | None, tuple[datetime, str, str] | None]:
    """Number of deviations, the last load, and the last rejected file from `ingest_log`."""
    con = connect(db, read_only=True)
    try:
        (n,) = con.execute("SELECT count(*) FROM deviations").fetchone()
        (last_load,) = con.execute("SELECT max(logged_at) FROM ingest_log WHERE status = 'loaded'").fetchone()
        last_error = con.execute(
            "SELECT logged_at, file_name, reason FROM ingest_log WHERE status = 'rejected'"
            " ORDER BY logged_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return n, last_load, tuple(last_error) if last_error else None
