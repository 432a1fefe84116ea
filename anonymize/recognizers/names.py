"""Names of people, as found by the spaCy component `sv_name_finder` (anonymize.name_finder)."""

from __future__ import annotations

from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymize.name_finder import SPAN_KEY
from schema.enums import EntityType


class SvNameRecognizer(EntityRecognizer):
    """Turns the spans the name finder put on the spaCy doc into Presidio results."""

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[EntityType.NAME.value], supported_language="sv",
            name="SvNameRecognizer", context=[],
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        results = []
        for span in doc.spans.get(SPAN_KEY, []):
            score = span._.pii_score
            results.append(
                RecognizerResult(
                    entity_type=EntityType.NAME.value, start=span.start_char, end=span.end_char,
                    score=score,
                    analysis_explanation=AnalysisExplanation(recognizer=self.name, original_score=score),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                    },
                )
            )
        return results
