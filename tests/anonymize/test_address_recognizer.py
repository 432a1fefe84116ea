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
        # streets whose name is not built on a listed street word; capitals, lower case; Box
        ("Familjen har flyttat till Ängsbacken 3 i Borås.", "Ängsbacken 3"),
        ("Pojken bor på Hagbrynet 7.", "Hagbrynet 7"),
        ("Mamman bor på Stora Allén 21 nu.", "Stora Allén 21"),
        ("Brevet kom från HAGBRYNET 7 i går.", "HAGBRYNET 7"),
        ("Brevet kom från storgatan 12 i går.", "storgatan 12"),
        ("Brevet kom från STORGATAN 12 B i går.", "STORGATAN 12 B"),
        ("Pappan bor på hagtornet 4 med sin sambo.", "hagtornet 4"),
        ("Adress: Solhem 2", "Solhem 2"),
        ("Fittja gård 9 A, 415 05 Göteborg", "Fittja gård 9 A, 415 05 Göteborg"),
        ("Solhem 2 lgh 1101 är adressen.", "Solhem 2 lgh 1101"),
        ("Skriv till Solhem 2, 123 45 Ort i dag.", "Solhem 2, 123 45 Ort"),
        ("Svara till Box 123, 415 05 Göteborg.", "Box 123, 415 05 Göteborg"),
        ("Svara till Box 45 i Göteborg.", "Box 45"),
        ("Hon bor på Sankt Eriksgatan 5.", "Sankt Eriksgatan 5"),
        ("Hon bor på Gamla Kyrkvägen 4 B.", "Gamla Kyrkvägen 4 B"),
        ("Adress: 123 45 STOCKHOLM", "123 45 STOCKHOLM"),
        # near misses
        ("Mötet hölls på Storgatan i centrum.", None),
        ("Detta står i avsnitt 3, kapitel 4 och punkt 2.", None),
        ("Enligt § 5 och rum 12 på mottagningen.", None),
        ("Enligt SoL 11 kap. 1 § ska utredning inledas.", None),
        ("Det kostade 500 kr och 3 200 kronor.", None),
        ("Ärendet Dnr 2024/123 och SN 2023/145.", None),
        ("Eleven var i skolgården 3 gånger.", None),
        ("Eleven var på Skolgården 3 dagar i rad.", None),
        ("Pojken bor på hagtornet med sin mamma.", None),
        ("Mötet 2024-03-05 hölls i rum 12.", None),
        ("Han har bott på boendet 3 år.", None),
        ("Vi tog upp punkt 4 på mötet vecka 12.", None),
        ("Svaret kom i box 12 i arkivet.", None),
        ("Familjen bor i Göteborg 2019-2021 och har flyttat till Borås 2022.", None),
        ("Pojken bor på HVB 3 dagar i veckan.", None),
        ("Enligt 2 kap. 7 § SoL ska en SIP upprättas.", None),
        ("Dnr 123 45 avser ärendet.", None),
    ],
)
def test_when_address_in_text_then_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.ADDRESS, expected)
