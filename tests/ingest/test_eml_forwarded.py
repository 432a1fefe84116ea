"""Forwarded e-mails: each attached form is read exactly once, however deep it lies.

The mails are built at test time with the stdlib email package around real sample forms
(sample_forms/forms): a forward is the original mail as a message/rfc822 part of a new mail,
the way mail clients forward "as attachment" and the way a reply chain nests."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from ingest import ReadLimits, read_forms
from schema import errors
from tests.conftest import SAMPLE_FORMS, run_avvik

BUS_DOCX = SAMPLE_FORMS / "forms" / "BUS-avvikelse BUP Järva.docx"
LH_PDF = SAMPLE_FORMS / "forms" / "Lex Heller avvikelse 34.pdf"
_MIME = {".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
         ".pdf": ("application", "pdf")}


def _mail(subject: str, attachments: list[Path] = ()) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "registrator@example.se"
    msg["To"] = "samordnare@example.se"
    msg["Subject"] = subject
    msg.set_content("Hej, se bifogad avvikelse.")
    for path in attachments:
        maintype, subtype = _MIME[path.suffix]
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def _forwarded(levels: int, attachments: list[Path], outer_attachments: list[Path] = ()) -> EmailMessage:
    """The original mail (with `attachments`) forwarded `levels` times, each forward as a
    message/rfc822 part of the next mail; the outermost mail carries `outer_attachments`."""
    msg = _mail("Avvikelse", attachments)
    for level in range(levels):
        outer = _mail(f"VB: {'VB: ' * level}Avvikelse", outer_attachments if level == levels - 1 else [])
        outer.add_attachment(msg)
        msg = outer
    return msg


def _save(msg: EmailMessage, path: Path) -> Path:
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


@pytest.mark.parametrize("levels", [1, 3, 10])
def test_when_a_mail_is_forwarded_n_levels_deep_then_its_form_is_read_once(tmp_path: Path, levels: int) -> None:
    path = _save(_forwarded(levels, [BUS_DOCX]), tmp_path / "vb.eml")
    assert b"message/rfc822" in path.read_bytes()
    forms = read_forms(path)
    assert [(f.source_name, f.form_type) for f in forms] == [(BUS_DOCX.name, "bus")]


def test_when_forwards_nest_past_the_limit_then_the_mail_is_rejected_in_swedish(tmp_path: Path) -> None:
    path = _save(_forwarded(60, [BUS_DOCX]), tmp_path / "vb60.eml")
    with pytest.raises(errors.MailNestedTooDeep) as caught:
        read_forms(path)
    assert "vidarebefordrade meddelanden i fler än 10 nivåer" in caught.value.reason


def test_when_the_depth_limit_is_set_lower_then_it_is_the_limit(tmp_path: Path) -> None:
    path = _save(_forwarded(3, [BUS_DOCX]), tmp_path / "vb3.eml")
    with pytest.raises(errors.MailNestedTooDeep):
        read_forms(path, ReadLimits(max_eml_depth=2))
    assert len(read_forms(path, ReadLimits(max_eml_depth=3))) == 1


def test_when_the_same_form_is_attached_twice_then_it_is_one_form(tmp_path: Path) -> None:
    path = _save(_mail("Avvikelse", [BUS_DOCX, BUS_DOCX]), tmp_path / "twice.eml")
    assert [f.source_name for f in read_forms(path)] == [BUS_DOCX.name]


def test_when_a_forward_carries_the_original_form_again_and_another_then_each_is_read_once(tmp_path: Path) -> None:
    path = _save(_forwarded(2, [BUS_DOCX, LH_PDF], outer_attachments=[BUS_DOCX]), tmp_path / "vb.eml")
    forms = read_forms(path)
    assert sorted((f.source_name, f.form_type) for f in forms) == [(BUS_DOCX.name, "bus"), (LH_PDF.name, "lex_heller")]


def test_when_a_forwarded_mail_is_attached_as_an_eml_file_then_its_form_is_read(tmp_path: Path) -> None:
    inner = _mail("Avvikelse", [LH_PDF]).as_bytes(policy=SMTP)
    outer = _mail("VB: Avvikelse")
    outer.add_attachment(inner, maintype="application", subtype="octet-stream", filename="Avvikelse.eml")
    forms = read_forms(_save(outer, tmp_path / "vb.eml"))
    assert [(f.source_name, f.form_type) for f in forms] == [(LH_PDF.name, "lex_heller")]


def test_when_a_forwarded_mail_is_ingested_then_one_row_is_loaded_and_no_duplicate(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _save(_forwarded(3, [BUS_DOCX]), folder / "VB VB VB Avvikelse.eml")
    _save(_forwarded(60, [LH_PDF]), folder / "VB djup.eml")
    result = run_avvik("ingest", str(folder), "--json", home=home)
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_status = sorted((r["status"], r.get("form_type")) for r in rows)
    assert by_status == [("loaded", "bus"), ("rejected", None)], result.stdout + result.stderr
    [rejected] = [r for r in rows if r["status"] == "rejected"]
    assert "vidarebefordrade meddelanden" in rejected["reason"]


def test_when_a_forwarded_mail_is_sent_base64_encoded_then_its_form_is_read_once(tmp_path: Path) -> None:
    # Against RFC 2046 some mail servers encode a message/rfc822 part; the parser then sees
    # only text in it.
    import base64

    encoding = "base64"
    inner = _mail("Avvikelse", [LH_PDF]).as_bytes(policy=SMTP)
    body = base64.encodebytes(inner)
    raw = (b"From: registrator@example.se\r\nTo: samordnare@example.se\r\nSubject: VB: Avvikelse\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"gr\"\r\n\r\n"
           b"--gr\r\nContent-Type: text/plain\r\n\r\nVidarebefordrat.\r\n"
           b"--gr\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: " + encoding.encode() +
           b"\r\n\r\n" + body + b"\r\n--gr--\r\n")
    path = tmp_path / "vb.eml"
    path.write_bytes(raw)
    assert [(f.source_name, f.form_type) for f in read_forms(path)] == [(LH_PDF.name, "lex_heller")]


def test_when_a_mail_holds_more_forms_than_the_limit_then_it_is_rejected_not_half_read(tmp_path: Path) -> None:
    forms = [tmp_path / f"Avvikelse {i}.docx" for i in range(4)]
    for i, path in enumerate(forms):
        path.write_bytes(BUS_DOCX.read_bytes() + b"\0" * i)  # four different files (one form each)
    msg = _mail("Avvikelser", forms[:2])
    msg.add_attachment(_mail("Fler", forms[2:]))
    path = _save(msg, tmp_path / "many.eml")
    with pytest.raises(errors.TooManyAttachments) as caught:
        read_forms(path, ReadLimits(max_attachments=3))
    assert "har 4 bifogade blanketter" in caught.value.reason and "högst 3" in caught.value.reason
    assert len(read_forms(path, ReadLimits(max_attachments=4))) == 4
