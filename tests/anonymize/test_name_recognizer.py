import pytest

from pii_assertions import assert_found
from schema.enums import EntityType


@pytest.mark.parametrize(
    "text, expected",
    [
        # lexicon names inside a sentence
        ("Vid mötet deltog Kalle Svensson från skolan.", "Kalle Svensson"),
        ("Socialtjänsten har inte kallat Ahmed till SIP.", "Ahmed"),
        # hyphenated and double names
        ("Enligt Anna-Karin Lind Ahmadi saknas beslut.", "Anna-Karin Lind Ahmadi"),
        # genitive
        ("Vi har pratat med Kalles mamma.", "Kalles"),
        ("Kalles mamma ringde i går.", "Kalles"),
        # context words, also before lower-case names
        ("Pojken kalle har hög frånvaro.", "kalle"),
        ("Mamman heter Hodan och bor i Angered.", "Hodan"),
        ("Eleven Björn har inte fått stöd.", "Björn"),
        ("Flickan kallad Rosa placerades akut.", "Rosa"),
        ("Mamman rojin uppger att ingen ringt.", "rojin"),
        # names that are also words: a name inside a sentence, a word at its start
        ("Mötet med Sten Lindqvist ställdes in.", "Sten Lindqvist"),
        ("Björn berättade att SIP saknas.", "Björn"),
        ("Sten och grus har lagts på skolgården.", None),
        ("Rosa lappar används för akuta remisser.", None),
        ("I maj hölls ett uppföljningsmöte.", None),
        ("Hans mamma har inte deltagit.", None),
        ("Per telefon meddelades att tiden var avbokad.", None),
        # organisations, units and places
        ("BUP Södra har inte svarat Försäkringskassan.", None),
        ("Region Stockholm och Arbetsförmedlingen deltog.", None),
        ("Västbus-gruppen i Angered har behandlat avvikelsen.", None),
        ("Elevhälsan och socialtjänsten har olika bild.", None),
        ("Vårdcentralen Hagaplan har inte skickat epikris.", None),
        ("Enligt SIP ska Habiliteringen kalla till möte.", None),
        # capitalised sentence starts
        ("Under hösten har skolan bytt rektor.", None),
        ("Familjecentralen har stängt.", None),
        # the label of a number, an imperative, a street: no names
        ("Personumret 530805-6471 stod på blanketten.", None),
        ("Telefonnr: 08-123 45 67 gick inte fram.", None),
        ("Skriv till avdelningen i stället.", None),
        ("Mötet hölls på Kungsgatan i centrum.", None),
        ("Familjen har flyttat från Hagbrynsvägen.", None),
        # a surname that is also a municipality, after a name found by its context
        ("Eleven heter Tesfaye Salem och går i nian.", "Tesfaye Salem"),
        ("Vårdnadshavare är storebror Karl-Johan Salem.", "Karl-Johan Salem"),
        ("Mötet hölls i Salem med skolan.", None),
        # an unknown lower-case word after "med", before "och": a name; the field's shorthand is not
        ("Samtal med kian och vårdnadshavarna hölls.", "kian"),
        ("Kontakt med soc och skolan.", None),
        ("Samverkan med habben och skolan.", None),
        ("Kontakt med ssk och läkare.", None),
        ("Samtal med handläggaren och chefen.", None),
    ],
)
def test_when_name_in_text_then_found_or_not(redactor, text, expected):
    assert_found(redactor, text, EntityType.NAME, expected)


def test_when_capitalised_unknown_word_only_then_needs_review_score(redactor):
    hits = [(s, e, score) for s, e, ent, score, _ in redactor.find("Det gäller Zhiwar.") if ent == EntityType.NAME]
    assert len(hits) == 1 and hits[0][2] < redactor.config.review_threshold


def test_when_extra_not_people_configured_then_word_is_not_a_name():
    from anonymize import Redactor

    text = "Vi har pratat med Zhiwar-teamet."
    assert Redactor({"not_people": ["Zhiwar-teamet"]}).find(text) == []
