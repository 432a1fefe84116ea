"""Software, products and acronyms are not people; hyphenated compounds by what they hold."""

import pytest

from anonymize.lexicon import load_lexicon
from pii_assertions import assert_found
from schema.enums import EntityType

PRODUCTS = "anonymize/data/products.txt"


@pytest.mark.parametrize(
    "text",
    [
        "Skicka blanketten som Word (.docx) till sekretariatet.",
        "Spara Word-filen och skicka den.",
        "Fyll i Word-dokumentet och mejla det.",
        "Skannade blanketter ska OCR-tolkas innan de läses in.",
        "Exportera till Excel varje kvartal.",
        "Skicka som PDF till sekretariatet.",
        "Mötet hölls via Teams med skolan.",
        "Kallelsen skickades i Outlook men ingen kom.",
        "Vi använde Google Meet och Microsoft Teams.",
        "Journalen i TakeCare och Cosmic visade inget.",
        "Ärendet finns i Treserva och Lifecare.",
        "Hon loggade in med BankID i Mina sidor.",
        "Eleven hade lagt ut bilder på Snapchat och TikTok.",
        "Vi hade ett Teams-möte i går.",
        "NPF-anpassning saknas i skolan.",
        "Remissen gällde ADHD-utredning.",
        "Enskede-Årsta-Vantör har inte svarat.",
        "Orosanmälan gjordes till Socialförvaltningen\nEnskede-Årsta-Vantör, Stockholms stad.",
        "Rosa-lapparna är slut.",
        "Kontakt: Ring receptionen.",
        "Han bor i Åsa sedan i våras.",
    ],
)
def test_when_product_acronym_or_place_compound_then_no_name(redactor, text):
    assert_found(redactor, text, EntityType.NAME, None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vi hade ett Teams-möte med Amina.", "Amina"),
        ("Det gäller Kalle-ärendet.", "Kalle-ärendet"),
        ("Kalle-ärendet har dragit ut på tiden.", "Kalle-ärendet"),
        ("Vi pratade med Åsa Blom i går.", "Åsa Blom"),
        ("Åsa Blom ringde i morse.", "Åsa Blom"),
        ("Kontaktperson: Åsa Blom", "Åsa Blom"),
        ("BUP Sachsgatan (kontakt: Åsa Blom)", "Åsa Blom"),
        ("Kontaktperson: Zhiwar", "Zhiwar"),
        ("Kontaktperson: Lovisa Strand", "Lovisa Strand"),
        ("Vi pratade med Åsa Sjöberg i går.", "Åsa Sjöberg"),
        ("Nora Sjöberg ringde i morse.", "Nora Sjöberg"),
    ],
)
def test_when_name_beside_product_compound_or_label_then_found(redactor, text, expected):
    assert_found(redactor, text, EntityType.NAME, expected, min_score=redactor.config.review_threshold)


def _entries(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        lines = [line.split("#", 1)[0].strip() for line in handle]
    return [line for line in lines if line]


def test_when_products_listed_then_no_single_word_is_a_given_name():
    first_names = load_lexicon().first_names
    clashes = [e for e in _entries(PRODUCTS) if " " not in e and e.lower() in first_names]
    assert clashes == []


def test_when_lexicon_loaded_then_products_are_not_people():
    not_people = load_lexicon().not_people
    assert {"word", "teams", "excel", "outlook", "ocr", "takecare"} <= not_people
