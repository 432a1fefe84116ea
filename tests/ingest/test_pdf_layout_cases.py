"""Text-layer PDFs laid out like Word/LibreOffice exports: whole answers, whole party names.

Each PDF is made at test time (tests/ingest/form_pdf.py) with invented content: a table of
labels and answers with ruled borders, or paragraphs across the page, every line wrapped by
the font's real widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import read_forms, read_layout
from schema.mapping import to_deviation
from tests.ingest.form_pdf import FormPdf

P1 = ("Den enskilde deltog i arbetsträning som avbröts utan att socialtjänsten informerades. "
      "Socialtjänsten fick kännedom om avbrottet först när utbetalningen upphörde.")
P2 = "Handläggaren hade planerat insatser som byggde på att arbetsträningen fortsatte."
P3 = "Utbetalningen på 3 200 kr stoppades vecka 4."


def _words(text: str | None) -> list[str]:
    return (text or "").split()


def _lex_heller_table(path: Path, description: list[str], causes: list[str] | None = None) -> Path:
    pdf = FormPdf(path)
    pdf.para("Höglandets samordningsförbund – Uppdrag Samverkan", space_after=4)
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.para("Avvikelser i samverkan kan bero på strukturer som lagar och regler eller organisatoriska "
             "förutsättningar. Skriv inte namn eller personnummer.")
    pdf.row("Datum för anmälan", "2024-02-09")
    pdf.row("Din arbetsgivare", ["☐ Arbetsförmedlingen", "☐ Försäkringskassan", "☒ Kommun (välj i listan)",
                                 "☐ Annan (ange vilken)"])
    pdf.row("Samverkanspart i aktuellt ärende", ["☒ Arbetsförmedlingen", "☐ Försäkringskassan"])
    pdf.row("Beskriv avvikelsen", description, guidance="Kortfattat och oidentifierat")
    pdf.row("Beskriv möjliga orsaker, åtgärder och konsekvenser av händelsen",
            causes or ["Det saknas en rutin för att informera övriga parter vid avbrott."], guidance="Frivillig")
    pdf.row("Avvikelsen är löst", "☐ Ja ☒ Nej")
    pdf.row("Bedöm allvarlighetsgraden", "☐ Mycket allvarlig ☒ Allvarlig ☐ Mindre allvarlig")
    return pdf.save()


def test_when_an_answer_has_paragraphs_below_the_guidance_under_its_label_then_all_are_read(tmp_path: Path) -> None:
    # Paragraphs separated by an empty line: the second starts beside, or below, the
    # printed guidance under the label, in a line of the label column of its own.
    path = _lex_heller_table(tmp_path / "lh.pdf", [P1, "", P2, "", "", P3])
    [raw] = read_forms(path)
    dev = to_deviation(raw)
    assert _words(dev.description) == _words(f"{P1} {P2} {P3}")
    assert dev.causes == "Det saknas en rutin för att informera övriga parter vid avbrott."
    assert dev.resolved is False and dev.severity == "allvarlig"


def test_when_an_answer_of_one_line_is_followed_by_more_after_the_guidance_then_it_is_read_whole(tmp_path: Path) -> None:
    path = _lex_heller_table(tmp_path / "lh.pdf", [P3, "", "", "", P2])
    dev = to_deviation(read_forms(path)[0])
    assert _words(dev.description) == _words(f"{P3} {P2}")


def test_when_the_next_label_follows_then_the_answer_ends_there(tmp_path: Path) -> None:
    # Near miss: the causes' own paragraphs do not run into the description, nor the reverse.
    cause = ["Möjlig orsak är att rutinen saknas.", "", "Konsekvensen blev att den enskilde förlorade sin inkomst."]
    path = _lex_heller_table(tmp_path / "lh.pdf", [P1, "", P2], causes=cause)
    dev = to_deviation(read_forms(path)[0])
    assert _words(dev.description) == _words(f"{P1} {P2}")
    assert _words(dev.causes) == _words(" ".join(cause))


# --- party names wrapped onto two lines ------------------------------------------------

REPORTING_OPTIONS = ("☐ Arbetsförmedlingen ☐ Försäkringskassan ☐ Kommun (välj i listan) ☐ Vårdcentral (välj i listan) "
                     "☐ Psykiatrin (välj mottagning) ☒ Annan (ange vilken) {name}")
WRAPPED_NAME = "Kriminalvården Frivården Eksjö"


def _lex_heller_paragraphs(path: Path) -> tuple[Path, FormPdf]:
    pdf = FormPdf(path)
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.para("2023-07-28", label="Anmälningsdatum:")
    pdf.para(REPORTING_OPTIONS.format(name=WRAPPED_NAME), label="Arbetsgivare:")
    pdf.para("☐ Arbetsförmedlingen ☒ Försäkringskassan ☐ Kommun (välj i listan)", label="Samverkanspart(er):")
    pdf.para("Försäkringskassan väntade på uppgifter från kommunen och Kriminalvården Frivården Eksjö väntade på "
             "Försäkringskassan.", label="Beskrivning av avvikelsen:")
    pdf.para("☐ Ja ☒ Nej", label="Är avvikelsen löst?:")
    pdf.para("☐ Mycket allvarlig ☒ Allvarlig ☐ Mindre allvarlig", label="Allvarlighetsgrad:")
    return pdf.save(), pdf


def test_when_an_options_written_name_wraps_before_a_capital_then_the_party_is_read_whole(tmp_path: Path) -> None:
    path, pdf = _lex_heller_paragraphs(tmp_path / "lh.pdf")
    lines = pdf.wrap(REPORTING_OPTIONS.format(name=WRAPPED_NAME), 545.5 - 5 - 71, pdf.width("Arbetsgivare: ", "bold"))
    assert lines[-1] == WRAPPED_NAME and lines[-2].endswith("(ange vilken)")  # the case: the name on a line of its own
    dev = to_deviation(read_forms(path)[0])
    assert [(p.role, p.name) for p in dev.parties] == [
        ("reporting", WRAPPED_NAME), ("counterpart", "Försäkringskassan")]
    assert dev.resolved is False and dev.severity == "allvarlig"


def test_when_an_option_in_a_narrow_cell_wraps_over_three_lines_then_it_is_one_name(tmp_path: Path) -> None:
    # Options in the label column, the tick an X in the next cell (a Word table exported to PDF).
    pdf = FormPdf(tmp_path / "lh.pdf")
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.row("Datum för anmälan", "2024-07-05")
    pdf.row("Din arbetsgivare", "")
    for option, ticked in [("Arbetsförmedlingen", False), ("Försäkringskassan", True), ("Kommun (välj i listan)", False)]:
        pdf.row(option, "X" if ticked else "", label_style="regular")
    pdf.row("Samverkanspart i aktuellt ärende", "")
    for option, ticked in [("Arbetsförmedlingen", False), ("Försäkringskassan", False),
                           (f"Annan (ange vilken) {WRAPPED_NAME}", True)]:
        pdf.row(option, "X" if ticked else "", label_style="regular")
    pdf.row("Beskriv avvikelsen", "Beslutet dröjde i sju veckor.", guidance="Kortfattat och oidentifierat")
    pdf.row("Avvikelsen är löst", "")
    pdf.row("Ja", "", label_style="regular").row("Nej", "X", label_style="regular")
    pdf.row("Bedöm allvarlighetsgraden", "")  # right under "Nej": the next label, not the rest of "Nej"
    pdf.row("Mycket allvarlig", "", label_style="regular").row("Allvarlig", "X", label_style="regular")
    path = pdf.save()
    assert len(pdf.wrap(f"Annan (ange vilken) {WRAPPED_NAME}", 225.4 - 71 - 4)) == 3
    dev = to_deviation(read_forms(path)[0])
    assert [(p.role, p.name) for p in dev.parties] == [
        ("reporting", "Försäkringskassan"), ("counterpart", WRAPPED_NAME)]
    assert dev.description == "Beslutet dröjde i sju veckor." and dev.resolved is False
    assert dev.severity == "allvarlig"


def _vastbus_table(path: Path, reporting: list[str], counterparts: list[str], description: list[str]) -> Path:
    pdf = FormPdf(path)
    pdf.para("Avvikelserapport enligt Västbus riktlinjer", space_after=14)
    pdf.row("Datum:", "2024-03-05")
    pdf.row("Rapporterande verksamhet:", reporting)
    pdf.row("Avvikelsen avser verksamhet(er):", counterparts)
    pdf.row("Typ av avvikelse:", ["☐ Västbus riktlinjer följs inte", "☒ Parterna är inte överens"])
    pdf.row("Beskrivning av avvikelsen:", description)
    pdf.row("Förslag till lösning:", "Att frågan lyfts i den lokala gruppen.")
    return pdf.save()


def test_when_prose_wraps_before_a_capital_then_the_name_reads_as_one(tmp_path: Path) -> None:
    text = ("Individen hade lämnat samtycke till informationsutbyte med Psykiatriska kliniken Höglandssjukhuset "
            "och Vårdcentralen Aneby, men samtycket registrerades inte.")
    path = _vastbus_table(tmp_path / "vb.pdf", ["BUP Mölndal"], ["Socialtjänsten i Vara kommun"], [text])
    lines = FormPdf(tmp_path / "x.pdf").wrap(text, 545.5 - 231 - 5)
    assert lines[1].endswith(" Vårdcentralen") and lines[2].startswith("Aneby,")  # the case: a name cut by the wrap
    dev = to_deviation(read_forms(path)[0])
    assert dev.description == text


def test_when_the_reporting_units_long_name_wraps_before_a_capital_then_it_is_one_party(tmp_path: Path) -> None:
    # The reporting party is one unit: its cell is no list, a wrapped line is the rest of it.
    name = "Barn- och ungdomspsykiatriska mottagningen Kungälv Ytterby"
    lines = FormPdf(tmp_path / "x.pdf").wrap(name, 545.5 - 231 - 5)
    assert len(lines) == 2 and lines[1][:1].isupper()  # the case: the name wraps before a capital
    path = _vastbus_table(tmp_path / "vb.pdf", [name], ["BUP Kungälv"], ["Text."])
    dev = to_deviation(read_forms(path)[0])
    assert [(p.role, p.name) for p in dev.parties] == [("reporting", name), ("counterpart", "BUP Kungälv")]


def test_when_a_cell_lists_one_party_per_line_then_each_is_a_party(tmp_path: Path) -> None:
    # Near miss: the second name did not fit after the first either, but a list cell is
    # written one entry per line; and a short second name plainly starts a line of its own.
    long_first = "Statens institutionsstyrelse, ungdomshemmet Björkbacken"
    pdf = FormPdf(tmp_path / "x.pdf")
    [first_line] = pdf.wrap(long_first, 545.5 - 231 - 5)
    assert pdf.width(f"{first_line} Migrationsverket") > 545.5 - 231 - 5
    path = _vastbus_table(tmp_path / "vb.pdf", ["BUP Mölndal"], [long_first, "Migrationsverket", "BUP Kungälv",
                                                                  "Socialtjänsten i Vara kommun"], ["Text."])
    dev = to_deviation(read_forms(path)[0])
    assert [(p.role, p.name) for p in dev.parties] == [
        ("reporting", "BUP Mölndal"), ("counterpart", long_first), ("counterpart", "Migrationsverket"),
        ("counterpart", "BUP Kungälv"), ("counterpart", "Socialtjänsten i Vara kommun")]


# --- options laid out with tab stops ---------------------------------------------------


def test_when_options_stand_at_tab_stops_over_several_lines_then_each_box_ticks_its_own(tmp_path: Path) -> None:
    # Boxes before the options, boxes after them, boxes in a column of their own: each row
    # of tab stops is its own line (a name at a tab stop does not wrap onto the next row).
    pdf = FormPdf(tmp_path / "lh.pdf")
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.para("2023-07-28", label="Anmälningsdatum:")
    pdf.tabbed((71, "Arbetsgivare:"), (184, "☐ Arbetsförmedlingen"), (364, "☐ Försäkringskassan"), space_after=0)
    pdf.tabbed((184, "☒ Kommun (välj i listan)"), (364, "☐ Vårdcentral (välj i listan)"), space_after=0)
    pdf.tabbed((184, "☐ Psykiatrin (välj mottagning)"), (364, "☐ Annan (ange vilken)"))
    pdf.tabbed((71, "Samverkanspart(er):"), (184, "Arbetsförmedlingen"), (300, "☐"), (364, "Försäkringskassan"),
               (480, "☒"), space_after=0)
    pdf.tabbed((184, "Kommun"), (300, "☐"), (364, "Annan (ange vilken)"), (480, "☒"), space_after=0)
    pdf.tabbed((364, "Migrationsverket"))
    pdf.para("Beslutet dröjde i sju veckor.", label="Beskrivning av avvikelsen:")
    pdf.tabbed((71, "Är avvikelsen löst?"), (184, "Ja"), (210, "☐"), (256, "Nej"), (285, "☒"))
    pdf.tabbed((71, "Allvarlighetsgrad:"), (184, "☐"), (200, "Mycket allvarlig"), (364, "☒"), (380, "Allvarlig"),
               space_after=0)
    pdf.tabbed((184, "☐"), (200, "Mindre allvarlig"))
    dev = to_deviation(read_forms(pdf.save())[0])
    assert [(p.role, p.name) for p in dev.parties] == [
        ("reporting", "Kommun"), ("counterpart", "Försäkringskassan"), ("counterpart", "Migrationsverket")]
    assert dev.resolved is False and dev.severity == "allvarlig"
    assert dev.description == "Beslutet dröjde i sju veckor."


# --- list items -------------------------------------------------------------------------

ITEMS = ["Ingen från mottagningen deltog i mötet", "Vårdnadshavarna fick inget besked"]


@pytest.mark.parametrize(("gap", "first"), [
    (18.0, "Kallelsen skickades till en brevlåda som ingen läste då"),  # a Word list
    (40.0, "Kallelsen skickades till en brevlåda som ingen läste"),  # a list printed from a web page
])
def test_when_an_answer_is_a_bulleted_list_then_each_item_is_a_line_without_its_bullet(
        tmp_path: Path, gap: float, first: str) -> None:
    pdf = FormPdf(tmp_path / "vb.pdf")
    pdf.para("Avvikelserapport enligt Västbus riktlinjer", space_after=14)
    pdf.row("Datum:", "2024-03-05").row("Rapporterande verksamhet:", "BUP Mölndal")
    pdf.row("Avvikelsen avser verksamhet(er):", "Socialtjänsten i Vara kommun")
    pdf.row("Beskrivning av avvikelsen:", [first, *ITEMS], bullet="•", bullet_gap=gap)
    pdf.row("Förslag till lösning:", "Att kallelser bekräftas skriftligt.")
    path = pdf.save()
    # The case: the first item fills its line, the next item's first word would not fit after it.
    width = 545.5 - 231 - 5 - gap
    assert len(pdf.wrap(first, width)) == 1 and pdf.width(f"{first} Ingen") > width
    dev = to_deviation(read_forms(path)[0])
    assert dev.description == "\n".join([first, *ITEMS])
    assert dev.proposed_action == "Att kallelser bekräftas skriftligt."


# --- answers over a page break ---------------------------------------------------------


def test_when_an_answer_runs_on_over_a_page_break_then_the_running_head_is_not_part_of_it(tmp_path: Path) -> None:
    head = "Höglandets samordningsförbund | Uppdrag Samverkan | Sida"
    pdf = FormPdf(tmp_path / "lh.pdf", header=head)
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.para("2024-02-09", label="Datum för anmälan:")
    pdf.para("☒ Kommun (välj i listan) ☐ Försäkringskassan", label="Arbetsgivare:")
    pdf.para("☒ Arbetsförmedlingen ☐ Försäkringskassan", label="Samverkanspart(er):")
    pdf.para("Beskrivning av avvikelsen:", style="bold", space_after=4)
    pdf.para(P1, space_after=6).new_page()
    pdf.para(P2, space_after=6).para(P3)
    pdf.para("Det saknas en rutin för avbrott.", label="Möjliga orsaker, åtgärder och konsekvenser:")
    pdf.para("☐ Ja ☒ Nej", label="Är avvikelsen löst?:")
    path = pdf.save()
    [raw] = read_forms(path)
    dev = to_deviation(raw)
    assert _words(dev.description) == _words(f"{P1} {P2} {P3}")
    assert dev.causes == "Det saknas en rutin för avbrott." and dev.resolved is False
    assert [line.page for line in read_layout(path.read_bytes(), "pdf").lines if line.text == head] == [0]


# --- options in the label column, the tick in the next cell ----------------------------


def test_when_a_ticked_option_stands_left_of_its_x_under_an_unknown_heading_then_it_is_read(tmp_path: Path) -> None:
    # A revision whose heading above the handling options the template does not list: the
    # ticked row itself names the group, its option text left of the X.
    pdf = FormPdf(tmp_path / "vb.pdf")
    pdf.para("Avvikelserapport enligt Västbus riktlinjer", space_after=14)
    pdf.row("Datum:", "2023-05-11").row("Rapporterande verksamhet:", "Socialförvaltningen Hisingen")
    pdf.row("Avvikelsen avser verksamhet(er):", "Hammarkullsskolan")
    pdf.row("Typ av avvikelse", "")
    pdf.row("Västbus riktlinjer följs inte", "", label_style="regular")
    pdf.row("Parterna är inte överens", "X", label_style="regular")
    pdf.row("Beskrivning av avvikelsen:", "Parterna kunde inte enas om ansvaret.")
    pdf.row("Förslag till lösning:", "Att gruppen klargör ansvaret.")
    pdf.row("Gruppens beslut om ärendet", "")
    pdf.row("Löst i lokal grupp", "", label_style="regular")
    pdf.row("Skickad till regional styrgrupp", "X", label_style="regular")
    dev = to_deviation(read_forms(pdf.save())[0])
    assert dev.event_type == "parter_inte_overens"
    assert dev.escalation_level == "regional"
    assert dev.proposed_action == "Att gruppen klargör ansvaret."


def test_when_a_groups_label_is_worded_otherwise_beside_its_first_box_then_that_box_counts(tmp_path: Path) -> None:
    # The label resembles the template's ("Handläggning (fylls i av lokal Västbusgrupp)") but
    # right after a filled one-line value; the ticked box shares its line.
    pdf = FormPdf(tmp_path / "vb.pdf")
    pdf.para("Avvikelserapport enligt Västbus riktlinjer", space_after=14)
    pdf.row("Datum:", "2023-05-11").row("Rapporterande verksamhet:", "BUP Hisingen")
    pdf.row("Avvikelsen avser verksamhet(er):", "Socialtjänsten i Lerum")
    pdf.row("Typ av avvikelse", ["☐ Västbus riktlinjer följs inte", "☒ Parterna är inte överens"])
    pdf.row("Beskrivning av avvikelsen:", "Parterna kunde inte enas om ansvaret.")
    pdf.row("Lokal Västbusgrupp (kommun/område):", "Västbusgruppen i Lerum")
    pdf.row("Handläggning (fylls i av den lokala Västbusgruppen)",
            ["☒ Löst i lokal grupp", "☐ Skickad till delregional grupp", "☐ Skickad till regional styrgrupp"])
    dev = to_deviation(read_forms(pdf.save())[0])
    assert dev.local_group == "Västbusgruppen i Lerum"
    assert dev.escalation_level == "lokal"


# --- two parties run together on one line -----------------------------------------------


@pytest.mark.parametrize(("written", "parties"), [
    ("BUP Kungälv, Socialtjänsten i Vara kommun", ["BUP Kungälv", "Socialtjänsten i Vara kommun"]),
    ("Arbetsförmedlingen, Försäkringskassan", ["Arbetsförmedlingen", "Försäkringskassan"]),
    # near misses: a unit and its municipality or region, an organisation and its unit
    ("Individ- och familjeomsorgen, Partille kommun", ["Individ- och familjeomsorgen, Partille kommun"]),
    ("Barn- och ungdomspsykiatrin, Region Jönköpings län", ["Barn- och ungdomspsykiatrin, Region Jönköpings län"]),
    ("Statens institutionsstyrelse, Björkbackens ungdomshem", ["Statens institutionsstyrelse, Björkbackens ungdomshem"]),
])
def test_when_a_content_controls_lines_ran_together_then_parties_of_different_kinds_are_split(
        tmp_path: Path, written: str, parties: list[str]) -> None:
    # A LibreOffice export joins the lines of a content control into one, a comma apart.
    path = _vastbus_table(tmp_path / "vb.pdf", ["BUP Mölndal"], [written], ["Text."])
    dev = to_deviation(read_forms(path)[0])
    assert [p.name for p in dev.parties if p.role == "counterpart"] == parties


LONG_ITEMS = [
    "En SIP upprättades i juli där det framgick att socialtjänsten skulle ansvara för uppföljningen av insatserna.",
    "Socialtjänsten deltog inte på mötet och meddelade inte förhinder, trots att kallelsen skickats i god tid.",
    "Vårdnadshavarna upplever att de får olika besked från olika verksamheter och att ingen har helhetsbilden.",
]


@pytest.mark.parametrize("hanging", [True, False])
def test_when_list_items_wrap_beside_long_guidance_then_each_item_is_read_whole(tmp_path: Path, hanging: bool) -> None:
    # Word's list: the item's text after a tab, its wrapped lines under the text (hanging) or
    # back under the bullet; the label's guidance, small and at its own pitch, runs beside
    # the items' lines, so a wrapped line can have a guidance line right above it.
    guidance = ("Beskriv i punktform situationen som avvikelsen gäller och hur rapporterande verksamhet "
                "uppfattat situationen. Kortfattat och oidentifierat.")
    pdf = FormPdf(tmp_path / "lh.pdf")
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.row("Datum för anmälan", "2024-02-09")
    pdf.row("Din arbetsgivare", ["☒ Kommun (välj i listan)"])
    pdf.row("Samverkanspart i aktuellt ärende", ["☒ Arbetsförmedlingen"])
    pdf.row("Beskriv avvikelsen", LONG_ITEMS, guidance=guidance, bullet="•", bullet_gap=36, hanging=hanging)
    pdf.row("Beskriv möjliga orsaker, åtgärder och konsekvenser av händelsen", "Rutin saknas.")
    pdf.row("Avvikelsen är löst", "☐ Ja ☒ Nej")
    path = pdf.save()
    assert all(len(pdf.wrap(item, 545.5 - 231 - 5 - 36)) >= 2 for item in LONG_ITEMS)  # the case: items wrap
    dev = to_deviation(read_forms(path)[0])
    assert dev.description == "\n".join(LONG_ITEMS)
    assert dev.causes == "Rutin saknas." and dev.resolved is False


OPTIONS = ["Arbetsförmedlingen", "Försäkringskassan", "Kommun (välj i listan)", "Vårdcentral (välj i listan)",
           "Psykiatrin (välj mottagning)", "Annan (ange vilken)"]


def test_when_a_paragraph_of_options_wraps_right_after_a_box_then_the_box_ticks_the_option_below(tmp_path: Path) -> None:
    # "… ☐ Kommun (välj i listan) ☒" / "Vårdcentral (välj i listan) ☐ …": the box ends a
    # line, its option begins the next; read line by line, the box below would tick the
    # option before it instead.
    reporting = " ".join(("☒ " if i == 3 else "☐ ") + o for i, o in enumerate(OPTIONS))
    counterparts = " ".join(("☒ " if i == 2 else "☐ ") + o for i, o in enumerate(OPTIONS))
    pdf = FormPdf(tmp_path / "lh.pdf")
    pdf.para("Avvikelse i samverkan", space_after=14)
    pdf.para("2023-08-11", label="Datum för anmälan:")
    pdf.para(reporting, label="Din arbetsgivare:")
    pdf.para(counterparts, label="Samverkanspart i aktuellt ärende:")
    pdf.para("Beslutet dröjde i sju veckor.", label="Beskriv avvikelsen:")
    pdf.para("☐ Ja ☒ Nej", label="Avvikelsen är löst:")
    path = pdf.save()
    assert pdf.wrap(reporting, 545.5 - 5 - 71, pdf.width("Din arbetsgivare: ", "bold"))[0].endswith("☒")
    assert pdf.wrap(counterparts, 545.5 - 5 - 71, pdf.width("Samverkanspart i aktuellt ärende: ", "bold"))[0].endswith("☒")
    dev = to_deviation(read_forms(path)[0])
    assert [(p.role, p.name) for p in dev.parties] == [("reporting", "Vårdcentral"), ("counterpart", "Kommun")]
    assert dev.resolved is False
