"""The Swedish spaCy pipeline avvik builds itself (no downloadable model), and the Presidio
NLP engine that serves it."""

from __future__ import annotations

import spacy
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

import anonymize.name_finder  # noqa: F401  (registers the "sv_name_finder" factory)

LANGUAGE = "sv"


@Language.component("lower_lemma")
def lower_lemma(doc: Doc) -> Doc:
    """Without a lemmatizer, use the lower-case form as lemma (Presidio's context words)."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def build_pipeline() -> Language:
    """`spacy.blank("sv")` + lower-case lemmas + the rule-based name finder."""
    nlp = spacy.blank(LANGUAGE)
    nlp.add_pipe("lower_lemma")
    nlp.add_pipe("sv_name_finder")
    return nlp


class SvNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over `build_pipeline()` instead of `spacy.load(...)`."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "avvik-sv-rules"}])

    def load(self) -> None:
        self.nlp = {LANGUAGE: build_pipeline()}

    def _get_entities(self, doc: Doc):
        return []  # names reach Presidio through SvNameRecognizer, not doc.ents

    def _get_scores_for_entities(self, doc: Doc):
        return []
