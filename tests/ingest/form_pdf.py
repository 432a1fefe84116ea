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

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
#: style → (TrueType file, registered name, fallback without it)
_FONTS = {
    "regular": ("DejaVuSans.ttf", "DejaVu", "Helvetica"),
    "bold": ("DejaVuSans-Bold.ttf", "DejaVu-Bold", "Helvetica-Bold"),
    "italic": ("DejaVuSans-Oblique.ttf", "DejaVu-Oblique", "Helvetica-Oblique"),
}
GUIDANCE_SIZE = 8.0
GUIDANCE_LEADING = 9.6

LEFT = 71.0  # text start of the page and of the label column
BORDER_LEFT, BORDER_SPLIT, BORDER_RIGHT = 65.5, 225.4, 545.5
VALUE = 231.0  # text start of the value column
SIZE = 10.0
LEADING = 13.8  # line pitch of a wrapped paragraph
PADDING = 0.25  # cell padding above the first line and below the last (a LibreOffice export: a row is its lines + 0.5 pt)


class FormPdf:
    def __init__(self, path: Path, header: str | None = None) -> None:
        self.path = path
        self.header = header
        self.fonts: dict[str, str] = {}
        for style, (file, name, fallback) in _FONTS.items():
            self.fonts[style] = fallback
            if (_FONT_DIR / file).exists():
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
                self.fonts[style] = name
        self.font = self.fonts["regular"]
        self.c = canvas.Canvas(str(path))
        self.height = self.c._pagesize[1]
        self.c.setFont(self.font, SIZE)
        self.y = 50.0  # top of the next line, from the top of the page
        self.table_top: float | None = None
        self._head()

    def _head(self) -> None:
        """The running head every page carries (a region's logo line, say)."""
        if self.header:
            self._text(LEFT, 30.0, self.header, size=8.0)

    def new_page(self) -> "FormPdf":
        self.end_table()
        self.c.showPage()
        self.y = 50.0
        self._head()
        return self

    # --- drawing -------------------------------------------------------------------

    def _text(self, x: float, top: float, text: str, style: str = "regular", size: float = SIZE) -> None:
        self.c.setFont(self.fonts[style], size)
        self.c.drawString(x, self.height - top - size, text)

    def _hline(self, y: float) -> None:
        self.c.line(BORDER_LEFT, self.height - y, BORDER_RIGHT, self.height - y)

    def _vline(self, x: float, top: float, bottom: float) -> None:
        self.c.line(x, self.height - top, x, self.height - bottom)

    def wrap(self, text: str, width: float, first_indent: float = 0.0, style: str = "regular") -> list[str]:
        """`text` broken into the lines a word processor makes of it in `width` points (the
        first line `first_indent` points shorter)."""
        if not text:
            return [""]
        words, lines, line = text.split(" "), [], ""
        for word in words:
            room = width - (first_indent if not lines else 0.0)
            candidate = f"{line} {word}" if line else word
            if line and self.width(candidate, style) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        return lines + [line]

    def width(self, text: str, style: str = "regular") -> float:
        return pdfmetrics.stringWidth(text, self.fonts[style], SIZE)

    # --- content -------------------------------------------------------------------

    def para(self, text: str, space_after: float = 10.0, label: str | None = None,
             style: str = "regular") -> "FormPdf":
        """A paragraph across the page (below any table), optionally led by a bold label."""
        self.end_table()
        indent = self.width(label + " ", "bold") if label else 0.0
        if label:
            self._text(LEFT, self.y, label, "bold")
        for i, line in enumerate(self.wrap(text, BORDER_RIGHT - 5 - LEFT, indent)):
            self._text(LEFT + (indent if i == 0 else 0.0), self.y, line, style)
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

    def row(self, label: str | list[str], value: str | list[str], guidance: str | None = None,
            label_style: str = "bold", bullet: str | None = None, bullet_gap: float = 18.0,
            hanging: bool = True) -> "FormPdf":
        """One table row: label paragraphs left (bold; printed guidance under them in small
        italics, wrapped at its own pitch), value paragraphs right ("" = an empty line), each
        value paragraph a list item after `bullet` if given (the item's text `bullet_gap`
        points right of it; its wrapped lines under its text, or if not `hanging`, under the
        bullet)."""
        if self.table_top is None:
            self.table_top = self.y
            self.y += 0.5
        top = self.y
        self._hline(top)
        left = [ln for p in _paras(label) for ln in self.wrap(p, BORDER_SPLIT - LEFT - 4, style=label_style)]
        indent = bullet_gap if bullet else 0.0
        right, starts = [], []
        for p in _paras(value):
            starts.append(len(right))
            right += self.wrap(p, BORDER_RIGHT - VALUE - 5 - (indent if hanging else 0.0), indent if not hanging else 0.0)
        for i, line in enumerate(left):
            self._text(LEFT, top + PADDING + i * LEADING, line, label_style)
        bottom = top + PADDING + len(left) * LEADING
        if guidance:
            width = BORDER_SPLIT - LEFT - 4
            lines = simpleSplit(guidance, self.fonts["italic"], GUIDANCE_SIZE, width)
            for i, line in enumerate(lines):
                self._text(LEFT, bottom + i * GUIDANCE_LEADING, line, "italic", GUIDANCE_SIZE)
            bottom += len(lines) * GUIDANCE_LEADING
        for i, line in enumerate(right):
            if bullet and i in starts:
                self._text(VALUE, top + PADDING + i * LEADING, bullet)
            x = VALUE + (indent if hanging or i in starts else 0.0)
            self._text(x, top + PADDING + i * LEADING, line)
        self.y = max(bottom + PADDING, top + 2 * PADDING + len(right) * LEADING)
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
