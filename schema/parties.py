"""Parties: splitting a written list into one name each, and the category of a name.

The category rules are data (schema/party_rules.toml).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from schema.enums import PartyCategory

RULES_FILE = Path(__file__).with_name("party_rules.toml")

#: Characters that separate parties in a free-text list. Never the comma:
#: "Socialtjänsten, Lerums kommun" is one party.
_SEPARATORS = re.compile(r"[\n;•●▪◦·■▫‣⁃]")
_LEADING_BULLET = re.compile(r"^(?:[-–—*>]|\d{1,2}[.)])\s+")


_PLACE = re.compile(r"\b(?:kommun|stad|region)\b", re.IGNORECASE)
#: A name that is only a municipality or region ("Täby kommun", "Stockholms stad", "Region Stockholm").
_ONLY_PLACE = re.compile(r"^(?:[\w-]+s?\s+(?:kommun|stad)|region\s+[\w-]+(?:\s+län)?)$", re.IGNORECASE)


def split_parties(text: str | None) -> list[str]:
    """One name per party in a written list (line breaks, ";" and bullets separate).

    A comma separates only two names that are plainly two organisations: of different kinds
    ("BUP Kungälv, Socialtjänsten i Vara kommun"), or each with its own municipality
    ("Funktionsstöd Göteborgs Stad, Resursteamet Partille kommun"). "Socialtjänsten, Lerums
    kommun" and "Elevhälsan, Tallkrogens skola" stay one party."""
    if not text:
        return []
    out: list[str] = []
    for part in _SEPARATORS.split(text):
        part = _LEADING_BULLET.sub("", part.strip()).strip().rstrip(",").strip()
        if part:
            out.extend(_split_commas(part))
    return out


def _split_commas(name: str) -> list[str]:
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or any(not p for p in parts):
        return [name]
    out = [parts[0]]
    for right in parts[1:]:
        left = out[-1]
        if _two_organisations(left, right):
            out.append(right)
        else:
            out[-1] = f"{left}, {right}"
    return out


def _two_organisations(left: str, right: str) -> bool:
    if not right[:1].isupper() or _ONLY_PLACE.match(right):
        return False
    a, b = categorize(left), categorize(right)
    if PartyCategory.ANNAN not in (a, b) and a != b:
        return True
    return bool(_PLACE.search(left) and _PLACE.search(right))


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[PartyCategory, re.Pattern[str]], ...]:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    rules = []
    for rule in data["rules"]:
        category = PartyCategory(rule["category"])
        pattern = re.compile("|".join(f"(?:{p})" for p in rule["patterns"]), re.IGNORECASE)
        rules.append((category, pattern))
    return tuple(rules)


def categorize(name: str) -> PartyCategory:
    """The party category of a written name, by the first matching rule."""
    text = " ".join(name.split())
    for category, pattern in _rules():
        if pattern.search(text):
            return category
    return PartyCategory.ANNAN
