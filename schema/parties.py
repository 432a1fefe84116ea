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


def split_parties(text: str | None) -> list[str]:
    """One name per party in a written list (line breaks, ";" and bullets separate)."""
    if not text:
        return []
    out: list[str] = []
    for part in _SEPARATORS.split(text):
        part = _LEADING_BULLET.sub("", part.strip()).strip().rstrip(",").strip()
        if part:
            out.append(part)
    return out


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
