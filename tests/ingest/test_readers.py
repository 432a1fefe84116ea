"""Reader features on small real files: Word content controls and fields, PDF, e-mail."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import read_forms, read_layout
from schema.mapping import to_deviation
from tests.ingest.builders import (
    DocxBuilder, eml, legacy_checkbox, legacy_text, sdt_checkbox, sdt_text, text_pdf,
)

BUS_TITLE = "AVVIKELSEBLANKETT FÖR BUS-SAMVERKAN"


def _bus_docx(tmp_path: Path, name: str = "bus.docx") -> Path:
    b = DocxBuilder()
    b.para(BUS_TITLE).para("1. Vilken typ av händelse avser BUS-avvikelsen").para("", sdt_text("Utebliven SIP"))
    b.para("2. Mellan vilka verksamheter har avvikelsen uppstått?")
    b.para("Ange samtliga berörda verksamheter som BUS-avvikelsen avser")
    b.para("Enhet: ", sdt_text("BUP Lerum")).para("Enhet: ", sdt_text(None))
    b.para("3. Beskrivning av händelsen från rapporterande verksamhet").para("Händelsen:")
    b.para("Beskriv i punktform situationen som avvikelsen gäller och hur rapporterande verksamhet uppfattat situationen.")
    b.para("- Barnet väntar").para("- Ingen kallelse")
    b.para("Förslag till åtgärd:").para("", sdt_text(None))
    b.para("Kontaktuppgifter till rapporterande verksamhet")
    b.para("Datum för rapportering: ", sdt_text("5 mars 2024"))
    b.table([["Rapporterande enhet:", "Socialtjänsten, Lerums kommun"], ["Kontaktperson:", "Anna Svensson"],
             ["E-post:", "anna@lerum.se"]])
    b.para("Ansvarig chef vid rapporterande verksamhet").para("Namn enhetschef: Per Olsson").para("Enhet: Socialtjänsten")
    b.para("4. Beskrivning av händelsen från mottagande verksamhet").para("Händelse:").para("", sdt_text(None))
    return b.save(tmp_path / name)


def test_when_bus_docx_has_content_controls_then_values_and_sections_are_read(tmp_path: Path) -> None:
    [raw] = read_forms(_bus_docx(tmp_path))
    dev = to_deviation(raw)
    assert dev.form_type == "bus"
    assert dev.event_type == "Utebliven SIP"
    assert dev.description == "- Barnet väntar\n- Ingen kallelse"
    assert dev.proposed_action is None  # placeholder content control
    assert dev.reported_on.isoformat() == "2024-03-05"
    assert dev.response_due_on.isoformat() == "2024-05-05"
    assert dev.response_text is None
    assert [(p.role, p.name) for p in dev.parties] == [
        ("counterpart", "BUP Lerum"), ("reporting", "Socialtjänsten, Lerums kommun")]
    # the chef's "Enhet" in section 3 is a contact detail, not a party
    assert raw.contacts["reporter_chef_unit"] == "Socialtjänsten"
    assert raw.contacts["reporter_name"] == "Anna Svensson"


def test_when_placeholder_sdt_then_its_text_is_not_read(tmp_path: Path) -> None:
    path = DocxBuilder().para("Enhet: ", sdt_text(None)).save(tmp_path / "p.docx")
    assert "Klicka" not in read_layout(path.read_bytes(), "docx").full_text()


@pytest.mark.parametrize("checked", [True, False])
def test_when_w14_checkbox_then_state_is_a_glyph(tmp_path: Path, checked: bool) -> None:
    path = DocxBuilder().para("", sdt_checkbox(checked)).save(tmp_path / "c.docx")
    assert read_layout(path.read_bytes(), "docx").full_text().strip() == ("☒" if checked else "☐")


@pytest.mark.parametrize(("checked", "style"), [(True, "checked"), (True, "default"), (False, "checked")])
def test_when_formcheckbox_then_checked_or_default_decides(tmp_path: Path, checked: bool, style: str) -> None:
    path = DocxBuilder().para("", legacy_checkbox(checked, style)).save(tmp_path / "l.docx")
    assert read_layout(path.read_bytes(), "docx").full_text().strip() == ("☒" if checked else "☐")


def test_when_formtext_then_result_runs_are_read(tmp_path: Path) -> None:
    path = DocxBuilder().para("Enhet: ", legacy_text("BUP Lerum")).save(tmp_path / "t.docx")
    assert read_layout(path.read_bytes(), "docx").full_text() == "Enhet: BUP Lerum"


def test_when_nested_table_then_its_rows_are_lines(tmp_path: Path) -> None:
    path = DocxBuilder().nested("Kontakt", [["Datum:", "2024-03-05"], ["Enhet:", "BUP"]]).save(tmp_path / "n.docx")
    texts = [[c.text for c in line.cells] for line in read_layout(path.read_bytes(), "docx").lines]
    assert ["Datum:", "2024-03-05"] in texts and ["Enhet:", "BUP"] in texts


def _vastbus_docx(tmp_path: Path, glyphs: tuple[str, str, str], levels: list[list[str]]) -> Path:
    b = DocxBuilder().para("Avvikelserapport enligt Västbus riktlinjer")
    b.para("Datum: 2024-03-05").para("Rapporterande verksamhet: BUP Mölndal")
    b.para("Avvikelsen avser verksamhet(er):").para("Socialtjänsten, Lerums kommun").para("• Elevhälsan Ale")
    b.para("Typ av avvikelse:")
    b.para(f"{glyphs[0]} Västbus riktlinjer följs inte").para(f"{glyphs[1]} Insatser/åtgärder enligt den individuella planen utförs inte")
    b.para(f"{glyphs[2]} Parterna är inte överens")
    b.para("Beskrivning av avvikelsen:").para("Ingen kom till mötet.")
    b.para("Handläggning:").table(levels)
    return b.save(tmp_path / "v.docx")


def test_when_glyphs_and_x_cells_tick_options_then_enums_are_set(tmp_path: Path) -> None:
    levels = [["X", "Löst i lokal grupp"], ["x", "Skickad till delregional grupp"], ["", "Skickad till regional styrgrupp"]]
    [raw] = read_forms(_vastbus_docx(tmp_path, ("■", "□", "☑"), levels))
    dev = to_deviation(raw)
    assert dev.event_type == "riktlinjer_foljs_inte,parter_inte_overens"
    assert dev.escalation_level == "delregional"
    assert dev.response_due_on.isoformat() == "2024-05-04"
    assert [p.name for p in dev.parties if p.role == "counterpart"] == ["Socialtjänsten, Lerums kommun", "Elevhälsan Ale"]


def _lex_heller_lines() -> list[tuple[float, float, str]]:
    rows = [
        (60, 60, "Avvikelse i samverkan"),
        (60, 90, "Datum för anmälan"), (230, 90, "2024-03-05"),
        (60, 110, "Din arbetsgivare"), (230, 110, "☐ Arbetsförmedlingen"),
        (230, 125, "☒ Kommun (välj i listan) Eksjö kommun"),
        (60, 150, "Samverkanspart i"), (230, 150, "☒ Försäkringskassan"),
        (60, 165, "aktuellt ärende"), (230, 165, "☒ Annan (ange vilken) Migrationsverket"),
        (60, 190, "Beskriv avvikelsen"), (230, 190, "Beslutet dröjde i"),
        (60, 205, "Kortfattat och oidentifierat"), (230, 205, "sju veckor."),
        (60, 230, "Avvikelsen är löst"), (230, 230, "☐ Ja"), (290, 230, "☒ Nej"),
        (60, 250, "Bedöm allvarlighetsgraden"), (230, 250, "☐ Mycket allvarlig"), (340, 250, "☒ Allvarlig"),
    ]
    return rows


def test_when_text_layer_pdf_then_labels_pair_by_layout(tmp_path: Path) -> None:
    [raw] = read_forms(text_pdf(_lex_heller_lines(), tmp_path / "lh.pdf"))
    dev = to_deviation(raw)
    assert raw.source_format == "pdf"
    assert dev.form_type == "lex_heller"
    assert dev.reported_on.isoformat() == "2024-03-05"
    assert " ".join(dev.description.split()) == "Beslutet dröjde i sju veckor."
    assert dev.resolved is False
    assert dev.severity == "allvarlig"
    assert [(p.role, p.name, p.category) for p in dev.parties] == [
        ("reporting", "Eksjö kommun", "kommun"),
        ("counterpart", "Försäkringskassan", "forsakringskassan"),
        ("counterpart", "Migrationsverket", "annan"),
    ]


def test_when_acroform_pdf_then_widget_values_pair_with_printed_labels(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "af.pdf"
    c = canvas.Canvas(str(path))
    h = c._pagesize[1]
    c.setFont("Helvetica", 10)

    def label(y: float, text: str) -> None:
        c.drawString(60, h - y - 9, text)

    label(60, "Avvikelserapport enligt Västbus riktlinjer")
    label(90, "Datum:")
    c.acroForm.textfield(name="f1", value="240305", x=220, y=h - 90 - 14, width=200, height=14)
    label(115, "Rapporterande verksamhet:")
    c.acroForm.textfield(name="f2", value="BUP Mölndal", x=220, y=h - 115 - 14, width=200, height=14)
    label(140, "Typ av avvikelse:")
    for i, (opt, on) in enumerate([("Västbus riktlinjer följs inte", False), ("Parterna är inte överens", True)]):
        y = 140 + 15 * i
        c.acroForm.checkbox(name=f"c{i}", checked=on, x=220, y=h - y - 11, size=10)
        c.drawString(234, h - y - 9, opt)
    label(190, "Beskrivning av avvikelsen:")
    c.acroForm.textfield(name="f3", value="Rad ett\nRad två", x=220, y=h - 190 - 40, width=250, height=40,
                         fieldFlags="multiline")
    c.save()
    [raw] = read_forms(path)
    dev = to_deviation(raw)
    assert dev.form_type == "vastbus"
    assert dev.reported_on.isoformat() == "2024-03-05"
    assert dev.event_type == "parter_inte_overens"
    assert dev.description == "Rad ett\nRad två"
    assert [(p.role, p.name) for p in dev.parties] == [("reporting", "BUP Mölndal")]


def test_when_eml_has_two_forms_then_each_is_read_with_its_own_hash(tmp_path: Path) -> None:
    bus = _bus_docx(tmp_path).read_bytes()
    pdf = text_pdf(_lex_heller_lines(), tmp_path / "lh.pdf").read_bytes()
    path = eml([("BUS.docx", bus), ("logo.png", b"\x89PNG...."), ("LH.pdf", pdf)], tmp_path / "m.eml")
    forms = read_forms(path)
    assert [(f.source_name, f.form_type, f.source_format) for f in forms] == [
        ("BUS.docx", "bus", "docx"), ("LH.pdf", "lex_heller", "pdf")]
    import hashlib
    assert forms[0].source_sha256 == hashlib.sha256(bus).hexdigest()
