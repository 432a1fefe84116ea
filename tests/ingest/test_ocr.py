"""Scanned forms read by OCR: our own forms printed, scanned and read back through the real CLI.

OCR needs Tesseract with the Swedish model (`apt-get install tesseract-ocr tesseract-ocr-swe`).
Where it is missing these tests are skipped, except on CI (CI=true), where that is an error:
`.ci/run` installs it, so a skip there would hide a broken OCR path.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr, read_form_bytes
from sample_forms.scans import scanned_form
from tests.conftest import AVVIK, run_avvik


@pytest.fixture(scope="module")
def tesseract() -> None:
    if ocr.available():
        return
    message = f"Tesseract with the Swedish model is not installed ({ocr.INSTALL_HINT})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: the OCR tests must run on CI", pytrace=False)
    pytest.skip(message)


def _all_text(db: Path) -> str:
    """Every text value in every table of the warehouse, as one string."""
    con = duckdb.connect(str(db), read_only=True)
    out = []
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall():
        cols = [c for c, t in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall() if t == "VARCHAR"]
        for col in cols:
            out += [str(v) for (v,) in con.execute(f'SELECT "{col}" FROM "{table}" WHERE "{col}" IS NOT NULL').fetchall()]
    return "\n".join(out)


def test_when_a_scanned_form_is_ingested_then_its_fields_load_marked_read_by_ocr_and_nothing_personal(
    tesseract, tmp_path, home
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    # k=1: a form with planted personal data (a name, personnummer, phone or address) in its text.
    data, expected = scanned_form("lex_heller", 3, "Skannad avvikelse.pdf", dpi=200, k=1)
    (inbox / "Skannad avvikelse.pdf").write_bytes(data)
    record, planted = expected["record"], expected["planted_pii"]
    assert planted, "the scan must carry planted personal data"
    db = tmp_path / "w.duckdb"

    result = run_avvik("ingest", str(inbox), "--db", str(db), "--json", home=home)

    assert result.returncode == 0, result.stdout + result.stderr
    line = json.loads(result.stdout.splitlines()[0])
    assert line["status"] == "loaded", line
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT read_by_ocr, form_type, reported_on::VARCHAR, severity, resolved, id FROM deviations"
    ).fetchone()
    assert row[:5] == (True, "lex_heller", record["reported_on"], record["severity"], record["resolved"])
    parties = con.execute("SELECT role, category FROM parties WHERE deviation_id = ? ORDER BY position", [row[5]]).fetchall()
    assert sorted(parties) == sorted((p["role"], p["category"]) for p in record["parties"])
    con.close()
    stored = _all_text(db)
    assert not [p for p in planted if p in stored]


def test_when_a_ticked_box_cannot_be_decided_then_the_field_is_null_with_a_swedish_note(tesseract) -> None:
    data, expected = scanned_form(
        "lex_heller", 0, "Skannad.pdf", dpi=200, faint_box=lambda r: {True: "Ja", False: "Nej"}.get(r["resolved"])
    )
    assert expected["record"]["resolved"] is not None and expected["record"]["severity"] is not None

    raw = read_form_bytes(data, "Skannad.pdf")

    assert raw.read_by_ocr
    assert raw.fields["resolved"] is None
    assert any("Avvikelsen är löst" in n and "kryssruta" in n for n in raw.notes), raw.notes
    # The boxes that could be read still are.
    assert raw.fields["severity"] == [expected["record"]["severity"]]


def test_when_tesseract_is_missing_then_a_scan_is_rejected_naming_the_install_command(tmp_path, home) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    data, _ = scanned_form("bus", 1, "Skannad BUS.pdf", dpi=150)
    (inbox / "Skannad BUS.pdf").write_bytes(data)

    # Only the virtualenv on PATH: no tesseract to be found.
    result = run_avvik("ingest", str(inbox), "--db", str(tmp_path / "w.duckdb"), "--json", home=home,
                       env={"PATH": str(AVVIK.parent)})

    assert result.returncode == 1, result.stdout + result.stderr
    line = json.loads(result.stdout.splitlines()[0])
    assert line["status"] == "rejected"
    assert "apt-get install tesseract-ocr tesseract-ocr-swe" in line["reason"]
    assert "inskannad" in line["reason"]


# --- checkboxes on a page image: measured, never guessed -----------------------------------

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _page(mark: str) -> np.ndarray:
    """Ink mask of a 300 dpi strip with one 10 pt box (or a bold letter) marked as `mark`."""
    image = Image.new("L", (2480, 160), 255)  # an A4 page width at 300 dpi
    draw = ImageDraw.Draw(image)
    x0, y0, side = 100, 50, 42
    if mark == "letter":
        draw.text((x0, y0 - 10), "Datum", fill=0, font=ImageFont.truetype(_FONT, 58))
    else:
        draw.rectangle((x0, y0, x0 + side, y0 + side), outline=0, width=3)
    if mark == "cross":
        draw.line((x0 + 6, y0 + 6, x0 + side - 6, y0 + side - 6), fill=0, width=4)
        draw.line((x0 + 6, y0 + side - 6, x0 + side - 6, y0 + 6), fill=0, width=4)
    elif mark == "filled":
        draw.rectangle((x0 + 6, y0 + 6, x0 + side - 6, y0 + side - 6), fill=0)
    elif mark == "dot":
        draw.ellipse((x0 + 16, y0 + 16, x0 + 26, y0 + 26), fill=0)
    draw.text((x0 + side + 20, y0), "Ja", fill=0)
    return np.asarray(image) < 128


@pytest.mark.parametrize(
    ("mark", "state"),
    [("empty", "empty"), ("cross", "ticked"), ("filled", "ticked"), ("dot", "undecided"), ("letter", None)],
)
def test_a_box_on_a_scan_is_read_by_the_ink_inside_it(mark: str, state: str | None) -> None:
    boxes = ocr._boxes(_page(mark), 2480)
    if state is None:  # a bold "D" is no box
        assert boxes == []
        return
    assert len(boxes) == 1
    share = boxes[0][4]
    got = "ticked" if share >= ocr.BOX_TICKED else "empty" if share <= ocr.BOX_EMPTY else "undecided"
    assert got == state, share


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("kian.hermanssonQrjl.se", "kian.hermansson@rjl.se"),
        ("amra.jafari(Qregionstockholm.se,", "amra.jafari@regionstockholm.se,"),
        ("karl-johan.phan(Oregionstockholm.se", "karl-johan.phan@regionstockholm.se"),
        ("BUS-avvikelserQstorsthlm.se", "BUS-avvikelser@storsthlm.se"),
        # near misses: no e-mail address behind them
        ("IQ-test", "IQ-test"),
        ("Qatar.se", "Qatar.se"),
        ("SVQ.se", "SVQ.se"),
        ("anna@region.se", "anna@region.se"),
    ],
)
def test_an_at_sign_misread_by_ocr_is_restored_so_the_address_is_found(read: str, meant: str) -> None:
    assert ocr._AT_MISREAD.sub(r"\1@\2\3", read) == meant


def _lex_heller():
    from schema.templates import load_templates

    return next(t for t in load_templates() if t.family == "lex_heller")


@pytest.mark.parametrize(
    ("confidence", "noted"),
    [
        ({"2024-03-05": 41.0}, True),  # the date itself read unsure
        ({"2024-03-05": 88.0}, False),  # read with confidence
        ({"dagar": 30.0}, False),  # one unsure word among many in a narrative
    ],
)
def test_a_field_read_from_unsure_words_gets_a_swedish_note(confidence: dict, noted: bool) -> None:
    fields = {
        "reported_on": "2024-03-05",
        "description": "Kallelsen kom fram först efter tre dagar och mötet fick ställas in utan att någon från kommunen deltog.",
    }
    notes = ocr.review_fields(fields, _lex_heller(), ocr.OcrReading(confidence=confidence))
    assert bool([n for n in notes if "Datum för anmälan" in n and "osäker" in n]) == noted, notes
    assert fields["reported_on"] == "2024-03-05"  # noted, not dropped


def test_a_scan_saved_as_an_image_is_read_like_a_scanned_pdf(tesseract) -> None:
    import io

    import pypdfium2 as pdfium

    data, expected = scanned_form("vastbus", 2, "Skannad.pdf", dpi=200)
    page = pdfium.PdfDocument(data)[0]
    png = io.BytesIO()
    page.render(scale=200 / 72, grayscale=True).to_pil().save(png, format="PNG", dpi=(200, 200))

    raw = read_form_bytes(png.getvalue(), "Skannad avvikelse.png")

    record = expected["record"]
    assert (raw.form_type, raw.source_format, raw.read_by_ocr) == ("vastbus", "image", True)
    from schema.mapping import to_deviation

    got = to_deviation(raw).model_dump(mode="json")
    for field in ("reported_on", "local_group", "escalation_level", "event_type"):
        assert got[field] == record[field], field
