import pytest

from pii_assertions import assert_found
from schema.enums import EntityType


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mejla anna.svensson@gmail.com i dag.", "anna.svensson@gmail.com"),
        ("Skickat till BUS-avvikelser@storsthlm.se.", "BUS-avvikelser@storsthlm.se"),
        ("E-post: åsa.öberg@vgregion.se", "åsa.öberg@vgregion.se"),
        ("Adress kalle_95@hotmail.com (privat).", "kalle_95@hotmail.com"),
        ("Skriv till eva.lind[at]skola.se", "eva.lind[at]skola.se"),
        ("Mejla malte.h@skola.botkyrka.se eller ring.", "malte.h@skola.botkyrka.se"),
        ("Skriv till a.b@skola.se punkt slut.", "a.b@skola.se"),
        # spelt to dodge a filter
        ("Kontakt: namn [at] gmail [dot] com i dag.", "namn [at] gmail [dot] com"),
        ("Kontakt: kalle.s snabel-a telia punkt com i dag.", "kalle.s snabel-a telia punkt com"),
        ("Kontakt: kalle.s snabel-a telia.se i dag.", "kalle.s snabel-a telia.se"),
        ("Kontakt: namn @ gmail.com i dag.", "namn @ gmail.com"),
        ("Kontakt: namn(at)skola.se i dag.", "namn(at)skola.se"),
        ("Kontakt: namn[a]gmail.com i dag.", "namn[a]gmail.com"),
        ("Kontakt: NAMN (AT) HOTMAIL (DOT) SE", "NAMN (AT) HOTMAIL (DOT) SE"),
        ("Kontakt: lisa at gmail punkt com.", "lisa at gmail punkt com"),
        ("Kontakt: lisa{at}skola{punkt}se.", "lisa{at}skola{punkt}se"),
        # near misses
        ("Vi tittade på skolan punkt 3 i planen.", None),
        ("Eleven gick at skolan punkt slut.", None),                  # words, no known top-level domain
        ("Se kapitel 3 (a) punkt 2.", None),
        ("Se www.storsthlm.se för rutinen.", None),
        ("Mötet kl. 13.00 @ skolan.", None),
    ],
)
def test_when_email_in_text_then_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.EMAIL, expected)
