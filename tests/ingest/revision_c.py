""""Revision C" of each form family, written by hand to measure forms nobody tuned for.

The labels below are rewordings a form owner could make in a new revision (synonyms,
"Beskriv vad som hänt", "Datum då avvikelsen rapporterades", capitalisation, an extra
"Diarienummer", new guidance lines, sections reordered) and were written before looking at
how the templates phrase them. Each form is rendered in two layouts: a two-column table
(label | value) and plain paragraphs (label line, value line below). `build(folder)` writes
the .docx files and returns (path, expected record) pairs.

    python -m tests.ingest.revision_c OUT_DIR   # writes the forms and expected JSON
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import docx

CHECKED, UNCHECKED = "☒", "☐"

# Blocks: ("title"|"heading"|"note", text), ("field", label, value), ("checks", label, [(option, ticked)])
Block = tuple


def _bus() -> tuple[list[Block], dict]:
    blocks = [
        ("title", "Avvikelseblankett för BUS-samverkan"),
        ("note", "Revision C, 2025. Blanketten ersätter tidigare versioner."),
        ("field", "Diarienummer", "BUS 2025/0142"),
        ("heading", "1. Vad för slags händelse gäller avvikelsen?"),
        ("field", "Kort rubrik på händelsen", "Utebliven överrapportering vid utskrivning"),
        ("heading", "2. Vilka verksamheter berörs?"),
        ("note", "Skriv en verksamhet per rad."),
        ("field", "Berörd(a) verksamhet(er)", "BUP Järva"),
        ("field", "Berörd(a) verksamhet(er)", "Elevhälsan, Sundbybergs stad"),
        ("heading", "3. RAPPORTERANDE VERKSAMHETS REDOGÖRELSE"),
        ("field", "Beskriv vad som hänt", "Eleven skrevs ut från BUP Järva utan att skolan fick någon information. Skolan upptäckte det först efter tre veckor."),
        ("field", "Föreslagna åtgärder", "Rutin för överrapportering till elevhälsan vid utskrivning."),
        ("field", "Kontaktperson för barnets personuppgifter", "Kurator Eva Lind, 08-123 456 78"),
        ("heading", "Uppgifter om rapporterande verksamhet"),
        ("field", "Datum då avvikelsen rapporterades", "2025-03-04"),
        ("field", "Rapporterande enhetens namn", "Elevhälsan, Sundbybergs stad"),
        ("field", "Kontaktperson", "Eva Lind"),
        ("field", "E-postadress", "eva.lind@sundbyberg.se"),
        ("field", "Tel", "08-123 456 78"),
        ("field", "Ansvarig enhetschef", "Per Holm"),
        ("heading", "4. Svar från den mottagande verksamheten"),
        ("field", "Mottagande verksamhets redogörelse", "Överrapporteringen glömdes bort vid en personalväxling."),
        ("field", "Genomförda förbättringsåtgärder", "Checklista vid utskrivning införd."),
        ("field", "Datum då avvikelsen togs emot", "2025-03-10"),
        ("field", "Svarande enhet", "BUP Järva"),
        ("field", "Enhetschef", "Karin Ek"),
    ]
    record = {
        "form_type": "bus", "reported_on": "2025-03-04",
        "event_type": "Utebliven överrapportering vid utskrivning",
        "description": "Eleven skrevs ut från BUP Järva utan att skolan fick någon information. Skolan upptäckte det först efter tre veckor.",
        "proposed_action": "Rutin för överrapportering till elevhälsan vid utskrivning.",
        "response_received_on": "2025-03-10",
        "response_text": "Överrapporteringen glömdes bort vid en personalväxling.",
        "improvement_actions": "Checklista vid utskrivning införd.",
        "response_due_on": "2025-05-04",
        "parties": [
            {"role": "counterpart", "name": "BUP Järva", "category": "region"},
            {"role": "counterpart", "name": "Elevhälsan, Sundbybergs stad", "category": "kommun"},
            {"role": "reporting", "name": "Elevhälsan, Sundbybergs stad", "category": "kommun"},
            {"role": "responding", "name": "BUP Järva", "category": "region"},
        ],
    }
    return blocks, record


def _vastbus() -> tuple[list[Block], dict]:
    blocks = [
        ("title", "Avvikelserapport enligt Västbus riktlinjer"),
        ("field", "Diarienummer", "VB-2025-17"),
        ("field", "Datum då avvikelsen rapporterades", "2025-02-11"),
        ("heading", "Rapportörens kontaktuppgifter"),
        ("field", "Namn", "Sara Berg"),
        ("field", "Yrkesroll", "Skolkurator"),
        ("field", "Telefonnummer", "031-555 12 34"),
        ("field", "Mejladress", "sara.berg@molndal.se"),
        ("field", "Rapportörens verksamhet", "Elevhälsan, Mölndals stad"),
        ("field", "Verksamhet(er) som avvikelsen gäller", "BUP Mölndal"),
        ("checks", "Avvikelsen gäller (kryssa i)", [
            ("Västbus riktlinjer följs inte", False),
            ("Insatser/åtgärder enligt den individuella planen utförs inte", True),
            ("Parterna är inte överens", False),
        ]),
        ("field", "Beskriv vad som hänt", "Enligt SIP skulle BUP Mölndal påbörja behandling i januari. Ingen kontakt har tagits."),
        ("field", "Åtgärdsförslag", "BUP Mölndal kontaktar familjen inom två veckor."),
        ("field", "Ansvarig lokal Västbusgrupp", "Mölndal"),
        ("checks", "Beslut i lokal Västbusgrupp", [
            ("Löst i lokal grupp", False),
            ("Skickad till delregional grupp", True),
            ("Skickad till regional styrgrupp", False),
        ]),
        ("note", "Rapporten skickas till ordföranden i den lokala gruppen."),
    ]
    record = {
        "form_type": "vastbus", "reported_on": "2025-02-11",
        "event_type": "insatser_utfors_inte",
        "description": "Enligt SIP skulle BUP Mölndal påbörja behandling i januari. Ingen kontakt har tagits.",
        "proposed_action": "BUP Mölndal kontaktar familjen inom två veckor.",
        "local_group": "Mölndal", "escalation_level": "delregional",
        "response_due_on": str(date(2025, 2, 11) + timedelta(days=60)),
        "parties": [
            {"role": "counterpart", "name": "BUP Mölndal", "category": "region"},
            {"role": "reporting", "name": "Elevhälsan, Mölndals stad", "category": "kommun"},
        ],
    }
    return blocks, record


def _lex_heller() -> tuple[list[Block], dict]:
    options = ["Arbetsförmedlingen", "Försäkringskassan", "Kommun (välj i listan)", "Vårdcentral (välj i listan)",
               "Psykiatrin (välj mottagning)", "Annan (ange vilken)"]
    blocks = [
        ("title", "Avvikelse i samverkan – Lex Heller"),
        ("field", "Diarienummer", "SF 2025:33"),
        ("field", "Datum då avvikelsen rapporterades", "2025-04-22"),
        ("field", "Namn", "Ola Nyström"),
        ("field", "E-post", "ola.nystrom@arbetsformedlingen.se"),
        ("field", "Telefon", "010-486 00 00"),
        ("checks", "Rapportörens arbetsgivare", [(o, o == "Arbetsförmedlingen") for o in options]),
        ("checks", "Berörd(a) samverkanspart(er)", [(o, o == "Försäkringskassan") for o in options]),
        ("field", "Beskriv vad som hänt", "Beslut om aktivitetsstöd dröjde sex veckor trots komplett underlag."),
        ("field", "Tänkbara orsaker, åtgärder och konsekvenser", "Underlaget registrerades fel. Deltagaren stod utan ersättning."),
        ("checks", "Har avvikelsen lösts?", [("Ja", False), ("Nej", True)]),
        ("checks", "Hur allvarlig är avvikelsen?", [("Mycket allvarlig", False), ("Allvarlig", True), ("Mindre allvarlig", False)]),
    ]
    record = {
        "form_type": "lex_heller", "reported_on": "2025-04-22",
        "description": "Beslut om aktivitetsstöd dröjde sex veckor trots komplett underlag.",
        "causes": "Underlaget registrerades fel. Deltagaren stod utan ersättning.",
        "resolved": False, "severity": "allvarlig",
        "response_due_on": str(date(2025, 4, 22) + timedelta(days=60)),
        "parties": [
            {"role": "counterpart", "name": "Försäkringskassan", "category": "forsakringskassan"},
            {"role": "reporting", "name": "Arbetsförmedlingen", "category": "arbetsformedlingen"},
        ],
    }
    return blocks, record


FAMILIES = {"bus": _bus, "vastbus": _vastbus, "lex_heller": _lex_heller}
RECORD_DEFAULTS = {
    "event_type": None, "description": None, "causes": None, "proposed_action": None, "resolved": None,
    "severity": None, "local_group": None, "escalation_level": None, "response_received_on": None,
    "response_text": None, "improvement_actions": None, "response_due_on": None, "reported_on": None,
}


def _checks_text(options: list[tuple[str, bool]]) -> list[str]:
    return [f"{CHECKED if ticked else UNCHECKED} {option}" for option, ticked in options]


def render(blocks: list[Block], layout: str) -> docx.Document:
    """A .docx of the blocks: "table" (label | value rows) or "para" (label line, value line)."""
    doc = docx.Document()
    table = None
    for block in blocks:
        kind = block[0]
        if kind in ("title", "heading", "note"):
            table = None
            if kind == "title":
                doc.add_heading(block[1], level=1)
            else:
                run = doc.add_paragraph().add_run(block[1])
                run.bold, run.italic = kind == "heading", kind == "note"
            continue
        label = block[1]
        lines = [block[2]] if kind == "field" else _checks_text(block[2])
        if layout == "table":
            if table is None:
                table = doc.add_table(rows=0, cols=2)
                table.style = "Table Grid"
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = "\n".join(lines)
        else:
            doc.add_paragraph().add_run(label.upper() if label.islower() else label).bold = True
            for line in lines:
                doc.add_paragraph(line)
    return doc


def build(folder: Path) -> list[tuple[Path, dict]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for family, make in FAMILIES.items():
        blocks, record = make()
        for layout in ("table", "para"):
            path = folder / f"revC_{family}_{layout}.docx"
            render(blocks, layout).save(str(path))
            out.append((path, {**RECORD_DEFAULTS, **record}))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for form, rec in build(target / "forms"):
        exp = target / "expected"
        exp.mkdir(parents=True, exist_ok=True)
        payload = {"file": form.name, "form_type": rec["form_type"], "source_format": "docx", "record": rec}
        (exp / f"{form.name}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
