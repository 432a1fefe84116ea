"""The held-out sentences in the number styles (anonymize/eval/styles/numbers.jsonl): dashes,
glued prefixes, misspelt context words, digits read by OCR, dotted phones, e-mail spelt to
dodge filters, streets not built on a listed word, dates of birth, and hard negatives."""

from pathlib import Path

import pytest

from anonymize.evaluation import evaluate, load_half
from schema.enums import EntityType

STYLES = Path(__file__).resolve().parents[2] / "anonymize" / "eval" / "styles"
NUMBER_TYPES = [EntityType.PERSONNUMMER, EntityType.PHONE, EntityType.EMAIL, EntityType.ADDRESS,
                EntityType.DATE_OF_BIRTH]


@pytest.fixture(scope="module")
def report(redactor):
    return evaluate(redactor, load_half("numbers", STYLES), "numbers")


@pytest.mark.parametrize("entity", NUMBER_TYPES, ids=str)
def test_when_number_styles_evaluated_then_nothing_leaks_and_nothing_is_invented(report, entity):
    counts = report.by_type[entity]
    assert counts.gold >= 9
    assert counts.leaked == 0, [m for m in report.misses if m[1] == entity.value]
    assert counts.recall == 1.0
    assert counts.precision == 1.0, [f for f in report.false_alarms if f[1] == entity.value]


def test_when_number_styles_loaded_then_every_span_names_its_text():
    rows = load_half("numbers", STYLES)
    assert len({row["id"] for row in rows}) == len(rows) >= 100
    negatives = [row for row in rows if not row["spans"]]
    assert len(negatives) >= 30
    for row in rows:
        for span in row["spans"]:
            value = row["text"][span["start"]:span["end"]]
            assert value == value.strip() and value, row["id"]
            EntityType(span["entity"])


def test_when_number_styles_rebuilt_then_identical_to_stored():
    from anonymize.eval.build_number_styles import OUT, build

    stored = load_half("numbers", STYLES)
    assert OUT == STYLES / "numbers.jsonl"
    assert build() == stored


@pytest.mark.parametrize("half", ["dev", "heldout"])
def test_when_corpus_halves_evaluated_then_no_number_leaks(redactor, half):
    """Not a single character of a personnummer, phone, e-mail or address left readable."""
    report = evaluate(redactor, load_half(half), half)
    assert {e.value: report.by_type[e].leaked for e in NUMBER_TYPES} == {e.value: 0 for e in NUMBER_TYPES}
