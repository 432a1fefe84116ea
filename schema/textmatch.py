"""Tolerant matching of printed labels: case, colon, numbering, whitespace, hyphenation.

`norm_label` turns a printed label into a comparison key; `LabelIndex` answers "which of
these label variants does this text start with?" — exactly first, fuzzily second.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")

_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.):]|\d{1,2}\s|[a-h][.)]\s)\s*")
_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\s+(?=[a-zåäö])")
_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s:;.,*?!]+$")

#: Fuzzy matches below this similarity (0..1) are not labels.
FUZZY_THRESHOLD = 0.86


@lru_cache(maxsize=65536)
def norm_label(text: str) -> str:
    """The comparison key of a label: lower case, no numbering, no trailing colon."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u2011", "-")
    text = _HYPHEN_BREAK.sub(r"\1", text)
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    text = _SPACE.sub(" ", text).strip().lower()
    text = _NUMBERING.sub("", text)
    return _TRAILING.sub("", text)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised strings (0..1), cheap bounds first."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb or min(la, lb) / max(la, lb) < FUZZY_THRESHOLD - 0.05:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return matcher.ratio()


class LabelIndex(Generic[T]):
    """Label variants → targets (several targets may share a label, e.g. "Enhet"). Matches a text that *is* a label, or *starts with* one.

    `match(text)` returns (targets, rest, strong) where rest is the text after the label
    (the value written on the same line) and strong is False only for a one-word label
    followed by text without a colon ("Datum 2024-03-05"), which free text can look like.
    """

    def __init__(self, entries: list[tuple[str, T]], *, single_word_prefix: bool = True) -> None:
        self._exact: dict[str, list[T]] = {}
        for label, target in entries:
            targets = self._exact.setdefault(norm_label(label), [])
            if target not in targets:
                targets.append(target)
        # Longest variants first, so "Kommun (välj i listan)" wins over "Kommun".
        self._keys = sorted(self._exact, key=len, reverse=True)
        # A one-word label ("Datum") only counts as a prefix when followed by a colon,
        # unless the caller allows it (checkbox options: "Kommun Aneby kommun").
        self._prefix_keys = [k for k in self._keys if single_word_prefix or " " in k]
        self._max_len = max((len(k) for k in self._keys), default=0)
        self._cache: dict[str, tuple[list[T], str, bool] | None] = {}

    def __bool__(self) -> bool:
        return bool(self._exact)

    def is_exact(self, text: str) -> bool:
        """Whether `text` is one of the label variants (after normalisation), nothing more."""
        return norm_label(text) in self._exact

    def match(self, text: str) -> tuple[list[T], str, bool] | None:
        try:
            return self._cache[text]
        except KeyError:
            pass
        result = self._match(text)
        if len(self._cache) < 50000:
            self._cache[text] = result
        return result

    def _match(self, text: str) -> tuple[list[T], str, bool] | None:
        stripped = text.strip()
        if not stripped:
            return None
        key = norm_label(stripped)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key], "", True
        # 1. "Label: value" — the part before the first colon is the label (fuzzy allowed).
        head, colon, tail = stripped.partition(":")
        if colon and len(head) <= self._max_len + 8:
            head_key = norm_label(head)
            hit = self._lookup(head_key)
            if hit is not None:
                return hit, _drop_remark(tail.strip()), True
        # 2. The text starts with a label variant followed by a word boundary.
        low = _SPACE.sub(" ", stripped.lower())
        low_key = norm_label(low + " x")[:-2] if low else ""
        for k in self._prefix_keys:
            if low_key.startswith(k) and (len(low_key) == len(k) or not low_key[len(k)].isalnum()):
                return self._exact[k], _drop_remark(_cut_after(stripped, k)), " " in k
        # 3. The whole text is a slightly different wording of a label.
        if len(key) <= self._max_len * 1.2 + 4:
            hit = self._lookup(key)
            if hit is not None:
                return hit, "", True
        return None

    def _lookup(self, key: str) -> list[T] | None:
        if key in self._exact:
            return self._exact[key]
        best, best_score = None, 0.0
        for k in self._keys:
            score = similarity(key, k)
            if score > best_score:
                best, best_score = k, score
        if best is not None and best_score >= FUZZY_THRESHOLD:
            return self._exact[best]
        return None


def _cut_after(text: str, key: str) -> str:
    """The part of `text` after its beginning that normalises to `key`."""
    for m in re.finditer(r"\S+", text):
        prefix = norm_label(text[: m.end()])
        if prefix == key:
            return text[m.end():].lstrip(" :.-\t").strip()
        if len(prefix) > len(key) + 2:
            break
    # The label ends inside a word ("Samverkanspart(er)"): cut character by character.
    for end in range(len(key), min(len(text), len(key) * 2 + 4) + 1):
        if norm_label(text[:end]) == key and (end == len(text) or not text[end].isalnum()):
            return text[end:].lstrip(" :.-\t").strip()
    return ""


_REMARK = re.compile(r"^\([^()]{0,80}\)\s*:?\s*")


def _drop_remark(rest: str) -> str:
    """Drops a printed remark right after a label: "Typ av avvikelse (flera kan anges):"."""
    return _REMARK.sub("", rest, count=1) if rest.startswith("(") else rest
