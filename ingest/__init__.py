"""ingest: read a file (.docx, .pdf, .eml) into one RawForm per form it holds.

    read_forms(path, limits) -> list[RawForm]

Readers turn each format into one layout (`ingest.layout`), the family is detected from
its text (`ingest.detect`), and the family's template drives the extraction
(`ingest.extract`). Any file that cannot be read raises a `schema.errors.Rejected`
subclass with a Swedish reason; an unexpected parser failure becomes `CorruptFile`.
This package imports `schema` only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.config import ReadLimits
from ingest.detect import detect
from ingest.docx_reader import read_docx
from ingest.extract import extract
from ingest.guards import check_docx_container, check_size
from ingest.layout import Layout
from schema import errors
from schema.raw import RawForm
from schema.templates import load_templates

__all__ = ["ReadLimits", "read_forms", "read_form_bytes", "read_layout"]

FORM_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}
#: A scan saved as an image: read by OCR (ingest/ocr.py), like an image-only PDF.
FORM_SUFFIXES |= {s: "image" for s in (".jpg", ".jpeg", ".png", ".tif", ".tiff")}
LEGACY_SUFFIXES = {".doc", ".docm", ".dot", ".dotm", ".rtf", ".wps"}
_KIND = {"docx": "Word", "pdf": "PDF", "eml": "e-post", "image": "bild"}


def read_forms(path: Path, limits: ReadLimits | None = None) -> list[RawForm]:
    """One RawForm per form in the file (.docx/.pdf → 1; .eml → one per attached form)."""
    limits = ReadLimits.of(limits)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise errors.FileTooLarge(size_mb=size / (1024 * 1024), limit_mb=limits.max_file_bytes / (1024 * 1024))
        data = path.read_bytes()
    # The reason names no path: a file name may carry a person's name.
    except FileNotFoundError as exc:
        raise errors.FileChanged(why=errors.os_reason(exc)) from exc
    except (PermissionError, IsADirectoryError, OSError) as exc:
        raise errors.UnreadableFile(why=errors.os_reason(exc)) from exc
    suffix = path.suffix.lower()
    if suffix == ".eml":
        from ingest.eml_reader import read_eml

        check_size(data, limits)
        return _guarded(lambda: read_eml(data, limits, _read_one), "eml")
    return [read_form_bytes(data, path.name, limits)]


def read_form_bytes(data: bytes, name: str, limits: ReadLimits | None = None) -> RawForm:
    """The RawForm of one .docx/.pdf given as bytes (an e-mail attachment, a file)."""
    limits = ReadLimits.of(limits)
    return _read_one(data, name, limits)


def _read_one(data: bytes, name: str, limits: ReadLimits) -> RawForm:
    suffix = Path(name).suffix.lower()
    if suffix in LEGACY_SUFFIXES:
        raise errors.LegacyWordFormat(suffix=suffix)
    if suffix not in FORM_SUFFIXES:
        raise errors.UnsupportedFileType(suffix=suffix or "(utan filändelse)")
    check_size(data, limits)
    fmt = FORM_SUFFIXES[suffix]
    layout = _guarded(lambda: read_layout(data, fmt, limits), fmt)
    templates = load_templates()
    template = detect(layout.full_text(), templates)
    if template is None:
        raise errors.UnknownForm()
    fields, contacts = _guarded(lambda: extract(layout, template), fmt)
    notes: list[str] = []
    if layout.ocr is not None:
        from ingest.ocr import review_fields

        notes = review_fields(fields, template, layout.ocr)
    return RawForm(
        form_type=template.family,
        source_format=fmt,
        source_name=name,
        source_sha256=hashlib.sha256(data).hexdigest(),
        fields=fields,
        contacts=contacts,
        notes=notes,
        read_by_ocr=layout.ocr is not None,
    )


def read_layout(data: bytes, fmt: str, limits: ReadLimits | None = None) -> Layout:
    """The common layout of a .docx or .pdf (after the container checks)."""
    limits = ReadLimits.of(limits)
    if fmt == "docx":
        check_docx_container(data, limits)
        return read_docx(data)
    if fmt == "pdf":
        from ingest.pdf_reader import read_pdf

        return read_pdf(data, limits)
    if fmt == "image":
        from ingest.ocr import read_scanned_image

        return read_scanned_image(data, limits)
    raise errors.UnsupportedFileType(suffix=f".{fmt}")


def _guarded(fn, fmt: str):
    """Runs a parser step; anything but a deliberate rejection means the file is corrupt."""
    try:
        return fn()
    except errors.Rejected:
        raise
    except MemoryError as exc:  # under the worker's memory limit: a bomb, or far too much content
        raise errors.MemoryLimitExceeded() from exc
    except RecursionError as exc:
        raise errors.CorruptFile(kind=_KIND.get(fmt, fmt)) from exc
    except Exception as exc:  # noqa: BLE001 - a parser's failure on a bad file is a rejection
        raise errors.CorruptFile(kind=_KIND.get(fmt, fmt)) from exc
