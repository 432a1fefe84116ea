"""Word lists the name finder decides with, read once from packages already installed.

- `hunspell-sv` installs `<prefix>/share/hunspell/sv_SE.dic`: the Swedish vocabulary (common
  words, which tell "björn" the animal from "Björn" the man) and capitalised proper nouns.
  Entries carrying the place-name flags `v`, `d` or `e` (suffixes like "-bo", "-bor") are places.
- `gender-guesser` ships `nam_dict.txt`: first names of ~50 countries.
- `data/not_people.txt` (this package): organisations, units, places and form words that are
  capitalised but never a person.
- `data/products.txt`: software, products, file formats and acronyms ("Word", "Teams", "OCR"),
  read into the same list.
- `data/municipalities.txt`: Sweden's 290 municipalities, the regions and county names.
- `data/file_words.txt`: words that follow a given name in a file name without being a
  surname ("avvikelse_maj_svar.docx").
- `data/localities.txt`: Swedish localities (GeoNames, CC BY 4.0) and city districts; those
  that are also given names ("Sofia", "Maria") are places only next to a place word.
- `data/name_context.txt`: particles, family-home units and other words that decide whether
  a neighbouring word is a name.
- `data/org_words.txt`: place/organisation head nouns ("kommun", "skola"), unit endings
  ("-skolan", "-enheten") and titles ("socialsekreterare", "rektor").
"""

from __future__ import annotations

import re
import sys
import sysconfig
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: hunspell flags that only place names carry (inhabitant suffixes "-bo", "-bor", ...).
PLACE_FLAGS = frozenset("vde")

#: hunspell's FORBIDDENWORD flag: misspellings kept so they are never suggested.
FORBIDDEN_FLAG = "%"

#: Surname endings that make a capitalised hunspell proper noun a likely family name.
SURNAME_ENDINGS = (
    "son", "sen", "berg", "ström", "qvist", "kvist", "gren", "lund", "blad", "dahl", "dal",
    "holm", "man", "mark", "by", "ling", "lin", "ell", "én", "ius", "éus", "ander", "stedt",
    "stad", "borg", "fors", "hammar", "näs", "sjö", "vall", "lander", "ing", "bäck", "rot",
)


#: Pronouns and other short words hunspell lacks or that must never start a name.
FUNCTION_WORDS = frozenset(
    "hans hennes deras dess sin sitt sina han hon hen den det de dem vi ni jag du mig dig oss er "
    "man men och eller om när då som per vid under efter innan sedan alla ingen inga några vår "
    "våra min mitt mina din ditt dina att inte enligt via samt även ej".split()
)


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]       # lower-case
    nordic_first_names: frozenset[str]  # lower-case, given in Sweden, Norway, Denmark or Finland
    proper_nouns: frozenset[str]      # lower-case, capitalised hunspell entries that are not places
    places: frozenset[str]            # lower-case
    common_words: dict[str, str]      # lower-case Swedish base words -> their hunspell flags
    #: lower-case entries without any flag: adverbs and listed inflections, but also
    #: lower-cased names and places ("dilan", "skebäck"); weak evidence of a common word
    plain_words: frozenset[str]
    suffix_rules: dict[str, tuple[tuple[str, str, "re.Pattern[str]"], ...]]  # added ending -> (flag, strip, condition)
    not_people: frozenset[str]        # lower-case single words never a person
    not_people_phrases: tuple[str, ...]  # lower-case multi-word names of organisations/places
    #: lower-case one-word municipalities and county names that are never a person's name
    municipalities: frozenset[str] = frozenset()
    #: lower-case municipalities that are also given names or surnames ("lund", "nora"):
    #: places only next to a place word
    ambiguous_places: frozenset[str] = frozenset()
    #: lower-case nouns that make the capitalised words before them a place or organisation
    org_heads: frozenset[str] = frozenset()
    #: lower-case endings of compound unit words ("ljungskileskolan", "familjeenheten")
    unit_suffixes: tuple[str, ...] = ()
    #: lower-case titles and roles ("socialsekreterare", "rektor", "tel")
    titles: frozenset[str] = frozenset()
    #: lower-case words of file names that are never a surname ("svar", "bilaga", "mars")
    file_words: frozenset[str] = frozenset()
    #: lower-case surnames that are also Swedish words ("blom", "strand")
    word_surnames: frozenset[str] = frozenset()

    def is_unit_word(self, word: str) -> bool:
        """A compound ending in a unit word: "Ljungskileskolan", "Familjeenheten", "Västbusgrupp"."""
        lower = word.lower()
        return any(lower.endswith(suffix) and len(lower) >= len(suffix) + 3 for suffix in self.unit_suffixes)

    def is_place(self, word: str, in_place_context: bool = False) -> bool:
        """A municipality or county ("Sollentuna"), also in the genitive ("Lerums"); those that
        are also names of people ("Lund", "Nora") only `in_place_context`."""
        lower = word.lower()
        candidates = [lower]
        if lower.endswith("s") and (in_place_context or lower not in self.first_names):
            candidates.append(lower[:-1])  # "Marks kommun", "Lerums"
        for candidate in candidates:
            if candidate in self.municipalities:
                return True
            if in_place_context and candidate in self.ambiguous_places:
                return True
            if candidate != lower and (candidate in self.not_people or candidate in self.places):
                return True  # the genitive of a known place or organisation ("Angereds")
        return False

    def is_common_form(self, word: str) -> bool:
        """True when `word` (lower-case) is a Swedish common word or an inflection of one."""
        if word in FUNCTION_WORDS or word in self.common_words:
            return True
        for cut in range(1, min(7, len(word) - 1)):
            ending = word[-cut:]
            for flag, strip, condition in self.suffix_rules.get(ending, ()):
                stem = word[:-cut] + strip
                flags = self.common_words.get(stem)
                if flags is not None and flag in flags and condition.search(stem):
                    return True
        return False

    def is_common_compound(self, word: str) -> bool:
        """True when `word` (lower-case) reads as a compound of Swedish common words."""
        for split in range(3, len(word) - 3):
            head, tail = word[:split], word[split:]
            if (head in self.common_words or (head.endswith("s") and head[:-1] in self.common_words)) and (
                self.is_common_form(tail)
            ):
                return True
        return False

    def is_common(self, word: str) -> bool:
        word = word.lower()
        return self.is_common_form(word) or self.is_common_compound(word)


def _hunspell_dic() -> Path:
    candidates = [
        Path(sysconfig.get_path("data")) / "share" / "hunspell" / "sv_SE.dic",
        Path(sys.prefix) / "share" / "hunspell" / "sv_SE.dic",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError("sv_SE.dic not found: is the package hunspell-sv installed?")


def _read_suffix_rules() -> dict[str, tuple[tuple[str, str, re.Pattern[str]], ...]]:
    rules: dict[str, list[tuple[str, str, re.Pattern[str]]]] = {}
    aff = _hunspell_dic().with_suffix(".aff")
    with aff.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 5 or parts[0] != "SFX":
                continue
            flag, strip, add, condition = parts[1], parts[2], parts[3], parts[4]
            add = add.split("/", 1)[0]
            if add in ("0", ""):
                continue
            strip = "" if strip == "0" else strip
            condition = condition.replace(":", "")  # ':' marks a compound-only variant
            rules.setdefault(add, []).append((flag, strip, re.compile(f"(?:{condition or '.'})$")))
    return {add: tuple(found) for add, found in rules.items()}


def _read_hunspell() -> tuple[set[str], set[str], dict[str, str], set[str]]:
    plain: set[str] = set()
    proper: set[str] = set()
    places: set[str] = set()
    common: dict[str, str] = {}
    with _hunspell_dic().open(encoding="utf-8") as handle:
        next(handle)  # the entry count
        for line in handle:
            word, _, flags = line.rstrip("\n").partition("/")
            if not word or not word[0].isalpha() or FORBIDDEN_FLAG in flags:
                continue
            if word[0].isupper():
                if word.isupper() and len(word) > 1:
                    continue  # acronyms
                lower = word.lower()
                if PLACE_FLAGS & set(flags):
                    places.add(lower)
                else:
                    proper.add(lower)
            elif flags:
                common[word] = common.get(word, "") + flags
            else:
                plain.add(word)
    return proper, places, common, plain


#: Columns of nam_dict.txt (after column 30) for Norway, Sweden, Finland, Denmark.
_NORDIC_COLUMNS = (16, 17, 18, 19)


def _read_first_names() -> tuple[set[str], set[str]]:
    names: set[str] = set()
    nordic: set[str] = set()
    source = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            name = parts[1]
            countries = line[30:]
            is_nordic = any(len(countries) > c and countries[c] not in " $" for c in _NORDIC_COLUMNS)
            for variant in (name.replace("+", "-"), *name.split("+")):
                if len(variant) > 1 and variant.replace("-", "").isalpha():
                    names.add(variant.lower())
                    if is_nordic:
                        nordic.add(variant.lower())
    return names, nordic


#: Data files of words and phrases that are never a person.
NOT_PEOPLE_FILES = ("not_people.txt", "products.txt")


def _read_not_people() -> tuple[set[str], list[str]]:
    words: set[str] = set()
    phrases: list[str] = []
    text = "\n".join(
        (resources.files("anonymize") / "data" / name).read_text(encoding="utf-8") for name in NOT_PEOPLE_FILES
    )
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if " " in entry:
            phrases.append(entry)
        else:
            words.add(entry)
    return words, phrases


def _read_sections(name: str) -> dict[str, list[str]]:
    """Entries per [section] of a data file (original case), comments and blanks dropped."""
    sections: dict[str, list[str]] = {}
    current = ""
    text = (resources.files("anonymize") / "data" / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry.startswith("[") and entry.endswith("]"):
            current = entry[1:-1]
            continue
        sections.setdefault(current, []).append(entry)
    return sections



@lru_cache(maxsize=None)
def word_sections(name: str) -> dict[str, frozenset[str]]:
    """Lower-case entries per [section] of a data file in anonymize/data/."""
    return {section: frozenset(e.lower() for e in entries) for section, entries in _read_sections(name).items()}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the lexicon (read once per process)."""
    proper, places, common, plain = _read_hunspell()
    first, nordic = _read_first_names()
    not_people, phrases = _read_not_people()
    places_data = _read_sections("municipalities.txt")
    org = _read_sections("org_words.txt")
    file_words = _read_sections("file_words.txt")
    municipalities: set[str] = set()
    ambiguous: set[str] = set()
    also_names = {e.lower() for e in places_data.pop("också personnamn", [])}
    localities = {e.lower() for section in _read_sections("localities.txt").values() for e in section}
    # a locality that is also a given name or a surname-like proper noun ("Sofia", "Dalby")
    also_names |= {e for e in localities if e in first or (e in proper and e.endswith(SURNAME_ENDINGS))}
    for entry in (e.lower() for section in places_data.values() for e in section):
        if " " in entry:
            phrases.append(entry)
            continue
        if entry in also_names:
            ambiguous.add(entry)
        else:
            municipalities.add(entry)
    for entry in localities:
        if " " in entry:
            phrases.append(entry)
        elif entry in also_names:
            ambiguous.add(entry)  # "Sofia", "Maria", "Berg": places only next to a place word
    places |= {e for e in localities if " " not in e and e not in also_names and e not in common}
    return Lexicon(
        first_names=frozenset(first),
        nordic_first_names=frozenset(nordic),
        proper_nouns=frozenset(proper - places),
        places=frozenset(places | (proper & not_people)),
        common_words=common,
        plain_words=frozenset(plain),
        suffix_rules=_read_suffix_rules(),
        not_people=frozenset(not_people),
        not_people_phrases=tuple(sorted(set(phrases), key=len, reverse=True)),
        municipalities=frozenset(municipalities),
        ambiguous_places=frozenset(ambiguous),
        org_heads=frozenset(e.lower() for e in org.get("heads", [])),
        unit_suffixes=tuple(sorted({e.lower() for e in org.get("unit_suffixes", [])}, key=len, reverse=True)),
        titles=frozenset(e.lower() for e in org.get("titles", [])),
        file_words=frozenset(e.lower() for e in file_words.get("not surnames", [])),
        word_surnames=frozenset(e.lower() for e in file_words.get("word surnames", [])),
    )


def with_not_people(lexicon: Lexicon, extra: tuple[str, ...] | list[str]) -> Lexicon:
    """A copy of `lexicon` that also treats the words/phrases in `extra` as never a person."""
    words = {e.strip().lower() for e in extra if e.strip() and " " not in e.strip()}
    phrases = [e.strip().lower() for e in extra if " " in e.strip()]
    return replace(
        lexicon,
        not_people=lexicon.not_people | words,
        not_people_phrases=tuple(sorted({*lexicon.not_people_phrases, *phrases}, key=len, reverse=True)),
    )
