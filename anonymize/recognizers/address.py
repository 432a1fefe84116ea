"""Street addresses: "Storgatan 12, 123 45 Stockholm", "Vägen 3 B lgh 1102", "123 45 Göteborg",
also streets whose name is not built on a known street word.

A word (with up to two words before it) followed by a house number is a street when
- it ends in a street word, in any letter case ("Storgatan 12", "STORGATAN 12", "storgatan 12"),
  or, written with a capital, in a place-name ending ("Hagbrynet 7", "Ängsbacken 3");
- it is such a word standing alone after a capitalised word ("Stora Allén 21", "Fittja gård 9 A");
- a context word stands right before it ("bor på hagtornet 4", "Adress: Solhem 2");
- a postcode and town or an apartment number follow it ("Solhem 2, 123 45 Ort", "Solhem 2 lgh 1101").
"Box 123" is a postal address. Never a street: the words in [not_streets] ("Avsnitt 3",
"kapitel 4", "rum 12") and a number followed by a unit ("3 gånger", "12 kr", "11 kap.").
The word lists are data: anonymize/data/address_words.txt.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from schema.enums import EntityType

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "address_words.txt"

_TOWN_WORD = r"(?:[A-ZÅÄÖ][a-zåäöéü]+|[A-ZÅÄÖ]{2,})"
_POSTCODE_CITY = r"\d{3}\s?\d{2}\s+" + _TOWN_WORD + r"(?:[ -]" + _TOWN_WORD + r")?"
_STANDALONE_POSTCODE = re.compile(r"(?<![\d\w-])" + _POSTCODE_CITY + r"(?![\wåäöÅÄÖ])")
_HOUSE_NUMBER = re.compile(
    r"\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?:\s?[A-Ha-h](?![\wåäöÅÄÖ]))?"
    r"(?P<flat>,?\s(?:lgh|lägenhet)\.?\s?\d{1,4})?(?:,?\s\d\s?tr\.?(?![\wåäöÅÄÖ]))?"
    r"(?![\d:]|[.,]\d)"
)
_AFTER_STREET = re.compile(r",?\s+(?P<postcode>" + _POSTCODE_CITY + r")(?![\wåäöÅÄÖ])")
_WORD = re.compile(r"[^\W\d_][\w:'’.-]*")
#: Characters looked at before a house number for the street name.
_LOOK_BACK = 60
_NUMBER_START = re.compile(r"(?<=[^\S\n])\d")
#: A house number that is rather a year ("flyttat till Borås 2019").
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")


@lru_cache(maxsize=1)
def address_words() -> dict[str, tuple[str, ...]]:
    """The sections of address_words.txt: section name -> lower-case entries."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line:
            current.append(line.lower())
    return {name: tuple(entries) for name, entries in sections.items()}


def words_before(text: str, start: int) -> list[tuple[str, int]]:
    """Up to three words (word, offset) on the line before `start`, nearest first; the nearest
    must stand right before `start` (white space between), each a word of letters."""
    window_start = max(0, start - _LOOK_BACK)
    window = text[window_start:start]
    line = window.rfind("\n")
    found: list[tuple[str, int]] = []
    end = len(window)
    while len(found) < 3:
        stripped = window[:end].rstrip(" \t")
        if len(stripped) == end or len(stripped) <= line + 1:
            break
        begin = max(stripped.rfind(" "), stripped.rfind("\t"), line) + 1
        token = stripped[begin:]
        if begin == 0 and window_start > 0 or not _WORD.fullmatch(token):
            break
        found.append((token.rstrip(".") if found else token, window_start + begin))
        end = begin
    return found


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


class SvAddressRecognizer(PatternRecognizer):
    """Street and house number, optionally followed by postcode and town; "Box 123"; or
    postcode and town alone."""

    PATTERNS = [Pattern("postcode and town", _STANDALONE_POSTCODE.pattern, 0.6)]
    SCORE_WITH_POSTCODE = 0.95
    SCORE_STREET_WORD = 0.7
    SCORE_CONTEXT = 0.85
    SCORE_BOX = 0.8
    SCORE_POSTCODE = 0.6

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.ADDRESS.value, patterns=self.PATTERNS, context=[],
            supported_language="sv", name="SvAddressRecognizer",
        )
        words = address_words()
        self._street_endings = frozenset(words["street_endings"])
        self._place_endings = frozenset(words["place_endings"])
        self._street_ending = self._ending_regex(self._street_endings)
        self._any_ending = self._ending_regex(self._street_endings | self._place_endings)
        self._before_street = frozenset(words["before_street"])
        self._not_streets = frozenset(words["not_streets"])
        context = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words["context"]), key=len, reverse=True)
        self._context = re.compile(
            r"(?<![\wåäö])(?:" + "|".join(context) + r")(?:\s+(?:är|var|blir|numera|nu))?\s*:?\s*$", re.IGNORECASE
        )
        units = sorted((re.escape(w) for w in words["after_number"]), key=len, reverse=True)
        self._unit = re.compile(r"\s*(?:" + "|".join(units) + r")(?![\wåäö])", re.IGNORECASE)

    @staticmethod
    def _ending_regex(endings: frozenset[str]) -> re.Pattern[str]:
        """At least two letters, then one of `endings`, at the end of a word."""
        alternatives = "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))
        return re.compile(r"\w{2,}(?:" + alternatives + r")", re.IGNORECASE)

    def _ending(self, word: str, alone: bool) -> bool:
        """`word` ends in a street word (any case) or a place-name ending (capitalised); with
        `alone`, it is such a word itself (in any case), otherwise it has at least two letters
        before the ending."""
        lower = word.lower()
        if alone:  # after a capitalised word: "Stora Allén", "Fittja gård"
            return lower in self._street_endings or lower in self._place_endings
        return (self._any_ending if _capitalised(word) else self._street_ending).fullmatch(word) is not None

    def _street(self, text: str, start: int, before: list[tuple[str, int]]) -> tuple[int, float] | None:
        """(start of the street name, score) when the words `before` the number at `start`
        name a street."""
        if not before or before[0][0].endswith(".") or before[0][0].lower() in self._not_streets:
            return None
        (word, begin), (p1, p1_start), (p2, p2_start) = (before + [("", -1)] * 2)[:3]
        if p1 and p1.lower() in self._before_street and _capitalised(p1):
            begin = p1_start
        if self._ending(word, alone=False):
            return begin, self.SCORE_STREET_WORD
        if self._ending(word, alone=True) and p1 and _capitalised(p1) and p1.lower() not in self._not_streets:
            begin = p1_start
            if p2 and _capitalised(p2) and p2.lower() not in self._not_streets | self._before_street:
                begin = p2_start
            return begin, self.SCORE_STREET_WORD
        if self._context.search(text, max(0, begin - 40), begin) and not _YEAR.match(text, start):
            return begin, self.SCORE_CONTEXT
        return begin, 0.0  # a street only if a postcode or an apartment number follows

    def _result(self, start: int, end: int, score: float, name: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=EntityType.ADDRESS.value, start=start, end=end, score=score,
            analysis_explanation=AnalysisExplanation(recognizer=self.name, original_score=score, pattern_name=name),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        for number in _NUMBER_START.finditer(text):
            start = number.start()
            if results and start < results[-1].end:
                continue
            house = _HOUSE_NUMBER.match(text, start)
            if not house or self._unit.match(text, house.end()):
                continue
            end = house.end()
            after = _AFTER_STREET.match(text, end)
            before = words_before(text, start)
            if before and before[0][0] in ("Box", "BOX", "box") and (after or before[0][0] != "box"):
                begin, score = before[0][1], self.SCORE_BOX
            else:
                street = self._street(text, start, before)
                if street is None:
                    continue
                begin, score = street
                if not score and not house.group("flat") and not (after and _capitalised(text[begin])):
                    continue
                score = max(score, self.SCORE_BOX)
            if after:
                end, score = after.end(), self.SCORE_WITH_POSTCODE
            results.append(self._result(begin, end, score, "street and number"))
        for match in _STANDALONE_POSTCODE.finditer(text):
            if not any(r.start <= match.start() < r.end for r in results):
                results.append(self._result(match.start(), match.end(), self.SCORE_POSTCODE, "postcode and town"))
        return results
