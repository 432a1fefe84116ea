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
        # near misses
        ("Se www.storsthlm.se för rutinen.", None),
        ("Mötet kl. 13.00 @ skolan.", None),
    ],
)
def test_when_email_in_text_then_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.EMAIL, expected)
