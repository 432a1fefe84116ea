"""Build the labelled evaluation corpus: `python -m anonymize.eval.build_corpus`.

Writes dev.jsonl and heldout.jsonl beside this file: one JSON object per line,
{"id", "text", "spans": [{"start", "end", "entity"}]}. Seeded, so the output is reproducible.

The two halves share nothing but the personnummer generator:
- templates are split in two (sentences in the register of the forms: social services, school,
  BUP, psykiatri, Försäkringskassan writing about a child/client and missed collaboration);
- dev names are common names the lexicons know; held-out names come from a separate
  hand-written list of realistic names of many origins, several of them NOT in the lexicons
  (marked with *), so held-out name recall measures context, not lexicon look-up.
Every person, number and address is invented; personnummer get valid check digits here.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

SEED = 20240517
PER_HALF = 300
HERE = Path(__file__).resolve().parent

# --- people -------------------------------------------------------------------------------

DEV_FIRST = """Kalle Anna Erik Maja Johan Sara Lars Karin Oskar Elsa Lena Peter Mikko Aino Juha Ahmed
Fatima Omar Layla Hassan Abdi Amina Mohamed Reza Maryam Ali Nadia Marek Agnieszka Tomasz Ewa Huong
Nam Mehmet Ayse Emir Selma Dragan Jelena Ibrahim Khadija Ida Lisa Jonas Emma Noah Alva""".split()
DEV_LAST = """Svensson Andersson Johansson Lindqvist Nilsson Karlsson Virtanen Korhonen Hassan Ali
Mohammed Ibrahim Hosseini Nowak Kowalski Nguyen Yilmaz Hadzic Petrovic Jansson Eriksson Larsson
Olsson Persson Berglund Sandberg""".split()
DEV_DOUBLE_FIRST = ["Anna-Karin", "Per-Olof", "Eva-Lena", "Karl-Johan", "Mohamed Ali"]

# Held-out: a hand-written list, not drawn from the lexicons. * = absent from the lexicons
# (checked against anonymize.lexicon; recall on those rests on context, capitalisation, position).
HELDOUT_PEOPLE = [
    # Swedish
    ("Ebba", "Lundgren"), ("Hugo", "Wallin"), ("Signe", "Ek*"), ("Viggo", "Sjöberg*"),
    ("Tindra", "Nyström"), ("Melker", "Strand*"), ("Ines", "Falk"), ("Malte", "Hedlund*"),
    ("Selma", "Dahlberg"), ("Harriet", "Öberg"),
    # Finnish
    ("Eetu", "Mäkinen*"), ("Siiri", "Heikkinen*"), ("Onni", "Laaksonen*"), ("Venla", "Kettunen*"),
    ("Aapo", "Rautio*"),
    # Arabic
    ("Yousef", "Haddad"), ("Noor", "Al-Khatib*"), ("Rania", "Mansour"), ("Karim", "Saleh"),
    ("Rawan", "Aziz"),
    # Somali
    ("Hodan*", "Warsame*"), ("Abdirahman", "Farah"), ("Ifrah*", "Jama*"), ("Sagal*", "Mohamud*"),
    ("Deqa*", "Osman"),
    # Persian
    ("Darya", "Karimi*"), ("Kian", "Rostami*"), ("Shirin", "Tehrani*"), ("Arash", "Ahmadi*"),
    ("Parisa", "Jafari*"),
    # Bosnian
    ("Amar", "Hodžić*"), ("Lejla", "Begović*"), ("Emina", "Jusufović*"), ("Adnan", "Mehmedović*"),
    # Polish
    ("Zofia", "Wiśniewska*"), ("Kacper", "Zieliński*"), ("Natalia", "Wójcik*"), ("Wojciech", "Mazur*"),
    # Vietnamese
    ("Linh", "Tran"), ("Minh", "Pham*"), ("Thu", "Hoang"), ("Bao", "Vu"),
    # Kurdish
    ("Rojin*", "Barzani"), ("Berivan", "Dogan*"), ("Dilan", "Zana"), ("Rezan", "Kaya"),
    # Eritrean
    ("Semhar*", "Tesfay*"), ("Yonas*", "Ghebremedhin*"), ("Filmon*", "Tekle*"), ("Helen", "Berhane*"),
    # Turkish
    ("Elif", "Yıldız"), ("Emre", "Aydın"),
    # More names from the same origins, chosen because they are rare in Sweden
    ("Ubah*", "Dirie*"), ("Nimco*", "Hirsi*"), ("Hawo*", "Abdullahi"), ("Mebrat*", "Kidane*"), ("Awet*", "Habte*"), ("Shilan*", "Rasul"), ("Zhiwar*", "Hawrami*"), ("Mersiha", "Kurtović*"), ("Thao", "Dinh"), ("Kaveh", "Sadeghi*"), ("Ilmari", "Kokkonen*"), ("Bushra", "Qasim"),
]
HELDOUT_DOUBLE_FIRST = ["Lisa-Marie", "Nour-Elhuda*", "Ann-Sofie", "Jan-Erik"]


def _clean(name: str) -> str:
    return name.rstrip("*")


# --- numbers ------------------------------------------------------------------------------

def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def personnummer(rng: random.Random, coordination: bool = False) -> str:
    """A random personnummer (or samordningsnummer) in a random written format."""
    birth = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(0, 88 * 365))
    day = birth.day + (60 if coordination else 0)
    serial = f"{rng.randrange(0, 1000):03d}"
    short = f"{birth:%y%m}{day:02d}"
    check = luhn_digit(short + serial)
    last4 = serial + check
    century = birth.strftime("%Y")[:2]
    old = birth.year <= dt.date.today().year - 100
    fmt = rng.choice(["12", "12-", "10-", "10", "10 ", "12 ", "10+" if old else "10-"])
    if fmt == "12":
        return century + short + last4
    if fmt == "12-":
        return century + short + "-" + last4
    if fmt == "12 ":
        return century + short + " " + last4
    if fmt == "10":
        return short + last4
    if fmt == "10 ":
        return short + " " + last4
    return short + fmt[2] + last4


def phone(rng: random.Random) -> str:
    d = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
    mobile = rng.choice(["070", "072", "073", "076", "079"])
    return rng.choice([
        f"08-{d(3)} {d(2)} {d(2)}", f"{mobile}-{d(3)} {d(2)} {d(2)}", f"{mobile}{d(7)}",
        f"031-{d(2)} {d(2)} {d(2)}", f"+46 {mobile[1:]} {d(3)} {d(2)} {d(2)}", f"010-{d(3)} {d(2)} {d(2)}",
        f"0{rng.choice(['31', '40', '18', '13', '19'])}-{d(3)} {d(2)} {d(2)}", f"{mobile} {d(3)} {d(2)} {d(2)}",
        f"08-{d(3)} {d(3)} {d(2)}", f"+46{mobile[1:]}{d(7)}",
    ])


_ASCII = str.maketrans("åäöéüıćčšžśńółęąż", "aaoeuiccszsnolea z".replace(" ", ""))


def email(rng: random.Random, first: str, last: str) -> str:
    first, last = first.lower().translate(_ASCII), last.lower().translate(_ASCII).replace(" ", "")
    return rng.choice([
        f"{first}.{last}@gmail.com", f"{first}{rng.randrange(70, 99)}@hotmail.com",
        f"{first}.{last}@stockholm.se", f"{first[0]}{last}@vgregion.se", f"{first}_{last}@outlook.com",
        "bus-avvikelser@storsthlm.se", "socialtjansten@angered.goteborg.se", f"{first}.{last}@skola.botkyrka.se",
    ])


STREETS = ["Storgatan", "Björkvägen", "Hagagatan", "Kvarngränd", "Ekbacken", "Solvägen", "Tallstigen",
           "Drottninggatan", "Lärkvägen", "Nygatan", "Skolgatan", "Ängsvägen", "Rosenlundsgatan"]
TOWNS = ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Angered", "Södertälje", "Borås", "Hässelby",
         "Västra Frölunda", "Huddinge"]


def address(rng: random.Random) -> str:
    number = f"{rng.randrange(1, 120)}{rng.choice(['', '', ' B', 'A'])}"
    street = f"{rng.choice(STREETS)} {number}"
    if rng.random() < 0.7:
        return f"{street}, {rng.randrange(100, 990)} {rng.randrange(10, 99)} {rng.choice(TOWNS)}"
    return street


# --- sentences ----------------------------------------------------------------------------
# Slots: {NAME} full or first name, {FIRST} first name, {GEN} a name in the genitive,
# {LOWER} a first name written in lower case (only after a context word), {PNR}, {SNR}
# (samordningsnummer), {TEL}, {MAIL}, {ADR}. Text outside slots carries no personal data.

TEMPLATES = [
    "Pojken {NAME} har inte fått någon SIP trots att socialtjänsten kallat till möte två gånger.",
    "Mamman {FIRST} uppger att BUP Södra inte återkopplat efter remissen i mars.",
    "Eleven {NAME} ({PNR}) har hög frånvaro och elevhälsan har inte fått svar från BUP.",
    "Vårdnadshavare {NAME} nås på {TEL}.",
    "Barnet heter {NAME} och är född {PNR}.",
    "Klienten {NAME}, pnr {PNR}, skrevs ut från psykiatrin utan att kommunen informerades.",
    "Försäkringskassan har inte kallat {NAME} till avstämningsmöte trots begäran från Arbetsförmedlingen.",
    "{NAME} har väntat i sex månader på en neuropsykiatrisk utredning.",
    "Kontakt med {GEN} mamma har inte kunnat etableras då telefonnumret {TEL} inte fungerar.",
    "Flickan kallad {FIRST} placerades akut utan att skolan fick veta det.",
    "Pappan {NAME} bor på {ADR} och har inte fått kallelse till SIP-mötet.",
    "Ärendet gäller {NAME} med samordningsnummer {SNR}.",
    "Brukaren {NAME} har inte fått sin insats enligt den individuella planen.",
    "Handläggaren {NAME} på socialtjänsten svarar inte på mejl till {MAIL}.",
    "Avvikelsen skickades till {MAIL} men ingen återkoppling har kommit.",
    "Pojken {LOWER} har enligt skolan mått dåligt sedan hösten.",
    "Vi har försökt nå {NAME} på {TEL} utan resultat.",
    "Patienten {NAME} (p-nr {PNR}) remitterades från vårdcentralen till BUP i januari.",
    "Enligt {NAME} har ingen från Region Stockholm deltagit i nätverksmötet.",
    "Skolan har inte fått någon information om att {FIRST} flyttat till {ADR}.",
    "Mamman heter {NAME} och hennes telefonnummer är {TEL}.",
    "{GEN} pappa har vårdnaden sedan i höstas enligt socialtjänsten.",
    "Personnummer: {PNR}. Ärendet rör en flicka i årskurs sju.",
    "Flickan {NAME} är inskriven på BUP men har inte fått någon tid.",
    "Kuratorn {NAME} har lämnat över ärendet utan att meddela elevhälsan.",
    "Vid mötet deltog {NAME} från socialtjänsten och {NAME} från skolan.",
    "Barnet {LOWER} har inte kommit till skolan sedan sportlovet.",
    "Kontaktperson på enheten är {NAME}, e-post {MAIL}, telefon {TEL}.",
    "Den unge {NAME}, född {PNR}, har placerats på HVB utan SIP.",
    "Ungdomen {NAME} har anvisats till Arbetsförmedlingen utan att psykiatrin informerats.",
    "Samordningsnummer {SNR} används eftersom {FIRST} saknar personnummer.",
    "{NAME} ringde från {TEL} och berättade att ingen från BUP hört av sig.",
    "Eleven {FIRST} har en åtgärdsplan men skolan har inte följt den.",
    "Mamman {LOWER} uppger att hon inte blivit kallad till mötet.",
    "Brev skickades till {ADR} men kom i retur.",
    "Vårdnadshavaren {NAME} har skriftligen samtyckt till samverkan, se bilaga.",
    "{NAME} och {NAME} är syskon och har olika handläggare.",
    "Ring rektorn {NAME} på {TEL} om ni har frågor.",
    "Läkaren {NAME} på vuxenpsykiatrin har inte svarat på remissen från socialtjänsten.",
    "Psykologen {NAME} uppger att utredningen avbröts när familjen flyttade.",
    "Det gäller {NAME} med personnummer {PNR} som bor hos sin farmor.",
    "Skolsköterskan skickade en orosanmälan om {NAME} redan i september.",
    "Kontakta mig på {MAIL} eller {TEL}.",
    "Sonen {NAME} fick sitt beslut om LSS först efter åtta månader.",
    "Dottern {NAME} ({PNR}) har inte fått något stöd från habiliteringen.",
    "{NAME} uppger att Försäkringskassan inte har kontaktat henne om aktivitetsersättningen.",
    "Enhetschefen {NAME} har informerats och ärendet följs upp.",
    "Samtal med {NAME}, {TEL}, bekräftar att SIP inte har upprättats.",
    "Hemadress: {ADR}. Familjen har nyligen flyttat från Malmö.",
    "Socialsekreteraren {NAME} kan nås på {MAIL}.",
]

NEGATIVES = [
    "BUP Södra har inte återkopplat till socialtjänsten i Angered trots påminnelse.",
    "Försäkringskassan och Arbetsförmedlingen har inte samordnat sina insatser.",
    "Region Stockholm deltog inte i SIP-mötet den 2024-03-05.",
    "Dnr 2024-0312 avser samma ärende som SN 2023/145.",
    "Västbus-gruppen i Angered har behandlat avvikelsen.",
    "Elevhälsan har inte fått något svar från vuxenpsykiatrin.",
    "Organisationsnummer 212000-0142 tillhör kommunen.",
    "Socialtjänsten skickade en remiss till BUP i maj, men ingen tid har erbjudits.",
    "Mötet flyttades till 2024-04-12 kl. 13.00 i Göteborg.",
    "Björn och varg är inte aktuella här; ärendet gäller skolans lokaler.",
    "Sten och grus har lagts på skolgården efter olyckan.",
    "Rosa lappar används för akuta remisser på vårdcentralen.",
    "I maj hölls ett uppföljningsmöte med samtliga parter.",
    "Per telefon meddelades att tiden var avbokad.",
    "Hans mamma har inte deltagit i något möte.",
    "Alla parter var överens om att en SIP skulle upprättas.",
    "Enligt Västbus riktlinjer ska en SIP hållas inom fyra veckor.",
    "Postnummer och ort saknades i remissen från Migrationsverket.",
    "Ärendet diariefördes med nummer 2023-00456 hos socialnämnden.",
    "Under hösten har Försäkringskassan bytt handläggare tre gånger.",
    "Skolverket och Socialstyrelsen har gett ut stöd för samverkan.",
    "Avvikelsen gäller brister i informationsöverföringen mellan Habiliteringen och skolan.",
    "Mötet hölls på Barnahus i Göteborg den 12 mars 2024.",
    "Remissen skickades 2024-01-15 och besvarades 2024-03-20.",
    "Lex Heller-samverkan i Södertälje har följt upp ärendet.",
    "Beslut enligt LVU fattades i förvaltningsrätten i november.",
    "Maj och juni är månader då skolan har färre möten med BUP.",
    "Ingen från Arbetsförmedlingen kom till mötet på Jobbtorg Stockholm.",
    "Stadsdelsförvaltningen i Rinkeby-Kista har fått avvikelsen för kännedom.",
    "Klara besked om ansvarsfördelningen saknas i överenskommelsen.",
    "Dag ett efter utskrivningen fanns ingen kontakt med öppenvården.",
    "Familjen har ekonomiskt bistånd sedan 2022 och bor i Biskopsgården.",
    "Avvikelsen rapporterades inom 14 dagar enligt rutinen.",
    "Totalt 3 avvikelser rapporterades under perioden 2023-07-01 till 2023-12-31.",
    "Beroendemottagningen i Uppsala och socialtjänsten har olika uppfattning om ansvaret.",
    "Vårdcentralen Hagaplan har inte skickat epikris till kommunen.",
    "Kallelsen skickades med posten till fel adress.",
    "Ärendenummer 4471-23 hos Försäkringskassan avser sjukpenning.",
    "Rektor och mentor har informerats av elevhälsoteamet.",
    "Telefontiden är 08.30-09.30 på vardagar enligt BUP-mottagningen.",
    "Faktura 1234567 från Region Skåne gäller inte detta ärende.",
    "Sedan januari har skolan inte haft någon skolsköterska.",
    "Ansvarig nämnd är Utbildningsnämnden i Göteborgs stad.",
    "Mottagningen i Kortedala stänger klockan 16.",
    "Elev i årskurs 9 på Resursskolan har inte fått plats på gymnasiet.",
    "Samverkan enligt 2 kap. 7 § SoL och 16 kap. 4 § HSL har inte skett.",
    "Nätverksmöte planeras vecka 12 med Socialtjänsten och Psykiatrin.",
    "Barn- och ungdomspsykiatrin i Västra Götalandsregionen har lång kö.",
    "Inget SIP-möte har hållits sedan 2023-11-02 trots att alla parter var kallade.",
    "Mellan 2021 och 2023 ökade antalet avvikelser med 40 procent.",
]


class _Filler:
    def __init__(self, rng: random.Random, heldout: bool) -> None:
        self.rng = rng
        self.heldout = heldout

    def person(self) -> tuple[str, str]:
        if self.heldout:
            first, last = self.rng.choice(HELDOUT_PEOPLE)
            if self.rng.random() < 0.1:
                first = self.rng.choice(HELDOUT_DOUBLE_FIRST)
            return _clean(first), _clean(last)
        first = self.rng.choice(DEV_DOUBLE_FIRST if self.rng.random() < 0.1 else DEV_FIRST)
        return first, self.rng.choice(DEV_LAST)

    def fill(self, slot: str) -> tuple[str, str | None]:
        first, last = self.person()
        if slot == "NAME":
            shape = self.rng.random()
            if shape < 0.4:
                return first, "NAME"
            if shape < 0.9:
                return f"{first} {last}", "NAME"
            return f"{first} {last} {self.person()[1]}", "NAME"   # double surname
        if slot == "FIRST":
            return first, "NAME"
        if slot == "GEN":
            return (first + ("" if first.endswith("s") else "s")), "NAME"
        if slot == "LOWER":
            return first.split("-")[0].split()[0].lower(), "NAME"
        if slot == "PNR":
            return personnummer(self.rng), "PERSONNUMMER"
        if slot == "SNR":
            return personnummer(self.rng, coordination=True), "PERSONNUMMER"
        if slot == "TEL":
            return phone(self.rng), "PHONE"
        if slot == "MAIL":
            return email(self.rng, first.split("-")[0].split()[0], last), "EMAIL"
        if slot == "ADR":
            return address(self.rng), "ADDRESS"
        raise KeyError(slot)


def render(template: str, filler: _Filler) -> tuple[str, list[dict[str, object]]]:
    text, spans, cursor = "", [], 0
    for match in re.finditer(r"\{([A-Z]+)\}", template):
        text += template[cursor:match.start()]
        value, entity = filler.fill(match.group(1))
        if entity:
            spans.append({"start": len(text), "end": len(text) + len(value), "entity": entity})
        text += value
        cursor = match.end()
    return text + template[cursor:], spans


def build() -> dict[str, list[dict[str, object]]]:
    rng = random.Random(SEED)
    templates, negatives = TEMPLATES[:], NEGATIVES[:]
    rng.shuffle(templates)
    rng.shuffle(negatives)
    halves = {
        "dev": (templates[::2], negatives[::2]),
        "heldout": (templates[1::2], negatives[1::2]),
    }
    corpus: dict[str, list[dict[str, object]]] = {}
    for half, (positive, negative) in halves.items():
        filler = _Filler(random.Random(f"{SEED}-{half}"), heldout=half == "heldout")
        rows = []
        for i in range(PER_HALF):
            if i % 4 == 3:
                text, spans = negative[(i // 4) % len(negative)], []
            else:
                text, spans = render(positive[i % len(positive)], filler)
            rows.append({"id": f"{half}-{i:04d}", "text": text, "spans": spans})
        corpus[half] = rows
    return corpus


def main() -> int:
    for half, rows in build().items():
        path = HERE / f"{half}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{path.name}: {len(rows)} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
