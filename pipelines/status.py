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


def _files(n: int) -> str:
    return f"{n} {'fil' if n == 1 else 'filer'}"


def _deviations(n: int) -> str:
    return f"{n} {'avvikelse' if n == 1 else 'avvikelser'}"


def service_lines(settings: Settings) -> list[str]:
    """The watch service: running or not, and the problems it reports."""
    state = read_state(settings.home)
    if service_running(settings.home):
        info = read_pid_file(settings.home)
        mode = "avsökning" if state.get("mode") == "polling" else "filhändelser"
        host = f" på {info['host']}" if info.get("host") else ""
        since = f"sedan {_when(_parse(info.get('started_at')))}, " if info.get("started_at") else ""
        lines = [f"Tjänst:    avvik watch körs (process {info.get('pid', '?')}{host}, {since}{mode})"]
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
    waiting = sum(1 for _ in waiting_files(settings.inbox)) if settings.inbox.is_dir() else 0
    lines += [
        f"Inkorg:    {_files(waiting)} väntar",
        f"Arkiv:     {_files(_count_files(settings.archive))}",
        f"Avvisade:  {_files(_count_files(settings.rejected))}",
    ]
    state = read_state(settings.home)
    service_error = state.get("last_error") or None
    db_error: tuple[datetime, str, str] | None = None
    readable: Path | None = None  # the database, or the snapshot while it is busy

    db = settings.db_path
    snapshot = settings.home / SNAPSHOT_NAME
    if not db.exists():
        lines.append(f"Databas:   {db} (finns inte ännu)")
    else:
        size_mb = db.stat().st_size / 1024 / 1024
        try:
            n, last_load, db_error = _warehouse_facts(db)
            readable = db
            lines.append(f"Databas:   {db}, {size_mb:.1f} MB, {_deviations(n)}, senast inläst {_when(last_load)}")
        except WarehouseBusy:
            line = f"Databas:   {db}, {size_mb:.1f} MB (upptagen av en skrivning just nu)"
            if snapshot.exists():
                try:
                    n, last_load, db_error = _warehouse_facts(snapshot)
                    readable = snapshot
                    line += f"; enligt kopian: {_deviations(n)}, senast inläst {_when(last_load)}"
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
    return lines + schedule_lines(settings, readable, datetime.now())


def schedule_lines(settings: Settings, db: Path | None, now: datetime) -> list[str]:
    """Each scheduled export: the last run recorded in `exports` and the next cron time (a run
    missed while the service was down is said to be waiting)."""
    from croniter import croniter

    from pipelines.export.schedule import kind_of, period_before
    from warehouse.exports import last_scheduled, warehouse_created_at

    schedules = settings.export.schedules
    if not schedules:
        return ["Schemalagd export: ingen (export.schedules är tomt)"]
    facts: dict[str, tuple[datetime | None, str | None]] = {}
    created = None
    if db is not None:
        try:
            con = connect(db, read_only=True)
            try:
                created = warehouse_created_at(con)
                for name in schedules:
                    last = last_scheduled(con, name)
                    row = con.execute(
                        "SELECT any_value(period) FROM exports WHERE trigger = 'scheduled' AND schedule = ?"
                        " AND scheduled_for = ?", [name, last]).fetchone() if last else None
                    facts[name] = (last, row[0] if row else None)
            finally:
                con.close()
        except AvvikError:
            pass
    lines = []
    for name, expr in schedules.items():
        try:
            kind = kind_of(name)
            if not croniter.is_valid(expr):
                raise ValueError(expr)
        except (AvvikError, ValueError):
            lines.append(f"Schemalagd export {name}: ogiltigt schema ”{expr}” (se export.schedules)")
            continue
        last, period = facts.get(name, (None, None))
        upcoming = croniter(expr, last or created or now).get_next(datetime)
        text = f"Schemalagd export {name}: senast {_when(last)}" + (f" ({period})" if period else "")
        if upcoming <= now:
            text += (f", väntar: körningen {_when(upcoming)} ({period_before(kind, upcoming).name}) "
                     "görs när avvik watch körs")
        else:
            text += f", nästa {_when(upcoming)} ({period_before(kind, upcoming).name})"
        lines.append(text)
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
