"""E-mail messages (.eml) carrying attached forms, as a secretariat saves them from Outlook.
The body (with the sender's signature) is never stored by avvik."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from datetime import datetime

_MIME = {
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("application", "pdf"),
}


def render_eml(
    sender_name: str, sender_email: str, sender_phone: str, sender_unit: str, to: str, subject: str,
    body_intro: str, attachments: list[tuple[str, bytes]], sent: datetime, msg_no: int,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender_email}>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = f"<avvik-sample-{msg_no:04d}@example.invalid>"
    body = (
        f"Hej,\n\n{body_intro}\n\nMed vänlig hälsning\n\n{sender_name}\n{sender_unit}\n"
        f"Tel: {sender_phone}\n{sender_email}\n"
    )
    msg.set_content(body)
    for name, data in attachments:
        maintype, subtype = _MIME[name.rsplit(".", 1)[1].lower()]
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if msg.is_multipart():
        msg.set_boundary(f"----=_Part_{msg_no:04d}_avvik")
    return msg.as_bytes(policy=SMTP)
