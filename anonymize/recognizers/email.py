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
_DOT_BRACKETED = r"\s?" + _OPEN + r"\s?(?:dot|punkt|p)\s?" + _CLOSE + r"\s?"
_DOT_WORD = r"\s+(?:dot|punkt)\s+"
_LOCAL = r"(?<![\w.+-])[\wåäöÅÄÖ.+%'-]+"
_LABEL = r"[\wåäöÅÄÖ-]+"
#: Top-level domains an address spelt with plain words ("punkt com") must end in.
TOP_LEVEL_DOMAINS = (
    "se nu com net org info eu io me dk no fi is de uk fr es it nl be ch at pl ee lt lv ru us biz co email "
    "online live mail edu gov int name pro tv cc"
).split()


def _address(at: str, dot: str, tld: str) -> str:
    """local part, at, domain labels with dots between, top-level domain."""
    return (_LOCAL + "(?:" + at + ")" + _LABEL + "(?:(?:" + dot + ")" + _LABEL + ")*(?:" + dot + ")" + tld
            + r"(?![\wåäöÅÄÖ])")


# "@", "[at]", "(a)" and literal or bracketed dots: any top-level domain
_SYMBOLS = _address(r"\s?[@＠]\s?|" + _AT_BRACKETED, r"\.|" + _DOT_BRACKETED, r"[a-zA-Z]{2,24}")
# "snabel-a", " at ", " punkt ", " dot " as plain words: a known top-level domain only
_WORDS = _address(
    r"\s?[@＠]\s?|" + _AT_BRACKETED + "|" + _AT_WORD, r"\.|" + _DOT_BRACKETED + "|" + _DOT_WORD,
    "(?:" + "|".join(TOP_LEVEL_DOMAINS) + ")",
)


class SvEmailRecognizer(PatternRecognizer):
    """Any user@domain.tld, also with Swedish letters and "[at]", "(at)", "[dot]", "snabel-a",
    "punkt" spellings."""

    PATTERNS = [Pattern("email", _SYMBOLS, 1.0), Pattern("email spelt with words", _WORDS, 1.0)]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.EMAIL.value, patterns=self.PATTERNS, context=[],
            supported_language="sv", name="SvEmailRecognizer",
        )
        self._regexes = [re.compile(p.regex, re.IGNORECASE) for p in self.PATTERNS]

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        spans: list[list[int]] = []
        for start, end in sorted(m.span() for regex in self._regexes for m in regex.finditer(text)):
            if spans and start < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        pattern = self.PATTERNS[0]
        return [
            RecognizerResult(
                entity_type=EntityType.EMAIL.value, start=start, end=end, score=pattern.score,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.name, original_score=pattern.score, pattern_name=pattern.name,
                    pattern=pattern.regex,
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end in spans
        ]
