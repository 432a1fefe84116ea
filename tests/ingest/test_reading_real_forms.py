"""Forms as they arrive, not only as the templates describe them (issue 10).

Every form here is made at test time by the sample generator (`sample_forms/`) in every layout
it writes (Word: content controls, legacy fields, label/value table, plain paragraphs; PDF: text
layer, fillable AcroForm), or built by hand below for what the generator does not write.

- the printed text of the form (introduction, guidance, footer; BUS: four sections before
  question 1) is never stored as a value, and the fields after it are read;
- revision C rewords the title, headings, labels and checkbox options in ways no template
  lists: the family is still recognised and every field read (by meaning);
- a checkbox line is never a party;
- a Lex Heller drop-down showing its chosen value (or its printed option) in place is read;
- a blank form whose fields all show placeholders is rejected as unfilled.
"""

from __future__ import annotations

import random
import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from ingest import read_forms
from ingest.extract import ticked_options
from pipelines.field_accuracy import RECORD_FIELDS, comparable
from schema import errors
from schema.mapping import to_deviation
from schema.templates import template_for
from schema.textmatch import LabelIndex
from sample_forms import docx_writer, pdf_writer
from sample_forms.families import BUILDERS, PRINTED_TEXT_FILE, FillOptions, expected_extraction
from sample_forms.generate import DOCX_LAYOUTS, PDF_LAYOUTS
from sample_forms.model import CheckGroup, TextField

LAYOUTS = [("docx", layout) for layout in DOCX_LAYOUTS] + [("pdf", layout) for layout in PDF_LAYOUTS]
FAMILIES = ("bus", "vastbus", "lex_heller")
MODIFIED = datetime(2025, 3, 4, 10, 30, tzinfo=timezone.utc)


def _render(doc, fmt: str, layout: str, seed: int) -> bytes:
    if fmt == "docx":
        return docx_writer.render_docx(doc, layout, random.Random(seed), MODIFIED)
    return pdf_writer.render_pdf(doc, layout, random.Random(seed), MODIFIED)


def _form(folder: Path, family: str, revision: str, fmt: str, layout: str, seed: int = 11):
    opts = FillOptions(revision=revision, answered=family == "bus", bullet="- ")
    built = BUILDERS[family](seed, date(2025, 3, 4), opts)
    built.record["extraction_status"], built.record["extraction_notes"] = expected_extraction(built.record)
    path = folder / f"{family}_{revision}_{layout}.{fmt}"
    path.write_bytes(_render(built.doc, fmt, layout, seed))
    return path, built


def _record(path: Path) -> dict:
    [raw] = read_forms(path)
    return to_deviation(raw).model_dump(mode="json")


def _wrong(expected: dict, record: dict) -> dict:
    return {
        f: (comparable(f, expected.get(f)), comparable(f, record.get(f)))
        for f in RECORD_FIELDS
        if comparable(f, expected.get(f)) != comparable(f, record.get(f))
    }


def _printed_sentences(family: str) -> list[str]:
    data = tomllib.loads(PRINTED_TEXT_FILE.read_text(encoding="utf-8"))[family]
    out = []
    for entry in data.values():
        for section in entry.get("intro", []):
            out += [section["heading"], *section["text"]]
        out += entry.get("footer", [])
    return out


# --- class 1: the printed text of the form --------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("fmt", "layout"), LAYOUTS)
def test_when_form_carries_its_printed_text_then_fields_are_read_and_no_printed_text_is_a_value(tmp_path, family, fmt, layout):
    path, built = _form(tmp_path, family, "A", fmt, layout)
    record = _record(path)
    assert not _wrong(built.record, record)
    stored = " ".join(str(record[f] or "") for f in RECORD_FIELDS if f != "parties")
    stored += " ".join(p["name"] for p in record["parties"])
    for sentence in _printed_sentences(family):
        assert sentence[:40] not in stored


def test_when_bus_form_has_its_four_printed_sections_then_the_answer_fields_are_read(tmp_path):
    path, built = _form(tmp_path, "bus", "A", "docx", "plain")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    for heading in ("BUS – organisation", "Syfte med BUS-avvikelse", "Hur gör man?", "Vad händer sedan?"):
        assert heading in text
    assert text.index("Vad händer sedan?") < text.index("1. Vilken typ av händelse")
    record = _record(path)
    for field in ("event_type", "reported_on", "proposed_action", "response_text", "description"):
        assert record[field] == built.record[field], field
    assert "Mottagare av BUS-avvikelsen" not in record["description"]


# --- classes 2 and 3: a revision nobody described --------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("fmt", "layout"), LAYOUTS)
def test_when_revision_c_rewords_title_labels_and_options_then_the_form_is_still_read(tmp_path, family, fmt, layout):
    template = template_for(family)
    path, built = _form(tmp_path, family, "C", fmt, layout)
    title = built.doc.elements[0].text
    assert title != template.title and title not in [p.text for p in template.detect.phrases]
    record = _record(path)
    assert record["form_type"] == family
    assert not _wrong(built.record, record)


def test_when_bus_title_is_reworded_then_the_family_is_recognised_by_its_structure(tmp_path):
    path, _ = _form(tmp_path, "bus", "C", "docx", "table")
    assert "BUS – rapport om avvikelse" in "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert read_forms(path)[0].form_type == "bus"


def test_when_a_document_only_mentions_a_form_then_it_is_still_rejected(tmp_path):
    d = docx.Document()
    d.add_heading("BUS – rapport om avvikelse", 1)
    d.add_paragraph("Protokoll från den lokala BUS-gruppen. Vi gick igenom två BUS-avvikelser.")
    d.add_paragraph("Datum: 2025-03-04")
    d.add_paragraph("Närvarande: representanter för skola, socialtjänst och BUP.")
    path = tmp_path / "protokoll.docx"
    d.save(str(path))
    with pytest.raises(errors.UnknownForm):
        read_forms(path)


VASTBUS_TYPES = template_for("vastbus").field("event_type")
VASTBUS_LEVELS = template_for("vastbus").field("escalation_level")


def _option_indexes(spec):
    entries = [(label, o) for o in spec.options for label in o.labels]
    return LabelIndex(entries), LabelIndex(entries, by_words=True)


@pytest.mark.parametrize(
    ("spec", "line", "value"),
    [
        (VASTBUS_TYPES, "☒ Riktlinjerna för Västbus har inte följts", "riktlinjer_foljs_inte"),
        (VASTBUS_TYPES, "☒ Parterna är oense", "parter_inte_overens"),
        (VASTBUS_TYPES, "☒ Insatserna i den individuella planen utförs inte", "insatser_utfors_inte"),
        (VASTBUS_LEVELS, "☒ Ärendet löstes lokalt", "lokal"),
        (VASTBUS_LEVELS, "☒ Skickades till regional styrgrupp", "regional"),
        (VASTBUS_LEVELS, "Skickades till delregional grupp ☒", "delregional"),
    ],
)
def test_when_option_is_worded_otherwise_then_its_meaning_is_read(spec, line, value):
    index, words = _option_indexes(spec)
    assert ticked_options([line], spec, index, words) == [value]


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        (VASTBUS_TYPES, "☒ Parterna träffas igen i oktober"),
        (VASTBUS_TYPES, "☒ Riktlinjerna finns på webben"),
        (VASTBUS_LEVELS, "☒ Gruppen träffas lokalt nästa vecka"),
        (VASTBUS_TYPES, "☐ Parterna är oense"),
    ],
)
def test_when_box_line_only_resembles_an_option_then_nothing_is_read(spec, line):
    index, words = _option_indexes(spec)
    assert ticked_options([line], spec, index, words) == []


# --- class 6 (reading side): a checkbox line is never a party -------------------------


def test_when_checkbox_group_has_an_unknown_label_then_its_lines_are_never_parties(tmp_path):
    d = docx.Document()
    d.add_paragraph("Avvikelserapport enligt Västbus riktlinjer")
    d.add_paragraph("Datum: 2025-03-04")
    d.add_paragraph("Rapporterande verksamhet: Elevhälsan, Kungälvs kommun")
    d.add_paragraph("Avvikelsen avser verksamhet(er):")
    d.add_paragraph("BUP Mölndal")
    d.add_paragraph("Vad saken gäller")  # a heading nobody listed
    d.add_paragraph("☒ Riktlinjerna för Västbus har inte följts")
    d.add_paragraph("☐ Parterna är oense")
    d.add_paragraph("[X] Något annat har hänt")
    d.add_paragraph("Beskrivning av avvikelsen:")
    d.add_paragraph("BUP Mölndal deltog inte i SIP-mötet trots kallelse.")
    path = tmp_path / "vastbus.docx"
    d.save(str(path))
    record = _record(path)
    counterparts = [p["name"] for p in record["parties"] if p["role"] == "counterpart"]
    assert counterparts == ["BUP Mölndal"]
    assert record["event_type"] == "riktlinjer_foljs_inte"


# --- class 5: Lex Heller drop-downs shown in place ---------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _dropdown(prompt: str, items: list[str], chosen: str | None) -> str:
    """A Word drop-down content control: showing its prompt, or the chosen item."""
    entries = "".join(f'<w:listItem w:displayText="{i}" w:value="{i}"/>' for i in items)
    shown = chosen or prompt
    placeholder = "" if chosen else "<w:showingPlcHdr/>"
    return (
        f"<w:sdt {W}><w:sdtPr>{placeholder}<w:dropDownList>{entries}</w:dropDownList></w:sdtPr>"
        f"<w:sdtContent><w:r><w:t xml:space=\"preserve\">{shown}</w:t></w:r></w:sdtContent></w:sdt>"
    )


def _lex_heller(path: Path, employer: list[tuple[str, str | None, bool]], counterpart: list[tuple[str, str | None, bool]]) -> None:
    d = docx.Document()
    d.add_paragraph("Avvikelse i samverkan")
    d.add_paragraph("Datum för anmälan: 2025-03-04")
    for label, options in (("Din arbetsgivare", employer), ("Samverkanspart i aktuellt ärende", counterpart)):
        d.add_paragraph(label)
        for prompt, chosen, ticked in options:
            p = d.add_paragraph(("☒" if ticked else "☐") + " ")
            if prompt in ("Kommun (välj i listan)", "Vårdcentral (välj i listan)"):
                items = ["Vetlanda kommun", "Eksjö kommun"] if prompt.startswith("Kommun") else ["Vårdcentralen Aneby", "Vårdcentralen Forserum"]
                p._p.append(parse_xml(_dropdown(prompt, items, chosen)))
            else:
                p.add_run(chosen or prompt)
    d.add_paragraph("Beskriv avvikelsen:")
    d.add_paragraph("Kallelsen till avstämningsmötet kom för sent.")
    d.save(str(path))


@pytest.mark.parametrize(
    ("employer", "counterpart", "expected"),
    [
        (  # nothing chosen from the drop-down: its printed option is the answer
            [("Arbetsförmedlingen", None, False), ("Vårdcentral (välj i listan)", None, True)],
            [("Försäkringskassan", None, True), ("Kommun (välj i listan)", None, False)],
            [("reporting", "Vårdcentral", "region"), ("counterpart", "Försäkringskassan", "forsakringskassan")],
        ),
        (  # the chosen value shown in place of the option: the whole name, not "Kommun"
            [("Arbetsförmedlingen", None, True)],
            [("Kommun (välj i listan)", "Vetlanda kommun", True), ("Vårdcentral (välj i listan)", None, False)],
            [("reporting", "Arbetsförmedlingen", "arbetsformedlingen"), ("counterpart", "Vetlanda kommun", "kommun")],
        ),
        (  # typed in place (a text, not a control)
            [("Eksjö kommun", None, True), ("Försäkringskassan", None, False)],
            [("Vårdcentralen Forserum", None, True)],
            [("reporting", "Eksjö kommun", "kommun"), ("counterpart", "Vårdcentralen Forserum", "region")],
        ),
    ],
)
def test_when_lex_heller_dropdown_shows_its_value_in_place_then_the_party_is_read_whole(tmp_path, employer, counterpart, expected):
    path = tmp_path / "lh.docx"
    _lex_heller(path, employer, counterpart)
    record = _record(path)
    assert sorted((p["role"], p["name"], p["category"]) for p in record["parties"]) == sorted(expected)


# --- class 7: a blank form ---------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("fmt", "layout"), LAYOUTS)
def test_when_form_is_blank_with_its_printed_text_then_it_is_rejected_as_unfilled(tmp_path, family, fmt, layout):
    built = BUILDERS[family](5, date(2025, 3, 4), FillOptions(revision="A"))
    for el in built.doc.elements:
        if isinstance(el, TextField):
            el.value, el.date = None, None
        if isinstance(el, CheckGroup):
            for option in el.options:
                option.checked = False
                if option.detail is not None:
                    option.detail.value = None
    path = tmp_path / f"tom.{fmt}"
    path.write_bytes(_render(built.doc, fmt, layout, 5))
    with pytest.raises(errors.EmptyForm) as caught:
        for raw in read_forms(path):
            to_deviation(raw)
    assert "inte ifylld" in caught.value.reason



# --- a further revision, worded after the reader was written ----------------------------

#: Revision C's printed words → another revision's ("D"): questions, labels and options said
#: once more otherwise. Values and the expected record stay those of revision C.
REWORD_D = {
    "BUS – rapport om avvikelse": "Rapportering av avvikelse – BUS",
    "1. Vad för slags händelse gäller avvikelsen?": "1. Vilken sorts händelse rör rapporten?",
    "2. Mellan vilka verksamheter uppstod avvikelsen?": "2. Vilka verksamheter är inblandade?",
    "Verksamhet som berörs": "Inblandad verksamhet",
    "3. Den rapporterande verksamhetens beskrivning": "3. Beskrivning från den som rapporterar",
    "Vad har hänt?": "Händelseförlopp",
    "Föreslagen åtgärd": "Förslag till förbättring",
    "Uppgifter om rapporterande verksamhet": "Rapporterande enhet – kontaktuppgifter",
    "Datum då rapporten skrevs": "Rapportdatum",
    "Verksamhet som rapporterar": "Rapporterande enhet",
    "4. Den mottagande verksamhetens svar": "4. Svar från mottagaren",
    "Vidtagna förbättringsåtgärder": "Åtgärder som vidtagits",
    "Västbus – rapport om avvikelse i samverkan": "Rapport – avvikelse från Västbus",
    "Datum för rapporten": "Datum för rapport",
    "Verksamhet(er) som avvikelsen gäller": "Berörda verksamheter",
    "Avvikelsens art": "Vilken typ av avvikelse?",
    "Redogörelse för avvikelsen": "Vad har hänt?",
    "Parterna är oense": "Parterna är inte eniga",
    "Ärendet löstes lokalt": "Löstes i den lokala gruppen",
    "Rapport om avvikelse i samverkan": "Avvikelserapport – samverkan",
    "Datum då avvikelsen anmäldes": "Anmälningsdatum",
    "Redogörelse för avvikelsen (kortfattat, utan personuppgifter)": "Vad hände?",
    "Har avvikelsen lösts?": "Är avvikelsen åtgärdad?",
}


def _reword(doc) -> None:
    for el in doc.elements:
        for attr in ("text", "label"):
            value = getattr(el, attr, None)
            if isinstance(value, str) and value in REWORD_D:
                setattr(el, attr, REWORD_D[value])
        for option in getattr(el, "options", []):
            option.label = REWORD_D.get(option.label, option.label)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("fmt", "layout"), LAYOUTS)
def test_when_a_further_revision_rewords_again_then_every_field_is_read(tmp_path, family, fmt, layout):
    opts = FillOptions(revision="C", answered=family == "bus", bullet="- ")
    built = BUILDERS[family](17, date(2025, 3, 4), opts)
    built.record["extraction_status"], built.record["extraction_notes"] = expected_extraction(built.record)
    _reword(built.doc)
    path = tmp_path / f"{family}_D_{layout}.{fmt}"
    path.write_bytes(_render(built.doc, fmt, layout, 17))
    record = _record(path)
    assert not _wrong(built.record, record)
