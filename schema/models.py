"""Pydantic models of the common record: one deviation, its parties and its PII findings.

A `Deviation` is what every form family is mapped to, and what the warehouse stores.
Free-text fields hold the text *after* redaction once the record has passed `anonymize`.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schema.enums import (
    EntityType,
    EscalationLevel,
    ExtractionStatus,
    FormType,
    PartyCategory,
    RedactionStatus,
    Role,
    Severity,
)

#: The free-text fields of a deviation: each one is checked for personal data before storage.
FREE_TEXT_FIELDS: tuple[str, ...] = (
    "event_type",
    "description",
    "causes",
    "proposed_action",
    "local_group",
    "response_text",
    "improvement_actions",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_assignment=True)


class Party(_Model):
    role: Role
    name: str = Field(min_length=1)
    category: PartyCategory


class PiiFinding(_Model):
    """Where personal data was found. Never the value itself."""

    field: str
    entity_type: EntityType
    start_offset: int = Field(ge=0)
    end_offset: int = Field(ge=0)
    score: float = Field(ge=0.0, le=1.0)
    detector: str


class Deviation(_Model):
    """One form, normalised to the common schema (the `deviations` table plus its children)."""

    form_type: FormType
    reported_on: date | None = None
    event_type: str | None = None
    description: str | None = None
    causes: str | None = None
    proposed_action: str | None = None
    resolved: bool | None = None
    severity: Severity | None = None
    local_group: str | None = None
    escalation_level: EscalationLevel | None = None
    response_received_on: date | None = None
    response_text: str | None = None
    improvement_actions: str | None = None
    response_due_on: date | None = None
    parties: list[Party] = Field(default_factory=list)
    #: 'incomplete' when a core field of the family could not be read, or a value looks like
    #: the form's own printed text; `extraction_notes` say which, in Swedish (never a value).
    extraction_status: ExtractionStatus = ExtractionStatus.COMPLETE
    extraction_notes: list[str] = Field(default_factory=list)

    @field_validator(*FREE_TEXT_FIELDS)
    @classmethod
    def _blank_is_null(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        return value or None


class StoredDeviation(Deviation):
    """A deviation ready for the warehouse: identified, redacted, with its findings."""

    id: str
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    source_format: str
    source_name: str | None = None  # the file name after the redaction check
    read_by_ocr: bool = False  # the text was read from a scan by OCR
    #: Hash of the reporting sections, taken before redaction (see schema.identity); None
    #: lets the warehouse compute it from the stored (redacted) text.
    identity_key: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    redaction_status: RedactionStatus
    ingested_at: datetime
    pii_findings: list[PiiFinding] = Field(default_factory=list)
