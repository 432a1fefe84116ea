"""Inputs avvik must reject, each with the error class (schema/errors.py) it must give."""

from __future__ import annotations

import io
import random
import zipfile
from unittest import mock
from datetime import date, datetime, timezone
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from sample_forms import docx_writer, pdf_writer
from sample_forms.eml_writer import render_eml
from sample_forms.families import FillOptions, build_bus
from sample_forms.model import CheckGroup, FormDoc, Heading, Note, TextField, Title

FIXED = datetime(2025, 3, 3, 9, 15, tzinfo=timezone.utc)
BOMB_MEMBER_BYTES = 220 * 1024 * 1024  # expands beyond the 200 MB limit


def _agenda() -> FormDoc:
    return FormDoc("other", "A", [
        Title("Dagordning – Lokal BUS-grupp"),
        Note("Tid: tisdag 14 januari kl. 13.00–15.00. Plats: Kommunhuset, sal Ekorren."),
        Heading("1. Mötets öppnande"),
        Heading("2. Föregående minnesanteckningar"),
        Heading("3. Genomgång av inkomna avvikelser (avidentifierade)"),
        Note("Sammanställning skickas ut en vecka innan mötet."),
        Heading("4. Information från BUS-sekretariatet"),
        Heading("5. SIP-utbildning våren"),
        Heading("6. Övriga frågor"),
        Heading("7. Nästa möte"),
    ], template_author="Kommunhuset")


def _empty_bus() -> FormDoc:
    built = build_bus(4711, date(2025, 1, 1), FillOptions(revision="A"))
    for el in built.doc.elements:
        if isinstance(el, TextField):
            el.value = None
            el.date = None
        if isinstance(el, CheckGroup):
            for o in el.options:
                o.checked = False
    built.doc.author = ""
    return built.doc


def _scanned_pdf() -> bytes:
    """A scan with nothing to read (the blank back of a sheet): rejected with or without OCR.
    Scans of filled forms are read by OCR (sample_forms/scans.py)."""
    img = Image.new("L", (620, 877), 250)
    draw = ImageDraw.Draw(img)
    rng = random.Random(7)
    for _ in range(400):  # scanner noise
        x, y = rng.randrange(620), rng.randrange(877)
        draw.point((x, y), fill=rng.randrange(120, 220))
    jpg = io.BytesIO()
    img.save(jpg, format="JPEG", quality=35)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setCreator("Canon iR-ADV C5535 PDF")
    c.drawImage(ImageReader(io.BytesIO(jpg.getvalue())), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def _zip_bomb_docx() -> bytes:
    out = io.BytesIO()
    t = docx_writer.FIXED_ZIP_TIME
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", t), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("_rels/.rels", t), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("word/document.xml", t), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            "<w:p><w:r><w:t>AVVIKELSEBLANKETT FÖR BUS-SAMVERKAN</w:t></w:r></w:p></w:body></w:document>"
        ), compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/media/image1.png", t)
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = b"\0" * (4 * 1024 * 1024)
        with z.open(info, "w", force_zip64=True) as f:
            for _ in range(BOMB_MEMBER_BYTES // len(chunk)):
                f.write(chunk)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    t = docx_writer.FIXED_ZIP_TIME
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", t), (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ))
        z.writestr(zipfile.ZipInfo("xl/workbook.xml", t), (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheets><sheet name="Avvikelser 2025" sheetId="1"/></sheets></workbook>'
        ))
    return out.getvalue()


def reject_files() -> list[tuple[str, bytes, str]]:
    """(file name, bytes, expected error class name)."""
    rng = random.Random(99)
    bus = build_bus(1234, date(2025, 2, 3), FillOptions(revision="A"))
    text_pdf = pdf_writer.render_pdf(bus.doc, "text", random.Random(1), FIXED)
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf)))
    enc = io.BytesIO()
    # RC4 keys derive from the file identifier; fix it so the bytes are reproducible
    with mock.patch("pypdf._writer.secrets.token_bytes", lambda n: bytes(range(1, n + 1))):
        w.encrypt(user_password="avvik2025", owner_password="avvik2025-owner", algorithm="RC4-128")
        w.write(enc)
    docm = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(docx_writer.render_docx(bus.doc, "sdt", random.Random(2), FIXED)))
    with zipfile.ZipFile(docm, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                ).replace(b"application/vnd.openxmlformats-officedocument.ms-word", b"application/vnd.ms-word")
            zi = zipfile.ZipInfo(info.filename, docx_writer.FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + bytes(
        rng.randrange(256) for _ in range(4056)
    )
    eml = render_eml(
        "Lena Forsberg", "lena.forsberg@nacka.se", "08-465 004 12", "Socialtjänsten Nacka kommun",
        "BUS-avvikelser@storsthlm.se", "BUS-avvikelse", "Här kommer en BUS-avvikelse, blanketten bifogas.",
        [], FIXED, 900,
    )
    return [
        ("tom_fil.docx", b"", "EmptyFile"),
        ("Avvikelse BUS trasig.docx", bytes(rng.randrange(256) for _ in range(3000)), "CorruptFile"),
        ("Avvikelserapport avbruten.pdf", text_pdf[:2048], "CorruptFile"),
        ("Dagordning BUS-gruppen januari.docx", docx_writer.render_docx(_agenda(), "plain", random.Random(3), FIXED), "UnknownForm"),
        ("BUS-avvikelse lösenord.pdf", enc.getvalue(), "EncryptedPdf"),
        ("Inskannad avvikelse.pdf", _scanned_pdf(), "ScannedPdf"),
        ("BUS-avvikelse tom blankett.docx", docx_writer.render_docx(_empty_bus(), "sdt", random.Random(4), FIXED), "EmptyForm"),
        ("Avvikelse gammal Word.doc", ole, "LegacyWordFormat"),
        ("Avvikelse med makro.docm", docm.getvalue(), "LegacyWordFormat"),
        ("anteckningar.txt", "Avvikelse BUS – ring BUP Järva på måndag.\n".encode(), "UnsupportedFileType"),
        ("Avvikelser sammanställning 2025.xlsx", _xlsx(), "UnsupportedFileType"),
        ("Avvikelse stor bilaga.docx", _zip_bomb_docx(), "ArchiveBomb"),
        ("Vidarebefordrat BUS-avvikelse.eml", eml, "NoAttachedForms"),
    ]


def write_rejects(rejects_dir: Path, expected_dir: Path) -> list[Path]:
    import json

    out = []
    for name, data, error in reject_files():
        (rejects_dir / name).write_bytes(data)
        (expected_dir / f"{name}.json").write_text(
            json.dumps({"file": name, "error": error}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        out.append(rejects_dir / name)
    return out
