"""Render a `FormDoc` as .docx in one of four layouts, the way forms are filled in Word:

- "sdt":    content controls (plain text, rich text, date pickers, drop-down lists,
            w14 checkboxes); unfilled controls show their placeholder (w:showingPlcHdr)
- "legacy": legacy form fields FORMTEXT / FORMCHECKBOX / FORMDROPDOWN (w:ffData)
- "table":  label cell | value cell, checkbox groups as a nested table with "X" marks
- "plain":  paragraphs "Label: value", checkboxes as glyphs ☒ ☐ ■ □ or [X]

python-docx cannot create controls or fields, so these are built as WordprocessingML.
Output bytes are reproducible: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor

from sample_forms.dates import DATE_STYLES
from sample_forms.model import (
    CheckGroup,
    FormDoc,
    Heading,
    Note,
    Subtitle,
    TextField,
    Title,
)

LAYOUTS = ("sdt", "legacy", "table", "plain")
NS = nsdecls("w", "w14")
EN_SPACES = "\u2002" * 5  # what Word shows in an empty legacy text field
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _run(text: str, bold: bool = False, italic: bool = False, gray: bool = False, font: str | None = None) -> str:
    props = ""
    if font:
        props += f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:hint="eastAsia"/>'
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    if gray:
        props += '<w:color w:val="808080"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_t(text)}</w:r>"


def _lines_runs(lines: list[str], gray: bool = False) -> str:
    out = []
    for i, ln in enumerate(lines):
        if i:
            out.append("<w:r><w:br/></w:r>")
        out.append(_run(ln, gray=gray))
    return "".join(out)


class _Writer:
    def __init__(self, form: FormDoc, layout: str, rng: random.Random):
        self.form = form
        self.layout = layout
        self.rng = rng
        self.document = docx.Document()
        self.body = self.document.element.body
        self.sect = self.body[-1]  # sectPr stays last
        self._id = 1000 + rng.randrange(1000)
        self._ff = 0
        self.label_bold = rng.random() < 0.6
        self.glyphs = rng.choice([("☒", "☐"), ("■", "□"), ("[X]", "[ ]"), ("☒", "☐")])
        self.mark = rng.choice(["X", "x", "☒"])
        self.tab_sep = rng.random() < 0.3
        self.nest_contacts = rng.random() < 0.5
        st = self.document.styles["Normal"]
        st.font.name = rng.choice(["Arial", "Calibri", "Times New Roman"])
        st.font.size = Pt(rng.choice([10, 11, 12]))
        ph = self.document.styles.add_style("Platshallartext", WD_STYLE_TYPE.CHARACTER)
        ph.font.color.rgb = RGBColor(0x80, 0x80, 0x80)

    # -- low level -------------------------------------------------------------------
    def next_id(self) -> int:
        self._id += 1
        return self._id

    def add(self, xml: str) -> None:
        self.sect.addprevious(parse_xml(xml))

    def para(self, inner: str, style: str | None = None) -> str:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p {NS}>{ppr}{inner}</w:p>"

    def label_run(self, label: str) -> str:
        return _run(label, bold=self.label_bold)

    # -- content controls ------------------------------------------------------------
    def sdt_pr(self, f: TextField, extra: str = "") -> str:
        alias = (f.label or f.key).split("\n")[0].rstrip(":")
        show = "<w:showingPlcHdr/>" if f.value is None else ""
        return (
            f'<w:sdtPr><w:alias w:val="{escape(alias, {chr(34): "&quot;"})}"/><w:tag w:val="{f.key}"/>'
            f'<w:id w:val="{self.next_id()}"/>{show}{extra}</w:sdtPr>'
        )

    def ph_run(self, text: str) -> str:
        return f'<w:r><w:rPr><w:rStyle w:val="Platshallartext"/></w:rPr>{_t(text)}</w:r>'

    def sdt_inline(self, f: TextField) -> str:
        if f.kind == "date":
            full = f'w:fullDate="{f.date.isoformat()}T00:00:00Z"' if f.date else ""
            extra = (
                f'<w:date {full}><w:dateFormat w:val="{DATE_STYLES[f.date_style]}"/><w:lid w:val="sv-SE"/>'
                '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
            )
        elif f.kind == "dropdown":
            items = '<w:listItem w:displayText="Välj ett objekt." w:value=""/>' + "".join(
                f'<w:listItem w:displayText="{escape(c)}" w:value="{escape(c)}"/>' for c in f.choices
            )
            last = f' w:lastValue="{escape(f.value)}"' if f.value else ""
            extra = f"<w:dropDownList{last}>{items}</w:dropDownList>"
        else:
            extra = '<w:text w:multiLine="1"/>' if f.kind == "multiline" else "<w:text/>"
        content = _lines_runs(f.lines) if f.value is not None else self.ph_run(f.placeholder)
        return f"<w:sdt>{self.sdt_pr(f, extra)}<w:sdtContent>{content}</w:sdtContent></w:sdt>"

    def sdt_block(self, f: TextField) -> str:
        """A rich-text control spanning paragraphs (for long free text)."""
        if f.value is None:
            paras = self.para(self.ph_run(f.placeholder))
        else:
            paras = "".join(self.para(_run(ln)) for ln in f.lines)
        return f"<w:sdt {NS}>{self.sdt_pr(f)}<w:sdtContent>{paras}</w:sdtContent></w:sdt>"

    def sdt_checkbox(self, checked: bool) -> str:
        glyph = "☒" if checked else "☐"
        return (
            f'<w:sdt><w:sdtPr><w:id w:val="{self.next_id()}"/><w14:checkbox>'
            f'<w14:checked w14:val="{1 if checked else 0}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            f"<w:sdtContent>{_run(glyph, font='MS Gothic')}</w:sdtContent></w:sdt>"
        )

    # -- legacy form fields ----------------------------------------------------------
    def ff_name(self, prefix: str) -> str:
        self._ff += 1
        return f"{prefix}{self._ff}"

    def legacy_text(self, f: TextField) -> str:
        name = self.ff_name("Text")
        if f.kind == "date":
            ti = f'<w:textInput><w:type w:val="date"/><w:format w:val="{DATE_STYLES[f.date_style]}"/></w:textInput>'
        else:
            ti = "<w:textInput/>"
        result = _lines_runs(f.lines) if f.value is not None else _run(EN_SPACES)
        bid = self.next_id()
        return (
            f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'
            f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
            f'<w:calcOnExit w:val="0"/>{ti}</w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{result}<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{bid}"/>'
        )

    def legacy_checkbox(self, checked: bool) -> str:
        name = self.ff_name("Kryss")
        style = self.rng.randrange(3)
        if checked:
            state = '<w:default w:val="1"/>' if style == 0 else '<w:default w:val="0"/><w:checked/>'
        else:
            state = '<w:default w:val="0"/>' if style < 2 else '<w:default w:val="1"/><w:checked w:val="0"/>'
        bid = self.next_id()
        return (
            f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'
            f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
            f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{bid}"/>'
        )

    def legacy_dropdown(self, f: TextField) -> str:
        name = self.ff_name("Listruta")
        entries = [EN_SPACES] + f.choices
        result = f'<w:result w:val="{entries.index(f.value)}"/>' if f.value else ""
        items = "".join(f'<w:listEntry w:val="{escape(e)}"/>' for e in entries)
        bid = self.next_id()
        return (
            f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'
            f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
            f'<w:calcOnExit w:val="0"/><w:ddList>{result}{items}</w:ddList></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{bid}"/>'
        )

    # -- value rendering per layout --------------------------------------------------
    def value_inline(self, f: TextField) -> str:
        if self.layout == "sdt":
            return self.sdt_inline(f)
        if self.layout == "legacy":
            return self.legacy_dropdown(f) if f.kind == "dropdown" else self.legacy_text(f)
        if f.value is None:
            return _run(f.placeholder, gray=True) if f.kind != "dropdown" else ""
        return _lines_runs(f.lines)

    def checkbox(self, checked: bool) -> str:
        if self.layout == "sdt":
            return self.sdt_checkbox(checked)
        if self.layout == "legacy":
            return self.legacy_checkbox(checked)
        return _run(self.glyphs[0] if checked else self.glyphs[1])

    # -- elements ----------------------------------------------------------------------
    def title(self, text: str) -> None:
        if self.form.revision == "B":
            self.add(self.para(_run(text), style="Heading1"))
        else:
            self.add(self.para(f'<w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>{_t(text)}</w:r>'))

    def heading(self, text: str) -> None:
        if self.form.revision == "B" and self.rng.random() < 0.5:
            self.add(self.para(_run(text), style="Heading2"))
        else:
            self.add(self.para(_run(text, bold=True)))

    def note(self, text: str) -> None:
        self.add(self.para(_run(text, italic=True)))

    def label_text(self, label: str) -> str:
        return label.split("\n")[0]

    def field_paragraphs(self, f: TextField) -> None:
        """sdt / legacy / plain layouts."""
        label = f.label
        if label and "\n" in label:  # main label + italic hint line (Lex Heller)
            main, hint = label.split("\n", 1)
            label_xml = self.label_run(main) + "<w:r><w:br/></w:r>" + _run(hint, italic=True)
        else:
            label_xml = self.label_run(label) if label else ""
        long_text = f.kind == "multiline" or label is None
        if self.layout == "sdt" and long_text and (f.key in ("description", "response_text") or label is None):
            if label:
                self.add(self.para(label_xml))
            self.add(self.sdt_block(f))
            return
        if self.layout == "plain":
            if long_text or (label and "\n" in label):
                if label:
                    self.add(self.para(label_xml if label.split("\n")[0].endswith(":") else label_xml + _run(":")))
                vals = f.lines if f.value is not None else [f.placeholder]
                for ln in vals:
                    self.add(self.para(_run(ln, gray=f.value is None)))
                return
            sep = "\t" if self.tab_sep else (" " if label.endswith(":") else ": ")
            self.add(self.para(label_xml + _run(sep) + self.value_inline(f)))
            return
        if long_text and label:
            self.add(self.para(label_xml))
            self.add(self.para(self.value_inline(f)))
            return
        self.add(self.para((label_xml + _run(" ") if label else "") + self.value_inline(f)))

    def option_xml(self, opt) -> str:
        xml = self.checkbox(opt.checked) + _run(" " + opt.label)
        if opt.detail is not None and (opt.detail.value is not None or self.layout in ("sdt", "legacy")):
            xml += _run(" ") + self.value_inline(opt.detail)
        return xml

    def group_paragraphs(self, g: CheckGroup) -> None:
        self.add(self.para(self.label_run(g.label)))
        if g.inline or (self.layout == "plain" and self.rng.random() < 0.3):
            parts = [self.option_xml(o) for o in g.options]
            self.add(self.para(_run("   ").join(parts)))
        else:
            for o in g.options:
                self.add(self.para(self.option_xml(o)))

    # -- table layout ----------------------------------------------------------------
    def cell(self, inner_paras: str, width: int, span: int = 1) -> str:
        gs = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{gs}</w:tcPr>{inner_paras}</w:tc>'

    def table(self, rows: list[str], widths: list[int]) -> str:
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (
            f'<w:tbl {NS}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )

    def value_paras(self, f: TextField) -> str:
        if f.value is None:
            return self.para(_run(f.placeholder, gray=True))
        return "".join(self.para(_run(ln)) for ln in f.lines)

    def group_table(self, g: CheckGroup) -> str:
        rows = []
        for o in g.options:
            mark = self.mark if o.checked else ("☐" if self.mark == "☒" else "")
            detail = o.detail.value if o.detail is not None and o.detail.value else ""
            rows.append(
                "<w:tr>" + self.cell(self.para(_run(mark)), 400) + self.cell(self.para(_run(o.label)), 3000)
                + self.cell(self.para(_run(detail)), 2000) + "</w:tr>"
            )
        return self.table(rows, [400, 3000, 2000]) + self.para("")

    def label_cell_paras(self, label: str) -> str:
        if "\n" in label:
            main, hint = label.split("\n", 1)
            return self.para(self.label_run(main)) + self.para(_run(hint, italic=True))
        return self.para(self.label_run(label))

    def section_table(self, items: list) -> None:
        rows = []
        for it in items:
            if isinstance(it, TextField):
                if it.label is None:
                    rows.append("<w:tr>" + self.cell(self.value_paras(it), 9000, span=2) + "</w:tr>")
                else:
                    rows.append("<w:tr>" + self.cell(self.label_cell_paras(it.label), 3000) + self.cell(self.value_paras(it), 6000) + "</w:tr>")
            elif isinstance(it, CheckGroup):
                rows.append("<w:tr>" + self.cell(self.label_cell_paras(it.label), 3000) + self.cell(self.group_table(it), 6000) + "</w:tr>")
            elif isinstance(it, Note):
                rows.append("<w:tr>" + self.cell(self.para(_run(it.text, italic=True)), 9000, span=2) + "</w:tr>")
        self.add(self.table(rows, [3000, 6000]))
        self.add(self.para(""))

    def nested_contacts(self, heading: str, items: list[TextField]) -> None:
        inner_rows = [
            "<w:tr>" + self.cell(self.para(self.label_run(f.label)), 2200) + self.cell(self.value_paras(f), 3800) + "</w:tr>"
            for f in items
        ]
        inner = self.table(inner_rows, [2200, 3800]) + self.para("")
        outer = "<w:tr>" + self.cell(self.para(_run(heading, bold=True)), 3000) + self.cell(inner, 6000) + "</w:tr>"
        self.add(self.table([outer], [3000, 6000]))
        self.add(self.para(""))

    # -- driver ------------------------------------------------------------------------
    def render(self) -> None:
        els = self.form.elements
        if self.layout != "table":
            for el in els:
                self.render_flow(el)
            return
        i = 0
        while i < len(els):
            el = els[i]
            if isinstance(el, (TextField, CheckGroup)):
                j = i
                while j < len(els) and isinstance(els[j], (TextField, CheckGroup, Note)):
                    j += 1
                self.section_table(els[i:j])
                i = j
                continue
            if isinstance(el, Heading) and self.nest_contacts:
                j = i + 1
                while j < len(els) and isinstance(els[j], TextField) and els[j].kind in ("text", "date") and els[j].label:
                    j += 1
                if j - i > 3:
                    self.nested_contacts(el.text, els[i + 1 : j])
                    i = j
                    continue
            self.render_flow(el)
            i += 1

    def render_flow(self, el) -> None:
        if isinstance(el, Title):
            self.title(el.text)
        elif isinstance(el, Subtitle):
            self.add(self.para(_run(el.text, italic=True)))
        elif isinstance(el, Heading):
            self.heading(el.text)
        elif isinstance(el, Note):
            self.note(el.text)
        elif isinstance(el, TextField):
            self.field_paragraphs(el)
        elif isinstance(el, CheckGroup):
            self.group_paragraphs(el)


def render_docx(form: FormDoc, layout: str, rng: random.Random, modified: datetime) -> bytes:
    w = _Writer(form, layout, rng)
    w.render()
    cp = w.document.core_properties
    cp.author = form.template_author
    cp.last_modified_by = form.author
    cp.title = form.elements[0].text if form.elements and isinstance(form.elements[0], Title) else ""
    cp.created = datetime(2019, 2, 7, 9, 0, tzinfo=timezone.utc)
    cp.modified = modified
    cp.last_printed = datetime(2019, 2, 7, 9, 0, tzinfo=timezone.utc)
    cp.revision = 1 + rng.randrange(12)
    buf = io.BytesIO()
    w.document.save(buf)
    return normalize_zip(buf.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write_docx(form: FormDoc, layout: str, path: Path, rng: random.Random, modified: datetime) -> None:
    path.write_bytes(render_docx(form, layout, rng, modified))
