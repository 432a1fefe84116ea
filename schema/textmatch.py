"""Tolerant matching of printed labels: case, colon, numbering, whitespace, hyphenation.

`norm_label` turns a printed label into a comparison key; `LabelIndex` answers "which of
these label variants does this text start with?" — exactly first, fuzzily second, and last
by its words (`label_words`, `word_score`): a new revision rewords labels ("Datum då
avvikelsen rapporterades" for "Datum för rapportering") far more often than it misspells them.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Callable, Generic, TypeVar

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


WORDS_DIR = Path(__file__).with_name("templates")


def _word_lines(name: str) -> list[str]:
    """The non-comment lines of a word list beside the templates."""
    text = (WORDS_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


#: Words that carry no meaning of their own in a label (templates/stop_words.txt).
STOP_WORDS = frozenset(_word_lines("stop_words.txt"))

#: Words a form owner uses for one another; each maps to the word the templates use
#: (templates/synonyms.txt).
SYNONYMS = {k.strip(): v.strip() for k, _, v in (line.partition("=") for line in _word_lines("synonyms.txt"))}

#: First words of printed guidance ("Skriv en verksamhet per rad.") (templates/guidance_verbs.txt).
GUIDANCE_VERBS = frozenset(_word_lines("guidance_verbs.txt"))

_WORD = re.compile(r"[a-zåäöéü0-9]+")
_PLURAL_MARK = re.compile(r"\((?:a|er|ar|or|na|erna|arna|n|en|s)\)")
MAX_LABEL_WORDS = 8


@lru_cache(maxsize=65536)
def label_words(text: str) -> tuple[str, ...]:
    """The meaningful words of a label: lower case, plural marks "(er)" and hyphens gone,
    stop words out, synonyms mapped to the templates' word."""
    low = _PLURAL_MARK.sub("", norm_label(text)).replace("e-post", "epost").replace("-", " ")
    out: list[str] = []
    for word in _WORD.findall(low):
        for w in SYNONYMS.get(word, word).split():
            for part in _compound_parts(w):
                part = SYNONYMS.get(part, part)
                if part and part not in STOP_WORDS and len(part) > 1 and not part.isdigit():
                    out.append(part)
    return tuple(dict.fromkeys(out))


#: Last parts of compound words (templates/compound_tails.txt).
COMPOUND_TAILS = tuple(sorted(_word_lines("compound_tails.txt"), key=len, reverse=True))


def _compound_parts(word: str) -> list[str]:
    """"rapportdatum" → ["rapport", "datum"]; a word that is no such compound stays whole."""
    for tail in COMPOUND_TAILS:
        if len(word) > len(tail) + 3 and word.endswith(tail):
            head = word[: -len(tail)]
            if head.endswith("s") and len(head) > 5:
                head = head[:-1]
            if len(head) >= 4:
                return [head, tail]
    return [word]


@lru_cache(maxsize=65536)
def word_similarity(a: str, b: str) -> float:
    """1 for the same word, less for two forms of one stem ("rapporterades" ~ "rapportering")."""
    if a == b:
        return 1.0
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    shorter, longer = min(len(a), len(b)), max(len(a), len(b))
    # One stem: most of the longer word, or a long stem ("rapport|örens" ~ "rapport|erande");
    # not "enhet|ens" ~ "enhet|schef".
    if n >= 4 and (n >= 0.6 * longer or n >= 7 and n >= 0.6 * shorter):
        return 0.6 + 0.4 * n / longer
    return 0.0


def word_score(text_words: tuple[str, ...], label: tuple[str, ...]) -> float:
    """How well a text's words cover a label's and the other way round (Dice, 0..1)."""
    if not text_words or not label:
        return 0.0
    shared = sum(max(word_similarity(w, t) for t in text_words) for w in label)
    return 2 * shared / (len(text_words) + len(label))


def _covers(text_words: tuple[str, ...], label: tuple[str, ...]) -> bool:
    """Every word of the label is (a form of) a word of the text."""
    return all(max(word_similarity(w, t) for t in text_words) >= 0.8 for w in label)


#: Word matches below this score are not labels.
WORD_THRESHOLD = 0.7
#: ... unless the text is set as a label (before a colon, a question): then this.
LENIENT_THRESHOLD = 0.65


class LabelIndex(Generic[T]):
    """Label variants → targets (several targets may share a label, e.g. "Enhet"). Matches a text that *is* a label, or *starts with* one.

    `match(text)` returns (targets, rest, strong) where rest is the text after the label
    (the value written on the same line) and strong is False only for a one-word label
    followed by text without a colon ("Datum 2024-03-05"), which free text can look like.
    """

    def __init__(self, entries: list[tuple[str, T]], *, single_word_prefix: bool = True, by_words: bool = False) -> None:
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
        # Word matching (opt-in): field labels, not option texts ("Eksjö kommun" is no "Kommun").
        self._words = [(k, w) for k in self._keys if by_words and (w := label_words(k))]
        # Words are alike only from their first four letters on: candidates by those.
        self._by_stem: dict[str, list[int]] = {}
        for i, (_, words) in enumerate(self._words):
            for w in words:
                bucket = self._by_stem.setdefault(w[:4], [])
                if i not in bucket:
                    bucket.append(i)
        self._word_cache: dict[tuple[str, bool, bool], tuple[list[T], float] | None] = {}
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
                after = _cut_after(stripped, k)
                rest = _drop_remark(after)
                # Strong when several words, or a printed remark alone follows ("Handläggning (…)").
                return self._exact[k], rest, " " in k or bool(after) and not rest
        # 3. The whole text is a slightly different wording of a label.
        if len(key) <= self._max_len * 1.2 + 4:
            hit = self._lookup(key)
            if hit is not None:
                return hit, "", True
        return None

    def match_words(self, text: str, same: Callable[[list[T], list[T]], bool] | None = None) -> tuple[list[T], str, bool] | None:
        """Like `match`, by words: the text (or its part before a colon) says what one label
        says in other words. Strong when the words agree closely or a colon follows.
        `same(a, b)` tells whether two labels' targets mean the same field (then a near tie
        between them is no ambiguity)."""
        if not self._words:
            return None
        stripped = text.strip()
        head, colon, tail = stripped.partition(":")
        if colon and len(label_words(head)) <= MAX_LABEL_WORDS:
            hit = self._by_words(head, same, lenient=True)
            if hit is not None:
                return hit[0], _drop_remark(tail.strip()), True
        if stripped.endswith((".", "!")) or len(stripped) > self._max_len * 1.5 + 10:
            return None  # a sentence, not a label
        hit = self._by_words(stripped, same, lenient=stripped.endswith("?"))
        if hit is None:
            return None
        # Strong when the words agree closely, or the text is set as a label or a numbered heading.
        strong = hit[1] >= 0.8 or stripped.endswith("?") or bool(_NUMBERING.match(stripped))
        return hit[0], "", strong

    def word_fit(self, text: str, same: Callable[[list[T], list[T]], bool] | None = None) -> float:
        """How well the whole text says one label in other words (0 when no label clearly fits)."""
        if not self._words:
            return 0.0
        hit = self._by_words(text.strip(), same)
        return 0.0 if hit is None else hit[1]

    def _by_words(
        self, text: str, same: Callable[[list[T], list[T]], bool] | None = None, lenient: bool = False,
    ) -> tuple[list[T], float] | None:
        """The targets of the label whose words best match the text's, if one clearly does."""
        cache_key = (text, same is not None, lenient)
        try:
            return self._word_cache[cache_key]
        except KeyError:
            pass
        hit = self._score_words(text, same, lenient)
        if len(self._word_cache) < 50000:
            self._word_cache[cache_key] = hit
        return hit

    def _score_words(
        self, text: str, same: Callable[[list[T], list[T]], bool] | None, lenient: bool = False,
    ) -> tuple[list[T], float] | None:
        words = label_words(text)
        if not words or len(words) > MAX_LABEL_WORDS:
            return None
        candidates = sorted({i for w in words for i in self._by_stem.get(w[:4], ())})
        scored: dict[str, float] = {}
        for key, label in (self._words[i] for i in candidates):
            score = word_score(words, label)
            # Or the whole label and one word more: "Rapportörens arbetsgivare", "Ansvarig enhetschef".
            if score >= WORD_THRESHOLD or len(words) == len(label) + 1 and _covers(words, label):
                scored[key] = score
            elif lenient and (score >= LENIENT_THRESHOLD or len(words) + 1 == len(label) and _covers(label, words)):
                scored[key] = score  # set as a label ("Vad hände?:"), the label's words but one
        if not scored:
            return None
        ranked = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
        best_key, best = ranked[0]
        targets = self._exact[best_key]
        for key, score in ranked[1:]:
            if best - score > 0.05:
                break
            other = self._exact[key]
            if other != targets and not all(o in targets for o in other) and not (same is not None and same(targets, other)):
                return None  # two labels of different fields fit as well: not decided by words
        return targets, best

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
