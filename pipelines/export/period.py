"""Export periods: a quarter, a year, a month or a range of whole months, as people write them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from schema.errors import UsageError

_QUARTER = re.compile(r"^(\d{4})\s*-?\s*(?:Q|KV?)\s*([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})$")
_ORDINAL = ("första", "andra", "tredje", "fjärde")
_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december")


class BadPeriod(UsageError):
    reason = (
        "Ogiltig period: ”{period}”. Ange ett kvartal (2026Q3), ett år (2026), en månad (2026-03)"
        " eller ett intervall av hela månader (2026-01..2026-06)."
    )


@dataclass(frozen=True)
class Period:
    name: str  # canonical: 2026Q3, 2026, 2026-03, 2026-01..2026-06 (also the folder name)
    start: date
    end: date  # inclusive
    label: str  # Swedish, for the report

    @classmethod
    def quarter(cls, year: int, q: int) -> "Period":
        start = date(year, 3 * q - 2, 1)
        end = date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
        return cls(f"{year}Q{q}", start, end, f"{_ORDINAL[q - 1]} kvartalet {year}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(str(year), date(year, 1, 1), date(year, 12, 31), f"året {year}")

    @classmethod
    def months(cls, y1: int, m1: int, y2: int, m2: int) -> "Period":
        start = date(y1, m1, 1)
        end = date(y2, m2, calendar.monthrange(y2, m2)[1])
        if (y1, m1) == (y2, m2):
            return cls(f"{y1}-{m1:02d}", start, end, f"{_MONTHS[m1 - 1]} {y1}")
        return cls(f"{y1}-{m1:02d}..{y2}-{m2:02d}", start, end,
                   f"{_MONTHS[m1 - 1]} {y1} – {_MONTHS[m2 - 1]} {y2}")


def parse_period(text: str) -> Period:
    """2026Q3 (also 2026-Q3, 2026K3, 2026 kv3), 2026, 2026-03 or 2026-01..2026-06."""
    raw = (text or "").strip()
    try:
        if m := _QUARTER.match(raw):
            return Period.quarter(int(m[1]), int(m[2]))
        if m := _YEAR.match(raw):
            return Period.year(_check_year(int(m[1])))
        if m := _MONTH.match(raw):
            return Period.months(int(m[1]), _check_month(m[2]), int(m[1]), int(m[2]))
        if m := _RANGE.match(raw):
            y1, m1, y2, m2 = int(m[1]), _check_month(m[2]), int(m[3]), _check_month(m[4])
            if (y1, m1) > (y2, m2):
                raise ValueError("the range ends before it starts")
            return Period.months(y1, m1, y2, m2)
    except ValueError as error:
        raise BadPeriod(period=raw) from error
    raise BadPeriod(period=raw)


def _check_month(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return month


def _check_year(year: int) -> int:
    if not 1900 <= year <= 9999:
        raise ValueError(f"year {year}")
    return year
