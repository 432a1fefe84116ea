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
    unknown: errors.UnknownForm | None = None
    # Every attached form is accounted for: all are read, or the mail is rejected saying how
    # many there are and how many are supported (never some loaded and the rest dropped).
    attached = [(n, p) for n, p in _attachments(msg, 1, limits) if PurePath(n).suffix.lower() in _FORM_SUFFIXES]
    if len(attached) > limits.max_attachments:
        raise errors.TooManyAttachments(count=len(attached), limit=limits.max_attachments)
    for name, payload in attached:
        try:
            forms.append(read_one(payload, name, limits))
        except errors.UnknownForm as exc:
            unknown = exc  # e.g. an attached cover letter; fine if a form is attached too
        except errors.Rejected as exc:
            rejected = type(exc)(f"Bilagan {name}: {exc.reason}")
            rejected.attachment, rejected.inner_reason = name, exc.reason  # the pipeline redacts the name
            raise rejected from exc
    if not forms:
        if unknown is not None:
            raise unknown
        raise errors.NoAttachedForms()
    return forms
