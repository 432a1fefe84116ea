"""Normalising values as people write them: placeholders, Swedish dates, whitespace."""

from __future__ import annotations

import calendar
import re
import tomllib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

_PLACEHOLDER_FILE = Path(__file__).with_name("placeholders.toml")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(" .:;").lower()


@lru_cache(maxsize=1)
def placeholders() -> tuple[str, ...]:
    """The known placeholder texts (schema/placeholders.toml), longest first."""
    data = tomllib.loads(_PLACEHOLDER_FILE.read_text(encoding="utf-8"))
    items = {p.strip() for p in data["placeholders"] if p.strip()}
    return tuple(sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def _placeholder_keys() -> frozenset[str]:
    return frozenset(_key(p) for p in placeholders())


@lru_cache(maxsize=1)
def _placeholder_pattern() -> re.Pattern[str]:
    # Only the sentence-like placeholders are removed from inside longer text; short hints
    # such as "Telefonnummer" could be real words there.
    long_ones = [p for p in placeholders() if len(p) >= 12 and " " in p]
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in long_ones)
    return re.compile(rf"(?:{body})", re.IGNORECASE)


def is_placeholder(text: str | None) -> bool:
    """True when `text` is empty or exactly a known placeholder."""
    if text is None:
        return True
    key = _key(text)
    return not key or key in _placeholder_keys()


def clean_text(text: str | None) -> str | None:
    """Text without placeholders and stray whitespace; None when nothing real remains."""
    if text is None:
        return None
    text = text.replace("\u00a0", " ").replace("\u2002", " ").replace("\r", "")
    if is_placeholder(text):
        return None
    text = _placeholder_pattern().sub("", text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line and is_placeholder(line):
            continue
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    result = "\n".join(out).strip()
    return result or None


# --- dates -------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

_ISO = re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")
_COMPACT8 = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_COMPACT6 = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[./-]\s*(\d{1,2})\s*(?:[./-]|\s)\s*-?\s*(\d{4}|\d{2})(?!\d)")
_DM_SLASH = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})(?!\d)")
_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})(?::?e|:?a)?\s*\.?\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s*,?\s*-?\s*(\d{4}|'?\d{2})?(?!\d)",
    re.IGNORECASE,
)


def _year(text: str) -> int:
    y = int(text.lstrip("'"))
    return 2000 + y if y < 100 else y


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str | None, *, today: date | None = None) -> date | None:
    """A date written the Swedish way ("2024-03-05", "5/3-24", "5 mars 2024"...) or None."""
    if text is None:
        return None
    text = text.strip()
    if not text or is_placeholder(text):
        return None
    if m := _ISO.search(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _WORDS.search(text):
        year = _year(m[3]) if m[3] else (today or date.today()).year
        return _make(year, MONTHS[m[2].lower()], int(m[1]))
    if m := _DMY.search(text):
        return _make(_year(m[3]), int(m[2]), int(m[1]))
    if m := _COMPACT8.search(text):
        if 1900 <= int(m[1]) <= 2100:
            return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT6.search(text):
        return _make(_year(m[1]), int(m[2]), int(m[3]))
    return None


def add_due(start: date | None, *, months: int = 0, days: int = 0) -> date | None:
    """`start` plus calendar months (clamped to month end) plus days; None stays None."""
    if start is None:
        return None
    result = start
    if months:
        index = start.month - 1 + months
        year, month = start.year + index // 12, index % 12 + 1
        last = calendar.monthrange(year, month)[1]
        result = date(year, month, min(start.day, last))
    return result + timedelta(days=days)
