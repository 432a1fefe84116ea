"""Names written in lower case in a file name: "avvikelse_kalle_svensson.docx".

File names are often typed in lower case, where the name finder's capital-letter evidence is
missing. Here a lower-case word counts as a name when it is a known given name or surname and
not a Swedish word or place ("kalle", "svensson", "ahmed"); one that is also a Swedish word or
place ("björn", "lind", "nora") counts only next to another ("björn lind", "nora svensson"). Organisations, places,
titles and stop words never count. A file name holds a person as "first last", so the word right
after a given name is read as the surname even when it is unknown, a Swedish word or a place
("lena_yilmaz", "ebba_blom", "åsa_sjöberg"), unless it is a function word, title, organisation,
municipality or file word (`data/file_words.txt`: "svar", "bilaga", "mars"). After a given name
that is also a word ("per", "tom", "ebba") the next word must look like a surname: a known name,
an unknown word, a surname ending or a listed word surname ("per_andersson", "ebba_blom"; not
"tom_fil").
Only run on file names (Redactor.redact_source_name, and file names in running text).
"""

from __future__ import annotations

from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymize.lexicon import FUNCTION_WORDS, SURNAME_ENDINGS
from anonymize.name_finder import NAME_PARTICLES, NOT_LOWERCASE_NAMES, SENTENCE_WORDS, NameFinder
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

    def _given(self, word: str) -> bool:
        """A lower-case given name, also one that is a function word ("per", "hans")."""
        return (len(word) >= _MIN_LENGTH and word.isalpha() and word.islower() and self._finder.is_first_name(word)
                and not self._finder.is_organisation(word))

    def _surname_after_given(self, word: str) -> bool:
        """The word after a given name in a file name, read as its surname."""
        finder, lexicon = self._finder, self._finder.lexicon
        if len(word) < 2 or not word.replace("-", "").isalpha() or not word.islower():
            return False
        if word in FUNCTION_WORDS or word in lexicon.titles or word in lexicon.org_heads or word in lexicon.file_words:
            return False
        if lexicon.is_place(word) or (finder.is_organisation(word) and not finder.is_place_surname(word)):
            return False
        return word not in lexicon.not_people

    def _unknown_word(self, word: str) -> bool:
        """A lower-case word in no list at all: no Swedish word, name list, place or file word."""
        finder, lexicon = self._finder, self._finder.lexicon
        if len(word) < _MIN_LENGTH or not word.isalpha() or not word.islower():
            return False
        if word in FUNCTION_WORDS or word in lexicon.titles or word in lexicon.org_heads or word in lexicon.file_words:
            return False
        if word in SENTENCE_WORDS or word in NOT_LOWERCASE_NAMES or word in lexicon.places or finder.is_organisation(word):
            return False
        return not finder.is_common(word)

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
        # "first last": the word after a given name is its surname
        for k in range(len(words) - 1):
            given, after = words[k].text, words[k + 1].text
            if k in blocked or (k + 1) in blocked or not self._given(given):
                continue
            if not self._surname_after_given(after):
                continue
            if given in FUNCTION_WORDS or not flags[k][1]:
                # "per", "tom", "maj" are words too: only before something that looks like a
                # surname ("per_andersson", "ebba_blom"; not "tom_fil")
                if not (flags[k + 1][0] or after.endswith(SURNAME_ENDINGS) or after in self._finder.lexicon.word_surnames
                        or not self._finder.is_common(after)):
                    continue
            chosen[k] = chosen[k + 1] = True
        # "sara_van_der_berg": particles between a given name and the next word belong to the name
        for k in range(1, len(words) - 1):
            if chosen[k - 1] and words[k].text in NAME_PARTICLES and words[k - 1].text not in NAME_PARTICLES:
                j = k
                while j < len(words) - 1 and words[j].text in NAME_PARTICLES and j - k < 2:
                    j += 1
                after = words[j].text
                if j > k and after.isalpha() and after not in NAME_PARTICLES and after not in FUNCTION_WORDS and (
                        after not in self._finder.lexicon.file_words):
                    for m in range(k, j + 1):
                        chosen[m] = True
        # "zhiwar_andersson", "rojin_barzani": an unknown word next to a chosen name is part of it
        changed = True
        while changed:
            changed = False
            for k, word in enumerate(words):
                if chosen[k] or k in blocked or not self._unknown_word(word.text):
                    continue
                if (k > 0 and chosen[k - 1]) or (k + 1 < len(words) and chosen[k + 1]):
                    chosen[k] = changed = True
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
