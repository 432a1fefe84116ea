"""Enumerations of the warehouse contract (SPEC.md). The values are stored as text."""

from enum import StrEnum


class FormType(StrEnum):
    BUS = "bus"
    VASTBUS = "vastbus"
    LEX_HELLER = "lex_heller"


class SourceFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"


class Role(StrEnum):
    REPORTING = "reporting"
    COUNTERPART = "counterpart"
    RESPONDING = "responding"


class PartyCategory(StrEnum):
    KOMMUN = "kommun"
    REGION = "region"
    ARBETSFORMEDLINGEN = "arbetsformedlingen"
    FORSAKRINGSKASSAN = "forsakringskassan"
    ANNAN = "annan"


class Severity(StrEnum):
    MYCKET_ALLVARLIG = "mycket_allvarlig"
    ALLVARLIG = "allvarlig"
    MINDRE_ALLVARLIG = "mindre_allvarlig"


class EscalationLevel(StrEnum):
    LOKAL = "lokal"
    DELREGIONAL = "delregional"
    REGIONAL = "regional"


class VastbusEventType(StrEnum):
    RIKTLINJER_FOLJS_INTE = "riktlinjer_foljs_inte"
    INSATSER_UTFORS_INTE = "insatser_utfors_inte"
    PARTER_INTE_OVERENS = "parter_inte_overens"


class ExtractionStatus(StrEnum):
    """Whether the reader could read the family's core fields reliably."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class RedactionStatus(StrEnum):
    CLEAN = "clean"
    REDACTED = "redacted"
    NEEDS_REVIEW = "needs_review"


class EntityType(StrEnum):
    PERSONNUMMER = "PERSONNUMMER"
    NAME = "NAME"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    ADDRESS = "ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"


#: The tag that replaces a finding in redacted text (SPEC.md).
REDACTION_TAG: dict[EntityType, str] = {
    EntityType.PERSONNUMMER: "[PERSONNUMMER]",
    EntityType.NAME: "[NAMN]",
    EntityType.PHONE: "[TELEFON]",
    EntityType.EMAIL: "[E-POST]",
    EntityType.ADDRESS: "[ADRESS]",
    EntityType.DATE_OF_BIRTH: "[FÖDELSEDATUM]",
}


class IngestStatus(StrEnum):
    LOADED = "loaded"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
