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
from ingest.layout import CHECKED, UNCHECKED, WRAP_BREAK, Cell, Layout, Line, canonical_glyphs
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
    font: tuple[str, float] = ("", 0.0)  # font name and size, where the page tells them


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
    heights: list[float] = []
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
                heights.append(float(page.height))
                lines += _lines(words, number, _Rulings.of(page, words) if words else None)
    except errors.Rejected:
        raise
    except Exception as exc:  # noqa: BLE001
        if _is_encryption_error(exc):
            raise errors.EncryptedPdf() from exc
        raise errors.CorruptFile(kind="PDF") from exc
    if not has_text:
        from ingest.ocr import read_scanned_pdf  # a scan: read by OCR when it is installed

        return read_scanned_pdf(data, limits)
    return Layout(lines=_without_running_heads(lines, heights), source_format="pdf", hints=hints)


_MARGIN_SHARE = 0.12  # running heads and feet stand in the top and bottom eighth of a page
_DIGITS = re.compile(r"\d+")


def _without_running_heads(lines: list[Line], heights: list[float]) -> list[Line]:
    """The lines without the running head or foot repeated on later pages ("Region Stockholm |
    Storsthlm | BUS", "Sida 2 av 3"): printed in the margin at the same place on every page,
    it would otherwise land inside an answer that runs on over a page break. Its first
    appearance is kept (it may name the form)."""
    if len(heights) < 2:
        return lines
    per_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        per_page.setdefault(line.page, []).append(i)
    # Only the first or last two lines of a page can be its head or foot.
    edge = {i for ids in per_page.values() for i in ids[:2] + ids[-2:]}

    def key(i: int) -> str | None:
        line = lines[i]
        height = heights[line.page]
        if i not in edge or _MARGIN_SHARE * height < line.top < (1 - _MARGIN_SHARE) * height:
            return None
        return _DIGITS.sub("#", " ".join(line.text.split()))

    first: dict[str, list[tuple[int, float]]] = {}
    for i, line in enumerate(lines):
        if (k := key(i)) is not None:
            first.setdefault(k, []).append((line.page, line.top))
    out = []
    for i, line in enumerate(lines):
        k = key(i)
        seen = first.get(k, []) if k is not None else []
        repeated = any(page < line.page and abs(top - line.top) <= 3 for page, top in seen)
        if not repeated:
            out.append(line)
    return out


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
    raw = page.extract_words(keep_blank_chars=False, x_tolerance=2, y_tolerance=3, extra_attrs=["fontname", "size"])
    words = [
        _Word(canonical_glyphs(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"],
              font=(str(w["fontname"]), round(float(w["size"]), 1)))
        for w in raw
    ]
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


@dataclass(slots=True)
class _Rulings:
    """Table borders of a page: vertical (x, top, bottom) and horizontal (y, x0, x1) segments."""

    vertical: list[tuple[float, float, float]]
    horizontal: list[tuple[float, float, float]]
    right_margin: float

    @classmethod
    def of(cls, page, words: list[_Word]) -> "_Rulings":
        vertical: list[tuple[float, float, float]] = []
        horizontal: list[tuple[float, float, float]] = []
        for seg in page.lines:
            if abs(seg["x0"] - seg["x1"]) < 1.5 and seg["bottom"] - seg["top"] > 4:
                vertical.append(((seg["x0"] + seg["x1"]) / 2, seg["top"], seg["bottom"]))
            elif abs(seg["top"] - seg["bottom"]) < 1.5 and seg["x1"] - seg["x0"] > 4:
                horizontal.append(((seg["top"] + seg["bottom"]) / 2, seg["x0"], seg["x1"]))
        for r in page.rects:
            w, h = r["width"], r["height"]
            if w < 2 and h > 4:
                vertical.append(((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]))
            elif h < 2 and w > 4:
                horizontal.append(((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
            elif w > 16 and h > 16:  # a framed cell or a shaded one: its edges bound the text
                vertical += [(r["x0"], r["top"], r["bottom"]), (r["x1"], r["top"], r["bottom"])]
                horizontal += [(r["top"], r["x0"], r["x1"]), (r["bottom"], r["x0"], r["x1"])]
        text = [w for w in words if not w.widget]
        margin = float(page.width)
        if text:
            # Generous on purpose: a margin guessed too wide only means fewer lines joined.
            margin = max(max(w.x1 for w in text), float(page.width) - min(w.x0 for w in text))
        return cls(vertical, horizontal, margin)

    def right_edge(self, x0: float, x1: float, top: float, bottom: float) -> tuple[float, float]:
        """(the nearest border right of text spanning x0..x1 at top..bottom, the cell's padding)."""
        right, left = self.right_margin, None
        for x, t, b in self.vertical:
            if t > top + 2 or b < bottom - 2:
                continue
            if x >= x1 - 0.5 and x < right:
                right = x
            elif x <= x0 + 0.5 and (left is None or x > left):
                left = x
        padding = x0 - left if left is not None and 0 < x0 - left < 12 else 0.0
        return right, padding

    def separates(self, x0: float, above: float, below: float) -> bool:
        """Whether a horizontal border lies between y=above and y=below under x0 (a new table row)."""
        return any(above - 1 <= y <= below + 1 and a <= x0 + 1 and b >= x0 + 4 for y, a, b in self.horizontal)


@dataclass(slots=True)
class _Box:
    """One cell of a visual line, grown by the lines that are its wrapped continuation."""

    text: str
    x0: float
    x1: float  # right edge of its last visual line
    top: float  # top of its last visual line
    bottom: float
    size: float
    first_width: float  # width of the first word (what did not fit on the line above)
    single_word: bool  # the last visual line is one word
    first_font: tuple[str, float]  # font of its first word
    last_font: tuple[str, float]  # font of the last word of its last visual line
    #: A list item: x0 is its bullet's, text_x0 where its text begins (its wrapped lines
    #: start at either, by the list's indents).
    bulleted: bool = False
    text_x0: float = 0.0


_LIST_MARK = re.compile(r"^(?:[-–—•●▪◦*·]|\d{1,2}[.)]|[☐☒])(?:\s|$)")


def _lines(words: list[_Word], page: int, rulings: _Rulings | None = None) -> list[Line]:
    """Words grouped into visual lines (by top), each split into cells at wide gaps; a line
    that is only the wrapped rest of the cell above it is joined to that cell."""
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
    rows: list[tuple[list[_Box], float, bool]] = []
    prev_bottom = None
    for group in groups:
        group.sort(key=lambda w: w.x0)
        boxes: list[_Box] = []
        current: list[_Word] = []
        for w in group:
            if current:
                prev = current[-1]
                height = max(prev.bottom - prev.top, 6)
                if w.widget or prev.widget or w.x0 - prev.x1 > max(0.9 * height, 6):
                    boxes.append(_box(current))
                    current = []
            current.append(w)
        boxes.append(_box(current))
        boxes = _items(boxes)
        top = group[0].top
        gap = (top - prev_bottom) if prev_bottom is not None else 0
        height = max(w.bottom - w.top for w in group)
        rows.append((boxes, top, gap > 0.9 * height))
        prev_bottom = max(w.bottom for w in group)
    if rulings is not None:
        rows = _unwrap(rows, rulings, _line_pitch(groups))
    return [
        Line(cells=[Cell(b.text, b.x0) for b in _without_bullets(boxes)], kind="pdf", page=page, top=top,
             break_before=brk)
        for boxes, top, brk in rows
    ]


#: List bullets Word and browsers draw before an item (U+F0B7: Word's Symbol-font bullet).
_BULLETS = {"•", "●", "▪", "◦", "‣", "\uf0b7", "\uf0a7"}


def _is_bullet(box: _Box) -> bool:
    return box.text.strip() in _BULLETS


def _items(boxes: list[_Box]) -> list[_Box]:
    """A bullet and the text after it become one list item, without the bullet (the Word file
    it came from holds no bullet character), standing where the bullet stands."""
    out: list[_Box] = []
    i = 0
    while i < len(boxes):
        box = boxes[i]
        if _is_bullet(box) and i + 1 < len(boxes) and not _is_bullet(boxes[i + 1]) and boxes[i + 1].x0 - box.x1 < 60:
            item = boxes[i + 1]
            item.bulleted, item.text_x0, item.x0 = True, item.x0, box.x0
            out.append(item)
            i += 2
            continue
        out.append(box)
        i += 1
    return out


def _same_column(above: _Box, box: _Box) -> bool:
    """`box` starts where the cell above starts (or, below a list item, where its text does)."""
    return abs(above.x0 - box.x0) <= 2 or above.bulleted and abs(above.text_x0 - box.x0) <= 2


def _without_bullets(boxes: list[_Box]) -> list[_Box]:
    """The cells of a line without the bullet drawn before a list item: the item is a line
    of its own already, and the Word file it came from holds no bullet character either."""
    kept = [b for i, b in enumerate(boxes) if not (_is_bullet(b) and i + 1 < len(boxes))]
    return kept or boxes


def _line_pitch(groups: list[list[_Word]]) -> dict[float, float]:
    """The tightest distance from one visual line to the next, per text height: the pitch of
    lines wrapped inside one paragraph. A new paragraph or table row adds spacing, borders
    or padding to it (if the document sets none, the pitch tells nothing apart)."""
    steps: dict[float, list[float]] = {}
    for a, b in zip(groups, groups[1:]):
        if any(w.widget for w in a) or any(w.widget for w in b):
            continue
        ha, hb = max(w.bottom - w.top for w in a), max(w.bottom - w.top for w in b)
        step = b[0].top - a[0].top
        if abs(ha - hb) > 0.5 or step < 0.9 * ha:
            continue
        steps.setdefault(round(ha, 1), []).append(round(step, 1))
    # The smallest step seen twice: one odd step (after a line in a smaller font) is no pitch.
    return {
        height: min((s for s in found if found.count(s) >= 2), default=min(found))
        for height, found in steps.items()
    }


def _unwrap(
    rows: list[tuple[list[_Box], float, bool]], rulings: _Rulings, pitch: dict[float, float]
) -> list[tuple[list[_Box], float, bool]]:
    """Joins each cell that continues, word-wrapped, the cell above it in the same column.

    A cell continues the one above when it starts at the same x, no paragraph gap or table
    border lies between them, it does not start a list item, and its first word would not
    have fitted on the line above (before the next border, the next cell or the margin).
    The cell above may stand a line higher when a line of another column came between
    (the small guidance under a label, beside an answer's lines)."""
    out: list[tuple[list[_Box], float, bool]] = []
    above: list[_Box] = []  # the cells of the previous visual line, as joined so far
    for boxes, top, brk in rows:
        kept: list[_Box] = []
        now: list[_Box] = []
        left: _Box | None = None  # the cell before, if it is new on this line
        for box in boxes:
            host = None if brk or box.bulleted else next((a for a in above if _same_column(a, box)), None)
            if host is not None and box.top - host.bottom > 0.9 * host.size:
                host = None  # a paragraph gap below a cell carried from higher up
            # A new cell right before it (a box, a number) starts a new row of a list.
            fresh_left = left is not None and (box.x0 - left.x1 < 30 or _is_bullet(left))
            joiner = None if host is None or fresh_left else _continues(host, box, above, rulings, pitch)
            if joiner is not None:
                _join_box(host, box, joiner)
                now.append(host)
                left = None
            else:
                kept.append(box)
                now.append(box)
                left = box
        carried = [
            a for a in above
            if a not in now and top - a.top <= 1.6 * a.size and not any(b.x0 < a.x1 and a.x0 < b.x1 for b in boxes)
        ]
        above = now + carried
        if kept:
            out.append((kept, top, brk))
    return out


def _continues(host: _Box, box: _Box, above: list[_Box], rulings: _Rulings, pitch: dict[float, float]) -> str | None:
    """How `box` joins the cell above it: " " (a wrapped line), "" (a word broken at the
    column edge: "Beroendemottagnin" / "gen Eksjö"), WRAP_BREAK (wrapped before a capital),
    or None (a line of its own)."""
    if _LIST_MARK.match(box.text) or _LIST_MARK.match(host.text) and host.single_word and len(host.text) <= 2:
        return None
    if box.text[:1] in (CHECKED, UNCHECKED) or host.text[-1:] == ":" or box.text in _BOX_MARKS:
        return None
    # A box ending the line: its option is the next line's first words, when a paragraph of
    # options wrapped there ("… ☐ Försäkringskassan ☐" / "Kommun (välj i listan) ☐ …").
    after_box = host.text[-1:] in (CHECKED, UNCHECKED)
    if after_box and host.single_word:
        return None
    if rulings.separates(box.x0, host.bottom - 1, box.top + 1):
        return None
    right, padding = rulings.right_edge(host.x0, host.x1, host.top, host.bottom)
    right -= padding
    edge = right  # a border or the margin: where a word processor wraps
    beside = [a.x0 for a in above if a.x0 > host.x1]
    if beside:
        right = min(right, min(beside))
    space = 0.28 * host.size
    if host.x1 + space + box.first_width <= right + 0.5:
        return None  # it would have fitted: a line of its own
    if after_box or not _reads_on(host.text, box.text):
        # Only the words can tell a wrap from a new entry where the next cell (a tab stop,
        # "Arbetsförmedlingen ☐" / "Kommun ☐") and not the edge left no room.
        wrapped = host.x1 + space + box.first_width > edge + 0.5 and _wraps_on(host, box, pitch)
        return WRAP_BREAK if wrapped else None
    # One word filling its line to the edge, continued in lower case: a word too long for
    # the column, broken where the column ended.
    broken = host.single_word and len(host.text) >= 6 and host.text[-1:].isalpha() and right - host.x1 < 0.5 * host.size
    return "" if broken and box.text[:1].islower() else " "


#: Words a line does not end a phrase with: what follows them continues it.
_FUNCTION_WORDS = {
    "och", "eller", "samt", "till", "på", "att", "i", "av", "för", "med", "om", "hos", "vid",
    "från", "mellan", "som", "när", "där", "den", "det", "de", "en", "ett", "inom", "under",
    "efter", "utan", "mot", "trots", "har", "är", "var", "kan", "ska", "skulle",
}


def _reads_on(above: str, below: str) -> bool:
    """Whether the text below reads as the rest of the text above (not a new entry).

    Geometry says the first word did not fit; the words decide, since a name on the next
    line ("Migrationsverket") did not fit either: a continuation starts in lower case, or
    follows a comma, a hyphen or a word no phrase ends with ("till" / "Habiliteringen")."""
    first = below.split(" ", 1)[0]
    if "@" in first:
        return False  # an e-mail address under its label
    if below[:1].islower() or below[:1] == "(" and below[1:2].islower():
        return True
    if above.endswith((",", "-", "/", "&")):
        return True
    return above.rsplit(" ", 1)[-1] in _FUNCTION_WORDS


def _wraps_on(host: _Box, box: _Box, pitch: dict[float, float]) -> bool:
    """Whether a line starting with a capital is still the paragraph above, wrapped
    ("Psykiatriska kliniken" / "Höglandssjukhuset", "… och Vårdcentralen" / "Aneby, men …").

    Geometry already says its first word did not fit above. It is the same paragraph when
    the text runs on in the same font and size (a label in bold, the guidance under it in
    small italics: never), at the tightest line pitch of the page (no paragraph spacing,
    no row border or padding between), and the line above does not end a sentence."""
    if not host.last_font[0] or host.last_font != box.first_font:
        return False
    if host.text.rstrip().endswith((".", "!", "?", ":", ";")) or "@" in box.text.split(" ", 1)[0]:
        return False
    tight = pitch.get(round(host.bottom - host.top, 1))
    return tight is not None and box.top - host.top <= tight + 0.3


def _join_box(host: _Box, box: _Box, joiner: str = " ") -> None:
    text = host.text
    if not joiner or joiner == WRAP_BREAK:
        host.text = text + joiner + box.text
    elif text.endswith("-") and text[-2:-1].isalpha() and box.text[:1].islower() and box.text.split(" ", 1)[0] not in _CONJUNCTIONS:
        host.text = text + box.text  # "SIP-" + "kallelser"
    else:
        host.text = f"{text} {box.text}"
    host.x1, host.top, host.bottom = box.x1, box.top, box.bottom
    host.first_width, host.single_word = box.first_width, box.single_word
    host.last_font = box.last_font


_CONJUNCTIONS = {"och", "eller", "samt", "resp", "respektive", "till", "som", "men"}


def _box(words: list[_Word]) -> _Box:
    first = words[0]
    return _Box(
        text=" ".join(w.text for w in words),
        x0=first.x0,
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=max(w.bottom - w.top for w in words),
        first_width=first.x1 - first.x0,
        single_word=len(words) == 1,
        first_font=first.font,
        last_font=next((w.font for w in reversed(words) if w.text not in (CHECKED, UNCHECKED)), words[-1].font),
    )
