"""The three form families: label revisions, and builders that fill in one form with
invented content and compute the expected record (as written, before redaction)."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from sample_forms import people
from sample_forms.dates import DATE_STYLES, bus_due, days60_due, format_date
from sample_forms.model import (
    PH_DATE_NEW,
    PH_DATE_OLD,
    PH_DATE_SHORT,
    PH_LIST,
    PH_TEXT_NEW,
    PH_TEXT_OLD,
    CheckGroup,
    FormDoc,
    Heading,
    Note,
    Option,
    Subtitle,
    TextField,
    Title,
)
from sample_forms.parties import (
    BUS_PARTIES,
    DOMAINS,
    LH_ANNAN,
    LH_KOMMUNER,
    LH_PSYKIATRI,
    LH_VARDCENTRALER,
    VASTBUS_GROUPS,
    VASTBUS_PARTIES,
    categorize,
)
from sample_forms.texts import BEFATTNINGAR, BUS_SCENARIOS, LH_SCENARIOS, VASTBUS_SCENARIOS

# --------------------------------------------------------------------------------------
# Label revisions (documented in REVISIONS.md, which is generated from these tables)
# --------------------------------------------------------------------------------------

BUS_LABELS: dict[str, dict[str, str]] = {
    "A": {  # the 2019-02-07 revision (seed 004)
        "title": "AVVIKELSEBLANKETT FÖR BUS-SAMVERKAN",
        "subtitle": "(senast reviderad 2019-02-07 av BUS-sekretariatet)",
        "q1": "1. Vilken typ av händelse avser BUS-avvikelsen",
        "q2": "2. Mellan vilka verksamheter har avvikelsen uppstått?",
        "q2_note": "Ange samtliga berörda verksamheter som BUS-avvikelsen avser",
        "unit": "Enhet:",
        "q3": "3. Beskrivning av händelsen från rapporterande verksamhet",
        "description": "Händelsen:",
        "description_note": "Beskriv i punktform situationen som avvikelsen gäller och hur rapporterande verksamhet uppfattat situationen.",
        "proposed_action": "Förslag till åtgärd:",
        "identity_heading": "Kontaktuppgifter till person vid rapporterande verksamhet som vid behov kan ge kompletterande uppgifter:",
        "identity_note": "Mottagande verksamhet kan behöva barnets personuppgifter för att kunna utreda ovan beskrivna händelse. Ange namn och telefonnummer till den som kan lämna ut dessa uppgifter.",
        "contact_heading": "Kontaktuppgifter till rapporterande verksamhet",
        "reported_on": "Datum för rapportering:",
        "reporting_unit": "Rapporterande enhet:",
        "contact": "Kontaktperson:",
        "email": "E-post:",
        "phone": "Telefonnummer:",
        "chef_heading": "Ansvarig chef vid rapporterande verksamhet",
        "chef": "Namn enhetschef:",
        "chef_unit": "Enhet:",
        "send_note": "Avvikelsen skickas till chef/-er för den/de verksamheter som avvikelsen avser.",
        "q4": "4. Beskrivning av händelsen från mottagande verksamhet",
        "response_text": "Händelse:",
        "response_note": "Beskriv i punktform situationen som avvikelsen avser och hur den mottagande verksamheten uppfattat situationen.",
        "improvement_actions": "Förbättringsåtgärder:",
        "resp_heading": "Kontaktuppgifter till ansvarig chef för mottagande verksamhet",
        "response_received_on": "Datum för mottagande:",
        "resp_chef": "Namn enhetschef:",
        "resp_unit": "Enhet:",
        "resp_email": "E-post:",
        "resp_phone": "Telefonnummer:",
    },
    "B": {  # an invented later revision
        "title": "Avvikelseblankett för BUS-samverkan",
        "subtitle": "Reviderad 2023-05-15. BUS-sekretariatet, Storsthlm och Region Stockholm",
        "q1": "1 Typ av händelse som BUS-avvikelsen avser",
        "q2": "2 Berörda verksamheter",
        "q2_note": "Ange alla verksamheter som avvikelsen gäller, en per rad",
        "unit": "Enhet",
        "q3": "3 RAPPORTERANDE VERKSAMHETS BESKRIVNING",
        "description": "Beskrivning av händelsen",
        "description_note": "Beskriv i punktform. Ange inte barnets namn eller personnummer.",
        "proposed_action": "Förslag på åtgärd(er)",
        "identity_heading": "Person som kan lämna barnets personuppgifter (namn och telefon)",
        "identity_note": "",
        "contact_heading": "Rapporterande verksamhet",
        "reported_on": "Rapporteringsdatum",
        "reporting_unit": "Rapporterande enhet/verksamhet",
        "contact": "Kontaktperson",
        "email": "E-postadress",
        "phone": "Telefon",
        "chef_heading": "Ansvarig chef",
        "chef": "Enhetschef",
        "chef_unit": "Enhet",
        "send_note": "Skicka avvikelsen till chef för berörd verksamhet och för kännedom till BUS-sekretariatet.",
        "q4": "4 MOTTAGANDE VERKSAMHETS SVAR",
        "response_text": "Mottagande verksamhets beskrivning av händelsen",
        "response_note": "Beskriv i punktform hur den mottagande verksamheten uppfattat situationen.",
        "improvement_actions": "Förbättringsåtgärder",
        "resp_heading": "Ansvarig chef för mottagande verksamhet",
        "response_received_on": "Datum då avvikelsen mottogs",
        "resp_chef": "Enhetschef",
        "resp_unit": "Enhet",
        "resp_email": "E-postadress",
        "resp_phone": "Telefon",
    },
}

BUS_LABELS["C"] = {  # a reworded revision: title, questions, labels no template lists
    "title": "BUS – rapport om avvikelse",
    "subtitle": "Version C, reviderad 2025-01-20 av BUS-sekretariatet",
    "q1": "1. Vad för slags händelse gäller avvikelsen?",
    "q2": "2. Mellan vilka verksamheter uppstod avvikelsen?",
    "q2_note": "Skriv en verksamhet per rad.",
    "unit": "Verksamhet som berörs",
    "q3": "3. Den rapporterande verksamhetens beskrivning",
    "description": "Vad har hänt?",
    "description_note": "Beskriv kortfattat, utan namn eller personnummer.",
    "proposed_action": "Föreslagen åtgärd",
    "identity_heading": "Kontaktperson som kan lämna ut barnets personuppgifter",
    "identity_note": "",
    "contact_heading": "Uppgifter om rapporterande verksamhet",
    "reported_on": "Datum då rapporten skrevs",
    "reporting_unit": "Verksamhet som rapporterar",
    "contact": "Kontaktperson",
    "email": "Mejl",
    "phone": "Telefon",
    "chef_heading": "Chef för den rapporterande verksamheten",
    "chef": "Ansvarig chef",
    "chef_unit": "Enhet",
    "send_note": "Skicka rapporten till berörda chefer och en kopia till BUS-sekretariatet.",
    "q4": "4. Den mottagande verksamhetens svar",
    "response_text": "Mottagande verksamhets redogörelse",
    "response_note": "Beskriv hur ni uppfattat situationen.",
    "improvement_actions": "Vidtagna förbättringsåtgärder",
    "resp_heading": "Chef för den mottagande verksamheten",
    "response_received_on": "Mottaget datum",
    "resp_chef": "Ansvarig chef",
    "resp_unit": "Svarande enhet",
    "resp_email": "Mejl",
    "resp_phone": "Telefon",
}

VASTBUS_TYPES = [
    ("Västbus riktlinjer följs inte", "riktlinjer_foljs_inte"),
    ("Insatser/åtgärder enligt den individuella planen utförs inte", "insatser_utfors_inte"),
    ("Parterna är inte överens", "parter_inte_overens"),
]
VASTBUS_LEVELS = [
    ("Löst i lokal grupp", "lokal"),
    ("Skickad till delregional grupp", "delregional"),
    ("Skickad till regional styrgrupp", "regional"),
]

VASTBUS_LABELS: dict[str, dict[str, str]] = {
    "A": {
        "title": "Avvikelserapport enligt Västbus riktlinjer",
        "subtitle": "Gemensamma riktlinjer för kommunerna och Västra Götalandsregionen om barn och ungdomar med psykisk ohälsa och sociala problem",
        "reported_on": "Datum:",
        "reporter_heading": "Rapportör",
        "reporter_name": "Namn:",
        "reporter_title": "Befattning:",
        "reporter_phone": "Telefon:",
        "reporter_email": "E-post:",
        "reporting_unit": "Rapporterande verksamhet:",
        "counterparts": "Avvikelsen avser verksamhet(er):",
        "type": "Typ av avvikelse:",
        "description": "Beskrivning av avvikelsen:",
        "description_note": "Beskriv avvikelsen avidentifierat, ange inte namn eller personnummer.",
        "proposed_action": "Förslag till lösning:",
        "local_group": "Lokal Västbusgrupp (kommun/område):",
        "handling": "Handläggning (fylls i av lokal Västbusgrupp):",
        "footer": "Ifylld avvikelserapport skickas till ordförande i din lokala Västbusgrupp.",
    },
    "B": {
        "title": "AVVIKELSERAPPORT – VÄSTBUS",
        "subtitle": "Reviderad 2020. Skickas till ordförande i lokal Västbusgrupp.",
        "reported_on": "Datum",
        "reporter_heading": "Uppgifter om rapportören",
        "reporter_name": "Rapportörens namn",
        "reporter_title": "Befattning",
        "reporter_phone": "Telefonnummer",
        "reporter_email": "E-postadress",
        "reporting_unit": "Rapporterande verksamhet/enhet",
        "counterparts": "Avvikelsen gäller verksamhet(er)",
        "type": "Typ av avvikelse (flera kan anges)",
        "description": "Beskriv avvikelsen",
        "description_note": "",
        "proposed_action": "Förslag på lösning",
        "local_group": "Lokal Västbusgrupp",
        "handling": "Handläggning",
        "footer": "Återkoppling sker från lokal grupp till den som skrivit avvikelsen inom 60 dagar.",
    },
}

VASTBUS_LABELS["C"] = {
    "title": "Västbus – rapport om avvikelse i samverkan",
    "subtitle": "Version 2025. Barn och unga med psykisk ohälsa och sociala problem.",
    "reported_on": "Datum för rapporten",
    "reporter_heading": "Den som rapporterar",
    "reporter_name": "Ditt namn",
    "reporter_title": "Yrkesroll",
    "reporter_phone": "Telefon",
    "reporter_email": "Mejladress",
    "reporting_unit": "Verksamhet som rapporterar",
    "counterparts": "Verksamhet(er) som avvikelsen gäller",
    "type": "Avvikelsens art",
    "description": "Redogörelse för avvikelsen",
    "description_note": "Skriv utan namn och personnummer.",
    "proposed_action": "Föreslagen lösning",
    "local_group": "Lokal grupp (kommun/område)",
    "handling": "Hantering i Västbusgruppen",
    "footer": "Återkoppling ges av den lokala gruppen.",
}
#: Revision C words its options otherwise (the values stay).
VASTBUS_TYPES_C = [
    ("Riktlinjerna för Västbus har inte följts", "riktlinjer_foljs_inte"),
    ("Insatserna i den individuella planen utförs inte", "insatser_utfors_inte"),
    ("Parterna är oense", "parter_inte_overens"),
]
VASTBUS_LEVELS_C = [
    ("Ärendet löstes lokalt", "lokal"),
    ("Skickades till delregional grupp", "delregional"),
    ("Skickades till regional styrgrupp", "regional"),
]

LH_OPTIONS_A = [
    ("Arbetsförmedlingen", "Arbetsförmedlingen"),
    ("Försäkringskassan", "Försäkringskassan"),
    ("Kommun (välj i listan)", "Kommun"),
    ("Vårdcentral (välj i listan)", "Vårdcentral"),
    ("Psykiatin (välj mottagning)", "Psykiatrin"),  # sic: the seed's spelling
    ("Annan (ange vilken)", "Annan"),
]
LH_OPTIONS_B = [
    ("Arbetsförmedlingen", "Arbetsförmedlingen"),
    ("Försäkringskassan", "Försäkringskassan"),
    ("Kommun (välj kommun)", "Kommun"),
    ("Vårdcentral (välj vårdcentral)", "Vårdcentral"),
    ("Psykiatrin (välj mottagning)", "Psykiatrin"),
    ("Annan, ange vilken:", "Annan"),
]

LH_LABELS: dict[str, dict[str, str]] = {
    "A": {  # seed 002
        "title": "Avvikelse i samverkan",
        "reported_on": "Datum för anmälan",
        "name": "Ditt namn",
        "email": "Mejladress",
        "phone": "Telefonnummer",
        "employer": "Din arbetsgivare",
        "counterparts": "Samverkanspart i aktuellt ärende",
        "description": "Beskriv avvikelsen\nKortfattat och oidentifierat",
        "causes": "Beskriv möjliga orsaker, åtgärder och konsekvenser av händelsen\nFrivillig",
        "resolved": "Avvikelsen är löst",
        "severity": "Bedöm allvarlighetsgraden",
    },
    "B": {
        "title": "Avvikelse i samverkan – Lex Heller",
        "reported_on": "Datum",
        "name": "Namn",
        "email": "E-post",
        "phone": "Telefon",
        "employer": "Arbetsgivare",
        "counterparts": "Samverkanspart(er) i ärendet",
        "description": "Beskrivning av avvikelsen (kortfattat, utan personuppgifter)",
        "causes": "Möjliga orsaker, åtgärder och konsekvenser (frivilligt)",
        "resolved": "Är avvikelsen löst?",
        "severity": "Allvarlighetsgrad",
    },
}
LH_LABELS["C"] = {
    "title": "Rapport om avvikelse i samverkan",
    "reported_on": "Datum då avvikelsen anmäldes",
    "name": "Namn",
    "email": "E-postadress",
    "phone": "Tel",
    "employer": "Arbetsgivare du representerar",
    "counterparts": "Samverkande part(er) i ärendet",
    "description": "Redogörelse för avvikelsen (kortfattat, utan personuppgifter)",
    "causes": "Tänkbara orsaker, åtgärder och konsekvenser (valfritt)",
    "resolved": "Har avvikelsen lösts?",
    "severity": "Hur allvarlig var avvikelsen?",
}
LH_OPTIONS_C = LH_OPTIONS_B

LH_HINTS = {
    "reported_on": PH_DATE_SHORT,
    "name": "För och efternamn",
    "email": "Mejladress",
    "phone": "Telefonnummer",
    "description": "Kort beskrivning av avvikelsen",
    "causes": "Beskrivning av orsaker, åtgärder och konsekvenser",
}

PRINTED_TEXT_FILE = Path(__file__).with_name("printed_text.toml")


@lru_cache(maxsize=1)
def _printed_text() -> dict:
    with PRINTED_TEXT_FILE.open("rb") as fh:
        return tomllib.load(fh)


def printed_text(family: str, revision: str) -> tuple[list, list]:
    """(introduction, footer) elements of a family's blank form in `revision`, from
    printed_text.toml: the text printed around the questions, never a value."""
    data = _printed_text()[family]
    entry = data[revision]
    while "same_as" in entry:
        entry = data[entry["same_as"]]
    intro: list = []
    for section in entry.get("intro", []):
        intro.append(Heading(section["heading"]))
        intro += [Note(t) for t in section["text"]]
    return intro, [Note(t) for t in entry.get("footer", [])]


# --------------------------------------------------------------------------------------


@dataclass
class Built:
    doc: FormDoc
    record: dict
    planted: list[str] = field(default_factory=list)
    reporter: people.Person | None = None


@dataclass
class FillOptions:
    revision: str = "A"
    answered: bool = False  # BUS: section 4 filled in
    pii: bool = False  # plant client personal data in free text
    sparse: bool = False  # leave some optional fields unfilled
    bullet: str = "- "


def _placeholders(rev: str) -> tuple[str, str]:
    return (PH_TEXT_OLD, PH_DATE_OLD) if rev == "A" else (PH_TEXT_NEW, PH_DATE_NEW)


def _date_field(key: str, label: str | None, d: date | None, style: str, ph: str) -> TextField:
    return TextField(
        key=key, label=label, value=format_date(d, style) if d else None, placeholder=ph,
        kind="date", date=d, date_style=style,
    )


def _dedupe(seq: list[str]) -> list[str]:
    out: list[str] = []
    for s in seq:
        if s not in out:
            out.append(s)
    return out


def plant_client_pii(rng: random.Random, lines: list[str]) -> tuple[list[str], list[str]]:
    """Insert one or two sentences with a client's personal data into free-text lines."""
    child = rng.choice(people.CHILD_NAMES)
    surname = rng.choice(people.SURNAMES)
    pnr = people.personnummer(rng, rng.choice(people.PNR_STYLES))
    parent = people.person(rng)
    tel = people.phone(rng, mobile=True)
    addr = people.address(rng)
    kind = rng.randrange(6)
    if kind == 0:
        sentence, planted = f"Gäller pojken {child} ({pnr}).", [child, pnr]
    elif kind == 1:
        sentence, planted = f"Flickan {child} {surname}, pnr {pnr}, har väntat sedan i höstas.", [f"{child} {surname}", pnr]
    elif kind == 2:
        sentence, planted = f"Mamman {parent.name} nås på {tel} och har själv kontaktat oss flera gånger.", [parent.name, tel]
    elif kind == 3:
        sentence, planted = f"Familjen bor på {addr} och har inget eget telefonnummer.", [addr]
    elif kind == 4:
        sentence, planted = f"Klienten {parent.name} {pnr} har gett samtycke till att informationen lämnas.", [parent.name, pnr]
    else:
        sentence = f"Barnet ({pnr}) och vårdnadshavaren {parent.name}, {tel}, har flyttat till {addr}."
        planted = [pnr, parent.name, tel, addr]
    pos = rng.randrange(len(lines) + 1)
    return lines[:pos] + [sentence] + lines[pos:], planted


def _bullets(lines: list[str], bullet: str) -> str:
    return "\n".join(f"{bullet}{ln}" for ln in lines)


def _party(role: str, name: str, category: str | None = None) -> dict:
    name = name.strip()
    return {"role": role, "name": name, "category": category or categorize(name)}


def _pick_parties(rng: random.Random, pools: dict[str, list[str]], cat: str, n: int, exclude: set[str]) -> list[str]:
    names = [p for p in pools[cat] if p not in exclude]
    rng.shuffle(names)
    out = names[:n]
    # add further counterparts from other categories for variety
    while len(out) < n:
        other = rng.choice([c for c in pools if pools[c]])
        cand = rng.choice(pools[other])
        if cand not in out and cand not in exclude:
            out.append(cand)
    return out


def _empty_record(form_type: str) -> dict:
    return {
        "form_type": form_type, "reported_on": None, "event_type": None, "description": None,
        "causes": None, "proposed_action": None, "resolved": None, "severity": None,
        "local_group": None, "escalation_level": None, "response_received_on": None,
        "response_text": None, "improvement_actions": None, "response_due_on": None, "parties": [],
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ------------------------------------------------------------------------------ BUS ---


def build_bus(content_seed: int, reported_on: date, opts: FillOptions, answer_seed: int | None = None) -> Built:
    """A BUS form. Sections 1–3 depend only on `content_seed`, so the same deviation can be
    produced twice: first unanswered, later with section 4 (`opts.answered`) filled in."""
    rng = random.Random(content_seed)
    rev = opts.revision
    L = BUS_LABELS[rev]
    ph_text, ph_date = _placeholders(rev)
    sc = rng.choice(BUS_SCENARIOS)
    rep_name = _pick_parties(rng, BUS_PARTIES, sc["rep"], 1, set())[0]
    n_cp = rng.choice([1, 1, 2, 2, 3])
    cps = _pick_parties(rng, BUS_PARTIES, sc["cp"], n_cp, {rep_name})
    planted: list[str] = []
    domain = rng.choice(DOMAINS["bus"])
    if sc["rep"] == "region":
        domain = "regionstockholm.se"
    reporter = people.person(rng)
    chef = people.person(rng)
    ident = people.person(rng)
    date_style = rng.choice(list(DATE_STYLES))
    fmt = {"cp": cps[0], "rep": rep_name}

    # Section 2: "Enhet" rows. Revision A has one row on the blank (people add rows);
    # B has three. Sometimes two units are written in one row.
    unit_rows: list[str] = []
    if len(cps) >= 2 and rng.random() < 0.4:
        sep = rng.choice(["; ", "\n", "\n• "])
        first = ("• " if sep == "\n• " else "") + cps[0]
        unit_rows.append(first + sep + cps[1])
        unit_rows.extend(cps[2:])
    else:
        unit_rows.extend(cps)
    # a contact person written into the unit row (realistic, and personal data)
    if rng.random() < 0.15 and "\n" not in unit_rows[0] and ";" not in unit_rows[0]:
        p = people.person(rng)
        unit_rows[0] = f"Socialsekreterare {p.name}, {unit_rows[0]}" if sc["cp"] == "kommun" else f"{unit_rows[0]} (kontakt: {p.name})"
        planted.append(p.name)
    n_rows = max(len(unit_rows), 1 if rev == "A" else 3)
    unit_values: list[str | None] = unit_rows + [None] * (n_rows - len(unit_rows))

    event = sc["event"] if not (opts.sparse and rng.random() < 0.3) else None
    desc_lines = [ln.format(**fmt) for ln in sc["desc"]]
    if opts.pii:
        desc_lines, pl = plant_client_pii(rng, desc_lines)
        planted += pl
    description = _bullets(desc_lines, opts.bullet)
    action = sc["action"].format(**fmt) if not (opts.sparse and rng.random() < 0.5) else None
    ident_tel = people.phone(rng)
    ident_text = f"{rng.choice(BEFATTNINGAR)} {ident.name}, tel. {ident_tel}"
    planted += [ident.name, ident_tel]
    rep_email, rep_tel = people.email(rng, reporter, domain), people.phone(rng)
    chef_email, chef_tel = people.email(rng, chef, domain), people.phone(rng, mobile=False)
    planted += [reporter.name, rep_email, rep_tel, chef.name, chef_email, chef_tel]
    chef_unit = rep_name if rng.random() < 0.6 else rep_name.split(",")[0]

    # Section 4 (its own random stream, so the unanswered twin is identical above)
    arng = random.Random(answer_seed if answer_seed is not None else content_seed + 7919)
    resp_date = reported_on + timedelta(days=arng.randint(12, 75))
    resp_chef = people.person(arng)
    resp_unit = cps[0]
    resp_email = people.email(arng, resp_chef, arng.choice(DOMAINS["bus"]))
    resp_tel = people.phone(arng, mobile=False)
    resp_lines = [ln.format(**fmt) for ln in sc["response"]] or ["Vi har tagit emot avvikelsen och utreder händelsen"]
    improvement = sc["improvement"] or None
    resp_style = arng.choice(list(DATE_STYLES))
    answered = opts.answered
    if answered:
        planted += [resp_chef.name, resp_email, resp_tel]

    def tf(key: str, label: str | None, value: str | None, kind: str = "text") -> TextField:
        return TextField(key=key, label=label, value=value, placeholder=ph_text, kind=kind)

    intro, footer = printed_text("bus", rev)
    els: list = [Title(L["title"]), Subtitle(L["subtitle"]), *intro]
    els += [Heading(L["q1"]), tf("event_type", None, event)]
    els += [Heading(L["q2"]), Note(L["q2_note"])]
    for i, v in enumerate(unit_values):
        els.append(tf(f"unit_{i + 1}", L["unit"], v, "multiline" if v and "\n" in v else "text"))
    els += [Heading(L["q3"]), tf("description", L["description"], None, "multiline")]
    els[-1].value = description
    if L["description_note"]:
        els.insert(len(els) - 1, Note(L["description_note"]))
    els += [tf("proposed_action", L["proposed_action"], action, "multiline")]
    els += [Heading(L["identity_heading"])]
    if L["identity_note"]:
        els.append(Note(L["identity_note"]))
    els += [tf("identity_contact", None, ident_text)]
    els += [
        Heading(L["contact_heading"]),
        _date_field("reported_on", L["reported_on"], reported_on, date_style, ph_date),
        tf("reporting_unit", L["reporting_unit"], rep_name),
        tf("contact_person", L["contact"], reporter.name),
        tf("contact_email", L["email"], rep_email),
        tf("contact_phone", L["phone"], rep_tel),
        Heading(L["chef_heading"]),
        tf("chef_name", L["chef"], chef.name),
        tf("chef_unit", L["chef_unit"], chef_unit),
        tf("chef_email", L["email"], chef_email),
        tf("chef_phone", L["phone"], chef_tel),
        Note(L["send_note"]),
        Heading(L["q4"]),
        Note(L["response_note"]),
        tf("response_text", L["response_text"], _bullets(resp_lines, opts.bullet) if answered else None, "multiline"),
        tf("improvement_actions", L["improvement_actions"], improvement if answered else None, "multiline"),
        Heading(L["resp_heading"]),
        _date_field("response_received_on", L["response_received_on"], resp_date if answered else None, resp_style, ph_date),
        tf("resp_chef", L["resp_chef"], resp_chef.name if answered else None),
        tf("resp_unit", L["resp_unit"], resp_unit if answered else None),
        tf("resp_email", L["resp_email"], resp_email if answered else None),
        tf("resp_phone", L["resp_phone"], resp_tel if answered else None),
        *footer,
    ]

    rec = _empty_record("bus")
    rec.update(
        reported_on=_iso(reported_on), event_type=event, description=description,
        proposed_action=action, response_due_on=_iso(bus_due(reported_on)),
    )
    parties = []
    for v in unit_values:
        for name in split_party_list(v):
            parties.append(_party("counterpart", name))
    parties.append(_party("reporting", rep_name))
    if answered:
        rec.update(
            response_text=_bullets(resp_lines, opts.bullet), improvement_actions=improvement,
            response_received_on=_iso(resp_date),
        )
        parties.append(_party("responding", resp_unit))
    rec["parties"] = parties
    doc = FormDoc("bus", rev, els, author=reporter.name, template_author="BUS-sekretariatet")
    return Built(doc, rec, _dedupe(planted), reporter)


def split_party_list(value: str | None) -> list[str]:
    """Party lists are split on line breaks, ';' and bullet characters, never on commas."""
    if not value:
        return []
    for ch in "•●▪◦·;\n":
        value = value.replace(ch, "\n")
    return [p.strip() for p in value.split("\n") if p.strip()]


# -------------------------------------------------------------------------- Västbus ---


def build_vastbus(content_seed: int, reported_on: date, opts: FillOptions) -> Built:
    rng = random.Random(content_seed)
    rev = opts.revision
    L = VASTBUS_LABELS[rev]
    vb_types = VASTBUS_TYPES_C if rev == "C" else VASTBUS_TYPES
    vb_levels = VASTBUS_LEVELS_C if rev == "C" else VASTBUS_LEVELS
    ph_text, ph_date = _placeholders(rev)
    sc = rng.choice(VASTBUS_SCENARIOS)
    rep_name = _pick_parties(rng, VASTBUS_PARTIES, sc["rep"], 1, set())[0]
    cps = _pick_parties(rng, VASTBUS_PARTIES, sc["cp"], rng.choice([1, 2, 2, 3]), {rep_name})
    planted: list[str] = []
    reporter = people.person(rng)
    domain = rng.choice(DOMAINS["vastbus"])
    r_email, r_tel = people.email(rng, reporter, domain), people.phone(rng)
    planted += [reporter.name, r_email, r_tel]
    fmt = {"cp": cps[0], "rep": rep_name}
    sep = rng.choice(["\n", "; ", "\n• ", "• "])
    if sep == "\n• ":
        cp_text = "• " + "\n• ".join(cps)
    elif sep == "• ":
        cp_text = " ".join(f"• {c}" for c in cps)
    else:
        cp_text = sep.join(cps)
    desc_lines = [ln.format(**fmt) for ln in sc["desc"]]
    if opts.pii:
        desc_lines, pl = plant_client_pii(rng, desc_lines)
        planted += pl
    description = "\n".join(desc_lines) if rng.random() < 0.5 else " ".join(desc_lines)
    proposal = sc["proposal"].format(**fmt) if not (opts.sparse and rng.random() < 0.5) else None
    types = set(sc["types"])
    if opts.sparse and rng.random() < 0.3:
        types = set()
    group = rng.choice(VASTBUS_GROUPS)
    local_group = group if not (opts.sparse and rng.random() < 0.3) else None
    lvl_choice = rng.choice([(), (), (0,), (1,), (2,), (0, 1), (1, 2)])
    date_style = rng.choice(list(DATE_STYLES))

    def tf(key: str, label: str | None, value: str | None, kind: str = "text") -> TextField:
        return TextField(key=key, label=label, value=value, placeholder=ph_text, kind=kind)

    intro, footer = printed_text("vastbus", rev)
    els: list = [
        Title(L["title"]), Subtitle(L["subtitle"]), *intro,
        _date_field("reported_on", L["reported_on"], reported_on, date_style, ph_date),
        Heading(L["reporter_heading"]),
        tf("reporter_name", L["reporter_name"], reporter.name),
        tf("reporter_title", L["reporter_title"], rng.choice(BEFATTNINGAR)),
        tf("reporter_phone", L["reporter_phone"], r_tel),
        tf("reporter_email", L["reporter_email"], r_email),
        tf("reporting_unit", L["reporting_unit"], rep_name),
        tf("counterparts", L["counterparts"], cp_text, "multiline"),
        CheckGroup("event_type", L["type"], [Option(lbl, i in types) for i, (lbl, _) in enumerate(vb_types)]),
    ]
    if L["description_note"]:
        els.append(Note(L["description_note"]))
    els += [
        tf("description", L["description"], description, "multiline"),
        tf("proposed_action", L["proposed_action"], proposal, "multiline"),
        tf("local_group", L["local_group"], local_group),
        CheckGroup("escalation_level", L["handling"], [Option(lbl, i in lvl_choice) for i, (lbl, _) in enumerate(vb_levels)]),
        Note(L["footer"]),
        *footer,
    ]
    rec = _empty_record("vastbus")
    rec.update(
        reported_on=_iso(reported_on), description=description, proposed_action=proposal,
        local_group=local_group, response_due_on=_iso(days60_due(reported_on)),
        event_type=",".join(v for i, (_, v) in enumerate(vb_types) if i in types) or None,
        escalation_level=vb_levels[max(lvl_choice)][1] if lvl_choice else None,
    )
    rec["parties"] = [_party("reporting", rep_name)] + [_party("counterpart", n) for n in split_party_list(cp_text)]
    doc = FormDoc("vastbus", rev, els, author=reporter.name, template_author="Västbus")
    return Built(doc, rec, _dedupe(planted), reporter)


# ----------------------------------------------------------------------- Lex Heller ---

_LH_CATEGORY = {
    "Arbetsförmedlingen": "arbetsformedlingen", "Försäkringskassan": "forsakringskassan",
    "Kommun": "kommun", "Vårdcentral": "region", "Psykiatrin": "region",
}
_LH_LISTS = {"Kommun": LH_KOMMUNER, "Vårdcentral": LH_VARDCENTRALER, "Psykiatrin": LH_PSYKIATRI}


def build_lex_heller(content_seed: int, reported_on: date | None, opts: FillOptions) -> Built:
    rng = random.Random(content_seed)
    rev = opts.revision
    L = LH_LABELS[rev]
    options = LH_OPTIONS_A if rev == "A" else LH_OPTIONS_C if rev == "C" else LH_OPTIONS_B
    sc = rng.choice(LH_SCENARIOS)
    reporter = people.person(rng)
    planted: list[str] = []
    email = people.email(rng, reporter, rng.choice(DOMAINS["lex_heller"]))
    tel = people.phone(rng)
    planted += [reporter.name, email, tel]

    def hint(key: str) -> str:
        return LH_HINTS[key] if rev == "A" else (PH_DATE_NEW if key == "reported_on" else PH_TEXT_NEW)

    parties: list[dict] = []

    def group(key: str, label: str, ticked: list[str], role: str) -> CheckGroup:
        opts_out = []
        for opt_label, base in options:
            checked = base in ticked
            detail = None
            if base in _LH_LISTS:
                chosen = None
                if checked and not (base == "Psykiatrin" and rev == "B" and rng.random() < 0.5):
                    chosen = rng.choice(_LH_LISTS[base])
                detail = TextField(
                    key=f"{key}_{base.lower()}_list", label=None, value=chosen, placeholder=PH_LIST,
                    kind="dropdown", choices=list(_LH_LISTS[base]),
                )
                if checked:
                    parties.append(_party(role, chosen or base, _LH_CATEGORY[base]))
            elif base == "Annan":
                text = None
                cat = "annan"
                if checked:
                    text, cat = rng.choice(LH_ANNAN)
                detail = TextField(key=f"{key}_annan_text", label=None, value=text, placeholder=PH_TEXT_NEW)
                if checked:
                    parties.append(_party(role, text or "Annan", cat))
            elif checked:
                parties.append(_party(role, base, _LH_CATEGORY[base]))
            opts_out.append(Option(opt_label, checked, detail))
        return CheckGroup(key, label, opts_out)

    employer_g = group("employer", L["employer"], [sc["rep"]], "reporting")
    cp_ticked = list(sc["cp"])
    if rng.random() < 0.3:
        extra = rng.choice([b for _, b in options if b not in cp_ticked and b != sc["rep"]])
        cp_ticked.append(extra)
    cp_g = group("counterparts", L["counterparts"], cp_ticked, "counterpart")

    desc = sc["desc"]
    if opts.pii:
        lines, pl = plant_client_pii(rng, [desc])
        desc = " ".join(lines)
        planted += pl
    causes = sc["causes"]
    if opts.sparse and rng.random() < 0.5:
        causes = None
    resolved = rng.choice([True, False, False, None if opts.sparse else False])
    severity_i = rng.choice([0, 1, 1, 2, 2, None if opts.sparse else 1])
    sev_labels = [("Mycket allvarlig", "mycket_allvarlig"), ("Allvarlig", "allvarlig"), ("Mindre allvarlig", "mindre_allvarlig")]
    date_style = rng.choice(list(DATE_STYLES))

    intro, footer = printed_text("lex_heller", rev)
    els: list = [
        Title(L["title"]), *intro,
        _date_field("reported_on", L["reported_on"], reported_on, date_style, hint("reported_on")),
        TextField("name", L["name"], reporter.name, hint("name")),
        TextField("email", L["email"], email, hint("email")),
        TextField("phone", L["phone"], tel, hint("phone")),
        employer_g,
        cp_g,
        TextField("description", L["description"], desc, hint("description"), kind="multiline"),
        TextField("causes", L["causes"], causes, hint("causes"), kind="multiline"),
        CheckGroup("resolved", L["resolved"], [Option("Ja", resolved is True), Option("Nej", resolved is False)], inline=True),
        CheckGroup("severity", L["severity"], [Option(lbl, i == severity_i) for i, (lbl, _) in enumerate(sev_labels)], inline=True),
        *footer,
    ]
    rec = _empty_record("lex_heller")
    rec.update(
        reported_on=_iso(reported_on), description=desc, causes=causes, resolved=resolved,
        severity=sev_labels[severity_i][1] if severity_i is not None else None,
        response_due_on=_iso(days60_due(reported_on)), parties=parties,
    )
    doc = FormDoc("lex_heller", rev, els, author=reporter.name, template_author="Samordningsförbundet")
    return Built(doc, rec, _dedupe(planted), reporter)


def expected_extraction(record: dict) -> tuple[str, list[str]]:
    """(extraction_status, extraction_notes) of a form as filled in: 'incomplete' with one
    Swedish note per core field of its family (schema/templates/ core_fields) left empty."""
    from schema.templates import template_for

    template = template_for(record["form_type"])
    notes = []
    for core in template.core_fields:
        spec = template.field(core.field)
        if spec.role is not None:
            present = any(p["role"] == str(spec.role) for p in record.get("parties", []))
        else:
            present = record.get(spec.target) is not None
        if not present:
            notes.append(f"Uppgiften ”{core.name}” kunde inte läsas.")
    return ("incomplete" if notes else "complete"), notes


BUILDERS = {"bus": build_bus, "vastbus": build_vastbus, "lex_heller": build_lex_heller}
