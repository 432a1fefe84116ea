"""Dates as people write them on the forms, and the due-date arithmetic of each family."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MONTHS_SV = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]

#: Written styles; the values are the matching Word date-picker formats (w:dateFormat).
DATE_STYLES: dict[str, str] = {
    "iso": "yyyy-MM-dd",        # 2024-03-05
    "yymmdd": "yyMMdd",         # 240305
    "yyyymmdd": "yyyyMMdd",     # 20240305
    "dm_yyyy": "d/M yyyy",      # 5/3 2024
    "long": "d MMMM yyyy",      # 5 mars 2024
    "dotted": "dd.MM.yyyy",     # 05.03.2024
    "dm_yy": "d/M-yy",          # 5/3-24
}


def format_date(d: date, style: str) -> str:
    if style == "iso":
        return d.isoformat()
    if style == "yymmdd":
        return d.strftime("%y%m%d")
    if style == "yyyymmdd":
        return d.strftime("%Y%m%d")
    if style == "dm_yyyy":
        return f"{d.day}/{d.month} {d.year}"
    if style == "long":
        return f"{d.day} {MONTHS_SV[d.month - 1]} {d.year}"
    if style == "dotted":
        return d.strftime("%d.%m.%Y")
    if style == "dm_yy":
        return f"{d.day}/{d.month}-{d.year % 100:02d}"
    raise ValueError(style)


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the end of the month (31 Dec + 2 → 29 Feb)."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def bus_due(reported_on: date | None) -> date | None:
    return add_months(reported_on, 2) if reported_on else None


def days60_due(reported_on: date | None) -> date | None:
    return reported_on + timedelta(days=60) if reported_on else None
