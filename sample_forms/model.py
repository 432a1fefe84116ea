"""The layout-independent description of one filled-in form: an ordered list of elements
that every writer (docx layouts, PDF layouts) renders in its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PH_TEXT_OLD = "Klicka här för att ange text."
PH_TEXT_NEW = "Klicka eller tryck här för att ange text."
PH_DATE_OLD = "Klicka här för att ange datum."
PH_DATE_NEW = "Klicka eller tryck för att ange ett datum."
PH_DATE_SHORT = "Ange datum"
PH_LIST = "Välj ett objekt."


@dataclass
class Title:
    text: str


@dataclass
class Subtitle:
    text: str


@dataclass
class Heading:
    text: str


@dataclass
class Note:
    """Instruction text printed on the blank form (never a value)."""

    text: str


@dataclass
class TextField:
    key: str  # stable id of the field in this family, e.g. "event_type"
    label: str | None  # printed label; None when the field sits directly under a heading
    value: str | None  # text as written; None = left empty (shows its placeholder)
    placeholder: str = PH_TEXT_OLD
    kind: str = "text"  # "text" | "multiline" | "date" | "dropdown"
    date: date | None = None  # for kind="date": the date (the picker stores it)
    date_style: str = "iso"
    choices: list[str] = field(default_factory=list)  # for kind="dropdown"
    pdf_name: str = ""  # AcroForm field name

    @property
    def lines(self) -> list[str]:
        return self.value.split("\n") if self.value else []


@dataclass
class Option:
    label: str
    checked: bool
    detail: TextField | None = None  # chosen list value / "Annan" text beside the option
    pdf_name: str = ""


@dataclass
class CheckGroup:
    key: str
    label: str
    options: list[Option]
    inline: bool = False  # options on one line (Ja / Nej) rather than one per line


Element = Title | Subtitle | Heading | Note | TextField | CheckGroup


@dataclass
class FormDoc:
    family: str  # "bus" | "vastbus" | "lex_heller"
    revision: str  # "A" | "B"
    elements: list[Element]
    author: str = ""  # document metadata (last modified by)
    template_author: str = ""  # document metadata (creator of the blank form)
