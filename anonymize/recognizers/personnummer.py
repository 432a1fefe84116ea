"""Personnummer and samordningsnummer, on top of Presidio's `SePersonnummerRecognizer`.

Extends the shipped recognizer with:
- a space (or " - ") as separator, and YYYY-MM-DD-XXXX, besides "-", "+" and none;
- serial number 000 is invalid (never issued), as in the published test vectors;
- a real calendar check (century from the 12-digit form, or either century for 10 digits;
  samordningsnummer: day + 60);
- own context words ("pnr", "p-nr", "född", "snr", ...) read from the text just before;
- a number with a valid date and a wrong check digit next to a context word is still a
  finding (a mistyped personnummer still identifies someone), with a score below the
  review threshold so the record lands in needs_review.
Organisationsnummer (third digit >= 2) fail the date check: month 20-99 does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SePersonnummerRecognizer

from schema.enums import EntityType

# 12 digits (YYYYMMDD) or 10 (YYMMDD), then "-", "+", a space, " - " or nothing, then 4 digits.
_NUMBER = r"(?<![\d/.,:-])(?:\d{8}|\d{6})(?:\s?[-+]\s?|\s)?\d{4}(?![\d/]|[.,:-]\d)"
_DASHED_DATE = r"(?<![\d/.,:-])(?:\d{4}|\d{2})-\d{2}-\d{2}-\d{4}(?![\d/]|[.,:-]\d)"


class SvPersonnummerRecognizer(SePersonnummerRecognizer):
    """Swedish personnummer and samordningsnummer in all written formats."""

    PATTERNS = [
        Pattern("personnummer", _NUMBER, 0.8),
        Pattern("personnummer with dashed date", _DASHED_DATE, 0.8),
    ]
    CONTEXT = [
        "personnummer", "personnumret", "personnr", "pers.nr", "pers nr", "pnr", "p-nr", "p.nr",
        "p nr", "född", "födelsenummer", "samordningsnummer", "samordningsnumret", "snr", "s-nr",
        "samordningsnr", "id-nummer", "idnummer", "pn",
    ]
    #: Characters before a match searched for a context word.
    CONTEXT_WINDOW = 40
    SCORE_VALID = 0.85
    SCORE_VALID_WITH_CONTEXT = 1.0
    SCORE_BAD_CHECKSUM_WITH_CONTEXT = 0.5

    def __init__(self) -> None:
        super().__init__(
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="sv",
            supported_entity=EntityType.PERSONNUMMER.value,
            name="SvPersonnummerRecognizer",
        )
        words = sorted((re.escape(w).replace(r"\ ", r"\s*") for w in self.CONTEXT), key=len, reverse=True)
        self._context_re = re.compile(r"(?<![\wåäö])(?:" + "|".join(words) + r")(?![\wåäö])", re.IGNORECASE)

    @staticmethod
    def _digits(text: str) -> str:
        return "".join(ch for ch in text if ch.isdigit())

    @staticmethod
    def has_valid_date(digits: str) -> bool:
        """True when the date part of a 10- or 12-digit number is a real date (day + 60 allowed)."""
        if len(digits) == 12:
            years = [int(digits[:4])]
            rest = digits[4:]
        elif len(digits) == 10:
            years = [1900 + int(digits[:2]), 2000 + int(digits[:2])]
            rest = digits[2:]
        else:
            return False
        month, day = int(rest[0:2]), int(rest[2:4])
        if day > 60:
            day -= 60
        for year in years:
            try:
                dt.date(year, month, day)
                return True
            except ValueError:
                continue
        return False

    @classmethod
    def has_valid_check(cls, digits: str) -> bool:
        """Luhn check digit right, and a serial number other than 000 (never issued)."""
        return cls._is_luhn_valid(digits[-10:]) and digits[-4:-1] != "000"

    def is_valid(self, text: str) -> bool:
        digits = self._digits(text)
        return self.has_valid_date(digits) and self.has_valid_check(digits)

    def has_context(self, text: str, start: int) -> bool:
        window = text[max(0, start - self.CONTEXT_WINDOW) : start]
        return self._context_re.search(window) is not None

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        for pattern in self.patterns:
            for match in re.finditer(pattern.regex, text):
                start, end = match.span()
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                digits = self._digits(match.group())
                if not self.has_valid_date(digits):
                    continue
                context = self.has_context(text, start)
                if self.has_valid_check(digits):
                    score = self.SCORE_VALID_WITH_CONTEXT if context else self.SCORE_VALID
                elif context:
                    score = self.SCORE_BAD_CHECKSUM_WITH_CONTEXT
                else:
                    continue
                explanation = AnalysisExplanation(
                    recognizer=self.name, original_score=score, pattern_name=pattern.name,
                    pattern=pattern.regex, validation_result=score != self.SCORE_BAD_CHECKSUM_WITH_CONTEXT,
                )
                results.append(
                    RecognizerResult(
                        entity_type=EntityType.PERSONNUMMER.value, start=start, end=end, score=score,
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                        },
                    )
                )
        return results
