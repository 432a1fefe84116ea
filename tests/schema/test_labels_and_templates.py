import pytest

from schema.templates import load_templates, template_for
from schema.textmatch import LabelIndex, norm_label

INDEX = LabelIndex([
    ("Enhet", "unit"), ("Datum för rapportering", "reported_on"),
    ("Beskrivning av händelsen från rapporterande verksamhet", "s3"),
    ("Samverkanspart i aktuellt ärende", "cp"), ("Förbättringsåtgärder", "impr"),
])


@pytest.mark.parametrize(
    ("text", "target", "rest"),
    [
        ("Enhet:", "unit", ""),
        ("ENHET", "unit", ""),
        ("Enhet: BUP Lerum", "unit", "BUP Lerum"),
        ("Datum för rapportering: 2024-03-05", "reported_on", "2024-03-05"),
        ("Datum för rapportering 2024-03-05", "reported_on", "2024-03-05"),
        ("3. Beskrivning av händelsen från rapporterande verksamhet", "s3", ""),
        ("3 Beskrivning av händelsen från den rapporterande verksamheten", "s3", ""),
        ("Samverkanspart i  aktuellt\u00a0ärende", "cp", ""),
        ("Förbättrings- åtgärder:", "impr", ""),
        ("Förbättringsåtgärd:", "impr", ""),
    ],
)
def test_when_label_is_written_with_variations_then_it_matches(text, target, rest) -> None:
    hit = INDEX.match(text)
    assert hit is not None
    assert hit[0] == [target]
    assert hit[1] == rest


@pytest.mark.parametrize("text", ["Enheten har inte svarat", "Barnet väntar", "Datum"])
def test_when_text_is_not_a_label_then_no_match(text) -> None:
    assert INDEX.match(text) is None


def test_when_one_word_label_has_no_colon_then_the_match_is_weak() -> None:
    targets, rest, strong = INDEX.match("Enhet BUP Lerum")
    assert (targets, rest, strong) == (["unit"], "BUP Lerum", False)


def test_norm_label_drops_numbering_colon_and_case() -> None:
    assert norm_label(" 2. Mellan vilka verksamheter har avvikelsen uppstått? ") == "mellan vilka verksamheter har avvikelsen uppstått"


def test_every_template_loads_and_covers_one_family() -> None:
    families = sorted(t.family for t in load_templates())
    assert families == ["bus", "lex_heller", "vastbus"]
    bus = template_for("bus")
    assert bus.due.months == 2
    assert {f.section for f in bus.fields if "Enhet" in f.labels} == {"s2", "s3_chef", "s4_contact"}
