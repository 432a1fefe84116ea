"""Builds anonymize/eval/styles/numbers.jsonl: held-out sentences in the number styles of
issue 11, written with marks ([[ENTITY|value]]) that become spans. Personnummer are invented
here with a right check digit (fixed seed), so the file is the same on every run.

    .venv/bin/python -m anonymize.eval.build_number_styles
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from anonymize.eval.build_corpus import luhn_digit

OUT = Path(__file__).resolve().parent / "styles" / "numbers.jsonl"

rng = random.Random(1111)


def pnr(coord: bool = False) -> tuple[str, str]:
    """(year, ten digits) of an invented personnummer (samordningsnummer: day + 60)."""
    year = rng.randint(1940, 2019)
    month, day = rng.randint(1, 12), rng.randint(1, 28) + (60 if coord else 0)
    serial = f"{rng.randint(1, 999):03d}"
    nine = f"{year % 100:02d}{month:02d}{day:02d}{serial}"
    return str(year), nine + luhn_digit(nine)


def fmt(kind: int | str, sep: str = "-", coord: bool = False) -> str:
    """A new personnummer written with 10 or 12 digits or as a dashed date ("date")."""
    year, ten = pnr(coord)
    if kind == 10:
        return ten[:6] + sep + ten[6:]
    if kind == 12:
        return year[:2] + ten[:6] + sep + ten[6:]
    if kind == "date":
        full = year[:2] + ten
        return f"{full[:4]}{sep}{full[4:6]}{sep}{full[6:8]}{sep}{full[8:]}"
    raise ValueError(kind)


OCR = str.maketrans({"0": "O", "1": "l", "5": "S", "8": "B"})


def ocr(value: str, at_most: int = 3) -> str:
    """`value` with its first `at_most` 0, 1, 5, 8 read by OCR as O, l, S, B."""
    out, n = [], 0
    for ch in value:
        if ch in "0158" and n < at_most:
            out.append(ch.translate(OCR)); n += 1
        else:
            out.append(ch)
    return "".join(out)


def bad_luhn(value: str) -> str:
    last = value[-1]
    return value[:-1] + str((int(last) + 5) % 10)


def _mark(entity: str):
    return lambda value: f"[[{entity}|{value}]]"


P, T, E, A, D, N = map(_mark, ("PERSONNUMMER", "PHONE", "EMAIL", "ADDRESS", "DATE_OF_BIRTH", "NAME"))


def ocr_pnr() -> str:
    """A new 10-digit personnummer with at least one digit read by OCR as a letter."""
    while True:
        v = fmt(10)
        o = ocr(v)
        if o != v:
            return o


S = [
    # personnummer: dashes, prefixes, misspelt context, OCR, spaces
    f"Barnets pnr:{P(fmt(10))} finns i journalen.",
    f"Pojken har personnummer {P(fmt(12, '–'))} enligt remissen.",
    f"Flickan ({P(fmt(10, '—'))}) har flyttat till en annan kommun.",
    f"Anmälan gäller nr.{P(fmt(10))} och kom in i mars.",
    f"Personumret {P(fmt(10))} stod på blanketten.",
    f"Elevens pers.nr {P(fmt(10))} saknades i anmälan.",
    f"P-nr:{P(fmt(12))} enligt socialtjänsten.",
    f"persnr {P(fmt(10, '−'))} angavs av skolan.",
    f"Samordningsnr {P(fmt(10, coord=True))} gäller den unge.",
    f"Pers. nr: {P(fmt(10))} (uppgift från BUP).",
    f"Pnr. {P(fmt(12, ''))} saknas i systemet.",
    f"Personnumer {P(fmt(10, '+'))} avser mannen som är över hundra.",
    f"Datumformen {P(fmt('date'))} användes i journalen.",
    f"Datumformen {P(fmt('date', '–'))} användes i remissen.",
    f"Skannad blankett: personnummer {P(ocr_pnr())} enligt OCR.",
    f"Den skannade sidan visar {P(ocr_pnr())} överst.",
    f"Pnr {P(ocr_pnr())} lästes in från faxet.",
    f"Uppgiften {P(ocr_pnr())} fanns i den inskannade akten.",
    f"pnr {P((lambda v: v[:2] + ' ' + v[2:])(fmt(12, ' ')))} enligt skanningen.",
    f"Personnummer {P(' '.join(re.findall('..', fmt(12, ''))))} enligt skanningen.",
    f"Barnets personnummer är {P(bad_luhn(fmt(10)))} men kontrollsiffran stämmer inte.",
    f"Eleven med p-nr {P(bad_luhn(fmt(10)))} har bytt skola.",
    # dates of birth
    f"Barnet är född {D('2014-03-02')} och bor hos mamma.",
    f"Pojken, f. {D('2/3 2014')}, placerades på HVB.",
    f"Födelsedatum: {D('02.03.2011')}",
    f"Flickan föddes den {D('12 maj 2016')} i Malmö.",
    f"Den unge (född {D('09-11-23')}) har en SIP.",
    f"Han är född i Syrien {D('080512')} enligt Migrationsverket.",
    f"Födelsedatum {D('20121224')}, vårdnadshavare mamman.",
    f"Eleven är född {D('2013–07–01')} och går i årskurs 5.",
    f"Pojken f. {D('3 jan. 2015')} har diagnos.",
    f"född: {D('1 april')}",
    # phones
    f"Mamman nås på {T('070.123.45.67')} dagtid.",
    f"Ring pappan på {T('+46-70-234 56 78')} efter lunch.",
    f"Kontaktpersonen har {T('+46 (0)73-345 67 89')}.",
    f"Pappans nummer är {T('46 70 456 78 90')}.",
    f"Uppgiften {T('46735678901')} fanns i akten.",
    f"Tel {T('46 8 123 45 67')} till mottagningen.",
    f"Ring {T('08.555 12 34')} för tidsbokning.",
    f"Mobil {T('076–678 90 12')} till vårdnadshavaren.",
    f"Tel {T('O7O-l23 45 67')} enligt den skannade blanketten.",
    f"Mobil: {T('O73 S55 12 34')} (OCR).",
    f"Telefonnr {T('08-l23 45 6B')} lästes från faxet.",
    f"Sms:a {T('0739.87.65.43')} vid frågor.",
    # e-mails
    f"Mamman skriver från {E('lina.b [at] gmail [dot] com')}.",
    f"Svar till {E('kalle.s snabel-a telia punkt com')} i dag.",
    f"Pappan nås på {E('jonas @ hotmail.com')}.",
    f"Skicka till {E('sara(at)skola.se')} innan fredag.",
    f"Hennes adress är {E('ebba[a]gmail.com')}.",
    f"Kontakt: {E('OMAR (AT) OUTLOOK (DOT) COM')}",
    f"Kontakt: {E('nils at yahoo punkt se')}.",
    f"Mejla {E('lisa{at}skola{punkt}se')} om ärendet.",
    f"Adressen {E('farmor.k ＠ telia.com')} används.",
    # addresses
    f"Familjen har flyttat till {A('Ängsbacken 3')} i Borås.",
    f"Pojken bor på {A('Hagbrynet 7')} med sin mamma.",
    f"Mamman bor på {A('Stora Allén 21')} sedan i våras.",
    f"Brevet kom från {A('HAGBRYNET 7')} i går.",
    f"Brevet skickades till {A('storgatan 12')} men kom i retur.",
    f"Pappan bor på {A('hagtornet 4')} med sin sambo.",
    f"Adress: {A('Solhem 2')}",
    f"Barnet bor på {A('Fittja gård 9 A, 415 05 Göteborg')} med sin farmor.",
    f"Familjen bor på {A('Solhem 2 lgh 1101')}.",
    f"Skriv till {A('Box 123, 415 05 Göteborg')}.",
    f"Svara till {A('Box 45')} i Göteborg.",
    f"Den unge bor på {A('Gamla Kyrkvägen 4 B')}.",
    f"Hemadress: {A('ÄNGSLYCKAN 3, 123 45 STOCKHOLM')}",
    f"Mamman är folkbokförd på {A('Lärkträdet 8')}.",
    f"Familjen bor på {A('Västra Skogsbrynet 14')} i Alingsås.",
    # names with numbers (labelled so the name score is honest)
    f"Mamman {N('Lina')} nås på {T('070.987.65.43')}.",
    f"Pojken {N('Omar')} med pnr:{P(fmt(10))} bor på {A('Ängsbacken 3')}.",
    # hard negatives: none of these is personal data
    "Organisationsnummer 212000-0142 tillhör kommunen.",
    "Dnr 2024-0312 avser samma ärende som SN 2023/145.",
    "Mötet hölls 2024-03-05 på skolan.",
    "2024-03-05 hölls möte med BUP och socialtjänsten.",
    "Avvikelsen inträffade 2024-03-05 och rapporterades 2024-03-07.",
    "Pojken är född 2014 och går i årskurs 4.",
    "Barnet föddes för tidigt. Mötet 2024-03-05 ställdes in.",
    "Rektorn är f.d. 2019-05-01 anställd på skolan.",
    "Mötet 05.03.2024 flyttades till 2024.03.05.",
    "Ansökan 08.12.2023 kl 09.30 avslogs.",
    "Telefontiden är 08.30-09.30 på vardagar.",
    "Version 0.12.3.45 av systemet används.",
    "Tabell 1990 12 11 9948 utan sammanhang.",
    "Summa 2024/901211-9948 i tabellen.",
    "Ring SOS Alarm via 112.",
    "Tel OK, vi ringer senare i veckan.",
    "Se www.storsthlm.se för rutinen.",
    "Mötet kl. 13.00 @ skolan.",
    "Vi gick igenom skolan punkt 3 i planen.",
    "Se kapitel 3 (a) punkt 2.",
    "Detta står i avsnitt 3, kapitel 4 och punkt 2.",
    "Enligt § 5 och rum 12 på mottagningen.",
    "Enligt SoL 11 kap. 1 § ska utredning inledas.",
    "Enligt 2 kap. 7 § SoL ska en SIP upprättas.",
    "Det kostade 500 kr och 3 200 kronor.",
    "Ärendet Dnr 2024/123 och SN 2023/145 avslutades.",
    "Eleven var i skolgården 3 gånger.",
    "Eleven var på Skolgården 3 dagar i rad.",
    "Han har bott på boendet 3 år.",
    "Vi tog upp punkt 4 på mötet vecka 12.",
    "Svaret kom i box 12 i arkivet.",
    "Mötet hölls på Storgatan i centrum.",
    "Fakturanummer 12345678901234 avser inte detta.",
    "Totalt 3 avvikelser 2023-07-01 till 2023-12-31.",
    "Ärendet gäller 46 barn i 70 familjer.",
    "Dnr 46 2024 12 avser ärendet.",
    # appended later: more of the same styles (the ids above stay as they were)
    f"Ring mamman på {T('070 - 345 67 89')} i eftermiddag.",
    f"Mejla {E('kim [ at ] skola [ dot ] se')} om tiden.",
    f"Skicka till {E('ali(snabel-a)gmail.com')} i dag.",
    f"Pnr {P(fmt(10, chr(10)))} enligt skanningen.",
    "Kostnaden blev 67 250 kr för perioden 2024-01-01 – 2024-06-30.",
    "Remissen skickades 14/3 och besvarades 2/4.",
    "Kl 10:00 den 5 mars 2024 ringde skolan.",
    "Stödet gäller f.o.m. 2024-03-05 och t.o.m. 2024-06-30.",
    "Hon fyllde 15 år den 2 mars.",
    "Barnet föddes prematurt i vecka 32.",
    "Mottagningen ligger på plan 3 i hus 2.",
    "Uppföljning sker om 4-6 veckor och igen efter 12 månader.",
    "Hon är född i Sverige, flyttade 2024-03-05 till Borås.",
    "Familjen bor i Göteborg 2019-2021 och har flyttat till Borås 2022.",
]



def build() -> list[dict]:
    rows = []
    for i, marked in enumerate(S):
        text, spans, pos = "", [], 0
        for m in re.finditer(r"\[\[([A-Z_]+)\|(.*?)\]\]", marked, re.S):
            text += marked[pos:m.start()]
            spans.append({"start": len(text), "end": len(text) + len(m.group(2)), "entity": m.group(1)})
            text += m.group(2)
            pos = m.end()
        text += marked[pos:]
        rows.append({"id": f"numbers-{i:04d}", "text": text, "spans": spans})
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences -> {OUT}")


if __name__ == "__main__":
    main()
