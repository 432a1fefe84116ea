"""E-mail (.eml) → the forms attached to it. The mail body is not used.

A forwarded mail travels as a message/rfc822 part (or an attached .eml file) holding the
original mail, which may itself be a forward: the parts are walked once, each forwarded mail
at its own depth, so every attached form is read exactly once however deep it lies. Past
`ReadLimits.max_eml_depth` forwarded levels the mail is rejected (a chain that deep is no
ordinary forward, and walking it costs time on every file). The same file attached twice
(byte for byte) is one form.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import hashlib
from collections.abc import Callable, Iterator
from email.message import EmailMessage, Message
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


def _parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def _attachments(msg: Message, depth: int, limits: ReadLimits) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every attached file of `msg` and of the mails forwarded in it.

    `depth` counts the forwarded mails around `msg` (0 for the mail itself). Each part is
    visited once: a forwarded mail's parts only through that mail, never again by a walk of
    the mail holding it."""
    stack: list[Message] = [msg]
    while stack:
        part = stack.pop()
        if part.get_content_type() == "message/rfc822":
            for inner in _forwarded(part, depth, limits):
                yield from _attachments(inner, depth + 1, limits)
            continue
        if part.is_multipart():
            payload = part.get_payload()
            stack.extend(reversed(payload if isinstance(payload, list) else []))
            continue
        name = part.get_filename()
        if name is None and part.get_content_disposition() != "attachment":
            continue
        name = PurePath((name or "bilaga").replace("\\", "/")).name
        if not PurePath(name).suffix and part.get_content_type() in _MIME_SUFFIX:
            name += _MIME_SUFFIX[part.get_content_type()]
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        if PurePath(name).suffix.lower() == ".eml":
            # A forwarded mail attached as a file rather than as a message part.
            _check_depth(depth + 1, limits)
            yield from _attachments(_parse(payload), depth + 1, limits)
            continue
        yield name, payload


def _forwarded(part: Message, depth: int, limits: ReadLimits) -> list[Message]:
    """The mail(s) a message/rfc822 part holds, once the depth they lie at is allowed."""
    _check_depth(depth + 1, limits)
    payload = part.get_payload()
    encoded = _encoded_forward(part)
    if encoded is not None:
        return [_parse(encoded)]
    if isinstance(payload, list):
        return [m for m in payload if isinstance(m, Message)]
    if isinstance(payload, Message):
        return [payload]
    if isinstance(payload, (str, bytes)) and payload:
        raw = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else payload
        return [_parse(raw)]
    return []


def _encoded_forward(part: Message) -> bytes | None:
    """The bytes of a forwarded mail sent base64 encoded (against the standard, but some mail
    servers do): the parser then sees no mail in it, only a line of text."""
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() != "base64":
        return None
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else payload
    if isinstance(inner, Message):
        if inner.is_multipart() or inner.keys():
            return None  # headers were found: a mail after all
        inner = inner.get_payload()
    if not isinstance(inner, str):
        return None
    try:
        return base64.b64decode(inner.encode("ascii", "ignore"))
    except (binascii.Error, ValueError):
        return None


def _check_depth(depth: int, limits: ReadLimits) -> None:
    if depth > limits.max_eml_depth:
        raise errors.MailNestedTooDeep(limit=limits.max_eml_depth)


def read_eml(data: bytes, limits: ReadLimits, read_one: ReadOne) -> list[RawForm]:
    """One RawForm per attached form. An attached form that cannot be read rejects the mail
    (never half-loaded); attachments that are no form (logos, other documents) are skipped."""
    try:
        msg = _parse(data)
        attachments = list(_attachments(msg, 0, limits))
    except RecursionError as exc:  # a parser running out of stack on an absurdly deep mail
        raise errors.MailNestedTooDeep(limit=limits.max_eml_depth) from exc
    unique: dict[str, tuple[str, bytes]] = {}
    for name, payload in attachments:
        if PurePath(name).suffix.lower() in _FORM_SUFFIXES:
            # The same file attached again (or again in a forwarded mail) is one form.
            unique.setdefault(hashlib.sha256(payload).hexdigest(), (name, payload))
    if len(unique) > limits.max_attachments:
        # Never half-loaded: reading only the first forms would lose the rest unseen.
        raise errors.TooManyAttachments(count=len(unique), limit=limits.max_attachments)
    forms: list[RawForm] = []
    unknown: errors.UnknownForm | None = None
    for name, payload in unique.values():
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
