"""Per-form name memory: a name found once in a form is redacted at every later mention.

A form names its people once with evidence ("Kuratorn Lindgren ringde", a staff contact field,
the file name "Avvikelse Yasmin.pdf") and then again without it ("Lindgren berättade",
"lindgrens", "LINDGREN", "samtal med yasmin"). `NameMemory` collects the names the detectors
found with confidence anywhere in the form (and the names among the known contact values), and
finds every later form of them in the form's texts:
- the whole name, in any case, also in the genitive ("Kalle Svenssons", "KALLE SVENSSON");
- each part alone (first or last name, a part of a double name), in any case, also in the
  genitive ("lindgrens", "LINDGREN", "jan-olofs");
- a part that is also a Swedish word, a place or a function word ("Björn", "Strand", "Maj")
  only written with a capital (or all capitals), never in lower case ("i maj", "björnen").
Parts that are titles, role words, organisations, particles or one letter are never remembered.
"""

from __future__ import annotations

import re
from typing import Iterable

from anonymize.lexicon import FUNCTION_WORDS
from anonymize.name_finder import CONTEXT_BEFORE, NAME_PARTICLES, NOT_BEFORE_A_NAME, NameFinder

DETECTOR = "name_memory"
SCORE = 0.9
_LETTER = r"[^\W\d_]"
_GENITIVE = r"(?:[:'’]?s)?"
_MIN_PART = 2
_SENTENCE_BREAK = ".!?:;•–—-*\n("
_WORD_AFTER = re.compile(r"(?<!\w)([\w:]+)\s+(\w+)")


class NameMemory:
    """The names of one form; `find` returns (start, end) of each mention in a text."""

    def __init__(self, finder: NameFinder) -> None:
        self._finder = finder
        self._any_case: set[str] = set()      # lower-case strings matched in any case
        self._capitalised: set[str] = set()   # lower-case strings matched only with a capital
        #: of those, words in no name list ("Strand"): not at a sentence start, as in known_contact
        self._weak: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._compiled = True

    def __bool__(self) -> bool:
        return bool(self._any_case or self._capitalised)

    def _never_a_part(self, part: str) -> bool:
        finder, lexicon = self._finder, self._finder.lexicon
        lower = part.lower()
        return (
            len(lower) < _MIN_PART or lower in FUNCTION_WORDS or lower in NAME_PARTICLES
            or lower in lexicon.titles or lower in lexicon.org_heads or lower in CONTEXT_BEFORE
            or finder.is_organisation(part) or lexicon.is_place(part)
            or not part.replace("-", "").replace("'", "").replace("’", "").isalpha()
        )

    def _word_like(self, part: str) -> bool:
        """A part that is also a Swedish word or a place: remembered only with a capital. A known
        given name or surname counts as a word only when it is a Swedish base word ("Björn",
        "Strand"), not by compound analysis ("Lindgren") or hunspell's bare list ("dilan")."""
        finder, lexicon = self._finder, self._finder.lexicon
        lower = part.lower()
        if "-" in lower.strip("-"):
            return all(self._word_like(p) for p in part.split("-") if p)  # "jan-olof" is no word
        if len(lower) < 3 or lower in lexicon.places or finder.is_ambiguous_first_name(part):
            return True
        if finder.is_first_name(part) or finder.is_surname(part):
            return any(p in lexicon.common_words for p in lower.split("-"))
        return lexicon.is_common(lower) or lower in lexicon.plain_words

    def add(self, name: str) -> None:
        """Remember a name as found in a text ("Kuratorn"-free: the name itself)."""
        words = [w.strip(".,;:()[]\"'«»”“") for w in name.split()]
        words = [w for w in words if w]
        if not words:
            return
        words[-1] = self._strip_genitive(words[-1])
        name_words = [w for w in words if not self._never_a_part(w) or w.lower() in NAME_PARTICLES]
        if len(name_words) >= 2:
            self._any_case.add(" ".join(w.lower() for w in name_words))
        for word in words:
            for part in {word, *word.split("-")}:
                if not part or self._never_a_part(part):
                    continue
                if self._word_like(part):
                    self._capitalised.add(part.lower())
                    if not (self._finder.is_first_name(part) or self._finder.is_surname(part)):
                        self._weak.add(part.lower())
                else:
                    self._any_case.add(part.lower())
        self._compiled = False

    def update(self, names: Iterable[str]) -> None:
        for name in names:
            self.add(name)

    def _strip_genitive(self, word: str) -> str:
        for ending in (":s", "'s", "’s"):
            if word.endswith(ending):
                return word[: -len(ending)]
        if len(word) > 3 and word.endswith("s") and not self._finder.is_first_name(word):
            stem = word[:-1]
            if self._finder.is_first_name(stem) or self._finder.is_surname(stem):
                return stem
        return word

    def _compile(self) -> None:
        self._compiled = True
        alternatives = []
        for value in sorted(self._any_case | self._capitalised, key=len, reverse=True):
            body = r"[\s\u00a0]+".join(re.escape(w) for w in value.split())
            alternatives.append(body)
        if not alternatives:
            self._pattern = None
            return
        self._pattern = re.compile(
            rf"(?<!{_LETTER})(?<![-'’])(?:" + "|".join(alternatives) + rf"){_GENITIVE}(?!{_LETTER})(?![-'’]{_LETTER})",
            re.IGNORECASE,
        )

    def find(self, text: str, strict: bool = False) -> list[tuple[int, int]]:
        """(start, end) of every mention of a remembered name in `text` (genitive included).
        `strict` (a party name, which is an organisation): no part that is also a word ("Liv"
        in "Vårdcentralen Bra Liv")."""
        if not self._compiled:
            self._compile()
        if self._pattern is None or not text:
            return []
        spans = []
        protected = self._protected(text)
        for match in self._pattern.finditer(text):
            if any(start <= match.start() < end for start, end in protected):
                continue  # "Astrid Lindgrens barnsjukhus", "lex Sarah": an institution, a law
            found = match.group()
            core = self._strip_match_genitive(found)
            key = " ".join(core.lower().split())
            if key in self._any_case:
                spans.append(match.span())
            elif (key in self._capitalised and not strict and core[:1].isupper()
                  and self._word_part_ok(text, key, *match.span())):
                spans.append(match.span())
        return spans

    def _word_part_ok(self, text: str, key: str, start: int, end: int) -> bool:
        """A remembered part that is also a word ("Strand", "Björn"): not before a place or
        organisation noun ("Strand skola"); one in no name list also not at a sentence start."""
        lexicon = self._finder.lexicon
        after = text[end:].split(None, 1)
        following = after[0].lower().strip(".,;:()") if after else ""
        if following in lexicon.org_heads or (following and lexicon.is_unit_word(following)):
            return False
        if key in self._weak:
            before = text[:start].rstrip(" \t")
            return bool(before) and before[-1] not in _SENTENCE_BREAK
        return True

    def _protected(self, text: str) -> list[tuple[int, int]]:
        """Spans of organisation and place phrases (data/not_people.txt, localities) and of the
        word after a law or a royal title ("lex Sarah", "Drottning Silvias")."""
        lower = text.lower()
        spans: list[tuple[int, int]] = []
        for phrase in self._finder.lexicon.not_people_phrases:
            at = lower.find(phrase)
            while at != -1:
                spans.append((at, at + len(phrase)))
                at = lower.find(phrase, at + len(phrase))
        for match in _WORD_AFTER.finditer(text):
            if match.group(1).lower() in NOT_BEFORE_A_NAME:
                spans.append(match.span(2))
        return spans

    def _strip_match_genitive(self, found: str) -> str:
        lower = " ".join(found.lower().split())
        if lower in self._any_case or lower in self._capitalised:
            return found
        for ending in (":s", "'s", "’s", "s"):
            if found.lower().endswith(ending):
                return found[: -len(ending)]
        return found
