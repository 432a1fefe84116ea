"""Street addresses: "Storgatan 12, 123 45 Stockholm", "Vägen 3 B lgh 1102", "123 45 Göteborg"."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from schema.enums import EntityType

_STREET_WORD = (
    r"[A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖa-zåäö][a-zåäöéü]+)?"
    r"(?:gatan|gata|vägen|väg|gränd|gränden|torget|torg|stigen|allén|backen|plan|leden|"
    r"slingan|platsen|esplanaden|kajen|promenaden|parken|hagen|liden|berget|höjden|ringen|"
    r"stråket|gången|tået|vägen)"
)
_NUMBER = r"\s\d{1,4}(?:\s?[A-Ha-h](?![\wåäö]))?(?:,?\s(?:lgh|lägenhet)\.?\s?\d{1,4})?"
_POSTCODE_CITY = r"\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+(?:[ -][A-ZÅÄÖ][a-zåäö]+)?"


class SvAddressRecognizer(PatternRecognizer):
    """Street name + number, optionally followed by postcode and town; or postcode + town."""

    PATTERNS = [
        Pattern("street, postcode and town", _STREET_WORD + _NUMBER + r",?\s+" + _POSTCODE_CITY, 0.95),
        Pattern("street and number", r"\b" + _STREET_WORD + _NUMBER + r"(?![\d:])", 0.7),
        Pattern("postcode and town", r"(?<![\d-])" + _POSTCODE_CITY, 0.6),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.ADDRESS.value, patterns=self.PATTERNS, context=[],
            supported_language="sv", name="SvAddressRecognizer",
            global_regex_flags=re.DOTALL | re.MULTILINE,  # case matters: towns are capitalised
        )
