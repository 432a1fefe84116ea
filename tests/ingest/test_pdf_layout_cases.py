"""Text-layer PDFs laid out like Word/LibreOffice exports: whole answers, whole party names.

Each PDF is made at test time (tests/ingest/form_pdf.py) with invented content: a table of
labels and answers with ruled borders, or paragraphs across the page, every line wrapped by
the font's real widths."""

from __future__ import annotations

from pathlib import Path

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
    pdf.row(["Beskriv avvikelsen", "Kortfattat och oidentifierat"], description)
    pdf.row(["Beskriv möjliga orsaker, åtgärder och konsekvenser av händelsen", "Frivillig"],
            causes or ["Det saknas en rutin för att informera övriga parter vid avbrott."])
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
