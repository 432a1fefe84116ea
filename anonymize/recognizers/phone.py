"""Swedish phone numbers: 08-123 45 67, 070-123 45 67, 0701234567, 031-12 34 56,
+46 70 123 45 67, 0046..., 010-..., (08) 123 45 67; also with dots (070.123.45.67), any dash
(070–123 45 67), a dash after the country code (+46-70-123 45 67), "46 70 ..." without "+"
(a mobile number, or any number next to a context word), and, next to a context word, digits
OCR read as letters ("tel O7O-l23 45 67")."""

from __future__ import annotations

import re
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from schema.enums import EntityType

_DASH = "–—−‐‑‒-"  # the hyphen last: literal in a character class
_D = "[" + _DASH + "]"
# national: 0 + area/mobile prefix (1-3 digits after 0), separator, 5-8 digits in groups.
_NATIONAL = (
    r"(?<![\d+/" + _DASH + r"])(?:\(0\d{1,3}\)\s?|0\d{1,3}\s?[/" + _DASH + r"]\s?|0\d{1,3}\s|0)"
    r"\d{2,4}(?:[\s" + _DASH + r"]?\d{2,3}){1,3}(?!\s?[\d" + _DASH + r"]*\d)"
)
# with dots: 070.123.45.67, 08.123 45 67 (a date's four-digit year never fits a group)
_DOTTED = r"(?<![\d+.,/" + _DASH + r"])0\d{1,3}\.\s?\d{2,4}(?:[.\s]\d{2,3}){1,3}(?![.,]?\d)"
_INTERNATIONAL = (
    r"(?<![\d+])(?:\+|00)46\s?" + _D + r"?\s?(?:\(0\)\s?)?\d{1,3}(?:[\s." + _DASH + r"]?\d{2,3}){2,4}(?![\d])"
)
# "46 70 123 45 67": the country code without "+"; a mobile number (7x) stands alone
_COUNTRY_NO_PLUS = (
    r"(?<![\d+.,/" + _DASH + r"])46[\s" + _DASH + r"]?(?:\(0\)\s?)?\d{1,3}(?:[\s" + _DASH + r"]?\d{2,3}){2,4}(?![\d])"
)
#: Digits and the letters OCR reads for them.
_OCR_DIGITS = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "B": "8"}
_OCR_TABLE = str.maketrans(_OCR_DIGITS)
_OCR_CHAR = r"[\d" + "".join(_OCR_DIGITS).replace("|", r"\|") + r"]"


class SvPhoneRecognizer(PatternRecognizer):
    """Swedish landline, mobile and 010 numbers, national or +46."""

    PATTERNS = [
        Pattern("phone national", _NATIONAL, 0.7),
        Pattern("phone national with dots", _DOTTED, 0.7),
        Pattern("phone international", _INTERNATIONAL, 0.9),
        Pattern("phone country code without plus", _COUNTRY_NO_PLUS, 0.7),
    ]
    CONTEXT = ["tel", "telefon", "telefonnummer", "telefonnr", "telnr", "tfn", "mobil", "mobilnummer", "mobilnr",
               "mobiltelefon", "mob", "ring", "ringa", "nås på", "nummer", "sms", "växel", "fax"]
    CONTEXT_WINDOW = 30
    SCORE_WITH_CONTEXT = 1.0
    #: Digit counts a Swedish number can have, without the leading 0 or +46.
    MIN_DIGITS, MAX_DIGITS = 7, 9
    #: Characters between a context word and a number read by OCR ("tel: ", "mobil nr ").
    OCR_GAP = 12

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.PHONE.value, patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language="sv", name="SvPhoneRecognizer",
        )
        words = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in self.CONTEXT), key=len, reverse=True)
        self._context_re = re.compile(r"(?<![\wåäö])(?:" + "|".join(words) + r")", re.IGNORECASE)
        self._ocr_re = re.compile(
            r"(?<![\wåäö])(?:" + "|".join(words) + r")[\wåäö.]{0,8}[^\w\n]{0,%d}?" % self.OCR_GAP
            + r"(?P<number>[+(]?" + _OCR_CHAR + r"(?:[\s.()/" + _DASH + r"]{0,2}" + _OCR_CHAR + r"){6,15})(?![\wåäö])",
            re.IGNORECASE,
        )
        self._shapes = [re.compile(p.regex) for p in self.PATTERNS]

    @staticmethod
    def _national_digits(text: str) -> int:
        digits = "".join(ch for ch in text if ch.isdigit())
        if text.lstrip().startswith("+"):
            digits = digits[2:]
        elif digits.startswith("0046"):
            digits = digits[4:]
        elif digits.startswith("46"):
            digits = digits[2:]
        else:
            digits = digits[1:]
        return len(digits.lstrip("0")) if digits.startswith("0") else len(digits)

    def _result(self, start: int, end: int, score: float, pattern: Pattern) -> RecognizerResult:
        return RecognizerResult(
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

    def _ocr_results(self, text: str, taken: list[tuple[int, int]]) -> List[RecognizerResult]:
        """Numbers right after a context word that read as a phone number once the letters OCR
        put for digits are read back ("tel O7O-l23 45 67"); at least five real digits."""
        results = []
        for match in self._ocr_re.finditer(text):
            start, end = match.span("number")
            value = match.group("number")
            if (not any(ch in _OCR_DIGITS for ch in value) or sum(ch.isdigit() for ch in value) < 5
                    or any(s < end and start < e for s, e in taken)):
                continue
            read = value.translate(_OCR_TABLE)
            for pattern, shape in zip(self.PATTERNS, self._shapes):
                hit = shape.match(read)
                if hit and hit.end() == len(read) and self.MIN_DIGITS <= self._national_digits(read) <= self.MAX_DIGITS:
                    results.append(self._result(start, end, self.SCORE_WITH_CONTEXT, pattern))
                    break
        return results

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        for pattern, shape in zip(self.PATTERNS, self._shapes):
            for match in shape.finditer(text):
                value = match.group().rstrip()
                start, end = match.start(), match.start() + len(value)
                if not self.MIN_DIGITS <= self._national_digits(value) <= self.MAX_DIGITS:
                    continue
                window = text[max(0, start - self.CONTEXT_WINDOW) : start]
                context = self._context_re.search(window) is not None
                if pattern.name == "phone country code without plus" and not context:
                    if not re.match(r"46[\s" + _DASH + r"]?7[02369]", value):
                        continue
                score = self.SCORE_WITH_CONTEXT if context else pattern.score
                results.append(self._result(start, end, score, pattern))
        results.extend(self._ocr_results(text, [(r.start, r.end) for r in results]))
        return results
