"""Date of birth: a date right after "född", "föddes", "f." or "födelsedatum".

"född 2014-03-02", "f. 2/3 2014", "Födelsedatum: 02.03.2014", "föddes den 2 mars 2014",
"född i Syrien 140302". A date elsewhere ("Mötet hölls 2024-03-05") is not personal data.
A full personnummer after "född" is left to the personnummer recognizer: a date followed by
a separator and four more digits is not a date of birth here. The date must exist in the
calendar and lie between 1900 and this year; a year alone ("född 2014") is not a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from schema.enums import EntityType

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_DASH = r"[-–—‐‑‒−]"
_SEP = r"(?:" + _DASH + r"|[/.])"
_MONTH_NAME = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
#: Each date form with named groups y (year), m (month), d (day); "mn" a month name.
_DATES = [
    r"(?P<y1>(?:19|20)\d{2})" + _SEP + r"(?P<m1>\d{1,2})" + _SEP + r"(?P<d1>\d{1,2})",        # 2014-03-02
    r"(?P<y2>(?:19|20)?\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)",                                  # 20140302, 140302
    r"(?P<y3>\d{2})" + _DASH + r"(?P<m3>[01]\d)" + _DASH + r"(?P<d3>[0-3]\d)",                  # 14-03-02
    r"(?P<d4>\d{1,2})" + r"[/.]" + r"(?P<m4>\d{1,2})(?:\s?[-/.\s]\s?(?P<y4>(?:19|20)?\d{2}))?",  # 2/3 2014, 02.03.2014, 2/3
    r"(?P<d5>\d{1,2})(?::[ae])?\s+(?P<mn5>" + _MONTH_NAME + r")(?:\s+(?P<y5>(?:19|20)\d{2}))?",  # 2 mars 2014
]
_DATE = r"(?<![\d\w])(?:" + "|".join(_DATES) + r")(?![\wåäö])(?!\s?[-+–]?\s?\d)"
#: The words that make the next date a date of birth, and what may stand between them.
_PLACE = r"(?-i:[A-ZÅÄÖ][\wåäö-]+)"
_CONTEXT = (
    r"(?<![\wåäöÅÄÖ])(?:(?:född|föddes|födelsedatum|födelsedatumet|födelsedag|föd\.)(?:[^\S\n]*:)?[^\S\n]*"
    r"(?:i[^\S\n]+" + _PLACE + r"(?:[^\S\n]+" + _PLACE + r")?,?[^\S\n]+)?"  # "född i Syrien", "född i Västra Frölunda"
    r"(?:den[^\S\n]+)?"                                                     # "född den"
    r"|f\.(?!\s?d\.)[^\S\n]*)"
)
_PATTERN = re.compile(_CONTEXT + r"(?P<date>" + _DATE + r")", re.IGNORECASE)


class SvDateOfBirthRecognizer(PatternRecognizer):
    """A real calendar date after a birth word ("född", "f.", "födelsedatum")."""

    PATTERNS = [Pattern("date of birth", _PATTERN.pattern, 0.85)]
    SCORE = 0.85

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.DATE_OF_BIRTH.value, patterns=self.PATTERNS, context=[],
            supported_language="sv", name="SvDateOfBirthRecognizer",
        )

    @staticmethod
    def is_real_date(match: re.Match[str], today: dt.date | None = None) -> bool:
        """The matched date exists and lies between 1900 and `today` (day + 60 allowed, as in a
        samordningsnummer); a two-digit or missing year may be either century or any year."""
        groups = {k[:-1] if k[-1].isdigit() else k: v for k, v in match.groupdict().items() if v and k != "date"}
        today = today or dt.date.today()
        day = int(groups["d"])
        month = _MONTHS[groups["mn"].rstrip(".").lower()] if "mn" in groups else int(groups["m"])
        if day > 60:
            day -= 60
        year = groups.get("y")
        if year is None:
            years = [2000]  # a leap year: "född 29/2" is a real day
        elif len(year) == 2:
            years = [1900 + int(year), 2000 + int(year)]
        else:
            years = [int(year)]
        for candidate in years:
            if not 1900 <= candidate <= today.year:
                continue
            try:
                dt.date(candidate, month, day)
                return True
            except ValueError:
                continue
        return False

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        for match in _PATTERN.finditer(text):
            if not self.is_real_date(match):
                continue
            start, end = match.span("date")
            results.append(
                RecognizerResult(
                    entity_type=EntityType.DATE_OF_BIRTH.value, start=start, end=end, score=self.SCORE,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name, original_score=self.SCORE, pattern_name="date of birth",
                        pattern=_PATTERN.pattern,
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                    },
                )
            )
        return results
