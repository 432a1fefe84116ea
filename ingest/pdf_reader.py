"""PDF → Layout: words with positions grouped into visual lines and cells.

Text-layer PDFs (Word exports) give words; fillable PDFs (AcroForm) give widgets, whose
values and check states are placed at the widget's position among the page text, so that
label/value pairing works the same way for both. Drawn boxes become ☒/☐.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from ingest.config import ReadLimits
from ingest.layout import CHECKED, UNCHECKED, Cell, Layout, Line, canonical_glyphs
from schema import errors

PDF_MAGIC = b"%PDF-"
_LINE_TOLERANCE = 3.5
_BOX_MARKS = {"x", "X", "✓", "✔", "✗", "✘", "×"}


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    widget: bool = False


def read_pdf(data: bytes, limits: ReadLimits) -> Layout:
    """The lines of every page; raises EncryptedPdf / ScannedPdf / CorruptFile."""
    if PDF_MAGIC not in data[:1024]:
        raise errors.CorruptFile(kind="PDF")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        if _is_encryption_error(exc):
            raise errors.EncryptedPdf() from exc
        raise errors.CorruptFile(kind="PDF") from exc
    lines: list[Line] = []
    hints: dict[str, str] = {}
    has_text = False
    try:
        with pdf:
            if len(pdf.pages) > limits.max_pdf_pages:
                raise errors.FileTooLarge(
                    reason=f"PDF-filen har {len(pdf.pages)} sidor, fler än gränsen {limits.max_pdf_pages}. "
                    "En avvikelseblankett är några få sidor."
                )
            for number, page in enumerate(pdf.pages):
                words = _page_words(page, hints)
                has_text = has_text or bool(words)
                lines += _lines(words, number)
    except errors.Rejected:
        raise
    except Exception as exc:  # noqa: BLE001
        if _is_encryption_error(exc):
            raise errors.EncryptedPdf() from exc
        raise errors.CorruptFile(kind="PDF") from exc
    if not has_text:
        raise errors.ScannedPdf()
    return Layout(lines=lines, source_format="pdf", hints=hints)


def _is_encryption_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        name = type(seen).__name__
        if "Password" in name or "Encrypt" in name:
            return True
        if "password" in str(seen).lower() and "pdf" in type(seen).__module__.lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _page_words(page, hints: dict[str, str]) -> list[_Word]:
    raw = page.extract_words(keep_blank_chars=False, x_tolerance=2, y_tolerance=3)
    words = [_Word(canonical_glyphs(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"]) for w in raw]
    words = _drawn_boxes(page, words)
    words += _widgets(page, hints)
    return words


def _drawn_boxes(page, words: list[_Word]) -> list[_Word]:
    """Small square rectangles are checkboxes; an X (char or crossing lines) inside ticks them."""
    boxes = [r for r in page.rects if 5 <= r["width"] <= 16 and abs(r["width"] - r["height"]) <= 2]
    if not boxes:
        return words
    strokes = page.lines + page.curves
    out = list(words)
    for box in boxes:
        x0, x1, top, bottom = box["x0"], box["x1"], box["top"], box["bottom"]
        inside = [w for w in out if not w.widget and x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1 and top - 1 <= (w.top + w.bottom) / 2 <= bottom + 1]
        marked = any(w.text in _BOX_MARKS or w.text in (CHECKED,) for w in inside)
        if not marked:
            marked = sum(1 for s in strokes if s["x0"] >= x0 - 1 and s["x1"] <= x1 + 1 and s["top"] >= top - 1 and s["bottom"] <= bottom + 1) >= 2
        if any(w.text in (CHECKED, UNCHECKED) for w in inside):
            continue  # a glyph already drawn in its own box
        out = [w for w in out if w not in inside or w.text not in _BOX_MARKS]
        out.append(_Word(CHECKED if marked else UNCHECKED, x0, x1, top, bottom))
    return out


def _name(obj) -> str:
    obj = resolve1(obj)
    if isinstance(obj, PSLiteral):
        return str(obj.name)
    if isinstance(obj, bytes):
        return obj.decode("latin-1")
    return "" if obj is None else str(obj)


def _text(obj) -> str:
    obj = resolve1(obj)
    if isinstance(obj, bytes):
        return decode_text(obj)
    if isinstance(obj, PSLiteral):
        return str(obj.name)
    if isinstance(obj, list):
        return "\n".join(_text(o) for o in obj)
    return "" if obj is None else str(obj)


def _widgets(page, hints: dict[str, str]) -> list[_Word]:
    """AcroForm widgets on the page: text values and check states at their positions."""
    annots = resolve1(getattr(page.page_obj, "annots", None))
    if not annots or not isinstance(annots, list):
        return []
    top_edge = float(page.mediabox[3])
    out: list[_Word] = []
    for ref in annots:
        annot = resolve1(ref)
        if not isinstance(annot, dict) or _name(annot.get("Subtype")) != "Widget":
            continue
        ft, value, names, tooltip = None, None, [], ""
        node, depth = annot, 0
        while isinstance(node, dict) and depth < 10:
            ft = ft or (_name(node.get("FT")) or None)
            if value is None and node.get("V") is not None:
                value = node.get("V")
            if node.get("T") is not None:
                names.append(_text(node.get("T")))
            tooltip = tooltip or _text(node.get("TU"))
            node, depth = resolve1(node.get("Parent")), depth + 1
        rect = [float(resolve1(v)) for v in resolve1(annot.get("Rect")) or [0, 0, 0, 0]]
        x0, x1 = min(rect[0], rect[2]), max(rect[0], rect[2])
        top = top_edge - max(rect[1], rect[3])
        name = ".".join(reversed(names))
        if tooltip:
            hints[name] = tooltip
        if ft == "Btn":
            state = _name(annot.get("AS")) if annot.get("AS") is not None else _name(value)
            if not state:
                continue  # a push button
            text = UNCHECKED if state in ("Off", "") else CHECKED
        elif ft in ("Tx", "Ch"):
            text = _text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
            if not text:
                continue
        else:
            continue
        out.append(_Word(text, x0 + 1, x1, top + 2, top + 11, widget=True))
    return out


_SPLIT_GAP = re.compile(r"\s{2,}")


def _lines(words: list[_Word], page: int) -> list[Line]:
    """Words grouped into visual lines (by top), each split into cells at wide gaps."""
    if not words:
        return []
    words.sort(key=lambda w: (w.top, w.x0))
    groups: list[list[_Word]] = []
    ref = None
    for w in words:
        if ref is None or w.top - ref > _LINE_TOLERANCE:
            groups.append([w])
            ref = w.top
        else:
            groups[-1].append(w)
    lines: list[Line] = []
    prev_bottom = None
    for group in groups:
        group.sort(key=lambda w: w.x0)
        cells: list[Cell] = []
        current: list[_Word] = []
        for w in group:
            if current:
                prev = current[-1]
                height = max(prev.bottom - prev.top, 6)
                if w.widget or prev.widget or w.x0 - prev.x1 > max(0.9 * height, 6):
                    cells.append(_cell(current))
                    current = []
            current.append(w)
        cells.append(_cell(current))
        top = group[0].top
        gap = (top - prev_bottom) if prev_bottom is not None else 0
        height = max(w.bottom - w.top for w in group)
        lines.append(Line(cells=cells, kind="pdf", page=page, top=top, break_before=gap > 0.9 * height))
        prev_bottom = max(w.bottom for w in group)
    return lines


def _cell(words: list[_Word]) -> Cell:
    return Cell(" ".join(w.text for w in words), words[0].x0)
