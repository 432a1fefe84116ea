"""RawForm → Deviation: placeholders out, dates parsed, checkboxes to enums, parties split.

Everything family-specific comes from the template (`schema/templates/<family>.toml`):
which field goes where, option values, how several ticks combine, the answer-due rule.
"""

from __future__ import annotations

import re
from datetime import date

from schema.enums import ExtractionStatus, PartyCategory
from schema.errors import EmptyForm
from schema.models import Deviation, Party
from schema.normalize import add_due, clean_text, parse_date
from schema.parties import categorize, split_parties
from schema.raw import RawForm, RawValue
from schema.templates import FieldSpec, Template, printed_keys, template_for
from schema.textmatch import norm_label, similarity

#: A party option's written detail follows this separator in the raw value ("kommun: Eksjö kommun").
DETAIL_SEP = ": "
#: A line starting with a checkbox (any glyph Word or a PDF shows, or "[X]" / "[ ]").
_CHECKBOX_LINE = re.compile(r"^\s*(?:[☒☐☑■□▢❑❏✓✔✗✘⊠▣\uf0fe\uf0a8\uf078\uf06f]|\[\s*[xX]?\s*\]|\(\s*[xX]?\s*\))")
#: What counts as "something filled in": dates alone do not.
_SUBSTANCE = ("event_type", "description", "causes", "proposed_action", "resolved", "severity",
              "local_group", "escalation_level", "response_text", "improvement_actions")


def to_deviation(raw: RawForm, template: Template | None = None) -> Deviation:
    """The normalised record of one form. Raises EmptyForm when nothing of substance is filled in."""
    template = template or template_for(raw.form_type)
    record: dict[str, object] = {}
    parties: list[Party] = []
    party_notes: list[str] = []
    for spec in template.fields:
        value = raw.fields.get(spec.name)
        if value is None or spec.kind == "contact":
            continue
        role = spec.role
        if role is not None:
            skipped: list[str] = []
            parties += _parties(spec, value, skipped)
            if skipped:
                party_notes.append(
                    f"En rad under ”{field_title(template, spec)}” liknade en mening och sparades inte som part."
                )
            continue
        normalised = _value(spec, value)
        if normalised is not None and record.get(spec.target) is None:
            record[spec.target] = normalised
    notes = list(raw.notes) + party_notes
    for spec in template.fields:
        if spec.kind == "text" and isinstance(record.get(spec.target), str):
            kept, printed = without_printed_text(record[spec.target], template)
            if printed:
                record[spec.target] = kept
                notes.append(f"Fältet ”{field_title(template, spec)}” innehöll blankettens tryckta text, som inte sparades.")
    reported_on = record.get("reported_on")
    if not parties and all(record.get(k) is None for k in _SUBSTANCE):
        raise EmptyForm(form=template.title)
    notes += _missing_core(template, raw, record, parties)
    due = add_due(reported_on, months=template.due.months, days=template.due.days) if isinstance(reported_on, date) else None
    return Deviation(
        form_type=template.family, response_due_on=due, parties=parties, **record,
        extraction_status=ExtractionStatus.INCOMPLETE if notes else ExtractionStatus.COMPLETE,
        extraction_notes=list(dict.fromkeys(notes)),
    )


def field_title(template: Template, spec: FieldSpec) -> str:
    """A field's name as the secretariat knows it (Swedish): the template's core name, else its label."""
    for core in template.core_fields:
        if core.field == spec.name:
            return core.name
    if spec.labels:
        return spec.labels[0]
    heading = next((s.headings[0] for s in template.sections if s.value_field == spec.name), spec.name)
    return heading


def _missing_core(template: Template, raw: RawForm, record: dict, parties: list[Party]) -> list[str]:
    """Swedish notes for the family's core fields that could not be read."""
    notes = []
    for core in template.core_fields:
        spec = template.field(core.field)
        role = spec.role
        if role is not None:
            if not any(p.role == role for p in parties):
                notes.append(f"Uppgiften ”{core.name}” kunde inte läsas.")
            continue
        if record.get(spec.target) is not None:
            continue
        written = clean_text("\n".join(_as_list(raw.fields.get(spec.name))))
        if spec.kind == "date" and written:
            notes.append(f"Datumet i ”{core.name}” kunde inte tolkas.")
        else:
            notes.append(f"Uppgiften ”{core.name}” kunde inte läsas.")
    return notes


def without_printed_text(text: str, template: Template) -> tuple[str | None, bool]:
    """`text` without the lines that are the form's own printed text (its title, headings,
    labels, guidance), and whether there were any. None when nothing else remains."""
    printed = printed_keys(template)
    kept, found = [], False
    for line in text.split("\n"):
        key = norm_label(line.strip().lstrip("-•*▪· ").strip())
        if key and _is_printed(key, printed):
            found = True
            continue
        kept.append(line)
    if not found:
        return text, False
    return clean_text("\n".join(kept)), True


def _is_printed(key: str, printed: frozenset[str]) -> bool:
    if key in printed:
        return True
    if len(key) < 20:
        return False
    return any(len(p) >= 20 and similarity(key, p) >= 0.9 for p in printed)


def _as_list(value: RawValue) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _value(spec: FieldSpec, value: RawValue) -> object:
    if spec.kind == "text":
        return clean_text("\n".join(_as_list(value)))
    if spec.kind == "date":
        return parse_date(clean_text(" ".join(_as_list(value))))
    if spec.kind in ("checkbox_group", "boolean"):
        ticked = [v.split(DETAIL_SEP, 1)[0] for v in _as_list(value)]
        known = {o.value: o for o in spec.options}
        ticked = [v for v in dict.fromkeys(ticked) if v in known]
        if not ticked:
            return None
        if spec.multiple == "join":
            chosen = ",".join(ticked)
        elif spec.multiple == "highest":
            chosen = max(ticked, key=lambda v: known[v].rank)
        else:
            chosen = ticked[0]
        if spec.kind == "boolean":
            return chosen.lower() in ("true", "ja", "yes", "1")
        return chosen
    return None


def _sentence_not_party(name: str) -> bool:
    """"En verksamhet per rad.": a sentence (printed guidance of a revision nobody described),
    not an organisation: ends with a full stop, several words, nothing that names a body."""
    words = [w.strip(",;:").lower() for w in name.rstrip(".").split()]
    sentence_words = words[0] in _SENTENCE_START or any(w in _SENTENCE_WORDS for w in words)
    return (
        name.endswith(".") and not name.endswith(("m.fl.", "m fl.")) and len(words) >= 3
        and sentence_words and categorize(name) == PartyCategory.ANNAN
    )


#: Words of a sentence that an organisation's name does not hold ("En verksamhet per rad.").
_SENTENCE_WORDS = frozenset("per att som varje alla här ange skriv fyll de ni du vi man".split())
_SENTENCE_START = frozenset("en ett".split())


def _parties(spec: FieldSpec, value: RawValue, skipped: list[str] | None = None) -> list[Party]:
    skipped = [] if skipped is None else skipped
    role = spec.role
    out: list[Party] = []
    if spec.kind == "party_list":
        for entry in _as_list(value):
            for name in split_parties(clean_text(entry)):
                if _CHECKBOX_LINE.match(name):
                    continue  # "☒ Riktlinjerna …", "[X] Parterna …": an option of a checkbox group, not a party
                if _sentence_not_party(name):
                    skipped.append(name)
                    continue
                out.append(Party(role=role, name=name, category=categorize(name)))
        return out
    if spec.kind == "checkbox_group":
        options = {o.value: o for o in spec.options}
        for entry in _as_list(value):
            key, _, detail = entry.partition(DETAIL_SEP)
            option = options.get(key)
            if option is None:
                continue
            written = clean_text(detail)
            name = written or option.name or option.labels[0]
            if option.category == "rules" or option.category is None:
                category = categorize(written) if written else PartyCategory.ANNAN
            else:
                category = PartyCategory(option.category)
            out.append(Party(role=role, name=name, category=category))
    return out
