"""OCR of scanned forms: image-only PDF pages → the same Layout the PDF reader builds.

Each page is rendered (pypdfium2), cleaned up (median filter against scanner speckle,
Otsu binarisation, projection-profile deskew, Tesseract's orientation check when a page
reads badly), its table rulings and checkboxes found in the image, and the rest read by
Tesseract 5 with the Swedish model (`tesseract-ocr-swe`, Debian) through pytesseract.
Words keep their positions (in PDF points), so the lines, cells and word-wrap joins are
built by the PDF reader's own code and the templates read the OCR text like any PDF.

Ticked boxes are measured, not read as letters: a square found in the image is ticked when
enough ink lies inside it (☒, a hand-drawn X, a filled square), empty when almost none
does, and undecided in between; a field whose box is undecided is left NULL with a note.
Words Tesseract is unsure of are kept with their confidence so that a field read from them
gets a Swedish note (`review_fields`) and lands in `avvik review`.

Nothing is downloaded: Tesseract and its Swedish model are system packages. Without them,
`available()` is False and a scanned PDF is rejected with a reason that names the command.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFilter

from ingest.layout import CHECKED, UNCHECKED, Layout
from schema import errors

LANG = "swe"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-swe"
#: Pages are read at this resolution (a 150 dpi scan is upsampled: Tesseract reads ~300 dpi best).
RENDER_DPI = int(os.environ.get("AVVIK_OCR_DPI", "300"))
#: Seconds Tesseract may spend on one page before the file is rejected.
PAGE_TIMEOUT = 90
#: A word below this confidence (0–100) is unsure; a field read from it gets a note.
LOW_CONFIDENCE = 60.0
#: Ink share inside a checkbox: below EMPTY it is empty, above TICKED ticked, between undecided.
BOX_EMPTY, BOX_TICKED = 0.05, 0.25
_BOX_PT = (6.5, 17.0)  # side of a checkbox in points
_RULE_MIN_PT = 40.0  # a horizontal ruling line is at least this long
_VRULE_MIN_PT = 16.0  # a vertical one at least this tall
_MIN_READABLE_WORDS = 5  # fewer legible words on the whole scan: nothing to read (a blank page)
_DARK = 128  # a pixel of print: darker than mid-grey (speckle is filtered out before counting)
#: Fewer dark pixels than this on a page: a blank page. One short line of print has thousands.
_BLANK_PAGE_MAX_DARK_PIXELS = 1000


@dataclass(slots=True)
class OcrReading:
    """What the OCR pass knows beyond the words: how sure it was."""

    #: Lower-cased word → its lowest confidence on the page (words read with confidence < 95 only).
    confidence: dict[str, float] = field(default_factory=dict)
    #: The text right after each box whose state could not be decided ("Ja", "Allvarlig").
    undecided_boxes: list[str] = field(default_factory=list)
    pages: int = 0
    #: Words of three letters or more read with confidence: too few means nothing legible.
    readable_words: int = 0


@lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract and its Swedish model are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in out.stdout.split()


def read_scanned_pdf(data: bytes, limits=None) -> Layout:
    """The Layout of an image-only PDF, read by OCR; raises ScannedPdf when OCR is not
    installed or finds no text."""
    if not available():
        raise errors.ScannedPdf()
    import pypdfium2 as pdfium

    def pages():
        pdf = pdfium.PdfDocument(data)
        try:
            for number in range(len(pdf)):
                page = pdf[number]
                width, height = page.get_size()
                # 300 dpi, less for an outsized page (memory stays bounded).
                scale = min(RENDER_DPI / 72, (_MAX_IMAGE_PIXELS / max(width * height, 1.0)) ** 0.5)
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                page.close()
                yield image, width
        finally:
            pdf.close()

    return _read_pages(pages(), "pdf")


#: Largest image read (pixels): an A4 page at 600 dpi is ~35 million.
_MAX_IMAGE_PIXELS = 60_000_000


def read_scanned_image(data: bytes, limits=None) -> Layout:
    """The Layout of a scan saved as an image (.jpg, .png, .tif; every page of a multi-page
    TIFF), read by OCR; raises ScannedPdf without OCR, CorruptFile for an unreadable image."""
    if not available():
        raise errors.ScannedPdf(reason=errors.ScannedPdf.image_without_ocr)
    import io

    from PIL import ImageSequence

    max_pages = getattr(limits, "max_pdf_pages", 60)

    def pages():
        picture = Image.open(io.BytesIO(data))
        if picture.width * picture.height > _MAX_IMAGE_PIXELS:
            raise errors.FileTooLarge(reason=errors.ScannedPdf.image_too_large)
        for number, frame in enumerate(ImageSequence.Iterator(picture)):
            if number >= max_pages:
                raise errors.FileTooLarge(reason=errors.ScannedPdf.image_too_large)
            dpi = float((frame.info.get("dpi") or (0, 0))[0] or 0) or 300.0
            image = frame.convert("L")
            if dpi < 250:  # Tesseract reads ~300 dpi best
                image = image.resize((round(image.width * 300 / dpi), round(image.height * 300 / dpi)), Image.BICUBIC)
                dpi = 300.0
            yield image, image.width * 72 / dpi

    try:
        return _read_pages(pages(), "image")
    except errors.Rejected:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise errors.CorruptFile(kind="bild") from exc


def _read_pages(pages, source_format: str) -> Layout:
    """The lines of every (page image, page width in points), by the PDF reader's own code."""
    from ingest.pdf_reader import _lines, _Rulings, _Word

    reading = OcrReading()
    lines = []
    for number, (image, width) in enumerate(pages):
        found, rules = read_page(image, width, reading)
        reading.pages += 1
        if found:
            words = [_Word(*w[:5]) for w in found]
            lines += _lines(words, number, _Rulings.of(_Page(width, rules), words))
    if reading.readable_words < _MIN_READABLE_WORDS:
        raise errors.ScannedPdf(reason=errors.ScannedPdf.unreadable)
    return Layout(lines=lines, source_format=source_format, ocr=reading)


@dataclass(slots=True)
class _Page:
    """The little of a pdfplumber page `_Rulings.of` looks at."""

    width: float
    lines: list[dict]
    rects: tuple = ()


# --- one page -----------------------------------------------------------------------------


def read_page(image: Image.Image, page_width: float, reading: OcrReading) -> tuple[list[tuple], list[dict]]:
    """Words (text, x0, x1, top, bottom) in points and ruling segments of one page image."""
    gray = image.convert("L").filter(ImageFilter.MedianFilter(3))
    if int((np.asarray(gray) < _DARK).sum()) < _BLANK_PAGE_MAX_DARK_PIXELS:
        return [], []  # a blank page (the back of a sheet): no ink to read, no OCR
    gray = _deskew(gray)
    scale = page_width / gray.width  # points per pixel
    ink = np.asarray(gray) < _otsu(np.asarray(gray))
    rules = _rulings(ink, gray.width)
    boxes = _boxes(ink, gray.width)
    erase = np.zeros_like(ink)
    for y0, y1, x0, x1 in rules:
        erase[max(y0 - 2, 0):y1 + 3, max(x0 - 2, 0):x1 + 3] = True
    for y0, y1, x0, x1, _ in boxes:
        m = max((x1 - x0) // 6, 3)
        erase[max(y0 - m, 0):y1 + m + 1, max(x0 - m, 0):x1 + m + 1] = True
    # Tesseract gets the grey page (it binarises better than one global threshold, light
    # grey placeholder text included) with the rulings and boxes painted out.
    ocr_image = Image.fromarray(np.where(erase, 255, np.asarray(gray)).astype(np.uint8))
    data = _tesseract(ocr_image)
    if _reads_badly(data):
        turned = _orientation(ocr_image)
        if turned:
            # An upside-down or sideways page: turn it and read it again from scratch.
            return read_page(image.rotate(turned, expand=True, fillcolor=255), page_width, reading)
    words = _words(data, scale, reading)
    _missed_boxes(words, reading)
    words += _box_words(boxes, words, scale, reading)
    segments = [_segment(r, scale) for r in rules]
    return words, segments


def _otsu(pixels: np.ndarray) -> int:
    hist = np.bincount(pixels.ravel(), minlength=256).astype(float)
    total = hist.sum()
    omega = np.cumsum(hist) / total
    mu = np.cumsum(hist * np.arange(256)) / total
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return int(np.argmax(between))


def _deskew(gray: Image.Image) -> Image.Image:
    """Turned straight by the angle (±5°) whose row profile of ink is sharpest."""
    small = gray.resize((max(gray.width // 4, 1), max(gray.height // 4, 1)))
    ink = Image.fromarray((np.asarray(small) < _otsu(np.asarray(small))).astype(np.uint8) * 255)

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST)).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-5, 5.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.4, best + 0.41, 0.1), key=sharpness)
    if abs(best) < 0.05:
        return gray
    return gray.rotate(float(best), resample=Image.BICUBIC, fillcolor=255)


def _tesseract(image: Image.Image) -> dict:
    import pytesseract

    # One core per page: the ingest worker pool runs several files at once.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        return pytesseract.image_to_data(
            image, lang=LANG, config="--psm 3", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise errors.ScannedPdf(reason=errors.ScannedPdf.too_slow) from exc


def _reads_badly(data: dict) -> bool:
    confs = [float(c) for c, t in zip(data["conf"], data["text"]) if str(t).strip() and float(c) >= 0]
    return len(confs) < 10 or float(np.median(confs)) < 50


def _orientation(image: Image.Image) -> int:
    """Degrees (counter-clockwise) that turn the page upright, by Tesseract's OSD; 0 if unsure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT)
    except (pytesseract.TesseractError, RuntimeError):
        return 0
    rotate = int(osd.get("rotate", 0))
    if rotate == 0 or float(osd.get("orientation_conf", 0)) < 2:
        return 0
    return -rotate  # Tesseract says clockwise; PIL turns counter-clockwise


def _words(data: dict, scale: float, reading: OcrReading) -> list[tuple]:
    """Tesseract's words in points; every word of a Tesseract line gets the line's top and
    bottom, so that the PDF reader groups them like the words of one printed line."""
    by_line: dict[tuple, list[int]] = {}
    for i, text in enumerate(data["text"]):
        if str(text).strip():
            by_line.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    out: list[tuple] = []
    for idx in by_line.values():
        top = min(data["top"][i] for i in idx)
        bottom = max(data["top"][i] + data["height"][i] for i in idx)
        prev_right = None  # right edge of the last word kept on this line
        for i in idx:
            text = str(data["text"][i]).strip()
            conf = float(data["conf"][i])
            # A bullet opens a line or a cell (after a wide gap: a table's value column).
            opens = prev_right is None or data["left"][i] - prev_right > bottom - top
            if (opens and (len(idx) > 1 or conf >= 50) or not any(ch.isalnum() for ch in text)) and _is_bullet(
                text, data["width"][i], data["height"][i], bottom - top
            ):
                text, conf = "•", 100.0
            elif conf < 50 and not any(ch.isalnum() for ch in text) and text not in _SIGNS:
                continue  # a speck read as punctuation
            text = _EDGE_JUNK.sub("", text)  # "<Bekräftelser": a border's remnant glued on
            prev_right = data["left"][i] + data["width"][i]
            text = _AT_MISREAD.sub(r"\1@\2\3", text)
            if conf >= LOW_CONFIDENCE and sum(ch.isalpha() for ch in text) >= 3:
                reading.readable_words += 1
            if conf < 95:
                key = text.lower()
                reading.confidence[key] = min(conf, reading.confidence.get(key, 100.0))
            x0 = data["left"][i]
            out.append((text, x0 * scale, (x0 + data["width"][i]) * scale, top * scale, bottom * scale))
    return out


#: What Tesseract reads a box as when the image search did not find it (a faint or broken frame).
_BOX_LOOKALIKES = {"0", "O", "o", "00", "03", "O0", "0O", "D", "8", "&", "@", "®", "©", "[]", "[", "]", "|", "El",
                   "CI", "Cl", "LI", "L]", "C]", "U", "Q", "X", "x", "×", "Oo", "oO", "☐", "☒", "□", "■"}


def _missed_boxes(words: list[tuple], reading: OcrReading) -> None:
    """A box-like word opening a line (or between options) is a box the image search missed:
    its state is unknown, so the field it belongs to is left undecided, never guessed."""
    for i, word in enumerate(words):
        if word[0] not in _BOX_LOOKALIKES or i + 1 >= len(words):
            continue
        after = [w for w in words[i + 1:i + 5] if abs(w[3] - word[3]) < 0.5]
        if after:
            reading.undecided_boxes.append(" ".join(w[0] for w in after))


#: Signs that mean something even when Tesseract is unsure of them ("14 kap. 1 a § SoL").
_SIGNS = {"§", "%", "&", "+", "=", "/", "-", "–", "—"}
_EDGE_JUNK = re.compile(r"^[<>|\[\]{}](?=[A-ZÅÄÖa-zåäö]{2})")

#: An e-mail address whose "@" Tesseract read as "Q", "(Q", "(O" or "©": "anna.berg(Qregion.se".
#: An upper-case Q between lower-case letters is no Swedish spelling, so the "@" is restored
#: and the redaction check finds the address like any other.
_AT_MISREAD = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._%+-]*[a-z0-9])(?:\(Q|\(O|Q|©|\(@|@\))([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6})([.,;:)]?)$")


def _is_bullet(text: str, width: int, height: int, line_height: int) -> bool:
    """A list bullet, which Tesseract reads as "e", "«", "»«": a small blob opening a line."""
    if text in ("-", "–", "—", "*", "+") or len(text) > 2 or text.isdigit():
        return False  # a dash bullet is read right: keep it as written
    return max(width, height) <= 0.45 * line_height and height >= 0.6 * width  # round, not a dash


# --- rulings and checkboxes ---------------------------------------------------------------


def _runs(ink: np.ndarray) -> np.ndarray:
    """Horizontal runs of ink as rows (y, x0, x1), x1 exclusive."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    d = np.diff(padded, axis=1)
    starts = np.argwhere(d == 1)
    ends = np.argwhere(d == -1)
    return np.column_stack([starts[:, 0], starts[:, 1], ends[:, 1]])


def _merge_runs(runs: np.ndarray, gap: int) -> list[list[int]]:
    """Runs of consecutive rows that overlap merged into bands [y0, y1, x0, x1]."""
    bands: list[list[int]] = []
    open_: list[list[int]] = []
    for y, x0, x1 in sorted(runs.tolist()):
        open_ = [b for b in open_ if y - b[1] <= gap]
        for b in open_:
            if x0 < b[3] and x1 > b[2]:
                b[1], b[2], b[3] = y, min(b[2], x0), max(b[3], x1)
                break
        else:
            b = [y, y, x0, x1]
            bands.append(b)
            open_.append(b)
    return bands


def _rulings(ink: np.ndarray, width_px: int) -> list[tuple[int, int, int, int]]:
    """Long thin lines (table borders): (y0, y1, x0, x1) in pixels, horizontal and vertical."""
    per_pt = width_px / 595.0
    min_len = int(_RULE_MIN_PT * per_pt)
    max_thick = max(int(3 * per_pt), 3)
    out = []
    runs = _runs(ink)
    runs = runs[(runs[:, 2] - runs[:, 1]) >= min_len]
    for y0, y1, x0, x1 in _merge_runs(runs, 2):
        if y1 - y0 + 1 <= max_thick:
            out.append((y0, y1, x0, x1 - 1))
    runs = _runs(ink.T)
    # Vertical borders of one table row are short; no letter stands this tall, though.
    runs = runs[(runs[:, 2] - runs[:, 1]) >= int(_VRULE_MIN_PT * per_pt)]
    for x0, x1, y0, y1 in _merge_runs(runs, 2):
        if x1 - x0 + 1 <= max_thick:
            out.append((y0, y1 - 1, x0, x1))
    return out


def _segment(rule: tuple[int, int, int, int], scale: float) -> dict:
    y0, y1, x0, x1 = (v * scale for v in rule)
    return {"x0": x0, "x1": x1, "top": y0, "bottom": y1}


def _boxes(ink: np.ndarray, width_px: int) -> list[tuple[int, int, int, int, float]]:
    """Small squares: (y0, y1, x0, x1, ink share inside) in pixels.

    A square is a short horizontal stroke with one of the same length under it at the
    distance of its length, joined by two vertical strokes at its ends."""
    per_pt = width_px / 595.0
    lo, hi = int(_BOX_PT[0] * per_pt), int(_BOX_PT[1] * per_pt) + 1
    # Edges are searched on a mask closed by a pixel or two (a frame thinned by the scan
    # breaks into pieces); the sides, the surroundings and the ink inside on the scan itself.
    closed = ink.copy()
    closed[1:] |= ink[:-1]
    closed[:-1] |= ink[1:]
    closed[:, 2:] |= closed[:, :-2] | closed[:, 1:-1]
    runs = _runs(closed)
    runs[:, 2] -= 2
    lengths = runs[:, 2] - runs[:, 1]
    runs = runs[(lengths >= lo) & (lengths <= hi)]
    by_row: dict[int, list[tuple[int, int]]] = {}
    for y, x0, x1 in runs.tolist():
        by_row.setdefault(y, []).append((x0, x1))
    found: list[tuple[int, int, int, int, float]] = []
    tol = max(int(1.2 * per_pt), 2)
    for y, x0, x1 in runs.tolist():
        side = x1 - x0
        if any(b[0] - tol <= y <= b[1] and b[2] - tol <= x0 <= b[3] for b in found):
            continue  # inside or on a box already found
        for dy in range(int(side * 0.8), int(side * 1.2) + 1):
            below = by_row.get(y + dy - 1)
            if not below or not any(abs(bx0 - x0) <= tol and abs(bx1 - x1) <= tol for bx0, bx1 in below):
                continue
            y1 = y + dy - 1
            left = ink[y:y1 + 1, max(x0 - 1, 0):x0 + tol].any(axis=1).mean()
            right = ink[y:y1 + 1, max(x1 - tol, 0):x1 + 1].any(axis=1).mean()
            if left < 0.85 or right < 0.85:
                continue
            # A box stands apart from the text; a bold letter (D, B, a) has neighbours close by.
            mid0, mid1, gap = y + side // 4, y1 + 1 - side // 4, max(side // 3, 3)
            beside = np.concatenate([
                ink[mid0:mid1, max(x0 - 1 - gap, 0):max(x0 - 1, 0)].ravel(), ink[mid0:mid1, x1 + 1:x1 + 1 + gap].ravel()
            ])
            if beside.size and beside.mean() > 0.03:
                continue
            edge = max(int(side * 0.22), 2)
            inside = ink[y + edge:y1 + 1 - edge, x0 + edge:x1 - edge]
            share = float(inside.mean()) if inside.size else 0.0
            found.append((y, y1, x0, x1 - 1, share))
            break
    return found


def _box_words(boxes, words: list[tuple], scale: float, reading: OcrReading) -> list[tuple]:
    """☒/☐ for each box, on the line of the text beside it; undecided boxes are noted."""
    out = []
    for y0, y1, x0, x1, share in boxes:
        top, bottom, left, right = y0 * scale, y1 * scale, x0 * scale, x1 * scale
        middle = (top + bottom) / 2
        same_line = [w for w in words if w[3] - 1 <= middle <= w[4] + 1]
        if same_line:
            top, bottom = min(w[3] for w in same_line), max(w[4] for w in same_line)
        if share >= BOX_TICKED:
            glyph = CHECKED
        elif share <= BOX_EMPTY:
            glyph = UNCHECKED
        else:
            glyph = UNCHECKED
            after = sorted((w for w in same_line if w[1] >= right - 1), key=lambda w: w[1])
            reading.undecided_boxes.append(" ".join(w[0] for w in after[:4]))
        out.append((glyph, left, right, top, bottom))
    return out


# --- notes for review ----------------------------------------------------------------------


def review_fields(fields: dict, template, reading: OcrReading) -> list[str]:
    """Swedish notes on the fields the OCR could not read reliably; a checkbox field whose box
    could not be decided is set to None (never guessed)."""
    notes: list[str] = []
    for spec in template.fields:
        if spec.kind == "contact" or spec.name not in fields:
            continue
        label = spec.labels[0]
        if spec.kind in ("checkbox_group", "boolean"):
            undecided = [t for t in reading.undecided_boxes if _names_option(t, spec)]
            if undecided:
                fields[spec.name] = None
                notes.append(
                    f"En kryssruta under ”{label}” gick inte att avgöra på den inskannade sidan; fältet lämnas tomt."
                )
            continue
        value = fields[spec.name]
        if not value:
            continue
        texts = value if isinstance(value, list) else [value]
        tokens = [t.lower() for text in texts for t in str(text).split()]
        low = [t for t in tokens if reading.confidence.get(t, 100.0) < LOW_CONFIDENCE]
        short = spec.kind in ("date", "party_list") or len(tokens) <= 8
        if (short and low) or (tokens and len(low) / len(tokens) > 0.1):
            notes.append(f"Fältet ”{label}” lästes med osäker OCR-tolkning; kontrollera det mot originalet.")
    return notes


def _names_option(text: str, spec) -> bool:
    """Whether the text after a box is one of the field's options (or the start of one)."""
    low = text.lower().strip()
    labels = [lbl.lower() for opt in spec.options for lbl in opt.labels]
    return bool(low) and any(low.startswith(lbl) or (len(low) >= 2 and lbl.startswith(low)) for lbl in labels)
