"""RawForm → Deviation: placeholders out, dates parsed, checkboxes to enums, parties split.

Everything family-specific comes from the template (`schema/templates/<family>.toml`):
which field goes where, option values, how several ticks combine, the answer-due rule.
"""

from __future__ import annotations

from datetime import date

from schema.enums import PartyCategory
from schema.errors import EmptyForm
from schema.models import Deviation, Party
from schema.normalize import add_due, clean_text, parse_date
from schema.parties import categorize, split_parties
from schema.raw import RawForm, RawValue
from schema.templates import FieldSpec, Template, template_for

#: A party option's written detail follows this separator in the raw value ("kommun: Eksjö kommun").
DETAIL_SEP = ": "
#: What counts as "something filled in": dates alone do not.
_SUBSTANCE = ("event_type", "description", "causes", "proposed_action", "resolved", "severity",
              "local_group", "escalation_level", "response_text", "improvement_actions")


def to_deviation(raw: RawForm, template: Template | None = None) -> Deviation:
    """The normalised record of one form. Raises EmptyForm when nothing of substance is filled in."""
    template = template or template_for(raw.form_type)
    record: dict[str, object] = {}
    parties: list[Party] = []
    for spec in template.fields:
        value = raw.fields.get(spec.name)
        if value is None or spec.kind == "contact":
            continue
        role = spec.role
        if role is not None:
            parties += _parties(spec, value)
            continue
        normalised = _value(spec, value)
        if normalised is not None and record.get(spec.target) is None:
            record[spec.target] = normalised
    reported_on = record.get("reported_on")
    if not parties and all(record.get(k) is None for k in _SUBSTANCE):
        raise EmptyForm(form=template.title)
    due = add_due(reported_on, months=template.due.months, days=template.due.days) if isinstance(reported_on, date) else None
    return Deviation(form_type=template.family, response_due_on=due, parties=parties, **record)


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


def _parties(spec: FieldSpec, value: RawValue) -> list[Party]:
    role = spec.role
    out: list[Party] = []
    if spec.kind == "party_list":
        for entry in _as_list(value):
            for name in split_parties(clean_text(entry)):
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
