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
        # dots, any dash, a dash after the country code, "46" without "+"
        ("Ring 070.123.45.67 efter lunch.", "070.123.45.67"),
        ("Kontor 08.123 45 67 vardagar.", "08.123 45 67"),
        ("Ring 070–123 45 67 i dag.", "070–123 45 67"),
        ("Pappan har +46-70-123 45 67.", "+46-70-123 45 67"),
        ("Mamman har +46 (0)70-123 45 67.", "+46 (0)70-123 45 67"),
        ("Pappan har 46 70 123 45 67 som nummer.", "46 70 123 45 67"),
        ("Uppgiften 46701234567 finns i akten.", "46701234567"),
        ("Tel 46 8 123 45 67 dagtid.", "46 8 123 45 67"),
        # digits read by OCR, next to a context word
        ("Tel O7O-l23 45 67 efter lunch.", "O7O-l23 45 67"),
        ("Mobil: O7O l23 45 67.", "O7O l23 45 67"),
        ("Telefonnr 08-l23 45 6B", "08-l23 45 6B"),
        # near misses
        ("Uppgiften 46 8 123 45 67 finns i akten.", None),            # not a mobile, no context
        ("Mötet 05.03.2024 flyttades till 2024.03.05.", None),
        ("Ansökan 08.12.2023 kl 09.30 avslogs.", None),
        ("Version 0.12.3.45 av systemet.", None),
        ("Dnr 46 2024 12 avser ärendet.", None),
        ("Tel OK, vi ringer senare.", None),
        ("Ring SOS Alarm via 112.", None),
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
