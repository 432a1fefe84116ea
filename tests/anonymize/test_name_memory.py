"""Per-form name memory: a name found once in a form (any field, the file name, or the staff
contact fields that are read but never stored) is redacted at every later mention."""

import pytest

from anonymize.memory import NameMemory
from schema.models import Deviation


@pytest.fixture(scope="module")
def memory_of(redactor):
    def build(*names: str) -> NameMemory:
        memory = NameMemory(redactor._finder)
        memory.update(names)
        return memory
    return build


@pytest.mark.parametrize(
    "names, text, expected",
    [
        (("Lindgren",), "Lindgren berättade att lindgrens kollega LINDGREN inte svarat.",
         ["Lindgren", "lindgrens", "LINDGREN"]),
        (("Jan-Olof Bakri",), "Samtal med jan-olof. Jan-Olofs mamma och BAKRI.",
         ["jan-olof", "Jan-Olofs", "BAKRI"]),
        (("Zeynep Öztürk",), "Vi har pratat med zeynep öztürk och Zeyneps lärare.", ["zeynep öztürk", "Zeyneps"]),
        (("Nguyen Thi Lan",), "Lan har hög frånvaro; nguyen kom inte.", ["Lan", "nguyen"]),
        (("Kalle",), "Kalle:s pappa ringde.", ["Kalle:s"]),
        # parts that are words count only with a capital
        (("Björn Strand",), "Björn ringde, björnen sov på stranden vid strand.", ["Björn"]),
        (("Maj Ek",), "I maj tog Maj kontakt; en ek föll.", ["Maj"]),
    ],
)
def test_when_name_remembered_then_every_mention_found(memory_of, names, text, expected):
    memory = memory_of(*names)
    assert [text[s:e] for s, e in memory.find(text)] == expected


@pytest.mark.parametrize(
    "names, text",
    [
        (("Kuratorn",), "Kuratorn ringde."),                 # a role word is never remembered
        (("Sollentuna",), "Sollentuna kommun svarade."),      # nor a place
        (("Ali",), "Alingsås och alibi och Alis-fallet."),  # whole words only
        (("Ebba",), ""),
    ],
)
def test_when_not_a_mention_then_nothing_found(memory_of, names, text):
    assert memory_of(*names).find(text) == []


def _record(redactor, description, proposed=None, parties=(), source="Avvikelse.docx", known=()):
    deviation = Deviation.model_validate({
        "form_type": "lex_heller", "description": description, "proposed_action": proposed,
        "parties": [{"role": "counterpart", "name": p, "category": "region"} for p in parties],
    })
    return redactor.redact_record(deviation, source, known=list(known))


def test_when_name_found_in_one_field_then_redacted_in_the_others(redactor):
    record = _record(redactor, "Kuratorn Lindgren ringde i mars.", proposed="Lindgren ska kalla till SIP; lindgrens chef informeras.")
    assert "Lindgren" not in record.deviation.proposed_action
    assert "lindgren" not in record.deviation.proposed_action
    assert record.deviation.proposed_action.count("[NAMN]") == 2


def test_when_name_in_file_name_then_lower_case_mention_in_text_redacted(redactor):
    record = _record(redactor, "Samtal med yasmin hölls i vecka 12.", source="Avvikelse Yasmin.pdf")
    assert record.deviation.description == "Samtal med [NAMN] hölls i vecka 12."
    assert record.source_name == "Avvikelse [NAMN].pdf"


def test_when_name_only_in_staff_contact_then_redacted_in_text_and_file_name(redactor):
    record = _record(redactor, "Enligt jovanovic saknas beslut. JOVANOVIC har inte svarat.",
                     source="avvikelse_jovanovic.docx", known=["Milan Jovanovic", "070-123 45 67"])
    assert "jovanovic" not in (record.deviation.description + record.source_name).lower()


def test_when_word_part_of_a_name_remembered_then_the_word_kept(redactor):
    record = _record(redactor, "Eleven Björn Ek har inte fått stöd. I maj föll en ek över vägen.")
    assert record.deviation.description == "Eleven [NAMN] har inte fått stöd. I maj föll en ek över vägen."


def test_when_no_name_in_form_then_memory_changes_nothing(redactor):
    text = "Socialtjänsten i Lerums kommun har inte kallat till SIP trots påminnelse."
    record = _record(redactor, text, parties=["Lerums kommun"])
    assert record.deviation.description == text and record.status.value == "clean"


@pytest.mark.parametrize(
    "party, expected",
    [
        ("Vårdcentralen Bra Liv Nässjö", "Vårdcentralen Bra Liv Nässjö"),
        ("Elevhälsan Ängsskolan, Mark", "Elevhälsan Ängsskolan, Mark"),
        ("Familjeenheten Ebbe", "Familjeenheten Ebbe"),
        ("Socialsekreterare Anna Berg, Nässjö kommun", "Socialsekreterare [NAMN], Nässjö kommun"),
    ],
)
def test_when_party_is_an_organisation_then_only_a_person_in_it_redacted(redactor, party, expected):
    record = _record(redactor, "Avvikelsen gäller samordningen.", parties=[party])
    assert record.deviation.parties[0].name == expected


def test_when_staff_contact_typed_in_lower_case_then_its_name_is_remembered(redactor):
    record = _record(redactor, "Vi har pratat med Berg och anna. ANNA BERG svarade inte.", known=["anna berg", "skolan"])
    assert record.deviation.description == "Vi har pratat med [NAMN] och [NAMN]. [NAMN] svarade inte."


def test_when_a_person_shares_a_word_with_a_party_then_the_party_is_kept(redactor):
    record = _record(redactor, "Eleven Liv Hansson har inte fått stöd.", parties=["Vårdcentralen Bra Liv Nässjö"])
    assert record.deviation.description == "Eleven [NAMN] har inte fått stöd."
    assert record.deviation.parties[0].name == "Vårdcentralen Bra Liv Nässjö"


def test_when_a_person_named_in_the_form_shares_an_institutions_name_then_both_mentions_redacted(redactor):
    record = _record(redactor, "Eleven Nils Holmqvist fick inget stöd. Nils Holmqvists stiftelse gav bidrag.")
    assert record.deviation.description == "Eleven [NAMN] fick inget stöd. [NAMN] stiftelse gav bidrag."
