"""Names written in lower case in a file name: "avvikelse_kalle_svensson.docx".

File names are often typed in lower case, where the name finder's capital-letter evidence is
missing. Here a lower-case word counts as a name when it is a known given name or surname and
not a Swedish word or place ("kalle", "svensson", "ahmed"); one that is also a Swedish word or
place ("björn", "lind", "nora") counts only next to another ("björn lind", "nora svensson"). Organisations, places,
titles and stop words never count. Only run on file names (Redactor.redact_source_name).
"""

from __future__ import annotations

from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymize.lexicon import FUNCTION_WORDS
from anonymize.name_finder import NameFinder
from schema.enums import EntityType

SCORE = 0.7
_MIN_LENGTH = 3


class SvFileNameRecognizer(EntityRecognizer):
    """Lower-case names in a file name (the stem, "_" and "." read as spaces)."""

    def __init__(self, finder: NameFinder) -> None:
        self._finder = finder
        super().__init__(
            supported_entities=[EntityType.NAME.value], supported_language="sv",
            name="SvFileNameRecognizer", context=[],
        )

    def load(self) -> None:
        pass

    def _candidate(self, word: str) -> bool:
        """A lower-case given name or surname that is no organisation, place, title or stop word."""
        finder, lexicon = self._finder, self._finder.lexicon
        if len(word) < _MIN_LENGTH or not word.replace("-", "").isalpha() or not word.islower():
            return False
        if word in FUNCTION_WORDS or word in lexicon.titles or word in lexicon.org_heads:
            return False
        if finder.is_organisation(word):
            return False
        return finder.is_first_name(word) or finder.is_surname(word)

    def _strong(self, word: str) -> bool:
        """A candidate that is not a Swedish word or place: for a given name, not a Swedish
        base word ("kalle" yes, "maj", "björn" no); for a surname, no Swedish word form at all."""
        lexicon = self._finder.lexicon
        if self._finder.is_ambiguous_first_name(word) or word in lexicon.places or word in lexicon.ambiguous_places:
            return False
        return self._finder.is_first_name(word) or not self._finder.is_common(word)

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        blocked = self._finder.blocked_tokens(doc)
        words = [t for t in doc if not t.is_space]
        flags = [(t.i not in blocked and self._candidate(t.text), False) for t in words]
        flags = [(cand, cand and self._strong(t.text)) for t, (cand, _) in zip(words, flags)]
        # a strong candidate, or a candidate next to another ("kalle svensson", "björn lind")
        chosen = [
            cand and (strong or (k > 0 and flags[k - 1][0]) or (k + 1 < len(flags) and flags[k + 1][0]))
            for k, (cand, strong) in enumerate(flags)
        ]
        results: list[RecognizerResult] = []
        k = 0
        while k < len(words):
            if not chosen[k]:
                k += 1
                continue
            end = k
            while end + 1 < len(words) and chosen[end + 1]:
                end += 1
            start_char, end_char = words[k].idx, words[end].idx + len(words[end].text)
            results.append(
                RecognizerResult(
                    entity_type=EntityType.NAME.value, start=start_char, end=end_char, score=SCORE,
                    analysis_explanation=AnalysisExplanation(recognizer=self.name, original_score=SCORE),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                    },
                )
            )
            k = end + 1
        return results
