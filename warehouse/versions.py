"""Merging two files of the same deviation into one record (pure Python, no database).

The rules give the same record whichever file arrives first (only `id`, `source_*` and
`ingested_at` — the first file's — depend on the order):

- the answer (BUS section 4: `response_received_on`, `response_text`, `improvement_actions`
  and the responding parties) is taken as a whole from the version that has one; of two
  answers, the one received last (then the one with more filled in, then the later file);
- `escalation_level` is the highest seen (a Västbus deviation only moves up);
- `resolved` is true if any version says so, else false if any says so;
- any other field keeps the first non-empty value;
- `redaction_status` is the strictest (needs_review > redacted > clean);
- PII findings follow the field they belong to.
"""

from __future__ import annotations

import re
from datetime import date

from schema.enums import Role
from schema.models import Party, PiiFinding, StoredDeviation

ANSWER_FIELDS = ("response_received_on", "response_text", "improvement_actions")
_ESCALATION_RANK = {None: 0, "lokal": 1, "delregional": 2, "regional": 3}
_STATUS_RANK = {"clean": 0, "redacted": 1, "needs_review": 2}
_PARTY_FIELD = re.compile(r"^parties\[(\d+)\]\.(.+)$")
#: Fields merged by a rule of their own, or that belong to the file rather than the deviation.
_SPECIAL = {
    *ANSWER_FIELDS, "parties", "pii_findings", "escalation_level", "resolved", "redaction_status",
    "id", "source_sha256", "source_format", "source_name", "ingested_at", "response_due_on",
}


def has_response(dev: StoredDeviation) -> bool:
    """True when the receiving unit's answer (BUS section 4) is filled in."""
    return any(getattr(dev, f) is not None for f in ANSWER_FIELDS) or any(
        p.role == Role.RESPONDING for p in dev.parties
    )


def _answer_rank(dev: StoredDeviation) -> tuple[date, int]:
    filled = sum(getattr(dev, f) is not None for f in ANSWER_FIELDS) + sum(
        p.role == Role.RESPONDING for p in dev.parties
    )
    return (dev.response_received_on or date.min, filled)


def merge(base: StoredDeviation, other: StoredDeviation) -> StoredDeviation:
    """`base` (the stored deviation) updated with what the later-arrived `other` adds."""
    taken: set[str] = set()  # fields whose value (and findings) come from `other`
    values = base.model_dump(exclude={"parties", "pii_findings"})

    if has_response(other) and (not has_response(base) or _answer_rank(other) >= _answer_rank(base)):
        answer_from = other
        taken.update(ANSWER_FIELDS)
    else:
        answer_from = base
    for name in ANSWER_FIELDS:
        values[name] = getattr(answer_from, name)

    for name in StoredDeviation.model_fields:
        if name in _SPECIAL:
            continue
        if values.get(name) is None and getattr(other, name) is not None:
            values[name] = getattr(other, name)
            taken.add(name)

    levels = [base.escalation_level, other.escalation_level]
    values["escalation_level"] = max(levels, key=lambda level: _ESCALATION_RANK.get(level, 0))
    if values["escalation_level"] != base.escalation_level:
        taken.add("escalation_level")
    answers = [base.resolved, other.resolved]
    values["resolved"] = True if True in answers else (False if False in answers else None)
    values["redaction_status"] = max(
        (base.redaction_status, other.redaction_status), key=lambda s: _STATUS_RANK[s]
    )

    # Parties: the reporting sections from base, the responding parties from the answer.
    parties: list[tuple[StoredDeviation, int, Party]] = [
        (base, i, p) for i, p in enumerate(base.parties) if p.role != Role.RESPONDING
    ]
    parties += [(answer_from, i, p) for i, p in enumerate(answer_from.parties) if p.role == Role.RESPONDING]
    new_index = {(id(src), i): j for j, (src, i, _) in enumerate(parties)}

    findings: list[PiiFinding] = []
    for source in (base, other):
        for finding in source.pii_findings:
            match = _PARTY_FIELD.match(finding.field)
            if match:
                j = new_index.get((id(source), int(match[1])))
                if j is not None:
                    findings.append(finding.model_copy(update={"field": f"parties[{j}].{match[2]}"}))
                continue
            from_other = finding.field in taken
            if (source is other) == from_other:
                findings.append(finding)

    values["parties"] = [p for _, _, p in parties]
    values["pii_findings"] = findings
    return StoredDeviation.model_validate(values)
