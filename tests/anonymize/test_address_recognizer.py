import pytest

from pii_assertions import assert_found
from schema.enums import EntityType


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Familjen bor på Storgatan 12, 123 45 Stockholm sedan maj.", "Storgatan 12, 123 45 Stockholm"),
        ("Brev till Björkvägen 3 B, 415 02 Göteborg kom i retur.", "Björkvägen 3 B, 415 02 Göteborg"),
        ("Hon bor på Hagagatan 7 med sin mamma.", "Hagagatan 7"),
        ("Adress: 123 45 Västra Frölunda", "123 45 Västra Frölunda"),
        # near misses
        ("Mötet hölls på Storgatan i centrum.", None),
        ("Enligt 2 kap. 7 § SoL ska en SIP upprättas.", None),
        ("Dnr 123 45 avser ärendet.", None),
    ],
)
def test_when_address_in_text_then_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.ADDRESS, expected)
