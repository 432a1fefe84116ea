"""Small real .docx / .pdf / .eml files for reader tests (python-docx, reportlab, stdlib)."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

import docx
from docx.oxml import parse_xml

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W14_NS = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def sdt_text(value: str | None, placeholder: str = "Klicka här för att ange text.") -> str:
    if value is None:
        return (f'<w:sdt {W_NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr>'
                f'<w:sdtContent><w:r><w:t>{placeholder}</w:t></w:r></w:sdtContent></w:sdt>')
    return f'<w:sdt {W_NS}><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve">{value}</w:t></w:r></w:sdtContent></w:sdt>'


def sdt_checkbox(checked: bool) -> str:
    glyph = "☒" if checked else "☐"
    return (f'<w:sdt {W_NS} {W14_NS}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
            f'</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>')


def legacy_checkbox(checked: bool, style: str = "checked") -> str:
    state = ('<w:default w:val="0"/><w:checked/>' if style == "checked" else '<w:default w:val="1"/>') if checked \
        else '<w:default w:val="1"/><w:checked w:val="0"/>'
    return (f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>{state}'
            f'</w:checkBox></w:ffData></w:fldChar></w:r>'
            f'<w:r {W_NS}><w:instrText> FORMCHECKBOX </w:instrText></w:r>'
            f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>')


def legacy_text(value: str) -> str:
    return (f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"><w:ffData><w:textInput/></w:ffData></w:fldChar></w:r>'
            f'<w:r {W_NS}><w:instrText> FORMTEXT </w:instrText></w:r>'
            f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r {W_NS}><w:t xml:space="preserve">{value}</w:t></w:r>'
            f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>')


class DocxBuilder:
    """Paragraphs whose inline XML can hold content controls and form fields."""

    def __init__(self) -> None:
        self.doc = docx.Document()

    def para(self, text: str = "", *xml_parts: str) -> "DocxBuilder":
        p = self.doc.add_paragraph(text)
        for part in xml_parts:
            wrapper = parse_xml(f"<w:wrapper {W_NS}>{part}</w:wrapper>")
            for child in list(wrapper):
                p._p.append(child)
        return self

    def table(self, rows: list[list[str]], nested_in: tuple[int, int] | None = None) -> "DocxBuilder":
        table = self.doc.add_table(rows=0, cols=max(len(r) for r in rows))
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
        return self

    def nested(self, outer_label: str, rows: list[list[str]]) -> "DocxBuilder":
        outer = self.doc.add_table(rows=1, cols=2)
        outer.rows[0].cells[0].text = outer_label
        inner = outer.rows[0].cells[1].add_table(rows=0, cols=2)
        for row in rows:
            cells = inner.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
        return self

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def save(self, path: Path) -> Path:
        path.write_bytes(self.bytes())
        return path


def text_pdf(lines: list[tuple[float, float, str]], path: Path) -> Path:
    """A text-layer PDF; each (x, y_from_top, text) drawn with a Unicode TTF font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", candidate))
            font = "DejaVu"
    c = canvas.Canvas(str(path))
    height = c._pagesize[1]
    c.setFont(font, 10)
    for x, y, text in lines:
        c.drawString(x, height - y, text)
    c.save()
    return path


def eml(attachments: list[tuple[str, bytes]], path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "a@example.se"
    msg["To"] = "b@example.se"
    msg["Subject"] = "Avvikelse"
    msg.set_content("Hej, se bifogad blankett.")
    for name, data in attachments:
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(msg.as_bytes())
    return path
