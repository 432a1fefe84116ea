"""Strings the caller already knows are personal (staff contact fields): exact occurrences.

The pipeline passes the raw values of the forms' contact fields, which are not all names of
people: "Socialsekreterare Amina Nilsson, tel. 070-174 06 68", "LSS-enheten, Sollentuna kommun",
"Biträdande rektor". Each value is read as one of
- an e-mail address or a phone number: found in any spelling (case, "+46", separators);
- a person's name: 1-4 name-like words, no digits, none of them a stop word, title, role,
  organisation, unit or place ("Petra Nilsson"). The whole name is found in any case; each
  part alone ("Nilsson", "Petras") only when written with a capital. A part that is also a
  common Swedish word and in no name list ("Strand") counts only inside a sentence and not
  before a place/organisation noun. Parts that are stop words, titles, organisations or
  places are never derived;
- free text (anything else): the detectors run over the value itself and the names, phone
  numbers and e-mail addresses they find in it become the known strings. A unit or a title
  alone yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, List, Optional, Sequence

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymize.lexicon import FUNCTION_WORDS
from anonymize.name_finder import CONTEXT_BEFORE, NameFinder
from schema.enums import EntityType

DETECTOR = "known_contact"
_EMAIL = re.compile(r"@|\[at\]|\(at\)")
_NAME_PART_MIN = 2
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
_WORD = r"[\wåäöÅÄÖ]"
#: Short words that are never a name part, on top of anonymize.lexicon.FUNCTION_WORDS.
STOP_WORDS = FUNCTION_WORDS | frozenset(
    "i på av till från för med hos mot om ur utan över och eller samt the of and för-".split()
)
#: Characters before a match that make it the start of a sentence or list item.
_SENTENCE_BREAK = ".!?:;•–—-*\n("

#: (start, end, entity, score) of what the detectors find in a text.
Detect = Callable[[str], Sequence[tuple[int, int, EntityType, float]]]


@dataclass(frozen=True)
class KnownTerm:
    entity: EntityType
    pattern: "re.Pattern[str]"
    #: a common-word name part: only inside a sentence and not before a place noun
    weak: bool = False


def _entity_of(value: str) -> EntityType | None:
    """EMAIL or PHONE when the whole value is one; None otherwise."""
    if _EMAIL.search(value) and len(value.split()) == 1:
        return EntityType.EMAIL
    digits = sum(ch.isdigit() for ch in value)
    if digits >= 7 and not any(ch.isalpha() for ch in value):
        return EntityType.PHONE
    return None


def _phone_pattern(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+46") or digits.startswith("0046"):
        digits = "0" + digits[4:] if digits.startswith("0046") else "0" + digits[2:]
    national = digits[1:] if digits.startswith("0") else digits
    sep = r"[\s()\-/–]*"
    body = sep.join(national)
    return r"(?<!\d)(?:(?:\+|00)46" + sep + r"(?:\(0\))?" + sep + r"|0" + sep + r"|\(0" + sep + r")" + body + r"(?!\d)"


class KnownContactRecognizer(EntityRecognizer):
    """Built per call from the known strings; every occurrence scores 1.0.

    `detect` reads free-text values (the Redactor passes its own detectors); without it such
    values yield nothing. `finder` supplies the word lists (a NameFinder).
    """

    def __init__(self, known: Sequence[str], detect: Detect | None = None, finder=None,
                 min_part_score: float = 0.6) -> None:
        self._finder: NameFinder = finder or NameFinder()
        self._detect = detect
        self._min_part_score = min_part_score
        #: the names of people among the known values (for the form's name memory)
        self.names: list[str] = []
        self.terms: list[KnownTerm] = list(self._compile(known))
        super().__init__(
            supported_entities=[e.value for e in EntityType], supported_language="sv",
            name=DETECTOR, context=[],
        )

    # --- reading the known values --------------------------------------------------------
    def _never_a_name_part(self, word: str) -> bool:
        lexicon = self._finder.lexicon
        lower = word.lower()
        return (
            lower in STOP_WORDS or lower in lexicon.titles or lower in lexicon.org_heads
            or self._finder.is_organisation(word) or lower in CONTEXT_BEFORE
        )

    def looks_like_name(self, value: str) -> bool:
        """1-4 name-like words, no digits, none a stop word, title, role, organisation or place,
        at least one capitalised and at least one a known name or not a Swedish word."""
        words = value.replace(",", " ").split()
        if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return False
        parts = [p for w in words for p in (w, *w.split("-")) if p]
        if any(self._never_a_name_part(p) for p in parts):
            return False
        finder = self._finder
        if not any(w[:1].isupper() for w in words) and not any(
                finder.is_first_name(w) and not finder.is_ambiguous_first_name(w) and not finder.is_common(w)
                for w in words):
            return False  # a contact typed in lower case counts when it holds a given name ("anna berg")
        return any(finder.is_first_name(w) or finder.is_surname(w) or not finder.is_common(w) for w in words)

    def _name_terms(self, value: str, with_parts: bool = True) -> Iterable[KnownTerm]:
        words = value.replace(",", " ").split()
        yield KnownTerm(EntityType.NAME, re.compile(
            rf"(?<!{_WORD})" + r"[\s,]+".join(map(re.escape, words)) + rf"(?::?s)?(?!{_WORD})", re.IGNORECASE))
        if not with_parts:
            return
        parts = {p for w in words for p in (w, *w.split("-")) if len(p) >= _NAME_PART_MIN}
        for part in sorted(parts, key=len, reverse=True):
            if self._never_a_name_part(part):
                continue
            finder = self._finder
            weak = finder.is_common(part) and not (finder.is_first_name(part) or finder.is_surname(part))
            # written with a capital, also in the genitive ("Svenssons")
            pattern = rf"(?<!{_WORD})" + re.escape(part[0].upper()) + rf"(?i:{re.escape(part[1:])})(?::?s)?(?!{_WORD})"
            yield KnownTerm(EntityType.NAME, re.compile(pattern), weak=weak)

    def _value_terms(self, value: str, entity: EntityType) -> Iterable[KnownTerm]:
        if entity is EntityType.PHONE:
            yield KnownTerm(entity, re.compile(_phone_pattern(value)))
        elif entity is EntityType.EMAIL:
            yield KnownTerm(entity, re.compile(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", re.IGNORECASE))

    def _compile(self, known: Iterable[str]) -> Iterable[KnownTerm]:
        for raw in known:
            value = " ".join((raw or "").split())
            if not value:
                continue
            entity = _entity_of(value)
            if entity is not None:
                yield from self._value_terms(value, entity)
            elif self.looks_like_name(value):
                self.names.append(value)
                yield from self._name_terms(value)
            elif self._detect is not None:
                yield from self._terms_in_text(value)

    def _terms_in_text(self, value: str) -> Iterable[KnownTerm]:
        """The names, phones and e-mails the detectors find inside a free-text value."""
        for start, end, entity, score in self._detect(value):
            found = value[start:end]
            if entity in (EntityType.PHONE, EntityType.EMAIL):
                yield from self._value_terms(found, entity)
            elif entity is EntityType.NAME and self.looks_like_name(found):
                if score >= self._min_part_score:
                    self.names.append(found)
                yield from self._name_terms(found, with_parts=score >= self._min_part_score)

    # --- finding them --------------------------------------------------------------------
    def load(self) -> None:
        pass

    def _weak_match_ok(self, text: str, start: int, end: int) -> bool:
        before = text[:start].rstrip(" \t")
        if not before or before[-1] in _SENTENCE_BREAK:
            return False
        after = text[end:].split(None, 1)
        return not (after and after[0].lower().strip(".,;:") in self._finder.lexicon.org_heads)

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        results = []
        for term in self.terms:
            for match in term.pattern.finditer(text):
                if term.weak and not self._weak_match_ok(text, match.start(), match.end()):
                    continue
                results.append(
                    RecognizerResult(
                        entity_type=term.entity.value, start=match.start(), end=match.end(), score=1.0,
                        analysis_explanation=AnalysisExplanation(recognizer=self.name, original_score=1.0),
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                        },
                    )
                )
        return results
