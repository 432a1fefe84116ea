"""Which form family a document is: each template's phrases, weighted and summed."""

from __future__ import annotations

import re

from schema.templates import Template
from schema.textmatch import norm_label

_SPACE = re.compile(r"\s+")


def _text_key(text: str) -> str:
    return " " + _SPACE.sub(" ", norm_label(text.replace("\n", " "))) + " "


def scores(text: str, templates: tuple[Template, ...]) -> dict[str, float]:
    """Score per family: the weights of the template's phrases found in `text`."""
    key = _text_key(text)
    return {
        str(t.family): sum(p.weight for p in t.detect.phrases if norm_label(p.text) in key)
        for t in templates
    }


def detect(text: str, templates: tuple[Template, ...]) -> Template | None:
    """The best-scoring template that reaches its `min_score`, or None."""
    by_family = {str(t.family): t for t in templates}
    ranked = sorted(scores(text, templates).items(), key=lambda kv: kv[1], reverse=True)
    for family, score in ranked:
        if score >= by_family[family].detect.min_score:
            return by_family[family]
        break
    return None
