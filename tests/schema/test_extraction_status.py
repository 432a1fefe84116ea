"""Never silently wrong: a form whose core fields could not be read is loaded 'incomplete',
with Swedish notes saying which; a value that is the form's own printed text is not stored."""

from __future__ import annotations

import pytest

from schema.enums import ExtractionStatus
from schema.mapping import to_deviation, without_printed_text
from schema.raw import RawForm
from schema.templates import template_for

SHA = "0" * 64

COMPLETE = {
    "bus": dict(reported_on="2025-03-04", description="- BUP deltog inte i SIP.", counterparts=["BUP Järva"]),
    "vastbus": dict(reported_on="2025-03-04", description="Skolan deltog inte i planeringen.", counterparts=["BUP Mölndal"]),
    "lex_heller": dict(reported_on="2025-03-04", description="Kallelsen kom för sent.", counterparts=["forsakringskassan"]),
}


def _raw(form_type: str, notes: list[str] | None = None, **fields) -> RawForm:
    return RawForm(
        form_type=form_type, source_format="docx", source_name="x.docx", source_sha256=SHA,
        fields=fields, notes=notes or [],
    )


@pytest.mark.parametrize("family", sorted(COMPLETE))
def test_when_core_fields_are_read_then_the_form_is_complete_without_notes(family):
    dev = to_deviation(_raw(family, **COMPLETE[family]))
    assert dev.extraction_status == ExtractionStatus.COMPLETE
    assert dev.extraction_notes == []


@pytest.mark.parametrize("family", sorted(COMPLETE))
@pytest.mark.parametrize("missing", ["reported_on", "description", "counterparts"])
def test_when_a_core_field_is_missing_then_incomplete_with_a_swedish_note_naming_it(family, missing):
    fields = {k: v for k, v in COMPLETE[family].items() if k != missing}
    fields.setdefault("proposed_action", "Ny rutin.")  # something of substance, so the form is not empty
    dev = to_deviation(_raw(family, **fields))
    assert dev.extraction_status == ExtractionStatus.INCOMPLETE
    name = next(c.name for c in template_for(family).core_fields if c.field == missing)
    assert dev.extraction_notes == [f"Uppgiften ”{name}” kunde inte läsas."]


def test_when_a_date_is_written_but_cannot_be_read_then_the_note_says_so():
    dev = to_deviation(_raw("bus", **{**COMPLETE["bus"], "reported_on": "i våras"}))
    assert dev.reported_on is None
    assert dev.extraction_notes == ["Datumet i ”datum för rapportering” kunde inte tolkas."]


def test_when_a_value_is_the_forms_printed_text_then_it_is_not_stored_and_the_form_is_incomplete():
    printed = "Mottagande verksamhet kan behöva barnets personuppgifter för att kunna utreda ovan beskrivna händelse."
    dev = to_deviation(_raw("bus", **{**COMPLETE["bus"], "proposed_action": printed}))
    assert dev.proposed_action is None
    assert dev.extraction_status == ExtractionStatus.INCOMPLETE
    assert dev.extraction_notes == ["Fältet ”Förslag till åtgärd” innehöll blankettens tryckta text, som inte sparades."]


def test_when_printed_text_is_mixed_into_a_value_then_only_the_written_lines_are_kept():
    text = "BUP deltog inte i SIP.\nBeskriv i punktform. Ange inte barnets namn eller personnummer.\nSkolan väntar på svar."
    kept, found = without_printed_text(text, template_for("bus"))
    assert found and kept == "BUP deltog inte i SIP.\nSkolan väntar på svar."


@pytest.mark.parametrize(
    "text",
    [
        "Beskrivning av händelsen: BUP kom inte.",  # a label's words, with a value: written by a person
        "Ange datum för nästa möte i kallelsen.",  # resembles guidance, is not the form's
        "Händelsen inträffade i mars.",
    ],
)
def test_when_a_line_only_resembles_printed_text_then_it_is_kept(text):
    assert without_printed_text(text, template_for("bus")) == (text, False)


def test_when_the_reader_left_notes_then_the_form_is_incomplete_with_them():
    note = "Sidan 2 kunde inte tolkas (OCR)."
    dev = to_deviation(_raw("vastbus", notes=[note], **COMPLETE["vastbus"]))
    assert dev.extraction_status == ExtractionStatus.INCOMPLETE
    assert dev.extraction_notes == [note]


def test_every_template_names_its_core_fields_in_swedish():
    for family in COMPLETE:
        core = template_for(family).core_fields
        assert {c.field for c in core} >= {"reported_on", "description"}
        assert all(c.name and c.name == c.name.lower() for c in core)


@pytest.mark.parametrize(
    ("entry", "is_party"),
    [
        ("En verksamhet per rad.", False),
        ("Skriv en verksamhet per rad.", False),
        ("Statens institutionsstyrelse, Högantorps ungdomshem.", True),
        ("Barn- och ungdomspsykiatrin i Norrtälje.", True),
        ("HVB-hemmet Kompassen", True),
    ],
)
def test_when_a_party_line_is_a_sentence_of_guidance_then_it_is_no_party_and_noted(entry, is_party):
    dev = to_deviation(_raw("bus", **{**COMPLETE["bus"], "counterparts": ["BUP Järva", entry]}))
    names = [p.name for p in dev.parties]
    assert (entry.rstrip(".") in " ".join(names)) is is_party
    noted = "En rad under ”mellan vilka verksamheter” liknade en mening och sparades inte som part."
    assert (noted in dev.extraction_notes) is (not is_party)
