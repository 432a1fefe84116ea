"""The identity of a deviation, independent of the file it came in.

A BUS form often comes back weeks later as the *same* form with section 4 (the receiving
unit's answer) filled in: new bytes, new sha256, same deviation. What the reporter wrote
does not change, so the reporting sections identify the deviation:
form type, date reported, reporting party, counterpart parties, event type and description.

Only a hash of them is stored (`deviations.identity_key`), never the text.

The redaction check can treat the two files differently (the answered file names more
contacts, so a name in the description may be redacted in one and not the other). When no
key matches, `same_deviation` compares a candidate with the same form type and date word by
word: the same deviation if at least 90 % of the words of the reporting sections agree. The values are
normalised first so that the same form read from a .docx and from a PDF export agrees:
Unicode NFKC, case folded, every run of punctuation or whitespace made one space, and the
counterparts taken as a set (their order may differ between form revisions).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from difflib import SequenceMatcher
from collections.abc import Iterable
from datetime import date

from schema.enums import Role
from schema.models import Deviation

#: Bump when the normalisation changes: keys of different versions never match.
IDENTITY_VERSION = "avvik-identity-v1"

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str | None) -> str:
    """Text reduced to lower-case words separated by single spaces ("" for None)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def identity_key_of(
    form_type: str,
    reported_on: date | None,
    event_type: str | None,
    description: str | None,
    reporting: Iterable[str],
    counterparts: Iterable[str],
    secret: bytes | None = None,
) -> str | None:
    """The identity key (64 hex) of a deviation, or None when the form says too little to be
    recognised safely (no date or no description): such a form is never merged with another."""
    description_n = normalise(description)
    if reported_on is None or not description_n:
        return None
    canonical = json.dumps(
        [
            IDENTITY_VERSION,
            str(form_type),
            reported_on.isoformat(),
            sorted({normalise(n) for n in reporting} - {""}),
            sorted({normalise(n) for n in counterparts} - {""}),
            normalise(event_type),
            description_n,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    if secret:
        # Keyed: the pipeline hashes the text as written, before redaction, and an unkeyed hash
        # of a text whose redacted version is stored could be brute-forced back to a personnummer.
        return hmac.new(secret, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def identity_key(deviation: Deviation, secret: bytes | None = None) -> str | None:
    """The identity key of a record (see `identity_key_of`)."""
    return identity_key_of(
        deviation.form_type,
        deviation.reported_on,
        deviation.event_type,
        deviation.description,
        [p.name for p in deviation.parties if p.role == Role.REPORTING],
        [p.name for p in deviation.parties if p.role == Role.COUNTERPART],
        secret=secret,
    )


#: Share of matching words above which two forms of the same type and date are one deviation.
SIMILARITY = 0.9


def _words(deviation: Deviation) -> list[str]:
    reporting = sorted(normalise(p.name) for p in deviation.parties if p.role == Role.REPORTING)
    counterparts = sorted(normalise(p.name) for p in deviation.parties if p.role == Role.COUNTERPART)
    text = " ".join([*reporting, "|", *counterparts, "|", normalise(deviation.event_type), "|",
                     normalise(deviation.description)])
    return text.split()


def same_deviation(a: Deviation, b: Deviation, min_ratio: float = SIMILARITY) -> bool:
    """True when `a` and `b` have the same form type and date and their reporting sections agree
    in at least `min_ratio` of their words (tolerates a name redacted in only one of them)."""
    if a.form_type != b.form_type or a.reported_on is None or a.reported_on != b.reported_on:
        return False
    if not normalise(a.description) or not normalise(b.description):
        return False
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio() >= min_ratio
