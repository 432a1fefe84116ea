"""Strings the caller already knows are personal (staff contact fields): exact occurrences."""

from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from schema.enums import EntityType

DETECTOR = "known_contact"
_EMAIL = re.compile(r"@|\[at\]|\(at\)")
_NAME_PART_MIN = 2


def _entity_of(value: str) -> EntityType:
    if _EMAIL.search(value):
        return EntityType.EMAIL
    if sum(ch.isdigit() for ch in value) >= 7:
        return EntityType.PHONE
    return EntityType.NAME


def _phone_pattern(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+46") or digits.startswith("0046"):
        digits = "0" + digits[4:] if digits.startswith("0046") else "0" + digits[2:]
    national = digits[1:] if digits.startswith("0") else digits
    sep = r"[\s()\-/–]*"
    body = sep.join(national)
    return r"(?<!\d)(?:(?:\+|00)46" + sep + r"(?:\(0\))?" + sep + r"|0" + sep + r"|\(0" + sep + r")" + body + r"(?!\d)"


class KnownContactRecognizer(EntityRecognizer):
    """Built per call from the known strings; every occurrence scores 1.0."""

    def __init__(self, known: Sequence[str]) -> None:
        self._patterns = list(self._compile(known))
        super().__init__(
            supported_entities=[e.value for e in EntityType], supported_language="sv",
            name=DETECTOR, context=[],
        )

    @staticmethod
    def _compile(known: Iterable[str]) -> Iterable[tuple[EntityType, re.Pattern[str]]]:
        for raw in known:
            value = (raw or "").strip()
            if not value:
                continue
            entity = _entity_of(value)
            if entity is EntityType.PHONE:
                yield entity, re.compile(_phone_pattern(value))
                continue
            if entity is EntityType.EMAIL:
                yield entity, re.compile(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", re.IGNORECASE)
                continue
            words = value.replace(",", " ").split()
            yield entity, re.compile(
                r"(?<![\wåäöÅÄÖ])" + r"\s+".join(map(re.escape, words)) + r"(?![\wåäöÅÄÖ])", re.IGNORECASE
            )
            parts = {p for w in words for p in (w, *w.split("-")) if len(p) >= _NAME_PART_MIN}
            for part in sorted(parts, key=len, reverse=True):
                # a name part, also in the genitive ("Svenssons")
                yield entity, re.compile(r"(?<![\wåäöÅÄÖ])" + re.escape(part) + r"(?::?s)?(?![\wåäöÅÄÖ])")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        results = []
        for entity, pattern in self._patterns:
            for match in pattern.finditer(text):
                results.append(
                    RecognizerResult(
                        entity_type=entity.value, start=match.start(), end=match.end(), score=1.0,
                        analysis_explanation=AnalysisExplanation(recognizer=self.name, original_score=1.0),
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                        },
                    )
                )
        return results
