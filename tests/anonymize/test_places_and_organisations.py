"""Organisations, units and places are not names; people next to them still are."""

import pytest

from anonymize.lexicon import load_lexicon
from pii_assertions import found
from schema.enums import EntityType


def _names(redactor, text):
    return [v for v, _ in found(redactor, text, EntityType.NAME)]


@pytest.mark.parametrize(
    "text",
    [
        # capitalised words before a place/organisation noun, also in the genitive
        "Elevhälsan, Tallkrogens skola",
        "Socialtjänsten, Lerums kommun",
        "Barn- och familjeenheten, Ale kommun",
        "Resursskolan Ängen, Mölndals stad",
        "Elevhälsan på Hagaskolans förskola har inte svarat.",
        "Upplands Väsby kommun har inte kallat till SIP.",
        # compound unit words
        "Ljungskileskolan, Uddevalla kommun",
        "Lokala Västbusgruppen Partille/Härryda",
        "Ärendet lyfts i lokal Västbusgrupp för vägledning.",
        "Remissen gick till Akutmottagningen och Familjeenheten.",
        # municipalities and their genitive, regions
        "Ale",
        "Samverkan mellan Sollentuna och Kungsbacka fungerar inte.",
        "Enligt Mölndals rutin ska SIP hållas.",
        "Region Jönköpings län har svarat.",
        # surname-like municipalities next to a place word
        "Lunds kommun har inte svarat.",
        "Mötet i Nora ställdes in.",
    ],
)
def test_when_organisation_or_place_then_no_name(redactor, text):
    assert _names(redactor, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Habiliteringen Solna (kontakt: Anna Engström)", ["Anna Engström"]),
        ("Socialsekreterare Nadia Mohammed, Familjeenheten, Södertälje kommun", ["Nadia Mohammed"]),
        # a given name before a place noun is still a name ("Kalles skola")
        ("Kalles skola har inte svarat.", ["Kalles"]),
        ("Hugo Mattssons skola har inte svarat.", ["Hugo Mattssons"]),
        # municipalities that are also names of people, outside a place context
        ("Nora har inte fått stöd.", ["Nora"]),
        ("Linnea Falkenberg ringde i går.", ["Linnea Falkenberg"]),
        # a given name hunspell lists as a place: with a context word or a surname
        ("Barnet och vårdnadshavaren Åsa Norén har flyttat.", ["Åsa Norén"]),
        ("Vi pratade med Åsa Norén i går.", ["Åsa Norén"]),
        ("Pappan Åsa har ringt.", ["Åsa"]),
    ],
)
def test_when_person_next_to_organisation_then_name_found(redactor, text, expected):
    assert _names(redactor, text) == expected


def test_when_municipality_list_loaded_then_all_290_and_the_regions_are_places():
    lexicon = load_lexicon()
    places = lexicon.municipalities | lexicon.ambiguous_places
    one_word = {"botkyrka", "övertorneå", "ale", "lund", "gotland", "malung-sälen", "dals-ed"}
    assert one_word <= places
    phrases = set(lexicon.not_people_phrases)
    assert {"upplands väsby", "lilla edet", "östra göinge", "region jönköpings län"} <= phrases
    assert len([p for p in places if p]) >= 280  # 290 less the multi-word ones, plus counties


@pytest.mark.parametrize("word, context, expected", [
    ("Lerums", False, True), ("Sollentuna", False, True), ("Angereds", False, True),
    ("Lund", False, False), ("Lund", True, True), ("Nora", False, False), ("Jonas", False, False),
])
def test_when_word_checked_then_place_or_not(word, context, expected):
    assert load_lexicon().is_place(word, in_place_context=context) is expected
