"""Which form family a document is: the weight of its printed phrases and of its structure.

A template's phrases (its title, characteristic wordings) count with their weights; on top,
every section heading and every field label of the family found at the start of a line
counts, as printed (exactly or nearly) or in other words. A revision with a reworded title
("BUS – rapport om avvikelse") is still recognised by its questions and labels; a document
that only mentions a form (an invitation, minutes of a meeting) has the phrases but not the
structure.
"""

from __future__ import annotations

import re

from schema.templates import Template
from schema.textmatch import LabelIndex, norm_label

_SPACE = re.compile(r"\s+")
_BOXES = re.compile(r"[☒☐]|\[\s*[xX]?\s*\]")
#: Weight of a section heading / a distinctive field label found on a line of its own.
HEADING_WEIGHT = 2.0
LABEL_WEIGHT = 1.5
#: Found only in other words: this share of the weight.
WORDS_SHARE = 0.75
#: Structure alone never weighs more than this (a form is more than its labels).
MAX_STRUCTURE = 14.0

_INDEXES: dict[tuple[int, ...], tuple[tuple[Template, ...], dict[str, LabelIndex[tuple[str, str]]]]] = {}


def _text_key(text: str) -> str:
    return " " + _SPACE.sub(" ", norm_label(text.replace("\n", " "))) + " "


def _indexes(templates: tuple[Template, ...]) -> dict[str, LabelIndex[tuple[str, str]]]:
    """Per family: its headings and the labels no other family prints (two words or more)."""
    key = tuple(id(t) for t in templates)
    cached = _INDEXES.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], templates)):
        return cached[1]
    labels_of = {
        str(t.family): {norm_label(label) for f in t.fields for label in f.labels} for t in templates
    }
    out: dict[str, LabelIndex[tuple[str, str]]] = {}
    for t in templates:
        others = set().union(*(v for k, v in labels_of.items() if k != str(t.family)))
        entries = [(h, ("section", s.name)) for s in t.sections for h in s.headings]
        entries += [
            (label, ("field", f.name)) for f in t.fields if f.kind != "contact" for label in f.labels
            if len(label.split()) >= 2 and norm_label(label) not in others
        ]
        # Checkbox options ("Parterna är inte överens", "Kommun (välj i listan)"): as characteristic as labels.
        entries += [
            (label, ("option", f"{f.name}:{o.value}")) for f in t.fields if f.options
            for o in f.options for label in o.labels if len(label.split()) >= 2
        ]
        out[str(t.family)] = LabelIndex(entries, by_words=True)
    _INDEXES[key] = (templates, out)
    return out


def structure_score(text: str, template: Template, index: LabelIndex[tuple[str, str]]) -> float:
    """The weight of the family's headings and labels found at the start of the text's lines."""
    found: dict[tuple[str, str], float] = {}
    for line in text.split("\n"):
        line = _BOXES.sub(" ", line).strip()
        if not line or len(line) > 160:
            continue
        hit = index.match(line)
        share = 1.0
        if hit is None or not hit[2]:
            hit = index.match_words(line) or _leading_label(index, line)
            share = WORDS_SHARE
            if hit is None or not hit[2] or line.endswith("."):
                continue
        for target in hit[0]:
            weight = (HEADING_WEIGHT if target[0] == "section" else LABEL_WEIGHT) * share
            found[target] = max(found.get(target, 0.0), weight)
    return min(sum(found.values()), MAX_STRUCTURE)


def _leading_label(index: LabelIndex[tuple[str, str]], line: str) -> tuple | None:
    """A label in other words at the start of a line, its value after it ("Mottaget datum 2024-04-22")."""
    words = line.split()
    for n in range(2, min(len(words) - 1, 6) + 1):
        rest = words[n]
        if not (rest[:1].isupper() or rest[:1].isdigit() or "@" in rest):
            continue
        hit = index.match_words(" ".join(words[:n]))
        if hit is not None and hit[2]:
            return hit
    return None


def scores(text: str, templates: tuple[Template, ...]) -> dict[str, float]:
    """Score per family: the weights of the template's phrases found in `text`, and of its structure."""
    key = _text_key(text)
    indexes = _indexes(templates)
    return {
        str(t.family): sum(p.weight for p in t.detect.phrases if norm_label(p.text) in key)
        + structure_score(text, t, indexes[str(t.family)])
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
