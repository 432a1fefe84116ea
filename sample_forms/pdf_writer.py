"""Render a `FormDoc` as PDF:

- "text":     a text-layer PDF as Word exports it (labels and values side by side in ruled
              tables, or values below their labels; unfilled fields show their placeholder;
              checkboxes as ☒/☐ glyphs)
- "acroform": a fillable PDF with AcroForm text fields, check boxes and combo boxes, named the
              way form authors name them (not equal to the printed labels); printed labels
              beside the widgets; unfilled fields are empty

Bytes are reproducible (reportlab `invariant=1`).
"""

from __future__ import annotations

import io
import random
import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import acroform, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sample_forms.model import CheckGroup, FormDoc, Heading, Note, Subtitle, TextField, Title

LAYOUTS = ("text", "acroform")
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONTS_OK = False


def _fonts() -> tuple[str, str, str]:
    """DejaVuSans (has ☒ ☐ ■ □) when available, else the built-in Helvetica."""
    global _FONTS_OK
    if (_FONT_DIR / "DejaVuSans.ttf").exists():
        if not _FONTS_OK:
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(_FONT_DIR / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Oblique", str(_FONT_DIR / "DejaVuSans-Oblique.ttf")))
            _FONTS_OK = True
        return "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
    return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


def _has_glyph_font() -> bool:
    return _fonts()[0] == "DejaVuSans"


def _box(checked: bool) -> str:
    if _has_glyph_font():
        return "☒" if checked else "☐"
    return "[X]" if checked else "[  ]"


# ------------------------------------------------------------------------ text layer ---


def _p(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def render_text_pdf(form: FormDoc, rng: random.Random, modified: datetime) -> bytes:
    regular, bold, italic = _fonts()
    side_by_side = rng.random() < 0.6
    size = rng.choice([9.5, 10, 10.5])
    st_norm = ParagraphStyle("n", fontName=regular, fontSize=size, leading=size * 1.3)
    st_gray = ParagraphStyle("g", parent=st_norm, textColor=colors.HexColor("#808080"))
    st_label = ParagraphStyle("l", parent=st_norm, fontName=bold)
    st_title = ParagraphStyle("t", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    st_head = ParagraphStyle("h", fontName=bold, fontSize=size + 1, leading=(size + 1) * 1.3, spaceBefore=8, spaceAfter=3)
    st_note = ParagraphStyle("o", fontName=italic, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, spaceAfter=3)

    def value_par(f: TextField) -> Paragraph:
        if f.value is None:
            return Paragraph(_p(f.placeholder) if f.kind != "dropdown" else "", st_gray)
        return Paragraph(_p(f.value), st_norm)

    def label_par(label: str) -> Paragraph:
        if "\n" in label:
            main, hint = label.split("\n", 1)
            return Paragraph(f"{_p(main)}<br/><font name='{italic}' size='{size - 1.5}'>{_p(hint)}</font>", st_label)
        return Paragraph(_p(label), st_label)

    def group_par(g: CheckGroup) -> Paragraph:
        parts = []
        for o in g.options:
            s = f"{_box(o.checked)} {_p(o.label)}"
            if o.detail is not None:
                if o.detail.value:
                    s += f" {_p(o.detail.value)}"
                elif o.detail.kind != "dropdown":
                    s += f" <font color='#808080'>{_p(o.detail.placeholder)}</font>"
            parts.append(s)
        return Paragraph(("&nbsp;&nbsp;&nbsp;" if g.inline else "<br/>").join(parts), st_norm)

    story: list = []
    rows: list = []

    def flush() -> None:
        if rows:
            t = Table(list(rows), colWidths=[5.2 * 28.35, 11.3 * 28.35])
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (0, 0), (0, 0)),
            ] + [("SPAN", (0, i), (1, i)) for i, r in enumerate(rows) if r[1] == ""]))
            story.append(t)
            story.append(Spacer(1, 6))
            rows.clear()

    for el in form.elements:
        if isinstance(el, (TextField, CheckGroup)) and side_by_side:
            if isinstance(el, TextField) and el.label is None:
                rows.append([value_par(el), ""])
            elif isinstance(el, TextField):
                rows.append([label_par(el.label), value_par(el)])
            else:
                rows.append([label_par(el.label), group_par(el)])
            continue
        flush()
        if isinstance(el, Title):
            story.append(Paragraph(_p(el.text), st_title))
        elif isinstance(el, Subtitle):
            story.append(Paragraph(_p(el.text), st_note))
        elif isinstance(el, Heading):
            story.append(Paragraph(_p(el.text), st_head))
        elif isinstance(el, Note):
            story.append(Paragraph(_p(el.text), st_note))
        elif isinstance(el, TextField):
            if el.label and (el.kind == "multiline" or "\n" in el.label):
                story.append(label_par(el.label))
                story.append(value_par(el))
                story.append(Spacer(1, 4))
            elif el.label:
                v = el.value if el.value is not None else el.placeholder
                color = "" if el.value is not None else " color='#808080'"
                story.append(Paragraph(f"<font name='{bold}'>{_p(el.label)}</font> <font{color}>{_p(v)}</font>", st_norm))
            else:
                story.append(value_par(el))
        elif isinstance(el, CheckGroup):
            story.append(label_par(el.label))
            story.append(group_par(el))
            story.append(Spacer(1, 4))
    flush()

    buf = io.BytesIO()
    title = form.elements[0].text if isinstance(form.elements[0], Title) else ""
    doc = SimpleDocTemplate(
        buf, pagesize=A4, invariant=1, title=title, author=form.author,
        creator="Microsoft® Word för Microsoft 365", subject="",
        leftMargin=56, rightMargin=56, topMargin=56, bottomMargin=56,
    )
    doc.build(story)
    return buf.getvalue()


# -------------------------------------------------------------------------- acroform ---


def _field_namer(form: FormDoc, rng: random.Random):
    """Field names as a form author (rev A: hand-named) or Acrobat's form wizard (rev B:
    from the nearby label, deduplicated with _2, _3; check boxes 'Check Box1'...)."""
    used: dict[str, int] = {}
    counter = {"text": 0, "check": 0, "list": 0}
    prefix_style = rng.choice(["camel", "snake"])

    def name(kind: str, key: str, label: str | None) -> str:
        counter[kind] += 1
        if form.revision == "A":
            if prefix_style == "camel":
                pre = {"text": "txt", "check": "chk", "list": "lst"}[kind]
                base = pre + "".join(part.capitalize() for part in key.split("_"))
            else:
                base = {"text": "", "check": "kryss_", "list": "lista_"}[kind] + key
        else:
            if kind == "check":
                base = f"Check Box{counter['check']}"
            elif kind == "list" or not label:
                base = f"{'Dropdown' if kind == 'list' else 'Text'}{counter[kind]}"
            else:
                base = re.sub(r"[():.\[\]]", "", label.split("\n")[0]).strip()
        n = used.get(base, 0) + 1
        used[base] = n
        return base if n == 1 else f"{base}_{n}"

    return name


def _latin1_appearance(s: str) -> str:
    """reportlab draws field appearances in a Latin-1 font; the field value (/V) itself keeps
    every character. Characters outside Latin-1 are drawn as their nearest look-alike."""
    s = s.replace("\u2022", "\u00b7").replace("\u2013", "-").replace("\u2014", "-")
    return s.encode("latin-1", "replace").decode("latin-1")


_orig_esc = acroform.escPDF


def _esc(s: str) -> str:
    return _orig_esc(_latin1_appearance(s))


def render_acroform_pdf(form: FormDoc, rng: random.Random, modified: datetime) -> bytes:
    acroform.escPDF = _esc
    try:
        return _render_acroform_pdf(form, rng, modified)
    finally:
        acroform.escPDF = _orig_esc


def _render_acroform_pdf(form: FormDoc, rng: random.Random, modified: datetime) -> bytes:
    regular, bold, italic = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    title = form.elements[0].text if isinstance(form.elements[0], Title) else ""
    c.setTitle(title)
    c.setAuthor(form.template_author)
    c.setCreator("Adobe Acrobat Pro (64-bit)")
    width, height = A4
    left, label_w, field_x = 50, 170, 230
    field_w = width - 50 - field_x
    y = height - 60
    af = c.acroForm
    name = _field_namer(form, rng)
    fs = 9

    def need(h: float) -> None:
        nonlocal y
        if y - h < 60:
            c.showPage()
            y = height - 60

    def text_lines(text: str, font: str, size: float, x: float, w: float) -> None:
        nonlocal y
        for ln in simpleSplit(text, font, size, w):
            need(size + 3)
            c.setFont(font, size)
            c.drawString(x, y - size, ln)
            y -= size + 3

    def text_widget(f: TextField, x: float, w: float, label: str | None, h: float | None = None) -> None:
        multi = f.kind == "multiline" or (f.value is not None and "\n" in f.value)
        h = h or (58 if multi else 16)
        kind = "list" if f.kind == "dropdown" else "text"
        nm = name(kind, f.key, label)
        if f.kind == "dropdown":
            opts = [" "] + f.choices
            af.choice(name=nm, value=f.value or " ", options=opts, x=x, y=y - h, width=w, height=h,
                      fontSize=fs, borderWidth=0.5, fieldFlags="combo")
        else:
            af.textfield(name=nm, value=f.value or "", x=x, y=y - h, width=w, height=h, fontSize=fs,
                         borderWidth=0.5, fieldFlags="multiline" if multi else "", maxlen=10000)

    c.setFont(regular, fs)
    for el in form.elements:
        if isinstance(el, Title):
            need(24)
            c.setFont(bold, 14)
            c.drawString(left, y - 14, el.text)
            y -= 24
        elif isinstance(el, Subtitle):
            text_lines(el.text, italic, 7.5, left, width - 100)
            y -= 4
        elif isinstance(el, Heading):
            y -= 6
            text_lines(el.text, bold, 10, left, width - 100)
            y -= 2
        elif isinstance(el, Note):
            text_lines(el.text, italic, 7.5, left, width - 100)
            y -= 2
        elif isinstance(el, TextField):
            multi = el.kind == "multiline"
            h = 58 if multi else 16
            if el.label is None:
                need(h + 6)
                text_widget(el, left, width - 100, None, h)
                y -= h + 6
                continue
            label_lines = simpleSplit(el.label.replace("\n", " – "), regular, fs, label_w)
            block = max(h, len(label_lines) * (fs + 2))
            need(block + 6)
            c.setFont(regular, fs)
            for i, ln in enumerate(label_lines):
                c.drawString(left, y - fs - i * (fs + 2), ln)
            text_widget(el, field_x, field_w, el.label, h)
            y -= block + 6
        elif isinstance(el, CheckGroup):
            label_lines = simpleSplit(el.label, regular, fs, label_w)
            need(14 * (1 if el.inline else len(el.options)) + 6)
            c.setFont(regular, fs)
            for i, ln in enumerate(label_lines):
                c.drawString(left, y - fs - i * (fs + 2), ln)
            x = field_x
            top = y
            for o in el.options:
                af.checkbox(name=name("check", f"{el.key}_{o.label.split(' ')[0].lower()}", o.label),
                            checked=o.checked, x=x, y=y - 11, size=10, buttonStyle="cross", borderWidth=0.5)
                c.setFont(regular, fs)
                c.drawString(x + 14, y - 9, o.label)
                lw = pdfmetrics.stringWidth(o.label, regular, fs)
                if o.detail is not None:
                    dx = x + 20 + lw
                    text_widget(o.detail, dx, max(width - 50 - dx, 80), None, 13)
                if el.inline:
                    x += lw + 30
                else:
                    y -= 15
            y = min(y, top - max(len(label_lines) * (fs + 2), 15)) - 6 if el.inline else min(y, top - len(label_lines) * (fs + 2)) - 6
    c.showPage()
    c.save()
    return buf.getvalue()


def render_pdf(form: FormDoc, layout: str, rng: random.Random, modified: datetime) -> bytes:
    if layout == "text":
        return render_text_pdf(form, rng, modified)
    if layout == "acroform":
        return render_acroform_pdf(form, rng, modified)
    raise ValueError(layout)
