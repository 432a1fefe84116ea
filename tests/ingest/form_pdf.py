"""A text-layer PDF laid out the way a Word form exported to PDF is (LibreOffice, Word).

Paragraphs run across the page; a two-column table has labels left and answers right, with
ruled borders; every paragraph is wrapped at its column by the font's real widths, so the
reader meets the geometry of an export: wrapped lines at the line pitch, guidance under a
label beside the answer's lines, options at tab stops. Built with reportlab at test time.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

_FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LEFT = 71.0  # text start of the page and of the label column
BORDER_LEFT, BORDER_SPLIT, BORDER_RIGHT = 65.5, 225.4, 545.5
VALUE = 231.0  # text start of the value column
SIZE = 10.0
LEADING = 13.8  # line pitch of a wrapped paragraph
PADDING = 3.0  # cell padding above the first line and below the last


class FormPdf:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.font = "Helvetica"
        if _FONT_FILE.exists():
            if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVu", str(_FONT_FILE)))
            self.font = "DejaVu"
        self.c = canvas.Canvas(str(path))
        self.height = self.c._pagesize[1]
        self.c.setFont(self.font, SIZE)
        self.y = 50.0  # top of the next line, from the top of the page
        self.table_top: float | None = None

    # --- drawing -------------------------------------------------------------------

    def _text(self, x: float, top: float, text: str) -> None:
        self.c.drawString(x, self.height - top - SIZE, text)

    def _hline(self, y: float) -> None:
        self.c.line(BORDER_LEFT, self.height - y, BORDER_RIGHT, self.height - y)

    def _vline(self, x: float, top: float, bottom: float) -> None:
        self.c.line(x, self.height - top, x, self.height - bottom)

    def wrap(self, text: str, width: float) -> list[str]:
        """`text` broken into the lines a word processor makes of it in `width` points."""
        return simpleSplit(text, self.font, SIZE, width) if text else [""]

    def width(self, text: str) -> float:
        return pdfmetrics.stringWidth(text, self.font, SIZE)

    # --- content -------------------------------------------------------------------

    def para(self, text: str, space_after: float = 10.0, x: float = LEFT) -> "FormPdf":
        """A paragraph across the page (below any table)."""
        self.end_table()
        for line in self.wrap(text, BORDER_RIGHT - 5 - x):
            self._text(x, self.y, line)
            self.y += LEADING
        self.y += space_after
        return self

    def tabbed(self, *parts: tuple[float, str], space_after: float = 10.0) -> "FormPdf":
        """One line whose parts start at tab stops (x positions): "Löst:  ☐ Ja   ☒ Nej"."""
        self.end_table()
        for x, text in parts:
            self._text(x, self.y, text)
        self.y += LEADING + space_after
        return self

    def row(self, label: str | list[str], value: str | list[str]) -> "FormPdf":
        """One table row: label paragraphs left, value paragraphs right ("" = an empty line)."""
        if self.table_top is None:
            self.table_top = self.y
            self.y += 0.5
        top = self.y
        self._hline(top)
        left = [ln for p in _paras(label) for ln in self.wrap(p, BORDER_SPLIT - LEFT - 4)]
        right = [ln for p in _paras(value) for ln in self.wrap(p, BORDER_RIGHT - VALUE - 5)]
        for i, line in enumerate(left):
            self._text(LEFT, top + PADDING + i * LEADING, line)
        for i, line in enumerate(right):
            self._text(VALUE, top + PADDING + i * LEADING, line)
        self.y = top + 2 * PADDING + max(len(left), len(right)) * LEADING
        self._vline(BORDER_SPLIT, top, self.y)
        return self

    def end_table(self) -> None:
        if self.table_top is None:
            return
        self._hline(self.y)
        self._vline(BORDER_LEFT, self.table_top, self.y)
        self._vline(BORDER_RIGHT, self.table_top, self.y)
        self.table_top = None
        self.y += 12

    def save(self) -> Path:
        self.end_table()
        self.c.save()
        return self.path


def _paras(text: str | list[str]) -> list[str]:
    return [text] if isinstance(text, str) else text
