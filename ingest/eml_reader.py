"""E-mail (.eml) → the forms attached to it. The mail body is not used."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import PurePath

from ingest.config import ReadLimits
from schema import errors
from schema.raw import RawForm

ReadOne = Callable[[bytes, str, ReadLimits], RawForm]

_FORM_SUFFIXES = {".docx", ".pdf", ".doc", ".docm"}
_MIME_SUFFIX = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
}


def _attachments(msg: EmailMessage, depth: int, limits: ReadLimits):
    """(name, bytes) of every attached file, looking into forwarded mails too."""
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822" and depth < limits.max_eml_depth:
            for inner in part.iter_parts():
                yield from _attachments(inner, depth + 1, limits)
            continue
        if part.is_multipart():
            continue
        name = part.get_filename()
        disposition = part.get_content_disposition()
        if name is None and disposition != "attachment":
            continue
        name = PurePath((name or "bilaga").replace("\\", "/")).name
        if not PurePath(name).suffix and part.get_content_type() in _MIME_SUFFIX:
            name += _MIME_SUFFIX[part.get_content_type()]
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        yield name, payload


def read_eml(data: bytes, limits: ReadLimits, read_one: ReadOne) -> list[RawForm]:
    """One RawForm per attached form. An attached form that cannot be read rejects the mail
    (never half-loaded); attachments that are no form (logos, other documents) are skipped."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    forms: list[RawForm] = []
    found = 0
    unknown: errors.UnknownForm | None = None
    for name, payload in _attachments(msg, 1, limits):
        if PurePath(name).suffix.lower() not in _FORM_SUFFIXES:
            continue
        found += 1
        if found > limits.max_attachments:
            break
        try:
            forms.append(read_one(payload, name, limits))
        except errors.UnknownForm as exc:
            unknown = exc  # e.g. an attached cover letter; fine if a form is attached too
        except errors.Rejected as exc:
            raise type(exc)(f"Bilagan {name}: {exc.reason}") from exc
    if not forms:
        if unknown is not None:
            raise unknown
        raise errors.NoAttachedForms()
    return forms
