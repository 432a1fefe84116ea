"""Invented-but-realistic organisation names per region, with the party category each one
gets under the rules of SPEC.md (the same rules the extractor implements)."""

from __future__ import annotations

import re

ARBETSFORMEDLINGEN = "arbetsformedlingen"
FORSAKRINGSKASSAN = "forsakringskassan"
REGION = "region"
KOMMUN = "kommun"
ANNAN = "annan"

_REGION_WORDS = (
    "bup", "barn- och ungdomspsykiatri", "psykiatri", "vårdcentral", "habilitering", "bvc",
    "barnklinik", "sjukhus", "region ",
)
_KOMMUN_WORDS = (
    "socialtjänst", "skola", "elevhälsa", "förskola", "lss", "hemtjänst", " kommun", " stad",
    "individ- och familjeomsorg", "ifo",
)


def categorize(name: str) -> str:
    """Party category by the text rules of SPEC.md (checked in this order)."""
    low = " " + name.lower() + " "
    if "arbetsförmedling" in low:
        return ARBETSFORMEDLINGEN
    if "försäkringskassa" in low:
        return FORSAKRINGSKASSAN
    if any(w in low for w in _REGION_WORDS):
        return REGION
    if any(w in low if w != "ifo" else re.search(r"\bifo\b", low) for w in _KOMMUN_WORDS):
        return KOMMUN
    return ANNAN


#: Stockholm county (BUS).
BUS_PARTIES: dict[str, list[str]] = {
    KOMMUN: [
        "Socialtjänsten Huddinge kommun",
        "Barn- och ungdomsenheten, Socialförvaltningen Nacka kommun",
        "Elevhälsan, Tallkrogens skola",
        "Individ- och familjeomsorgen Botkyrka kommun",
        "Förskolan Solrosen, Täby kommun",
        "Skolförvaltningen, Järfälla kommun",
        "LSS-enheten, Sollentuna kommun",
        "Socialförvaltningen Enskede-Årsta-Vantör, Stockholms stad",
        "Familjeenheten, Södertälje kommun",
        "Elevhälsan Vallaskolan, Tyresö kommun",
        "IFO Barn och unga, Haninge kommun",
        "Spånga-Tensta stadsdelsförvaltning, Stockholms stad",
    ],
    REGION: [
        "BUP Södermalm",
        "BUP Järva",
        "Barn- och ungdomspsykiatrin Sollentuna",
        "Habiliteringen Solna",
        "BVC Farsta",
        "Vårdcentral Gustavsberg",
        "Barnkliniken, Södertälje sjukhus",
        "Region Stockholm, Ätstörningsenheten för barn och unga",
        "Barn- och ungdomshabiliteringen Huddinge",
        "BUP Nacka",
        "Barnpsykiatriska akutmottagningen, BUP Sachsgatan",
    ],
    ANNAN: [
        "Statens institutionsstyrelse, Högantorps ungdomshem",
        "HVB-hemmet Kompassen",
    ],
    FORSAKRINGSKASSAN: ["Försäkringskassan, Lokalt försäkringscenter Stockholm"],
    ARBETSFORMEDLINGEN: ["Arbetsförmedlingen Södertälje"],
}

#: Västra Götaland (Västbus).
VASTBUS_PARTIES: dict[str, list[str]] = {
    KOMMUN: [
        "Socialtjänsten, Lerums kommun",
        "Individ- och familjeomsorgen, Partille kommun",
        "Elevhälsan, Kungälvs kommun",
        "Socialförvaltningen Hisingen, Göteborgs Stad",
        "Resursskolan Ängen, Mölndals stad",
        "LSS-handläggningen, Härryda kommun",
        "Förskoleförvaltningen, Göteborgs Stad",
        "Barn- och familjeenheten, Ale kommun",
        "Ljungskileskolan, Uddevalla kommun",
    ],
    REGION: [
        "BUP Mölndal",
        "Barn- och ungdomspsykiatrin Kungälv",
        "Vårdcentralen Lerum",
        "Barn- och ungdomshabiliteringen Partille",
        "Barnmedicinska mottagningen, Kungälvs sjukhus",
        "Vuxenpsykiatrin Östra",
        "BUP Hisingen",
        "Region Västra Götaland, Ungdomsmedicinska mottagningen",
    ],
    ANNAN: ["Statens institutionsstyrelse, Björkbackens ungdomshem", "Migrationsverket"],
}

VASTBUS_GROUPS = [
    "Lerum", "Partille", "Kungälv", "Mölndal", "Härryda", "Ale", "Hisingen",
    "Göteborg Centrum", "Uddevalla", "Lokala Västbusgruppen Partille/Härryda",
]

#: Höglandet (Lex Heller): the drop-down lists of the form.
LH_KOMMUNER = ["Aneby kommun", "Eksjö kommun", "Nässjö kommun", "Sävsjö kommun", "Tranås kommun", "Vetlanda kommun"]
LH_VARDCENTRALER = [
    "Vårdcentralen Aneby", "Vårdcentralen Eksjö", "Vårdcentralen Nässjö Öst", "Vårdcentralen Nässjö Väst",
    "Vårdcentralen Sävsjö", "Vårdcentralen Tranås", "Vårdcentralen Vetlanda",
]
LH_PSYKIATRI = [
    "Psykiatriska öppenvårdsmottagningen Eksjö", "Psykiatrisk mottagning Nässjö",
    "Psykiatrisk mottagning Tranås", "Beroendemottagningen Eksjö", "Psykiatrisk mottagning Vetlanda",
]
LH_ANNAN = [
    ("Kriminalvården, Frivården Eksjö", ANNAN),
    ("Samordningsförbundet Höglandet", ANNAN),
    ("Region Jönköpings län, Habiliteringscentrum", REGION),
    ("Socialtjänsten Vetlanda", KOMMUN),
    ("Studieförbundet Bilda", ANNAN),
]

DOMAINS = {
    "bus": ["huddinge.se", "nacka.se", "regionstockholm.se", "botkyrka.se", "sodertalje.se", "edu.stockholm.se", "taby.se"],
    "vastbus": ["lerum.se", "partille.se", "vgregion.se", "kungalv.se", "molndal.se", "goteborg.se"],
    "lex_heller": ["eksjo.se", "nassjo.se", "rjl.se", "arbetsformedlingen.se", "forsakringskassan.se", "vetlanda.se"],
}
