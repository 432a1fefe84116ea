"""`avvik review`: the forms a person should look at, and what that person can do about them.

- `avvik review` lists the forms that nobody has marked reviewed since their last file and
  whose redaction had a finding too uncertain to decide alone (redaction_status = needs_review)
  or whose fields the reader could not read reliably (extraction_status = incomplete, with its
  notes).
- `avvik review show ID` shows a form's stored texts with every finding marked.
- `avvik review done ID --by AB` marks it reviewed (initials or a role, never a name).
- `avvik review correct ID --field description --replace "Lena" [--tag NAMN] --by AB` replaces a
  personal string the check missed by its tag.
- `avvik review erase ID --by AB` erases a deviation (every table, the analysts' snapshot and
  its archived files); a tombstone keeps the same file from being loaded again.

After a correction or an erasure the database file is rewritten, so the removed text is gone
from its bytes too (see `warehouse.review.purge`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipelines.config import Settings
from pipelines.load import open_warehouse
from pipelines.watch.state import SNAPSHOT_NAME, ServiceLock
from schema.errors import UsageError
from warehouse import connect
from warehouse.review import (
    PARTIES_FIELD, TEXT_FIELDS, Correction, Erasure, correct, erase, mark_done, purge, read_form, replace_with,
    write_purged_copy,
)

#: POSIX renames a new file over one that DuckDB holds open; Windows refuses (see `_rewriting`).
REPLACE_OPEN_FILES = os.name != "nt"

FAMILY = {"bus": "BUS", "vastbus": "Västbus", "lex_heller": "Lex Heller"}
FIELD_LABELS = {
    "description": "Beskrivning",
    "causes": "Orsaker, åtgärder och konsekvenser",
    "proposed_action": "Förslag till åtgärd",
    "response_text": "Svar (händelse)",
    "improvement_actions": "Förbättringsåtgärder",
    "event_type": "Typ av händelse",
    "local_group": "Lokal grupp",
    "source_name": "Filnamn",
    PARTIES_FIELD: "Parter",
}
ROLE_LABELS = {"reporting": "rapporterande", "counterpart": "motpart", "responding": "svarande"}
STATUS_LABELS = {"clean": "inget funnet", "redacted": "maskerad", "needs_review": "behöver granskas"}
#: Who may sign a review: initials, or one of these roles (lower case).
ROLES = frozenset({
    "sekretariat", "sekretariatet", "samordnare", "handläggare", "granskare", "administratör",
    "registrator", "analytiker", "dataskyddsombud", "dso", "förvaltare",
})
_INITIALS = re.compile(r"^[A-ZÅÄÖ]{2,4}[0-9]{0,2}$")
_TAG = re.compile(r"\[(NAMN|PERSONNUMMER|TELEFON|E-POST|ADRESS)\]")


class NotInitials(UsageError):
    reason = (
        "--by ska vara initialer (2–4 versaler, t.ex. AB) eller en roll (t.ex. sekretariatet), "
        "aldrig ett namn: ”{by}” godtas inte."
    )


def check_reviewer(by: str) -> str:
    """Initials ("AB", "KLS") or a role ("sekretariatet"); a person's name is refused."""
    value = (by or "").strip()
    if value.lower() in ROLES:
        return value.lower()
    if _INITIALS.match(value):
        letters = value.rstrip("0123456789").lower()
        if len(letters) >= 3:  # "EVA", "PER", "ANNA" are names in capitals, not initials
            from anonymize.lexicon import load_lexicon

            lexicon = load_lexicon()
            if letters in lexicon.first_names or letters in lexicon.proper_nouns:
                raise NotInitials(by=value)
        return value
    raise NotInitials(by=value)


# --- the list --------------------------------------------------------------------------------


def ensure_migrated(db_path: Path) -> None:
    """Bring a warehouse made by an older avvik up to date (review needs migration 005)."""
    from warehouse.migrate import available

    con = connect(db_path, read_only=True)
    try:
        (version,) = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    finally:
        con.close()
    if version < available()[-1].version:
        with open_warehouse(db_path):
            pass


def review_lines(db_path: Path) -> list[str]:
    ensure_migrated(db_path)
    con = connect(db_path, read_only=True)
    try:
        rows = con.execute(
            """
            SELECT d.id, d.form_type, d.source_name, f.field, f.entity_type, f.score, f.detector
            FROM deviations d JOIN pii_findings f ON f.deviation_id = d.id
            WHERE d.redaction_status = 'needs_review'
              AND d.id NOT IN (SELECT id FROM v_review_status WHERE reviewed)
            ORDER BY d.ingested_at, d.id, f.field, f.start_offset
            """
        ).fetchall()
        incomplete = con.execute(
            """
            SELECT id, form_type, source_name, extraction_notes FROM deviations
            WHERE extraction_status = 'incomplete'
              AND id NOT IN (SELECT id FROM v_review_status WHERE reviewed)
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
    lines.append("Blanketter att granska (fynd med låg säkerhet; texten är redan maskerad). "
                 "Visa: avvik review show ID. Klar: avvik review done ID --by INITIALER")
    current = None
    for dev_id, form_type, name, field, entity, score, detector in rows:
        if dev_id != current:
            lines.append(f"{dev_id}  {form_type}  {name or ''}")
            current = dev_id
        lines.append(f"    {field:<22} {entity:<13} säkerhet {score:.2f}  ({detector})")
    return lines


# --- one form --------------------------------------------------------------------------------


def show_lines(db_path: Path, deviation_id: str, review_threshold: float) -> list[str]:
    """The stored texts of one form; each tag carries the number of its finding (‹1›), and the
    findings below the review threshold are marked uncertain."""
    ensure_migrated(db_path)
    con = connect(db_path, read_only=True)
    try:
        form = read_form(con, deviation_id)
    finally:
        con.close()
    reviewed = (f"granskad {form.reviewed_at:%Y-%m-%d %H:%M} av {form.reviewed_by}"
                if form.reviewed_at else "inte granskad")
    lines = [
        f"Avvikelse {form.id}: {FAMILY.get(form.form_type, form.form_type)}, "
        f"rapporterad {form.reported_on or '–'}",
        f"Maskering: {STATUS_LABELS.get(form.redaction_status, form.redaction_status)}; {reviewed}",
    ]
    by_field: dict[str, list] = {}
    for finding in form.findings:
        by_field.setdefault(finding[0], []).append(finding)
    number = 0
    for field in TEXT_FIELDS:
        text = form.texts.get(field)
        if not text:
            continue
        findings = by_field.pop(field, [])
        marked, numbers = _mark(text, number, len(findings))
        lines += ["", f"{FIELD_LABELS[field]} ({field}):", *[f"  {line}" for line in marked.splitlines()]]
        for n, (_, entity, _, _, score, detector) in zip(numbers, findings):
            unsure = "  ← osäker, granska" if score < review_threshold else ""
            lines.append(f"  ‹{n}› {entity} säkerhet {score:.2f} ({detector}){unsure}")
        number += len(findings)
    if form.parties:
        lines += ["", f"{FIELD_LABELS[PARTIES_FIELD]} ({PARTIES_FIELD}):"]
        for role, name, category in form.parties:
            marked_name = _TAG.sub(r"»[\1]«", name)
            lines.append(f"  {ROLE_LABELS.get(role, role):<14} {category:<18} {marked_name}")
    rest = [f for fs in by_field.values() for f in fs]  # findings in party names
    for field, entity, _, _, score, detector in rest:
        unsure = "  ← osäker, granska" if score < review_threshold else ""
        lines.append(f"  fynd i {field}: {entity} säkerhet {score:.2f} ({detector}){unsure}")
    if form.actions:
        lines += ["", "Åtgärder:"]
        for action, field, by, at, note in form.actions:
            what = {"done": "granskad", "correct": "rättad", "erase": "raderad"}.get(action, action)
            lines.append(f"  {at:%Y-%m-%d %H:%M}  {what:<9} {by:<14} {field or ''} {note or ''}".rstrip())
    return lines


def _mark(text: str, start: int, findings: int) -> tuple[str, list[int]]:
    """Number the tags of a text ‹1›, ‹2› … when they match the findings one to one."""
    tags = list(_TAG.finditer(text))
    if len(tags) != findings:
        return _TAG.sub(r"»[\1]«", text), list(range(start + 1, start + findings + 1))
    counter = iter(range(start + 1, start + findings + 1))
    return _TAG.sub(lambda m: f"»{m.group(0)}«‹{next(counter)}›", text), list(range(start + 1, start + findings + 1))


# --- actions ---------------------------------------------------------------------------------


def mark_reviewed(settings: Settings, deviation_id: str, by: str) -> str:
    by = check_reviewer(by)
    with open_warehouse(settings.db_path) as wh:
        at = mark_done(wh.con, deviation_id, by)
    return f"Avvikelse {deviation_id} är markerad som granskad ({at:%Y-%m-%d %H:%M}, {by})."


def correct_text(settings: Settings, deviation_id: str, field: str, text: str, tag: str, by: str) -> list[str]:
    by = check_reviewer(by)
    result: Correction = _rewriting(settings, lambda con: correct(con, deviation_id, field, text, tag, by))
    n = result.occurrences
    tag = tag.strip().strip("[]").upper()
    lines = [f"Avvikelse {deviation_id}: {n} {'förekomst' if n == 1 else 'förekomster'} i {field} "
             f"{'ersatt' if n == 1 else 'ersatta'} med [{tag}]. Databasen är omskriven utan den gamla texten."]
    if result.still_in:
        lines.append("Texten finns också i: " + ", ".join(result.still_in) + ". Rätta även dem (--field).")
    return lines


def erase_deviation(settings: Settings, deviation_id: str, by: str) -> list[str]:
    by = check_reviewer(by)
    result: Erasure = _rewriting(settings, lambda con: erase(con, deviation_id, by))
    archived = _remove_archived(settings.archive, set(result.sha256s))
    n = sum(result.rows.values())
    lines = [
        f"Avvikelse {deviation_id} är raderad: {n} {'rad' if n == 1 else 'rader'} i databasen"
        + (", kopian för analytiker omskriven" if _snapshots(settings) else "")
        + (f", {len(archived)} arkiverad{'e' if len(archived) != 1 else ''} "
           f"{'fil' if len(archived) == 1 else 'filer'} borttagen{'' if len(archived) == 1 else 'a'}" if archived else "")
        + ".",
        "Samma fil läses inte in igen (den avvisas med ett meddelande om raderingen).",
    ]
    return lines


T = TypeVar("T")


def _rewriting(settings: Settings, change: Callable[..., T]) -> T:
    """Make `change` (one transaction) and rewrite the database file and the snapshot without
    the removed text. Where an open file can be replaced (POSIX) this happens while the
    warehouse is held, so a watch service may keep running. On Windows the file must be closed
    first; the service lock is then taken for the whole change, so that no load can slip into
    the old file between its closing and its replacement (a running service: stop it first)."""
    db = settings.db_path
    if REPLACE_OPEN_FILES:
        with open_warehouse(db) as wh:
            result = change(wh.con)
            purge(wh.con, db, _snapshots(settings))
        return result
    with ServiceLock(settings.home):
        with open_warehouse(db) as wh:
            result = change(wh.con)
            fresh = write_purged_copy(wh.con, db)
        replace_with(fresh, db, _snapshots(settings))
    return result


def _snapshots(settings: Settings) -> list[Path]:
    snapshot = settings.home / SNAPSHOT_NAME
    return [snapshot] if snapshot.exists() and snapshot.resolve() != settings.db_path.resolve() else []


def _remove_archived(archive: Path, sha256s: set[str]) -> list[Path]:
    """Delete the archived original files of an erased deviation (found by their sha256)."""
    removed = []
    if not archive.is_dir() or not sha256s:
        return removed
    for path in archive.rglob("*"):
        if not path.is_file():
            continue
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            continue
        if digest.hexdigest() in sha256s:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _incomplete_lines(rows: list[tuple]) -> list[str]:
    """The forms loaded as incomplete, each with what could not be read."""
    if not rows:
        return []
    lines = ["Blanketter som inte kunde läsas fullständigt (kontrollera mot originalet). "
             "Klar: avvik review done ID --by INITIALER"]
    for dev_id, form_type, name, notes in rows:
        lines.append(f"{dev_id}  {form_type}  {name or ''}")
        for note in (notes or "").split("; "):
            if note:
                lines.append(f"    {note}")
    return lines
