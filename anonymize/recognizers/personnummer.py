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
- any dash ("–", "—", "−", ...) as separator, and a prefix glued before the number
  ("pnr:121212-1212", "nr.121212-1212", "(121212-1212)");
- misspelt context words ("personumret", "pers. nr", "persnr", "p-nr", "samordningsnr");
- numbers read by OCR with letters for digits (O/o/D for 0, l/I/| for 1, Z for 2, S for 5,
  B for 8) or stray spaces ("19 901211-99 48"): found only when the number, read with the
  digits put back, has a real date and a right check digit; without a context word a number
  with spaces only must also carry its "-" or "+".
Organisationsnummer (third digit >= 2) fail the date check: month 20-99 does not exist.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SePersonnummerRecognizer

from schema.enums import EntityType

#: Hyphen, en and em dash, minus sign and the other dashes a word processor may put in.
_DASH = "–—−‐‑‒-"  # the hyphen last: literal in a character class
# Not inside a longer number: no digit before, nor a digit and a separator ("2024/", "3.").
_BEFORE = r"(?<!\d)(?<!\d[/.,:" + _DASH + r"])"
_AFTER = r"(?![\d/]|[.,:" + _DASH + r"]\d)"
# 12 digits (YYYYMMDD) or 10 (YYMMDD), then a dash, "+", a space, " - " or nothing, then 4 digits.
_NUMBER = _BEFORE + r"(?:\d{8}|\d{6})(?:\s?[+" + _DASH + r"]\s?|\s)?\d{4}" + _AFTER
_DASHED_DATE = _BEFORE + r"(?:\d{4}|\d{2})([" + _DASH + r"])\d{2}\1\d{2}[" + _DASH + r"]\d{4}" + _AFTER
#: A digit, or a character OCR reads for one, and the digit it stands for.
_OCR_DIGITS = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "B": "8"}
_OCR_CHAR = r"[\d" + "".join(_OCR_DIGITS).replace("|", r"\|") + r"]"
# A run of digits and OCR look-alikes with single spaces or a separator between them.
_OCR_RUN = re.compile(
    r"(?<![\wåäöÅÄÖ])" + _BEFORE + _OCR_CHAR + r"(?:(?: ?[+" + _DASH + r"] ?| )?" + _OCR_CHAR + r"){9,17}"
    r"(?![\wåäöÅÄÖ])" + _AFTER
)
# What a fuzzy candidate must look like with spaces removed and OCR characters read as digits.
_OCR_SHAPE = re.compile(r"(?:\d{8}|\d{6})[+" + _DASH + r"]?\d{4}|(?:\d{4}|\d{2})[" + _DASH + r"]\d{2}[" + _DASH
                        + r"]\d{2}[" + _DASH + r"]\d{4}")
_OCR_TABLE = str.maketrans(_OCR_DIGITS)
#: Context words, misspelt too: "personumret", "pers. nr", "persnr", "p-nr", "samordningsnr".
_CONTEXT_PATTERNS = [
    r"p(?:e?r|re)s(?:on)?\.?\s?-?\s?n?(?:u?m{1,2}e?r(?:et|en)?|r)\.?",  # personnummer, personumret, pers.nr
    r"p\.?\s?-?\s?nr\.?", r"pn",
    r"s(?:amordnings?)?\.?\s?-?\s?n(?:u?m{1,2}e?r(?:et|en)?|r)\.?",    # samordningsnummer, snr, s-nr
    r"födelsen(?:u?m{1,2}e?r(?:et)?|r)", r"född", r"id\s?-?\s?n(?:u?m{1,2}e?r(?:et)?|r)\.?",
]


def _blocked(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Some span of the sorted, non-overlapping `spans` overlaps [start, end) without lying
    inside it and being shorter (the same span is blocked: it is found already)."""
    k = bisect.bisect_left(spans, (start, -1))
    for s, e in spans[max(0, k - 1) : k + 3]:
        if s < end and start < e and not (start <= s and e <= end and (s, e) != (start, end)):
            return True
    return False


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
    #: Digits OCR may have read as letters: next to a context word, and without one.
    MAX_OCR_LETTERS, MAX_OCR_LETTERS_WITHOUT_CONTEXT = 8, 4

    def __init__(self) -> None:
        super().__init__(
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="sv",
            supported_entity=EntityType.PERSONNUMMER.value,
            name="SvPersonnummerRecognizer",
        )
        words = sorted((re.escape(w).replace(r"\ ", r"\s*") for w in self.CONTEXT), key=len, reverse=True)
        self._context_re = re.compile(
            r"(?<![\wåäö])(?:" + "|".join(words + _CONTEXT_PATTERNS) + r")(?![\wåäö])", re.IGNORECASE
        )

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

    def _ocr_candidates(self, text: str, taken: list[tuple[int, int]]):
        """(start, end, digits, letters, with_separator) of each number read with OCR
        look-alikes or stray spaces that does not overlap `taken`. Each candidate starts and
        ends at the edge of a group of characters and has 10 or 12 digits after reading. A
        candidate may contain a span of `taken` ("19 790316 4759" around "790316 4759")."""
        separators = "+" + _DASH
        for run in _OCR_RUN.finditer(text):
            value, base = run.group(), run.start()
            positions = [i for i, ch in enumerate(value) if ch != " " and ch not in separators]
            k = 0
            while k < len(positions):
                first = positions[k]
                found = False
                if first == 0 or value[first - 1] == " ":
                    for n in (12, 10):
                        if k + n > len(positions):
                            continue
                        last = positions[k + n - 1]
                        if last + 1 < len(value) and value[last + 1] != " ":
                            continue
                        candidate = value[first : last + 1]
                        compact = candidate.replace(" ", "").translate(_OCR_TABLE)
                        start, end = base + first, base + last + 1
                        if not _OCR_SHAPE.fullmatch(compact) or _blocked(taken, start, end):
                            continue
                        yield (start, end, self._digits(compact), sum(ch in _OCR_DIGITS for ch in candidate),
                               any(ch in separators for ch in candidate))
                        k += n
                        found = True
                        break
                if not found:
                    k += 1

    def _result(self, start: int, end: int, score: float, pattern_name: str, pattern: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=score, pattern_name=pattern_name,
            pattern=pattern, validation_result=score != self.SCORE_BAD_CHECKSUM_WITH_CONTEXT,
        )
        return RecognizerResult(
            entity_type=EntityType.PERSONNUMMER.value, start=start, end=end, score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
            },
        )

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
                results.append(self._result(start, end, score, pattern.name, pattern.regex))
        taken = sorted((r.start, r.end) for r in results)
        for start, end, digits, letters, separator in self._ocr_candidates(text, taken):
            if (letters > self.MAX_OCR_LETTERS or (len(digits) == 12 and digits[:2] not in ("18", "19", "20"))
                    or not (self.has_valid_date(digits) and self.has_valid_check(digits))):
                continue
            if self.has_context(text, start):
                score = self.SCORE_VALID_WITH_CONTEXT
            elif letters <= self.MAX_OCR_LETTERS_WITHOUT_CONTEXT and (letters or separator):
                score = self.SCORE_VALID
            else:
                continue
            k = bisect.bisect_left(taken, (start, -1))
            if k < len(taken) and taken[k][1] <= end:  # rare: a strict finding inside it ("19 790316 4759")
                results = [r for r in results if not start <= r.start <= r.end <= end]
            results.append(self._result(start, end, score, "personnummer read by OCR", _OCR_RUN.pattern))
        return results
