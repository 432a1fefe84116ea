"""Labels found by their words: rewordings of a new revision, and texts that only look alike."""

from __future__ import annotations

import pytest

from schema.textmatch import LabelIndex, label_words, word_similarity

LABELS = [
    ("Datum för rapportering", "reported_on"),
    ("Datum då avvikelsen mottogs", "received_on"),
    ("Datum", "date"),
    ("Beskrivning av händelsen", "description"),
    ("Förslag till åtgärd", "proposed_action"),
    ("Rapporterande enhet", "reporting"),
    ("Namn enhetschef", "chef"),
    ("Arbetsgivare", "employer"),
    ("Lokal Västbusgrupp", "local_group"),
    ("Berörda verksamheter", "counterparts"),
]
INDEX = LabelIndex(LABELS, by_words=True)


@pytest.mark.parametrize(("text", "target"), [
    ("Datum då avvikelsen rapporterades", "reported_on"),
    ("Datum då avvikelsen togs emot", "received_on"),
    ("Beskriv vad som hänt", "description"),
    ("Föreslagna åtgärder", "proposed_action"),
    ("Rapporterande enhetens namn", "reporting"),
    ("Rapportörens arbetsgivare", "employer"),
    ("2. Vilka verksamheter berörs?", "counterparts"),
    ("BERÖRD(A) VERKSAMHET(ER)", "counterparts"),
])
def test_when_label_is_reworded_then_its_words_find_it(text: str, target: str) -> None:
    hit = INDEX.match_words(text)
    assert hit is not None and hit[0] == [target]


@pytest.mark.parametrize("text", [
    "Västbusgrupp",  # the end of a wrapped label, not the label
    "Löst i lokal grupp",  # an option, not the group's label
    "Eleven skrevs ut utan att skolan fick information.",  # a sentence
    "Mölndal",
    "Enhet för barn och unga med särskilda behov och deras familjer i kommunen",
])
def test_when_text_only_shares_a_word_then_it_is_no_label(text: str) -> None:
    assert INDEX.match_words(text) is None


def test_when_option_index_then_words_are_not_used() -> None:
    options = LabelIndex([("Kommun", "kommun")])
    assert options.match_words("Eksjö kommun") is None


@pytest.mark.parametrize(("a", "b", "alike"), [
    ("rapporterades", "rapportering", True),
    ("berörs", "berörda", True),
    ("enhetens", "enhet", True),
    ("enhetens", "enhetschef", False),
    ("telefon", "telefonnummer", True),
    ("datum", "dataskydd", False),
    ("lokal", "lokaler", True),
])
def test_when_words_share_a_stem_then_they_are_alike(a: str, b: str, alike: bool) -> None:
    assert (word_similarity(a, b) > 0) is alike


def test_label_words_drop_stop_words_plural_marks_and_map_synonyms() -> None:
    assert label_words("Berörd(a) verksamhet(er)") == ("berörd", "verksamhet")
    assert label_words("Vad för slags händelse gäller det?") == ("typ", "händelse", "avser")
    assert label_words("Mejladress") == ("epost", "adress")  # a compound: "epost" + "adress"


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("Rapportdatum", ("rapport", "datum")),
        ("Anmälningsdatum", ("rapportering", "datum")),  # linking s dropped, synonym mapped
        ("Händelseförlopp", ("händelse", "förlopp")),
        ("Lokal Västbusgrupp", ("lokal", "västbusgrupp")),  # no listed last part: whole
        ("Förbättringsåtgärder", ("förbättringsåtgärder",)),
        ("Adress", ("adress",)),  # the part alone is no compound
    ],
)
def test_compound_words_are_split_into_their_parts(label, words) -> None:
    assert label_words(label) == words


def test_a_question_set_as_a_label_may_say_a_label_with_one_word_less() -> None:
    from schema.textmatch import LabelIndex

    index = LabelIndex([("Beskriv vad som hänt", "description"), ("Datum för anmälan", "reported_on")], by_words=True)
    assert index.match_words("Vad hände?") == (["description"], "", True)
    assert index.match_words("Vad hände?: Mötet blev inställt.") == (["description"], "Mötet blev inställt.", True)
    assert index.match_words("Vad hände sedan") is None  # not set as a label: the full label's words are needed
