"""E-mail addresses. Every address is a finding, functional mailboxes included.

Written here instead of Presidio's `EmailRecognizer`, whose validation goes through tldextract
and fetches the public suffix list over the network.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from schema.enums import EntityType


class SvEmailRecognizer(PatternRecognizer):
    """Any user@domain.tld, also with Swedish letters and "[at]"/"(at)" spellings."""

    PATTERNS = [
        Pattern(
            "email",
            r"(?<![\w.+-])[\wåäöÅÄÖ.+%'-]+(?:@|\s?[\[(]at[\])]\s?)[\wåäöÅÄÖ-]+(?:\.[\wåäöÅÄÖ-]+)*\.[a-zA-Z]{2,24}\b",
            1.0,
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.EMAIL.value, patterns=self.PATTERNS, context=[],
            supported_language="sv", name="SvEmailRecognizer",
        )
