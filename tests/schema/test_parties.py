import pytest

from schema.parties import categorize, split_parties


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Socialtjänsten, Lerums kommun", ["Socialtjänsten, Lerums kommun"]),
        ("BUP Mölndal\nElevhälsan, Kungälvs kommun", ["BUP Mölndal", "Elevhälsan, Kungälvs kommun"]),
        ("BUP Mölndal; IFO Partille", ["BUP Mölndal", "IFO Partille"]),
        ("• BUP Mölndal\n• Vårdcentralen Lerum", ["BUP Mölndal", "Vårdcentralen Lerum"]),
        ("• BUP Mölndal • Vårdcentralen Lerum", ["BUP Mölndal", "Vårdcentralen Lerum"]),
        ("- BUP Mölndal\n- Migrationsverket", ["BUP Mölndal", "Migrationsverket"]),
        ("", []),
        (None, []),
    ],
)
def test_when_party_list_is_split_then_never_on_commas(text, parties) -> None:
    assert split_parties(text) == parties


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("BUP Södermalm", "region"),
        ("Barn- och ungdomspsykiatrin Sollentuna", "region"),
        ("Vårdcentralen Lerum", "region"),
        ("Habiliteringen Solna", "region"),
        ("BVC Farsta", "region"),
        ("Barnkliniken, Södertälje sjukhus", "region"),
        ("Region Jönköpings län, Habiliteringscentrum", "region"),
        ("Socialtjänsten Vetlanda", "kommun"),
        ("IFO Barn och unga, Haninge kommun", "kommun"),
        ("Elevhälsan, Tallkrogens skola", "kommun"),
        ("Förskolan Solrosen", "kommun"),
        ("LSS-enheten", "kommun"),
        ("Göteborgs Stad", "kommun"),
        ("Försäkringskassan, Lokalt försäkringscenter Stockholm", "forsakringskassan"),
        ("Arbetsförmedlingen Södertälje", "arbetsformedlingen"),
        ("Migrationsverket", "annan"),
        ("Kriminalvården, Frivården Eksjö", "annan"),
    ],
)
def test_when_party_is_named_then_category_follows_the_rules(name: str, category: str) -> None:
    assert categorize(name) == category
