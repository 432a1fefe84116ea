"""The common, layout-aware representation every reader produces and the extractor reads.

A document is a list of `Line`s in reading order. A line is a Word paragraph (cells split
at tabs), a table row (one cell per table cell), or a visual line of a PDF page (cells
split at wide gaps and ruling lines). Checkboxes are already resolved to the glyphs
CHECKED / UNCHECKED; content controls still showing their placeholder are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHECKED = "☒"
UNCHECKED = "☐"

#: PDF: a line break that is a word-wrap by its geometry, its font and its line pitch, but
#: starts with a capital ("Psykiatriska kliniken" / "Höglandssjukhuset"). It reads as a
#: space, except in a field written one entry per line (a list of parties), where a name
#: that did not fit after the one above it is still the next entry.
WRAP_BREAK = "\u2028"

#: Every way a ticked / empty box shows up in text, mapped to the two canonical glyphs.
#: Includes the Wingdings private-use code points Word writes for its symbol checkboxes.
GLYPHS: dict[str, str] = {
    "☒": CHECKED, "☑": CHECKED, "■": CHECKED, "✓": CHECKED, "✔": CHECKED, "✗": CHECKED,
    "✘": CHECKED, "⊠": CHECKED, "▣": CHECKED,
    "\uf0fe": CHECKED, "\uf078": CHECKED, "\uf0fd": CHECKED, "\uf0fc": CHECKED, "\uf0fb": CHECKED,
    "☐": UNCHECKED, "□": UNCHECKED, "▢": UNCHECKED, "❑": UNCHECKED, "❏": UNCHECKED,
    "\uf0a8": UNCHECKED, "\uf06f": UNCHECKED, "\uf071": UNCHECKED,
}
_GLYPH_TABLE = str.maketrans(GLYPHS)


def canonical_glyphs(text: str) -> str:
    """`text` with every checkbox glyph variant replaced by ☒ or ☐."""
    return text.translate(_GLYPH_TABLE)


@dataclass(slots=True)
class Cell:
    text: str  # may hold "\n" (several paragraphs in one table cell)
    x0: float = 0.0  # PDF: left edge in points; Word: column index


@dataclass(slots=True)
class Line:
    cells: list[Cell]
    kind: str  # "para" | "row" | "pdf"
    page: int = 0
    top: float = 0.0
    break_before: bool = False  # PDF: a paragraph gap above this line

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text)


@dataclass(slots=True)
class Layout:
    lines: list[Line] = field(default_factory=list)
    source_format: str = ""
    #: Field names / tooltips of fillable PDF widgets, kept as fallback hints.
    hints: dict[str, str] = field(default_factory=dict)
    #: An `ingest.ocr.OcrReading` when the text was read from a scan by OCR, else None.
    ocr: Any = None

    def full_text(self) -> str:
        return "\n".join(line.text for line in self.lines)
