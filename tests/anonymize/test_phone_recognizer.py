import pytest

from pii_assertions import assert_found
from schema.enums import EntityType


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ring 08-123 45 67 efter lunch.", "08-123 45 67"),
        ("Mobil 070-123 45 67.", "070-123 45 67"),
        ("Nås på 0701234567 dagtid.", "0701234567"),
        ("Tel 031-12 34 56", "031-12 34 56"),
        ("Växel +46 70 123 45 67.", "+46 70 123 45 67"),
        ("Regionen nås på 010-441 00 00.", "010-441 00 00"),
        ("Telefon 08-684 003 29 vardagar.", "08-684 003 29"),
        ("Ring (08) 123 45 67.", "(08) 123 45 67"),
        ("Mobilnummer +46701234567", "+46701234567"),
        # near misses
        ("Dnr 2024-0312 avser ärendet.", None),
        ("Mötet 2024-03-05 flyttades.", None),
        ("Postnummer 123 45 Stockholm.", None),
        ("Telefontiden är 08.30-09.30 på vardagar.", None),
        ("Faktura 1234567 gäller inte detta.", None),
        ("Totalt 3 avvikelser 2023-07-01 till 2023-12-31.", None),
    ],
)
def test_when_phone_number_in_text_then_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.PHONE, expected)
