"""Swedish phone numbers: 08-123 45 67, 070-123 45 67, 0701234567, 031-12 34 56,
+46 70 123 45 67, 0046..., 010-..., (08) 123 45 67."""

from __future__ import annotations

import re
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from schema.enums import EntityType

_SEP = r"[\s-]?"
# national: 0 + area/mobile prefix (1-3 digits after 0), separator, 5-8 digits in groups.
_NATIONAL = (
    r"(?<![\d+/-])(?:\(0\d{1,3}\)\s?|0\d{1,3}\s?[-/–]\s?|0\d{1,3}\s|0)"
    r"\d{2,4}(?:[\s-]?\d{2,3}){1,3}(?!\s?[\d-]*\d)"
)
_INTERNATIONAL = r"(?<![\d+])(?:\+|00)46\s?(?:\(0\)\s?)?\d{1,3}(?:[\s-]?\d{2,3}){2,4}(?![\d])"


class SvPhoneRecognizer(PatternRecognizer):
    """Swedish landline, mobile and 010 numbers, national or +46."""

    PATTERNS = [
        Pattern("phone national", _NATIONAL, 0.7),
        Pattern("phone international", _INTERNATIONAL, 0.9),
    ]
    CONTEXT = ["tel", "telefon", "telefonnummer", "tfn", "mobil", "mobilnummer", "mob", "ring",
               "ringa", "nås på", "nummer", "sms", "växel", "fax"]
    CONTEXT_WINDOW = 30
    SCORE_WITH_CONTEXT = 1.0
    #: Digit counts a Swedish number can have, without the leading 0 or +46.
    MIN_DIGITS, MAX_DIGITS = 7, 9

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.PHONE.value, patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language="sv", name="SvPhoneRecognizer",
        )
        words = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in self.CONTEXT), key=len, reverse=True)
        self._context_re = re.compile(r"(?<![\wåäö])(?:" + "|".join(words) + r")", re.IGNORECASE)

    def _national_digits(self, text: str) -> int:
        digits = "".join(ch for ch in text if ch.isdigit())
        if text.lstrip().startswith("+"):
            digits = digits[2:]
        elif digits.startswith("0046"):
            digits = digits[4:]
        else:
            digits = digits[1:]
        return len(digits.lstrip("0")) if digits.startswith("0") else len(digits)

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        for pattern in self.patterns:
            for match in re.finditer(pattern.regex, text):
                value = match.group().rstrip()
                start, end = match.start(), match.start() + len(value)
                if not self.MIN_DIGITS <= self._national_digits(value) <= self.MAX_DIGITS:
                    continue
                window = text[max(0, start - self.CONTEXT_WINDOW) : start]
                score = self.SCORE_WITH_CONTEXT if self._context_re.search(window) else pattern.score
                results.append(
                    RecognizerResult(
                        entity_type=EntityType.PHONE.value, start=start, end=end, score=score,
                        analysis_explanation=AnalysisExplanation(
                            recognizer=self.name, original_score=pattern.score,
                            pattern_name=pattern.name, pattern=pattern.regex,
                        ),
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                        },
                    )
                )
        return results
