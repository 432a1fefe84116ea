"""anonymize: the redaction check. Finds personnummer, names, phone numbers, e-mail and street
addresses in Swedish text and replaces them with tags before anything is stored."""

from anonymize.config import AnonymizeConfig
from anonymize.redactor import RedactedRecord, RedactionResult, Redactor

__all__ = ["AnonymizeConfig", "RedactedRecord", "RedactionResult", "Redactor"]
