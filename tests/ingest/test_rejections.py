"""Every kind of bad file ends as a typed rejection with a Swedish reason, never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ingest import ReadLimits, read_forms
from schema import errors
from schema.mapping import to_deviation
from tests.ingest.builders import DocxBuilder, eml, text_pdf


def _zip_bomb(path: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/big.bin", b"\0" * (30 * 1024 * 1024))
    path.write_bytes(buf.getvalue())
    return path


def _encrypted_pdf(tmp_path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = text_pdf([(60, 60, "Avvikelse i samverkan")], tmp_path / "plain.pdf")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemligt", owner_password="owner")
    out = tmp_path / "locked.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def _scanned_pdf(tmp_path: Path) -> Path:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    return path


CASES = {
    "empty": (lambda t: _write(t / "tom.docx", b""), errors.EmptyFile),
    "unsupported": (lambda t: _write(t / "lista.xlsx", b"PK\x03\x04"), errors.UnsupportedFileType),
    "txt": (lambda t: _write(t / "anteckningar.txt", b"hej"), errors.UnsupportedFileType),
    "doc": (lambda t: _write(t / "gammal.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), errors.LegacyWordFormat),
    "docm": (lambda t: _write(t / "makro.docm", b"PK\x03\x04"), errors.LegacyWordFormat),
    "ole_in_docx": (lambda t: _write(t / "omdöpt.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), errors.LegacyWordFormat),
    "corrupt_docx": (lambda t: _write(t / "trasig.docx", b"PK\x03\x04 this is not a zip"), errors.CorruptFile),
    "corrupt_pdf": (lambda t: _write(t / "trasig.pdf", b"%PDF-1.7\n1 0 obj <<"), errors.CorruptFile),
    "not_a_pdf": (lambda t: _write(t / "fel.pdf", b"hello"), errors.CorruptFile),
    "zip_bomb": (lambda t: _zip_bomb(t / "bomb.docx"), errors.ArchiveBomb),
    "encrypted_pdf": (_encrypted_pdf, errors.EncryptedPdf),
    "scanned_pdf": (_scanned_pdf, errors.ScannedPdf),
    "unknown": (lambda t: DocxBuilder().para("Dagordning").para("1. Mötets öppnande").save(t / "dagordning.docx"), errors.UnknownForm),
    "blank_form": (
        lambda t: DocxBuilder().para("AVVIKELSEBLANKETT FÖR BUS-SAMVERKAN").para("1. Vilken typ av händelse avser BUS-avvikelsen")
        .para("Klicka här för att ange text.").para("2. Mellan vilka verksamheter har avvikelsen uppstått?")
        .para("Enhet: Klicka här för att ange text.").save(t / "tom blankett.docx"),
        errors.EmptyForm,
    ),
    "mail_without_form": (lambda t: eml([("bild.png", b"\x89PNG")], t / "m.eml"), errors.NoAttachedForms),
    "mail_with_legacy_form": (lambda t: eml([("gammal.doc", b"\xd0\xcf\x11\xe0")], t / "m.eml"), errors.LegacyWordFormat),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_when_file_is_bad_then_typed_rejection(tmp_path: Path, case: str) -> None:
    make, error = CASES[case]
    path = make(tmp_path)
    with pytest.raises(errors.Rejected) as caught:
        for raw in read_forms(path):
            to_deviation(raw)
    assert type(caught.value) is error
    assert caught.value.reason and "{" not in caught.value.reason


def test_when_file_is_over_the_limit_then_too_large(tmp_path: Path) -> None:
    path = DocxBuilder().para("x").save(tmp_path / "a.docx")
    with pytest.raises(errors.FileTooLarge):
        read_forms(path, ReadLimits(max_file_bytes=100))


def test_when_unpacked_size_is_over_the_limit_then_bomb(tmp_path: Path) -> None:
    path = DocxBuilder().para("x").save(tmp_path / "a.docx")
    with pytest.raises(errors.ArchiveBomb):
        read_forms(path, ReadLimits(max_unpacked_bytes=1000))
