"""E-mail addresses. Every address is a finding, functional mailboxes included.

Written here instead of Presidio's `EmailRecognizer`, whose validation goes through tldextract
and fetches the public suffix list over the network.

Also the spellings that dodge a filter: "namn [at] gmail [dot] com", "namn(at)skola.se",
"namn[a]gmail.com", "namn @ gmail.com", "namn snabel-a telia punkt com". Where "at",
"snabel-a", "dot" or "punkt" stand as plain words, the address must end in a known top-level
domain (TOP_LEVEL_DOMAINS), so that ordinary text is never read as an address.
"""

from __future__ import annotations

import re
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from schema.enums import EntityType

_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT_BRACKETED = r"\s?" + _OPEN + r"\s?(?:at|a|snabel-?a|@)\s?" + _CLOSE + r"\s?"
_AT_WORD = r"\s+(?:snabel-?a|at)\s+"
_AT = r"(?P<at>\s?[@＠]\s?|" + _AT_BRACKETED + "|" + _AT_WORD + ")"
_DOT_BRACKETED = r"\s?" + _OPEN + r"\s?(?:dot|punkt|p)\s?" + _CLOSE + r"\s?"
_DOT_WORD = r"\s+(?:dot|punkt)\s+"
_DOT = r"(?:\.|" + _DOT_BRACKETED + "|" + _DOT_WORD + ")"
_LABEL = r"[\wåäöÅÄÖ-]+"
_EMAIL = (
    r"(?<![\w.+-])[\wåäöÅÄÖ.+%'-]+" + _AT + _LABEL + r"(?:" + _DOT + _LABEL + r")*?"
    r"(?P<dot>" + _DOT + r")(?P<tld>[a-zA-Z]{2,24})(?![\wåäöÅÄÖ])"
)
_WORD_SPELLING = re.compile(r"\s(?:dot|punkt|snabel-?a|at)\s", re.IGNORECASE)


class SvEmailRecognizer(PatternRecognizer):
    """Any user@domain.tld, also with Swedish letters and "[at]", "(at)", "[dot]", "snabel-a",
    "punkt" spellings."""

    PATTERNS = [Pattern("email", _EMAIL, 1.0)]
    #: Top-level domains an address spelt with plain words ("punkt com") must end in.
    TOP_LEVEL_DOMAINS = frozenset(
        "se nu com net org info eu io me dk no fi is de uk fr es it nl be ch at pl ee lt lv ru us biz co email "
        "online live mail edu gov int name pro tv cc".split()
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.EMAIL.value, patterns=self.PATTERNS, context=[],
            supported_language="sv", name="SvEmailRecognizer",
        )
        self._regex = re.compile(_EMAIL, re.IGNORECASE)

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        pattern = self.PATTERNS[0]
        for match in self._regex.finditer(text):
            if _WORD_SPELLING.search(match.group()) and match.group("tld").lower() not in self.TOP_LEVEL_DOMAINS:
                continue
            results.append(
                RecognizerResult(
                    entity_type=EntityType.EMAIL.value, start=match.start(), end=match.end(), score=pattern.score,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name, original_score=pattern.score, pattern_name=pattern.name,
                        pattern=pattern.regex,
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
