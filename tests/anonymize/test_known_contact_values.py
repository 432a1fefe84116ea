"""Known contact values are read by kind: only what looks like a person's name yields name parts."""

import pytest

from pii_assertions import found
from schema.enums import EntityType

BUS_CONTACTS = (
    "Socialsekreterare Amina Nilsson, tel. 070-174 06 68",
    "Petra Nilsson",
    "pnilsson@botkyrka.se",
    "070-1740620",
    "Yusuf Engström",
    "LSS-enheten, Sollentuna kommun",
    "040-628 04 69",
    "Biträdande rektor",
    "Barn- och ungdomspsykiatrin Sollentuna",
    "Förskolan Solrosen",
    "Anna Strand",
)


def _redacted(redactor, text):
    return redactor.redact(text, "description", known=BUS_CONTACTS).text


@pytest.mark.parametrize(
    "text",
    [
        "Ätstörningsenheten för barn och unga, Sollentuna kommun.",
        "Biträdande rektor har kallat till möte.",
        "LSS-enheten har inte svarat socialsekreterare.",
        "Förskolan Solrosen och Barn- och ungdomspsykiatrin har olika bild.",
        "Eleven ska vara på stranden. Strand skola har stängt.",
        "Tel. och e-post saknas.",
    ],
)
def test_when_known_values_hold_units_titles_and_words_then_they_stay(redactor, text):
    assert _redacted(redactor, text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Amina Nilsson ringde.", "[NAMN] ringde."),
        ("Nilsson har inte svarat.", "[NAMN] har inte svarat."),
        ("Aminas mejl kom i går.", "[NAMN] mejl kom i går."),
        ("Ring 0701740668 eller +46 70 174 06 20.", "Ring [TELEFON] eller [TELEFON]."),
        ("Mejla PNilsson@botkyrka.se.", "Mejla [E-POST]."),
        ("Vi har pratat med yusuf engström.", "Vi har pratat med [NAMN]."),
        ("Engströms chef svarade.", "[NAMN] chef svarade."),
        ("Vi ringde Strand i går.", "Vi ringde [NAMN] i går."),
    ],
)
def test_when_names_phones_and_emails_of_known_values_appear_then_tagged(redactor, text, expected):
    assert _redacted(redactor, text) == expected


@pytest.mark.parametrize(
    "value, looks_like_name",
    [
        ("Petra Nilsson", True),
        ("Anna-Karin Lind Ahmadi", True),
        ("Nilsson", True),
        ("Åsa Öberg", True),
        ("Socialsekreterare Amina Nilsson, tel. 070-174 06 68", False),
        ("LSS-enheten, Sollentuna kommun", False),
        ("Biträdande rektor", False),
        ("Barn- och ungdomspsykiatrin Sollentuna", False),
        ("BUP Järva", False),
        ("Förskolan Solrosen", False),
        ("Ett två tre fyra fem", False),
    ],
)
def test_when_known_value_read_then_person_name_or_not(redactor, value, looks_like_name):
    from anonymize.recognizers import KnownContactRecognizer

    assert KnownContactRecognizer([], finder=redactor._finder).looks_like_name(value) is looks_like_name


def test_when_free_text_value_read_then_name_and_phone_inside_are_known(redactor):
    from anonymize.recognizers import KnownContactRecognizer

    recognizer = redactor._known_recognizer(["Socialsekreterare Amina Nilsson, tel. 070-174 06 68"])
    assert isinstance(recognizer, KnownContactRecognizer)
    hits = found(redactor, "Amina och Nilsson nås på 070 174 06 68.", EntityType.NAME,
                 ("Socialsekreterare Amina Nilsson, tel. 070-174 06 68",))
    assert [v for v, _ in hits] == ["Amina", "Nilsson"]
    assert "Socialsekreterare" not in {p.pattern for p in (t.pattern for t in recognizer.terms)}


def test_when_same_known_list_used_for_every_field_then_recognizer_built_once(redactor):
    known = ["Socialsekreterare Amina Nilsson, tel. 070-174 06 68", "Petra Nilsson"]
    assert redactor._known_recognizer(known) is redactor._known_recognizer(list(known))
