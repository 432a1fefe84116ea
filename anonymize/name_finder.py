"""A spaCy component that finds names of people in Swedish text with rules and lexicons.

It runs on `spacy.blank("sv")` (no model): the tokenizer, the lexicons of `anonymize.lexicon`
and the context words below. Found names are written to `doc.spans["sv_names"]`, each span
with its score in `span._.pii_score`.

Evidence, strongest first:
- a context word just before (role or kinship: "pojken", "mamman", "heter", "kallad"...),
  which also admits lower-case names ("pojken kalle");
- a known first name written with a capital inside a sentence (Swedish capitalises only
  proper nouns there); names that are also common words ("Björn", "Rosa", "Maj") count only
  inside a sentence, never at its start;
- a run of capitalised words that includes a first name ("Anna-Karin Lind Ahmadi");
- a capitalised word that is neither Swedish, a place nor an organisation: weak, so it lands
  in needs_review.
Words in `data/not_people.txt` and hunspell's place names are never names, nor are
organisations and places by form (lists in `data/org_words.txt`, `data/municipalities.txt`):
- a municipality or county ("Sollentuna"), also in the genitive ("Lerums"); the few that are
  also names of people ("Lund", "Nora") only next to a place word;
- a compound unit word ("Ljungskileskolan", "Familjeenheten", "Västbusgruppen"), and a
  capitalised word right after one ("Resursskolan Ängen");
- capitalised words directly before a place/organisation noun ("Tallkrogens skola", "Ale
  kommun", "Mölndals stad"), unless they hold a given name ("Kalles skola").
A given name that hunspell also lists as a place ("Åsa") still counts after a context word or
followed by a surname ("Åsa Norén").

Names however they are written (word lists in `data/name_context.txt`):
- in capitals, read as capitalised when the word is a name and no acronym ("KALLE ANDERSSON");
  capitals alone are no evidence ("HVB", "ADHD");
- in lower case: a given name that is no Swedish word after a context word ("samtal med
  karin") or before a verb, a lower-case first and last name ("kalle andersson har"), the
  words after a naming verb ("heter li wei");
- in another script (Arabic, Chinese, Thai, Cyrillic, Greek ...): a name;
- with particles ("al-Hassan", "van der Berg", "af Klint", "O'Connor") and initials ("A. Lindqvist");
  wrapped onto the next line ("Omar\nKarlsson");
- a surname alone before a verb ("Andersson säger"), after hos/från/till ("från Bildt"), after a
  family-home unit ("Familjehemmet Ek"); a person noun wins over a place or word veto
  ("Flickan Mora"), a given name's genitive before a noun is a name ("Lovisas mående").
Not names: the words after a unit ("Vårdcentralen Bra Liv Nässjö"), after "lex" or a royal
title ("lex Sarah", "Drottning Silvias"), sentence words ("Nu", "Bara"), a locality after a
place preposition ("i Sofia"), mixed-case acronyms ("BoU").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from anonymize.lexicon import FUNCTION_WORDS, SURNAME_ENDINGS, Lexicon, load_lexicon, word_sections

SPAN_KEY = "sv_names"

_NAME_CONTEXT = word_sections("name_context.txt")
#: Street endings of five letters or more ("Storgatan", "Ängsbacken"): a word built on one is a
#: street, not a person (the address detector's list, data/address_words.txt).
STREET_ENDINGS = tuple(e for e in word_sections("address_words.txt")["street_endings"] if len(e) >= 5)
#: Name particles ("van der", "al-", "O'"): part of the name they stand in (data/name_context.txt).
NAME_PARTICLES = _NAME_CONTEXT["particles"]
#: Particles that start a surname on their own ("von Essen", "af Klint").
STANDALONE_PARTICLES = _NAME_CONTEXT["standalone particles"]
#: Units that are a person's home: the capitalised word after them is a surname ("Familjehemmet Ek").
FAMILY_HOMES = _NAME_CONTEXT["family homes"]
#: Prepositions after which a capitalised surname that is no place is a person ("från Bildt").
PERSON_PREPOSITIONS = _NAME_CONTEXT["person prepositions"]
#: Words after which a lower-case given name that is no Swedish word is a name ("samtal med karin").
LOWERCASE_CONTEXT = _NAME_CONTEXT["lower-case context"]
#: Capitalised at a sentence start these are words, never a name ("Nu", "Detta", "Bara").
SENTENCE_WORDS = _NAME_CONTEXT["sentence words"]
#: Lower-case words in a first-name list that are words in Swedish text ("sig", "mars").
NOT_LOWERCASE_NAMES = _NAME_CONTEXT["not lower-case names"]
#: The capitalised words after these name an institution or a law, not a person ("lex Sarah",
#: "Drottning Silvias barn- och ungdomssjukhus").
NOT_BEFORE_A_NAME = _NAME_CONTEXT["not before a name"]
#: Institutions named after a person by their full name in the genitive ("Astrid Lindgrens
#: barnsjukhus"); a compound head counts too ("barnsjukhus", "musikgymnasium").
NAMED_AFTER_HEADS = _NAME_CONTEXT["named after heads"]
#: Titles written abbreviated with a period before a name ("dr. Nguyen").
TITLE_ABBREVIATIONS = _NAME_CONTEXT["title abbreviations"]
#: Naming verbs: the words after them are the name, also in lower case ("heter li wei").
NAMING_WORDS = _NAME_CONTEXT["naming words"]
#: Prepositions after which a word that is a locality is the place ("bor i Sofia").
STRICT_PLACE_PREPOSITIONS = _NAME_CONTEXT["strict place prepositions"]

#: Words after which the next word is a person's name (kinship, roles, naming verbs).
CONTEXT_BEFORE = frozenset(
    """
    mamma mamman mammans mor modern pappa pappan pappans far fadern föräldern
    pojken pojke flickan flicka barnet eleven elev patienten patient brukaren brukare
    klienten klient vårdnadshavare vårdnadshavaren ungdomen tjejen killen den unge
    syster systern storasyster lillasyster bror brodern storebror lillebror halvbror halvsyster
    mormor morfar farmor farfar styvpappa styvpappan styvmamma styvmamman sonen dottern
    sambo sambon maken makan hustrun partnern pojkvän flickvän kompisen kamraten
    handläggare handläggaren socialsekreterare socialsekreteraren kurator kuratorn rektor
    rektorn lärare läraren mentor mentorn psykolog psykologen läkare läkaren sjuksköterska
    sjuksköterskan skolsköterskan skolsköterska kontaktperson kontaktpersonen samordnare
    samordnaren enhetschef enhetschefen chefen elevassistent elevassistenten behandlare
    behandlaren utredare utredaren rehabkoordinator rehabkoordinatorn arbetskonsulent
    arbetskonsulenten arbetsterapeut arbetsterapeuten fritidsledare fritidsledaren
    specialpedagog specialpedagogen logoped logopeden tolk tolken god man kontakt
    heter kallad kallas kallade namn namnet dr doktor fru herr
    """.split()
)
#: Words after which the next word is a name even when written in lower case.
CONTEXT_LOWERCASE = CONTEXT_BEFORE - {"namn", "namnet", "far", "mor", "elev", "patient", "klient",
                                      "brukare", "flicka", "pojke", "god", "man", "kontakt"}
#: Person nouns whose name may also be a place or a word: the context wins ("Flickan Mora").
PERSON_NOUNS = CONTEXT_BEFORE - {"namn", "namnet", "kontakt", "god", "man", "dr", "den", "unge"}
#: Frequent finite verbs after a subject ("Björn har", "Sten berättar").
FINITE_VERBS = frozenset(
    """
    har hade är var blev blir kom kommer gick går fick får vill ville ska skulle kan kunde
    säger sa sade berättar berättade uppger uppgav ringde ringer mår mådde bor bodde vägrar
    vägrade saknar saknade behöver behövde upplever upplevde beskriver beskrev uttrycker
    uttryckte önskar önskade tycker tyckte menar menade går gick slutade började själv
    """.split()
)
#: Words that follow a role word in lower case and are in some name list, but are not names.
NOT_NAMES_LOWERCASE = frozenset(
    """
    lilla stora hemma ute nu bara till the om också redan själv ofta aldrig alltid inte därför
    dock heller ju väl sedan tidigare senare igen därefter ensam ensamt tillsammans däremot
    """.split()
)
#: Unit words: a capitalised word after them names the unit ("Vårdcentralen Hagaplan").
UNIT_BEFORE = frozenset(
    """
    vårdcentralen vårdcentral skolan skola förskolan grundskolan bup mottagningen enheten hvb
    hvb-hemmet boendet gruppbostaden bvc mvc familjecentralen ungdomsmottagningen kommun region
    stadsdel stadsdelen sjukhuset avdelning avdelningen psykiatrin habiliteringen öppenvården
    gymnasiet rektorsområde vc
    """.split()
)
#: Prepositions before a place ("i Angered", "från Borås"): lower a bare proper noun's score.
PLACE_PREPOSITIONS = frozenset("i på från till mot vid utanför inom nära".split())
#: Tokens after which a new sentence starts.
SENTENCE_BREAKS = frozenset(".!?:;•–—\"”»([")

SCORE_CONTEXT = 0.9
SCORE_CONTEXT_LOWERCASE = 0.8
SCORE_CONTEXT_LOWERCASE_UNKNOWN = 0.55
SCORE_FULL_NAME = 0.9
SCORE_FIRST_NAME = 0.85
SCORE_AMBIGUOUS_FIRST_NAME = 0.7
SCORE_SENTENCE_START_FIRST_NAME = 0.65
SCORE_SURNAME = 0.6
SCORE_PROPER_NOUN = 0.5
SCORE_UNKNOWN = 0.5
SCORE_UNKNOWN_SENTENCE_START = 0.45
SCORE_LOWERCASE_NAME = 0.6
SCORE_OTHER_SCRIPT = 0.65

if not Span.has_extension("pii_score"):
    Span.set_extension("pii_score", default=0.0)


@dataclass
class _Word:
    token: Token
    stem: str            # the word without a genitive ending, original case
    capitalised: bool
    sentence_start: bool
    caps: bool = False     # written in capitals ("ANDERSSON")


def _is_word(token: Token) -> bool:
    text = token.text.replace("-", "").replace("'", "").replace(":", "")
    return bool(text) and text.isalpha()


def _stem(text: str) -> str:
    if text.endswith(":s"):
        return text[:-2]
    return text


def _is_capitalised(text: str) -> bool:
    return text[:1].isupper() and not (len(text) > 1 and text.isupper())


def _other_script(text: str) -> bool:
    """Letters of a non-Latin script (Arabic, Chinese, Thai, Cyrillic, ...): in Swedish text a name."""
    import unicodedata

    letters = [ch for ch in text if ch.isalpha() or unicodedata.category(ch) in ("Mn", "Mc")]
    return bool(letters) and all(ord(ch) > 0x24F and "LATIN" not in unicodedata.name(ch, "LATIN") for ch in letters)


def _particle_split(text: str) -> tuple[str, str]:
    """("al-", "Hassan") for "al-Hassan", ("O'", "Brien") for "O'Brien"; ("", text) otherwise."""
    lower = text.lower()
    for particle in NAME_PARTICLES:
        if particle[-1] in "-'" and lower.startswith(particle) and len(text) > len(particle) + 1:
            rest = text[len(particle):]
            if rest[:1].isupper():
                return text[: len(particle)], rest
    return "", text


class NameFinder:
    """Finds names of people; see the module docstring for the rules."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    # --- word classes -------------------------------------------------------------------
    def _parts(self, stem: str) -> list[str]:
        return [part for part in stem.lower().split("-") if part]

    def is_first_name(self, stem: str) -> bool:
        parts = self._parts(stem)
        return bool(parts) and all(p in self.lexicon.first_names for p in parts)

    def is_surname(self, stem: str) -> bool:
        parts = self._parts(stem)
        return bool(parts) and all(
            p in self.lexicon.proper_nouns or p in self.lexicon.first_names for p in parts
        )

    def is_organisation(self, stem: str) -> bool:
        """An organisation, unit, municipality or county, by list or by form (never a person)."""
        lower = stem.lower()
        if lower in self.lexicon.not_people or self.lexicon.is_unit_word(lower) or self.lexicon.is_place(lower):
            return True
        if self.is_name_headed_compound(stem):
            return False  # "Kalle-ärendet": the name is still there
        return any(p in self.lexicon.not_people or self.lexicon.is_unit_word(p) for p in self._parts(stem))

    def is_not_person(self, stem: str) -> bool:
        lower = stem.lower()
        if lower.endswith(STREET_ENDINGS) and not any(lower == e for e in STREET_ENDINGS):
            return True  # "Storgatan", "Hagbrynsvägen": a street
        return (lower in self.lexicon.places or self.is_organisation(stem)
                or self._is_acronym_compound(stem) or self._is_place_compound(stem))

    def is_name_headed_compound(self, stem: str) -> bool:
        """A given name joined by a hyphen to a lower-case word: "Kalle-ärendet", "Amina-fallet".
        Not a name that is also a Swedish word ("Rosa-lappar") nor a place or organisation."""
        pieces = stem.split("-")
        if len(pieces) < 2 or not all(pieces) or not all(p.islower() for p in pieces[1:]):
            return False
        head = pieces[0].lower()
        return (head in self.lexicon.first_names and not self.is_ambiguous_first_name(head)
                and head not in self.lexicon.not_people and head not in self.lexicon.places
                and not self.lexicon.is_place(head))

    @staticmethod
    def _is_acronym_compound(stem: str) -> bool:
        """An acronym joined to lower-case words: "OCR-tolkas", "NPF-anpassning", "SMS-meddelandet"."""
        pieces = stem.split("-")
        return (len(pieces) >= 2 and len(pieces[0]) >= 2 and pieces[0].isupper()
                and all(p.islower() for p in pieces[1:] if p))

    def _is_place_compound(self, stem: str) -> bool:
        """Places joined by hyphens ("Enskede-Årsta-Vantör", "Spånga-Tensta"); not when every
        part is also a given name ("Åsa-Lena")."""
        parts = self._parts(stem)
        if len(parts) < 2:
            return False
        lexicon = self.lexicon
        return all(p in lexicon.places or lexicon.is_place(p) or p in lexicon.not_people for p in parts) and not all(
            p in lexicon.first_names for p in parts
        )

    def _is_place_first_name(self, stem: str) -> bool:
        """A given name hunspell lists as a place ("Åsa"): a name with a context word or a surname."""
        return self.is_first_name(stem) and not self.is_organisation(stem)

    def is_common(self, stem: str) -> bool:
        """Every part reads as a Swedish word (base form, inflection or compound)."""
        return all(self.lexicon.is_common(p) for p in self._parts(stem))

    def is_plain_word(self, stem: str) -> bool:
        """hunspell lists it in lower case without flags (an adverb, or a lower-cased name)."""
        return all(p in self.lexicon.plain_words for p in self._parts(stem))

    def is_ambiguous_first_name(self, stem: str) -> bool:
        """A first name that is also a Swedish base word ("Björn", "Rosa", "Maj", "Hans")."""
        return any(p in self.lexicon.common_words or p in FUNCTION_WORDS for p in self._parts(stem))

    def _name_stem(self, text: str) -> str:
        """The word without a genitive -s when that leaves a known name ("Kalles" -> "Kalle")."""
        text = _stem(text)
        if len(text) > 3 and text.endswith("s") and not self.is_first_name(text):
            if self.is_first_name(text[:-1]) or self.is_surname(text[:-1]):
                return text[:-1]
        return text

    # --- the pass over a document -------------------------------------------------------
    def blocked_tokens(self, doc: Doc) -> set[int]:
        """Token indices never part of a name: organisation/place phrases, words before a place noun."""
        return self._blocked_tokens(doc)

    def _blocked_tokens(self, doc: Doc) -> set[int]:
        """Token indices inside a multi-word organisation or place phrase."""
        lower = doc.text.lower()
        blocked: set[int] = set()
        for phrase in self.lexicon.not_people_phrases:
            start = lower.find(phrase)
            while start != -1:
                end = start + len(phrase)
                boundary_ok = (start == 0 or not lower[start - 1].isalnum()) and (
                    end == len(lower) or not lower[end].isalnum()
                )
                if boundary_ok:
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is not None:
                        blocked.update(range(span.start, span.end))
                start = lower.find(phrase, end)
        blocked.update(self._before_org_heads(doc))
        blocked.update(self._after_units(doc))
        return blocked

    def _after_units(self, doc: Doc) -> set[int]:
        """The capitalised words after a unit word name the unit: "Vårdcentralen Bra Liv Nässjö",
        "Resursskolan Ängen". Not a given name that is no word right after it, and not after a
        unit that is a person's home ("Familjehemmet Ek")."""
        blocked: set[int] = set()
        for token in doc:
            j = token.i + 1
            if token.whitespace_ != " " or j >= len(doc) or not _is_capitalised(doc[j].text):
                continue
            lower = token.lower_
            if lower in FAMILY_HOMES or not (lower in UNIT_BEFORE or self.lexicon.is_unit_word(lower)):
                continue
            first = doc[j]
            if self.is_first_name(first.text) and not self.is_ambiguous_first_name(first.text) and not (
                    self.is_not_person(first.text)):
                continue
            second = doc[j + 1].text if j + 1 < len(doc) and first.whitespace_ == " " else ""
            if self.is_first_name(first.text) and _is_capitalised(second) and second.lower().endswith(SURNAME_ENDINGS) \
                    and self._surname_shaped(second):
                continue  # "BUP Björn Larsson": a person, not the unit's name
            while j < len(doc) and _is_word(doc[j]) and _is_capitalised(doc[j].text):
                blocked.add(j)
                if doc[j].whitespace_ != " ":
                    break
                j += 1
        return blocked

    def _before_org_heads(self, doc: Doc) -> set[int]:
        """Capitalised words directly before a place/organisation noun: "Tallkrogens skola",
        "Upplands Väsby kommun". Not when one of them is a given name ("Kalles skola"), unless
        a full name in the genitive names the institution ("Astrid Lindgrens barnsjukhus",
        "Ellen Keys skola"; the form's name memory still finds a person named elsewhere in it)."""
        blocked: set[int] = set()
        for token in doc:
            if token.i == 0 or not _is_capitalised(doc[token.i - 1].text):
                continue
            institution = token.lower_ in self.lexicon.org_heads or token.lower_ in NAMED_AFTER_HEADS or (
                token.is_alpha and token.is_lower and doc[token.i - 1].text.endswith("s")
                and (self.lexicon.is_unit_word(token.lower_) or self._head_compound(token.lower_)))
            if not institution:
                continue
            run: list[int] = []
            j = token.i - 1
            while j >= 0 and _is_word(doc[j]) and _is_capitalised(doc[j].text) and doc[j].whitespace_ == " ":
                run.append(j)
                j -= 1
            if not run:
                continue
            holds_name = any(
                self.is_first_name(self._name_stem(doc[k].text))
                and not self.lexicon.is_place(_stem(doc[k].text), in_place_context=True)
                and not self.is_organisation(_stem(doc[k].text))
                for k in run
            )
            # "Astrid Lindgrens barnsjukhus": a hospital, foundation or institute named after a person
            # (not "Hugo Mattssons skola", which may be the pupil's school)
            named_after = (len(run) >= 2 and doc[run[0]].text.endswith("s") and (
                token.lower_ not in self.lexicon.org_heads or token.lower_ in NAMED_AFTER_HEADS))
            if not holds_name or named_after:
                blocked.update(run)
        return blocked

    def _head_compound(self, lower: str) -> bool:
        """A compound ending in a place/organisation noun: "barnsjukhus", "friskola"."""
        return any(lower.endswith(head) and len(lower) >= len(head) + 3 for head in self._long_heads)

    @property
    def _long_heads(self) -> tuple[str, ...]:
        heads = getattr(self, "_heads_cache", None)
        if heads is None or heads[0] is not self.lexicon:
            heads = (self.lexicon, tuple(h for h in self.lexicon.org_heads if len(h) >= 5))
            self._heads_cache = heads
        return heads[1]

    def _words(self, doc: Doc) -> list[_Word | None]:
        words: list[_Word | None] = []
        previous: Token | None = None
        for token in doc:
            if _is_word(token):
                sentence_start = (
                    previous is None
                    or previous.text in SENTENCE_BREAKS
                    or (previous.is_punct and previous.text not in {",", "-", "/", "&"})
                    or "\n" in previous.whitespace_
                    or previous.is_space
                )
                _particle, rest = _particle_split(token.text)  # "al-Hassan": read "Hassan"
                stem = self._name_stem(rest)
                caps = len(rest) > 1 and rest.isupper()
                capitalised = self._caps_name_like(stem) if caps else _is_capitalised(rest)
                if caps and not capitalised and words and words[-1] is not None and words[-1].caps and (
                        words[-1].capitalised and previous is not None and previous.whitespace_ == " "
                        and rest.isalpha() and not self.is_organisation(stem)):
                    capitalised = True  # "PETRONELLA HÄGG": a word after a name in capitals
                words.append(_Word(token, stem, capitalised, sentence_start, caps))
            else:
                words.append(None)
            if not token.is_space or "\n" in token.text:
                previous = token
        return words

    def _caps_name_like(self, stem: str) -> bool:
        """A word in capitals read as a capitalised name ("KALLE ANDERSSON"): not a Swedish word,
        acronym, organisation or place; on its own it also needs a name list (`_single_score`)."""
        lower = stem.lower()
        if len(lower) < 3 or not stem.replace("-", "").isalpha() or lower in self.lexicon.not_people:
            return False
        if self.is_first_name(stem) and not self.is_ambiguous_first_name(stem):
            return not self.is_organisation(stem)
        if self.is_surname(stem) and lower not in self.lexicon.common_words:
            return not self.is_organisation(stem)  # "LINDGREN"
        return not self.is_common(stem) and not self.is_organisation(stem) and lower not in self.lexicon.plain_words

    def _organisation_by_list(self, stem: str) -> bool:
        """An organisation or unit by list or form, not merely a place ("Mora" is not)."""
        lexicon = self.lexicon
        return any(p in lexicon.not_people or lexicon.is_unit_word(p) for p in [stem.lower(), *self._parts(stem)])

    def _single_score(self, word: _Word, previous: Token | None) -> float:
        """The score of one capitalised word on its own (0.0: not a name)."""
        stem = word.stem
        lower = stem.lower()
        lower_prev = previous.text.lower() if previous is not None else ""
        if lower in FUNCTION_WORDS or lower in SENTENCE_WORDS or lower_prev in NOT_BEFORE_A_NAME:
            return 0.0
        if word.caps and not (self.is_first_name(stem) or self.is_surname(stem)):
            return 0.0  # "HVB", "ADHD": capitals alone are no evidence
        if len(stem) <= 5 and any(ch.isupper() for ch in stem[1:]) and "-" not in stem:
            return 0.0  # "BoU", "SoL", "IoF": an acronym
        if lower_prev in FAMILY_HOMES and not self._organisation_by_list(stem):
            return SCORE_CONTEXT  # "Familjehemmet Ek", "Jourhemmet Sala"
        if self.is_not_person(stem):
            if lower_prev in PERSON_NOUNS and not self._organisation_by_list(stem):
                return SCORE_CONTEXT  # "Flickan Mora", "Pojken Lo": the role word wins
            if self._is_place_first_name(stem) and lower_prev not in PLACE_PREPOSITIONS:
                if lower_prev in CONTEXT_BEFORE:
                    return SCORE_CONTEXT  # "vårdnadshavaren Åsa"
                if self._followed_by_verb(word.token) or self._genitive_before_noun(word):
                    return SCORE_AMBIGUOUS_FIRST_NAME  # "Nora har inte fått stöd", "Lovisas mående"
            return 0.0
        if self.is_name_headed_compound(stem):
            return SCORE_SENTENCE_START_FIRST_NAME if word.sentence_start else SCORE_FIRST_NAME
        first = self.is_first_name(stem)
        common = self.is_ambiguous_first_name(stem) if first else self.is_common(stem)
        if lower_prev in CONTEXT_BEFORE:
            return SCORE_CONTEXT
        if lower_prev in STRICT_PLACE_PREPOSITIONS and self.lexicon.is_place(stem, in_place_context=True):
            return 0.0  # "bor i Sofia"
        if word.sentence_start:
            if first and not common:
                return SCORE_SENTENCE_START_FIRST_NAME
            if not first and self._surname_shaped(stem) and self._followed_by_verb(word.token):
                return SCORE_SURNAME  # "Andersson säger ..."
            if (first or self.is_surname(stem)) and not common and self._genitive_before_noun(word):
                return SCORE_SENTENCE_START_FIRST_NAME  # "Vilgots skolgång"
            if first and stem.lower() not in FUNCTION_WORDS and (
                self._followed_by_verb(word.token) or self._coordinated_with_name(word.token)
            ):
                return SCORE_SENTENCE_START_FIRST_NAME
            if not first and not common and not self.is_surname(stem) and not self.is_plain_word(stem) \
                    and not self._labels_a_number(word.token):
                return SCORE_UNKNOWN_SENTENCE_START
            return 0.0
        if (lower_prev in UNIT_BEFORE or self.lexicon.is_unit_word(lower_prev)) and not (first and not common):
            return 0.0
        if first:
            return SCORE_AMBIGUOUS_FIRST_NAME if common else SCORE_FIRST_NAME
        if lower_prev in PLACE_PREPOSITIONS or lower_prev in PERSON_PREPOSITIONS:
            if (not common and self.is_surname(stem) and (
                    lower.endswith(SURNAME_ENDINGS) or lower_prev in PERSON_PREPOSITIONS)) or (
                    lower_prev in PERSON_PREPOSITIONS and self._surname_shaped(stem)):
                return SCORE_SURNAME  # "från Lindqvist", "hos Bildt"
            if lower_prev in PLACE_PREPOSITIONS:
                return 0.0
        if self.is_surname(stem):
            return SCORE_SURNAME if stem.lower().endswith(SURNAME_ENDINGS) else SCORE_PROPER_NOUN
        if common:
            return 0.0
        return SCORE_UNKNOWN

    def _lowercase_name(self, stem: str) -> bool:
        """"pojken kalle": a first name in lower case after a context word."""
        lower = stem.lower()
        if self.is_not_person(stem) or len(lower) < 3:
            return False
        if lower in FUNCTION_WORDS or lower in FINITE_VERBS or lower in NOT_NAMES_LOWERCASE:
            return False
        if lower in SENTENCE_WORDS or lower in NOT_LOWERCASE_NAMES or not self.is_first_name(stem):
            return False
        if not self.is_ambiguous_first_name(stem):
            return True
        # also a Swedish word ("lisa", "björn"): only names Sweden really uses
        return all(p in self.lexicon.proper_nouns or p in self.lexicon.nordic_first_names
                   for p in self._parts(stem))

    def _surname_like(self, word: _Word | None) -> bool:
        """A capitalised word after a given name that can be a surname: not a place, organisation
        or function word ("Blom", "Berg", "Strand" are Swedish words too)."""
        if word is None or not word.capitalised or word.stem.lower() in FUNCTION_WORDS or not word.stem.isalpha():
            return False
        return not self.is_not_person(word.stem) or self.is_place_surname(word.stem)

    def is_place_surname(self, stem: str) -> bool:
        """A surname hunspell lists as a place ("Sjöberg", "Forsberg"): a surname ending, and no
        municipality, organisation or listed place."""
        lower = stem.lower()
        return (lower.endswith(SURNAME_ENDINGS) and lower in self.lexicon.places
                and lower not in self.lexicon.not_people and not self.lexicon.is_place(lower, in_place_context=True)
                and not self.lexicon.is_unit_word(lower))

    def _coordinated_with_name(self, token: Token) -> bool:
        """"Ebba och Sagal ...": a sentence-initial word joined by "och" to a capitalised name."""
        doc = token.doc
        if token.i + 2 >= len(doc) or doc[token.i + 1].lower_ not in {"och", ","}:
            return False
        other = doc[token.i + 2]
        return _is_capitalised(other.text) and self.is_first_name(self._name_stem(other.text)) and not (
            self.is_ambiguous_first_name(other.text)
        )

    def _lowercase_unknown_name(self, word: _Word, before_and: bool = False) -> bool:
        """"mamman rojin uppger": an unknown lower-case word after a role word, before a verb
        or the end of the clause (Swedish words and adverbs excluded); with `before_and` also
        before "och"/"eller" ("samtal med kian och vårdnadshavarna")."""
        lower = word.stem.lower()
        if len(lower) < 3 or lower in FUNCTION_WORDS or lower in FINITE_VERBS or lower in NOT_NAMES_LOWERCASE:
            return False
        if lower in SENTENCE_WORDS or lower in NOT_LOWERCASE_NAMES:
            return False
        if self.is_not_person(lower) or self.lexicon.is_common(lower):
            return False
        doc, i = word.token.doc, word.token.i
        if i + 1 >= len(doc):
            return True
        nxt = doc[i + 1]
        if before_and and nxt.lower_ in ("och", "eller"):
            return len(lower) >= 4  # "kian"; three letters are the field's shorthand ("ssk", "ehm")
        return nxt.is_punct or self._followed_by_verb(word.token)

    def _surname_shaped(self, stem: str) -> bool:
        """A known surname, or a word with a surname ending ("Hedlund", "Nordqvist"), that is no
        Swedish base word, place or organisation."""
        lower = stem.lower()
        if lower in self.lexicon.common_words or lower in FUNCTION_WORDS or lower in SENTENCE_WORDS:
            return False
        if self.is_not_person(stem):
            return False
        return (self.is_surname(stem) or lower.endswith(SURNAME_ENDINGS)) and not self.is_common_form_only(stem)

    def is_common_form_only(self, stem: str) -> bool:
        """An inflected Swedish word ("lunden", "berget"), not a compound reading of a surname."""
        return all(self.lexicon.is_common_form(p) for p in self._parts(stem))

    def _given_before_surname(self, word: _Word, nxt: _Word | None) -> bool:
        """"Tindra Nyström uppger": a sentence-initial capitalised word that is a Swedish word but
        no function word, role, place or organisation, before a surname with a surname ending."""
        lower = word.stem.lower()
        if nxt is None or lower in FUNCTION_WORDS or lower in SENTENCE_WORDS or lower in CONTEXT_BEFORE:
            return False
        if lower in PLACE_PREPOSITIONS or lower in PERSON_PREPOSITIONS or lower in LOWERCASE_CONTEXT:
            return False  # "Hos Lundgren"
        if self.is_not_person(word.stem) or lower in self.lexicon.titles or lower in self.lexicon.org_heads:
            return False
        return nxt.capitalised and nxt.stem.lower().endswith(SURNAME_ENDINGS) and (
            self.is_surname(nxt.stem) or self._surname_shaped(nxt.stem))

    def _genitive_before_noun(self, word: _Word) -> bool:
        """"Lovisas mående": a given name in the genitive before a lower-case noun that is no
        place or organisation word ("Marks kommun" is a place)."""
        token = word.token
        text = _particle_split(token.text)[1]
        if text == word.stem or not text.endswith("s") or token.i + 1 >= len(token.doc):
            return False
        nxt = token.doc[token.i + 1]
        return (nxt.text.islower() and nxt.is_alpha and nxt.lower_ not in self.lexicon.org_heads
                and not self.lexicon.is_unit_word(nxt.lower_) and nxt.lower_ not in FUNCTION_WORDS)

    def _lowercase_strong_name(self, stem: str) -> bool:
        """"samtal med karin": a lower-case given name that is no Swedish word, place or verb."""
        lower = stem.lower()
        if len(lower) < 3 or lower in FUNCTION_WORDS or lower in FINITE_VERBS or lower in NOT_NAMES_LOWERCASE:
            return False
        if lower in SENTENCE_WORDS or lower in NOT_LOWERCASE_NAMES or lower in self.lexicon.file_words:
            return False
        if not self.is_first_name(stem) or self.is_ambiguous_first_name(stem):
            return False
        if self.is_not_person(stem) or self.is_common(stem):
            return False
        return all(p not in self.lexicon.plain_words or p in self.lexicon.nordic_first_names for p in self._parts(stem))

    @staticmethod
    def _labels_a_number(token: Token) -> bool:
        """"Pnr 530805-6471", "Telefonnr: 08-123 45", "Personumret 5308…": an unknown word
        right before a number (after at most a colon or a period) is its label, not a name."""
        doc = token.doc
        k = token.i + 1
        while k < len(doc) and doc[k].text in (":", "."):
            k += 1
        return k < len(doc) and sum(ch.isdigit() for ch in doc[k].text) >= 4

    @staticmethod
    def _followed_by_verb(token: Token) -> bool:
        """"Björn berättade", "Rosa har": a sentence-initial word followed by a finite verb."""
        if token.i + 1 >= len(token.doc):
            return False
        nxt = token.doc[token.i + 1].lower_
        return nxt in FINITE_VERBS or (len(nxt) > 5 and nxt.endswith(("ade", "ades", "erade")))

    def _next_in_run(self, doc: Doc, words: list[_Word | None], end: int) -> int | None:
        """The index of the next word of a run of name words after token `end - 1`: the next
        token after a space, or after one line break when the name was wrapped ("Omid\nKarlsson");
        None when the run ends there."""
        if end >= len(doc):
            return None
        if doc[end - 1].whitespace_ == " ":
            return end if words[end] is not None else None
        gap = doc[end]
        if gap.is_space and gap.text.count("\n") == 1 and end + 1 < len(doc) and words[end + 1] is not None:
            nxt = words[end + 1]
            following = doc[end + 2].text if end + 2 < len(doc) else ""
            if nxt.capitalised and following != ":" and (self.is_surname(nxt.stem) or not self.is_common(nxt.stem)):
                return end + 1
        return None

    def _continues_run(self, doc: Doc, words: list[_Word | None], k: int, blocked: set[int],
                       previous: _Word) -> bool:
        """Whether word `k` continues the name run whose last word is `previous`."""
        nxt = words[k]
        if nxt is None or not nxt.capitalised or k in blocked or nxt.stem.lower() in FUNCTION_WORDS:
            return False
        if nxt.stem.lower() in SENTENCE_WORDS:
            return False
        if self.is_organisation(nxt.stem):
            # "Theo Sala", "Tesfaye Salem": a municipality right after a name is its surname,
            # unless a place word follows ("Kalle Sala kommun" is not written)
            after = doc[k + 1].lower_ if k + 1 < len(doc) else ""
            return (not self.is_not_person(previous.stem)
                    and not self._organisation_by_list(nxt.stem) and self.lexicon.is_place(nxt.stem)
                    and after not in self.lexicon.org_heads)
        return True

    def _particles_then_name(self, doc: Doc, words: list[_Word | None], k: int, blocked: set[int]) -> int | None:
        """After name particles starting at token k ("van der Berg"), the index of the capitalised
        word they lead to; None when k is no particle or none follows."""
        j, seen = k, 0
        while j < len(doc) and words[j] is not None and not words[j].capitalised and doc[j].lower_ in NAME_PARTICLES:
            if doc[j].whitespace_ != " " or seen >= 2:
                return None
            j, seen = j + 1, seen + 1
        if seen and j < len(doc) and words[j] is not None and words[j].capitalised and j not in blocked:
            return j
        return None

    def find(self, doc: Doc) -> list[Span]:
        blocked = self._blocked_tokens(doc)
        words = self._words(doc)
        spans: list[Span] = []
        i = 0
        while i < len(doc):
            word = words[i]
            if i not in blocked and _other_script(doc[i].text) and any(ch.isalpha() for ch in doc[i].text):
                end = i + 1  # "محمد", "王芳", "สมชาย": a name in another script
                while end < len(doc) and doc[end - 1].whitespace_ == " " and _other_script(doc[end].text):
                    end += 1
                spans.append(self._span(doc, i, end, SCORE_OTHER_SCRIPT))
                i = end
                continue
            if word is None or i in blocked:
                i += 1
                continue
            previous = doc[i - 1] if i > 0 else None
            if (previous is not None and previous.text == ":" and i >= 2 and doc[i - 2].lower_ in CONTEXT_BEFORE
                    and word.capitalised and (self.is_first_name(word.stem) or not self.is_common(word.stem))):
                previous = doc[i - 2]  # a label: "Kontaktperson: Åsa Blom", "(kontakt: Zhiwar)"
            elif (previous is not None and previous.text == "." and i >= 2 and doc[i - 2].lower_ in TITLE_ABBREVIATIONS
                    and word.capitalised):
                previous = doc[i - 2]  # "dr. Nguyen", "fru. Berg"
                word = _Word(word.token, word.stem, word.capitalised, False, word.caps)
            lower_prev = previous.text.lower() if previous is not None else ""
            if not word.capitalised and doc[i].lower_ in STANDALONE_PARTICLES and lower_prev not in NOT_BEFORE_A_NAME:
                target = self._particles_then_name(doc, words, i, blocked)
                if target is not None and not self.is_organisation(words[target].stem):
                    end = target + 1  # "von Essen", "van der Berg"
                    while (nxt := self._next_in_run(doc, words, end)) is not None and self._continues_run(
                            doc, words, nxt, blocked, words[end - 1]):
                        end = nxt + 1
                    spans.append(self._span(doc, i, end, SCORE_AMBIGUOUS_FIRST_NAME))
                    i = end
                    continue
            if word.capitalised:
                score = self._single_score(word, previous)
                place_first_name = self.is_not_person(word.stem) and self._is_place_first_name(word.stem)
                next_word = words[i + 1] if i + 1 < len(doc) and doc[i].whitespace_ == " " else None
                if score == 0.0 and not place_first_name and (
                    self.is_not_person(word.stem) or not self.is_first_name(word.stem)
                ) and not self._given_before_surname(word, next_word):
                    i += 1  # "Avvikelse Kalle Svensson": the run starts at the name
                    continue
                if score == 0.0 and (word.stem.lower() in SENTENCE_WORDS or lower_prev in NOT_BEFORE_A_NAME):
                    i += 1
                    continue
                # a run of capitalised words: "Anna-Karin Lind Ahmadi", "Sara van der Berg"
                end = i + 1
                run_scores = [score]
                has_first = self.is_first_name(word.stem) and (
                    not self.is_not_person(word.stem) or place_first_name
                )
                while True:
                    k = self._next_in_run(doc, words, end)
                    if k is None:
                        break
                    target = self._particles_then_name(doc, words, k, blocked)
                    if target is not None:
                        k_word = target  # particles belong to the name
                    else:
                        k_word = k
                    if not self._continues_run(doc, words, k_word, blocked, words[end - 1]):
                        break
                    nxt = words[k_word]
                    run_scores.append(self._single_score(
                        _Word(nxt.token, nxt.stem, True, False), doc[k_word - 1]) or (
                        SCORE_SURNAME if target is not None else 0.0))
                    has_first = has_first or self.is_first_name(nxt.stem)
                    end = k_word + 1
                if place_first_name and score == 0.0 and max(run_scores) == 0.0 and not (
                    end - i >= 2 and self._surname_like(words[end - 1])
                ):
                    end = i + 1  # "Åsa" alone is the place
                elif place_first_name and score == 0.0 and max(run_scores) == 0.0:
                    score = SCORE_AMBIGUOUS_FIRST_NAME  # "Åsa Blom": a surname that is also a word
                elif end - i >= 2 and has_first:
                    score = max(SCORE_FULL_NAME, max(run_scores))
                elif end - i >= 2 and max(run_scores) > 0:
                    score = max(run_scores)
                    if word.sentence_start and run_scores[0] == 0.0 and not self._given_before_surname(word, words[i + 1]):
                        # "Under Björn..." : skip the sentence-initial word, keep the rest
                        i += 1
                        continue
                else:
                    end = i + 1
                if score > 0.0:
                    start = self._initials_before(doc, i)
                    if start == i and i >= 1 and doc[i - 1].whitespace_ == " " and doc[i - 1].text.islower() and (
                            self.is_first_name(doc[i - 1].text) and doc[i - 1].lower_ not in FUNCTION_WORDS
                            and doc[i - 1].lower_ not in SENTENCE_WORDS and doc[i - 1].lower_ not in NOT_LOWERCASE_NAMES
                            and doc[i - 1].lower_ not in LOWERCASE_CONTEXT and doc[i - 1].lower_ not in CONTEXT_BEFORE
                            and doc[i - 1].lower_ not in FINITE_VERBS and self._surname_like(word)
                            and not self.is_first_name(word.stem)):
                        start = i - 1  # "björn Larsson"
                    spans.append(self._span(doc, start, end, score))
                    i = end
                    continue
            elif lower_prev in NAMING_WORDS and word.token.text.islower() and self._naming_run(doc, words, i) > i:
                end = self._naming_run(doc, words, i)  # "heter li wei"
                spans.append(self._span(doc, i, end, SCORE_CONTEXT_LOWERCASE))
                i = end
                continue
            elif word.token.text.islower() and self._lowercase_full_name(doc, words, i):
                spans.append(self._span(doc, i, i + 2, SCORE_LOWERCASE_NAME))  # "kalle andersson har"
                i += 2
                continue
            elif lower_prev in CONTEXT_LOWERCASE and not word.token.text.isupper():
                stem = word.stem
                if self._lowercase_name(stem):
                    spans.append(self._span(doc, i, i + 1, SCORE_CONTEXT_LOWERCASE))
                elif self._lowercase_unknown_name(word):
                    spans.append(self._span(doc, i, i + 1, SCORE_CONTEXT_LOWERCASE_UNKNOWN))
            elif lower_prev in LOWERCASE_CONTEXT and word.token.text.islower() \
                    and self._lowercase_unknown_name(word, before_and=True):
                spans.append(self._span(doc, i, i + 1, SCORE_CONTEXT_LOWERCASE_UNKNOWN))  # "samtal med kian och"
            elif (lower_prev in LOWERCASE_CONTEXT or self._followed_by_verb(word.token)) and word.token.text.islower() \
                    and self._lowercase_strong_name(word.stem):
                spans.append(self._span(doc, i, i + 1, SCORE_LOWERCASE_NAME))  # "samtal med karin"
            elif (lower_prev in LOWERCASE_CONTEXT or lower_prev in PERSON_PREPOSITIONS) and word.token.text.islower() \
                    and self._lowercase_surname(word.stem):
                spans.append(self._span(doc, i, i + 1, SCORE_LOWERCASE_NAME))  # "enligt andersson"
            i += 1
        return spans

    def _naming_run(self, doc: Doc, words: list[_Word | None], i: int) -> int:
        """The end of the name after a naming verb: up to three words before punctuation, a
        function word or a verb ("heter li wei och går")."""
        end = i
        while end < len(doc) and end - i < 3 and words[end] is not None:
            lower = doc[end].lower_
            if lower in FUNCTION_WORDS or lower in FINITE_VERBS or lower in SENTENCE_WORDS or lower in NOT_NAMES_LOWERCASE:
                break
            if self.lexicon.is_common(lower) and not (self.is_surname(lower) or self.is_first_name(lower)):
                break  # "heter li wei", not "kallas övergripande"
            end += 1
            if doc[end - 1].whitespace_ != " ":
                break
        return end

    def _lowercase_surname(self, stem: str) -> bool:
        """"enligt andersson": a listed surname with a surname ending that is no Swedish word or place."""
        lower = stem.lower()
        return (len(lower) >= 5 and lower.endswith(SURNAME_ENDINGS) and lower in self.lexicon.proper_nouns
                and self._surname_shaped(lower) and not self.lexicon.is_common_form(lower)
                and not self.lexicon.is_common(lower))

    def _lowercase_full_name(self, doc: Doc, words: list[_Word | None], i: int) -> bool:
        """"kalle andersson har": a lower-case given name that is no word, then a lower-case
        surname-shaped word that is no word either."""
        if i + 1 >= len(doc) or doc[i].whitespace_ != " " or words[i + 1] is None:
            return False
        nxt, given = doc[i + 1].text, words[i].stem.lower()
        if not nxt.islower() or len(given) < 3 or not self.is_first_name(given) or self.is_ambiguous_first_name(given):
            return False
        if given in SENTENCE_WORDS or given in NOT_LOWERCASE_NAMES or given in FINITE_VERBS or self.is_not_person(given):
            return False
        return nxt.endswith(SURNAME_ENDINGS) and self._surname_shaped(nxt) and not self.lexicon.is_common_form(nxt)

    @staticmethod
    def _initials_before(doc: Doc, start: int) -> int:
        """The start of a name with its initials: "A. Lindqvist", "A.Lindqvist", "K. A. Berg"."""
        while start >= 1:
            prev = doc[start - 1]
            if prev.text == "." and start >= 2 and len(doc[start - 2].text) == 1 and doc[start - 2].text.isupper():
                start -= 2
            elif len(prev.text) == 2 and prev.text[0].isupper() and prev.text[1] == ".":
                start -= 1
            elif len(prev.text) == 1 and prev.text.isupper() and prev.text != "I" and prev.whitespace_ == " ":
                start -= 1  # "A Lindqvist" (a file name read with "." as a space)
            else:
                break
        return start

    @staticmethod
    def _span(doc: Doc, start: int, end: int, score: float) -> Span:
        span = Span(doc, start, end, label="PERSON")
        last = doc[end - 1].text
        if last.endswith(":s"):
            span = doc.char_span(span.start_char, span.end_char - 2, label="PERSON") or span
        span._.pii_score = score
        return span

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEY] = self.find(doc)
        return doc


@Language.factory("sv_name_finder")
def make_name_finder(nlp: Language, name: str) -> NameFinder:
    return NameFinder()
