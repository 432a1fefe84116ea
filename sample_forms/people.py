"""Invented people: names, personnummer/samordningsnummer with valid Luhn check digits,
phone numbers from the ranges PTS reserves for fiction, e-mail addresses and addresses.

Nothing here is real data: names are random combinations, numbers are computed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_NAMES_F = [
    "Anna", "Maria", "Karin", "Sara", "Lena", "Emma", "Johanna", "Malin", "Sofia", "Linnea",
    "Camilla", "Helena", "Ingrid", "Elin", "Frida", "Amina", "Fatima", "Leyla", "Ebba", "Agnes",
    "Mona", "Therese", "Jenny", "Petra", "Susanne", "Hanna", "Nadia", "Ulrika", "Cecilia", "Åsa",
]
FIRST_NAMES_M = [
    "Erik", "Lars", "Anders", "Johan", "Mikael", "Per", "Fredrik", "Daniel", "Magnus", "Jonas",
    "Ali", "Omar", "Yusuf", "Mehmet", "Kalle", "Oskar", "Viktor", "Henrik", "Tobias", "Göran",
    "Stefan", "Mattias", "Niklas", "Patrik", "Björn", "Hassan", "Ahmed", "Emil", "Linus", "Örjan",
]
SURNAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindqvist", "Berg", "Sandberg",
    "Holm", "Engström", "Lund", "Ekström", "Hedlund", "Forsberg", "Öberg", "Åkesson", "Björk",
    "Wikström", "Norén", "Hussein", "Yilmaz", "Mohammed", "Nordin", "Sjöberg", "Dahl", "Falk",
    "Strand", "Blom", "Håkansson", "Lindahl", "Mattsson", "Bergqvist",
]
CHILD_NAMES = [
    "Ali", "Noah", "Liam", "Elsa", "Maja", "Wilma", "Omar", "Hugo", "Alva", "Selma", "Adam",
    "Leo", "Ella", "Nora", "Isak", "Sami", "Ines", "Melvin", "Tilde", "Ebbe",
]
STREETS = [
    "Storgatan", "Björkvägen", "Skolgatan", "Kvarngatan", "Tallstigen", "Ekbacken", "Ringvägen",
    "Parkgatan", "Granvägen", "Sjövägen", "Hantverkargatan", "Lärkvägen",
]
TOWNS = [
    ("Mölndal", "431"), ("Partille", "433"), ("Lerum", "443"), ("Kungälv", "442"),
    ("Huddinge", "141"), ("Nacka", "131"), ("Täby", "183"), ("Botkyrka", "147"),
    ("Eksjö", "575"), ("Nässjö", "571"), ("Vetlanda", "574"), ("Sävsjö", "576"),
]

# Number ranges PTS sets aside for use in fiction (never assigned to subscribers).
_FICTION_PHONE_RANGES = [
    ("070", "17406", 5, 99),   # 070-174 06 05 .. 070-174 06 99
    ("08", "46500", 400, 499),  # 08-465 004 00 .. 08-465 004 99
    ("031", "3900", 600, 699),  # 031-390 06 00 .. 031-390 06 99
    ("040", "6280", 400, 499),  # 040-628 04 00 .. 040-628 04 99
    ("013", "6900", 100, 199),  # 013-690 01 00 .. 013-690 01 99
]


def luhn_check_digit(nine_digits: str) -> int:
    """The check digit of a Swedish personnummer for its first nine digits (YYMMDDNNN)."""
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return (10 - total % 10) % 10


def luhn_valid(ten_digits: str) -> bool:
    return len(ten_digits) == 10 and ten_digits.isdigit() and luhn_check_digit(ten_digits[:9]) == int(ten_digits[9])


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def person(rng: random.Random) -> Person:
    first = rng.choice(FIRST_NAMES_F if rng.random() < 0.65 else FIRST_NAMES_M)
    return Person(first, rng.choice(SURNAMES))


_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})


def email(rng: random.Random, p: Person, domain: str) -> str:
    local = f"{p.first}.{p.last}".lower().translate(_ASCII)
    if rng.random() < 0.2:
        local = f"{p.first[0]}{p.last}".lower().translate(_ASCII)
    return f"{local}@{domain}"


def phone(rng: random.Random, mobile: bool | None = None) -> str:
    """A phone number from a fiction range, written the way people write them."""
    if mobile is None:
        mobile = rng.random() < 0.6
    prefix, mid, lo, hi = _FICTION_PHONE_RANGES[0] if mobile else rng.choice(_FICTION_PHONE_RANGES[1:])
    width = 2 if prefix == "070" else 3
    digits = mid + f"{rng.randint(lo, hi):0{width}d}"
    if len(digits) == 7:
        grouped = f"{digits[:3]} {digits[3:5]} {digits[5:]}"
    else:
        grouped = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    style = rng.randrange(4)
    if style == 0:
        return f"{prefix}-{grouped}"
    if style == 1:
        return f"{prefix}-{digits}"
    if style == 2:
        return f"+46 {prefix[1:]} {grouped}"
    return f"{prefix} {grouped}"


def personnummer(rng: random.Random, style: str, born: date | None = None) -> str:
    """An invented personnummer (or samordningsnummer) in one of the written styles:
    "10dash" YYMMDD-NNNN, "12dash" YYYYMMDD-NNNN, "12" YYYYMMDDNNNN, "10" YYMMDDNNNN,
    "space" YYMMDD NNNN, "plus" YYMMDD+NNNN (born 100+ years ago), "samordning" (day + 60)."""
    if born is None:
        if style == "plus":
            born = date(1918, 1, 1) + timedelta(days=rng.randrange(3000))
        else:
            born = date(2007, 1, 1) + timedelta(days=rng.randrange(6000))
    day = born.day + (60 if style == "samordning" else 0)
    yymmdd = f"{born.year % 100:02d}{born.month:02d}{day:02d}"
    serial = f"{rng.randrange(0, 1000):03d}"
    ten = yymmdd + serial + str(luhn_check_digit(yymmdd + serial))
    century = str(born.year // 100)
    if style == "10dash" or style == "samordning":
        return f"{ten[:6]}-{ten[6:]}"
    if style == "12dash":
        return f"{century}{ten[:6]}-{ten[6:]}"
    if style == "12":
        return century + ten
    if style == "10":
        return ten
    if style == "space":
        return f"{ten[:6]} {ten[6:]}"
    if style == "plus":
        return f"{ten[:6]}+{ten[6:]}"
    raise ValueError(style)


PNR_STYLES = ["10dash", "12dash", "12", "10", "space", "plus", "samordning"]


def address(rng: random.Random) -> str:
    town, pc = rng.choice(TOWNS)
    number = f"{rng.randint(1, 48)}{rng.choice(['', '', '', 'A', 'B'])}"
    return f"{rng.choice(STREETS)} {number}, {pc} {rng.randint(10, 99)} {town}"
