"""Hostile inputs, generated at test time (never committed as large files)."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
import random
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.ingest.builders import eml

MIB = 1024 * 1024


def _deflate_repeated(unit: bytes, total: int, head: bytes = b"") -> bytes:
    """A valid zlib stream of `head + unit * n` (n * len(unit) >= total), built in well under a
    second: one chunk is compressed once (ending in a full flush, so it refers to nothing
    before it) and that segment is repeated; the checksum is computed over the real data."""
    chunk = unit * max(1, MIB // len(unit))
    repeats = -(-total // len(chunk))

    def segment(data: bytes) -> bytes:
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        return comp.compress(data) + comp.flush(zlib.Z_FULL_FLUSH)

    checksum = zlib.adler32(head)
    for _ in range(repeats):
        checksum = zlib.adler32(chunk, checksum)
    body = segment(head) + segment(chunk) * repeats + b"\x03\x00"  # an empty final block
    return b"\x78\x9c" + body + checksum.to_bytes(4, "big")


def pdf(content_stream: bytes, filter_flate: bool = True) -> bytes:
    """A one-page PDF whose page content is `content_stream` (already compressed if flate)."""
    extra = b" /Filter /FlateDecode" if filter_flate else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content_stream), extra) + content_stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_stream_bomb(path: Path, inflated: int = 1024 * MIB) -> Path:
    """A PDF whose page content inflates to `inflated` bytes (about 1 MB on disk per GiB)."""
    path.write_bytes(pdf(_deflate_repeated(b" ", inflated, head=b"BT /F1 12 Tf 72 700 Td (BUS) Tj ET\n")))
    return path


def pdf_many_runs(path: Path, runs: int = 600_000) -> Path:
    """A PDF with `runs` separate text runs on one page (each a char object to a parser)."""
    body = b"BT /F1 1 Tf " + b"1 0 Td (a) Tj " * runs + b"ET"
    path.write_bytes(pdf(zlib.compress(body, 9)))
    return path


def _rewrite_docx(source: Path, path: Path, document_xml: bytes | None = None, stream=None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                if stream is not None:
                    member = zipfile.ZipInfo("word/document.xml", date_time=info.date_time)
                    member.compress_type = zipfile.ZIP_DEFLATED
                    with dst.open(member, "w", force_zip64=True) as out:
                        stream(out, src.read(info))
                    continue
                if document_xml is not None:
                    dst.writestr(info, document_xml)
                    continue
            dst.writestr(info, src.read(info))
    return path


def docx_huge_body(form: Path, path: Path, size: int = 190 * MIB) -> Path:
    """A .docx of a few MB whose document.xml inflates to `size` bytes (text in the form's
    body, repeated within deflate's window: a ratio of about 70, under a ratio check)."""
    rng = random.Random(12)
    words = [b"avvikelse", b"samverkan", b"skola", b"socialtjanst", b"vard", b"mote", b"elev", b"rutin"]

    def write(out, original: bytes) -> None:
        head, sep, rest = original.partition(b"</w:body>")
        out.write(head)
        written = 0
        while written < size:
            block = b" ".join(rng.choice(words) + str(rng.randrange(10**6)).encode() for _ in range(600))
            paragraph = b"<w:p><w:r><w:t>" + block + b"</w:t></w:r></w:p>"
            chunk = paragraph * (MIB // len(paragraph))
            out.write(chunk)
            written += len(chunk)
        out.write(sep + rest)

    return _rewrite_docx(form, path, stream=write)


def docx_many_paragraphs(form: Path, path: Path, paragraphs: int = 200_000) -> Path:
    original = zipfile.ZipFile(form).read("word/document.xml")
    head, sep, rest = original.partition(b"</w:body>")
    body = head + b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % (i * 7919 % 1000003) for i in range(paragraphs)) + sep + rest
    return _rewrite_docx(form, path, document_xml=body)


def docx_lying_sizes(form: Path, path: Path, actual: int = 64 * MIB) -> Path:
    """A .docx whose zip headers say document.xml is 2 KB while it inflates to `actual`."""
    docx_huge_body(form, path, size=actual)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Local header: sizes at offset 18 (compressed) and 22 (uncompressed); zip64 extra follows.
    # Central directory entry: offsets 20 and 24. Claim 2048 bytes in both (32-bit fields).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            name_at = found + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[found + offset:found + offset + 4] = (2048).to_bytes(4, "little")
            start = found + 4
    path.write_bytes(bytes(data))
    return path


def eml_with(path: Path, attachments: list[tuple[str, bytes]]) -> Path:
    return eml(attachments, path)


def copy_as(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of `size` mounted on `folder` (a disk that fills up); skips unless root."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
