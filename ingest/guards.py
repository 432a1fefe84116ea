"""Checks made before a parser sees the bytes: size, type, zip bombs, legacy formats."""

from __future__ import annotations

import io
import zipfile

from ingest.config import MIB, ReadLimits
from schema import errors

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")


def check_size(data: bytes, limits: ReadLimits) -> None:
    if not data:
        raise errors.EmptyFile()
    if len(data) > limits.max_file_bytes:
        raise errors.FileTooLarge(size_mb=len(data) / MIB, limit_mb=limits.max_file_bytes / MIB)


def check_docx_container(data: bytes, limits: ReadLimits, suffix: str = ".docx") -> None:
    """A .docx must be a sane zip: no legacy/encrypted Word, no bomb (checked before unpacking)."""
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_OOXML in data:
            raise errors.EncryptedDocument()
        raise errors.LegacyWordFormat(suffix=".doc")
    if not data.startswith(ZIP_MAGIC):
        raise errors.CorruptFile(kind="Word")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise errors.CorruptFile(kind="Word") from exc
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise errors.ArchiveBomb(limit_mb=limits.max_unpacked_bytes / MIB)
        if info.file_size >= limits.ratio_check_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise errors.ArchiveBomb(limit_mb=limits.max_unpacked_bytes / MIB)
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        _inflate_checked(data, infos, limits)
    if "word/document.xml" not in names:
        if "word/vbaProject.bin" in names:
            raise errors.LegacyWordFormat(suffix=".docm")
        raise errors.CorruptFile(kind="Word")
    if "word/vbaProject.bin" in names and suffix == ".docm":
        raise errors.LegacyWordFormat(suffix=".docm")


_PARAGRAPH_TAGS = (b"<w:p>", b"<w:p ")


def _inflate_checked(data: bytes, infos: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    """Inflate every member once, counting the bytes that actually come out (zip headers may
    lie): a member or the whole beyond its limit is a bomb; a body with far more paragraphs
    than any form is refused before a parser spends minutes on it. Memory stays at one chunk."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                if info.is_dir():
                    continue
                xml = info.filename.lower().endswith((".xml", ".rels"))
                body = info.filename == "word/document.xml"
                size = paragraphs = 0
                tail = b""
                with zf.open(info) as member:
                    while chunk := member.read(1 << 20):
                        size += len(chunk)
                        total += len(chunk)
                        if xml and size > limits.max_xml_part_bytes:
                            raise errors.ArchiveBomb(limit_mb=limits.max_xml_part_bytes / MIB)
                        if total > limits.max_unpacked_bytes:
                            raise errors.ArchiveBomb(limit_mb=limits.max_unpacked_bytes / MIB)
                        if body:
                            window = tail + chunk
                            paragraphs += sum(window.count(tag) for tag in _PARAGRAPH_TAGS)
                            paragraphs -= sum(tail.count(tag) for tag in _PARAGRAPH_TAGS)
                            tail = chunk[-8:]
                            if paragraphs > limits.max_docx_paragraphs:
                                raise errors.DocumentTooComplex(limit=limits.max_docx_paragraphs, what="stycken")
    except errors.Rejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, OSError) as exc:
        raise errors.CorruptFile(kind="Word") from exc
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends: a damaged member
        raise errors.CorruptFile(kind="Word") from exc
