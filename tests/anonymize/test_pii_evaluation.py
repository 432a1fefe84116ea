"""The held-out half must meet the targets, so a regression fails CI."""

import pytest

from anonymize.evaluation import evaluate, load_half, main
from schema.enums import EntityType

RECALL_TARGET = {
    EntityType.PERSONNUMMER: 1.0,
    EntityType.NAME: 0.98,
    EntityType.PHONE: 0.99,
    EntityType.EMAIL: 0.99,
}
PRECISION_TARGET = 0.95


@pytest.fixture(scope="module")
def heldout(redactor):
    return evaluate(redactor, load_half("heldout"), "heldout")


@pytest.mark.parametrize("entity", list(EntityType))
def test_when_evaluated_on_heldout_then_targets_met(heldout, entity):
    counts = heldout.by_type[entity]
    if entity is not EntityType.DATE_OF_BIRTH:  # dates of birth: anonymize/eval/styles/numbers.jsonl
        assert counts.gold > 0
    assert counts.recall >= RECALL_TARGET.get(entity, 0.0)
    assert counts.precision >= PRECISION_TARGET


def test_when_evaluated_on_heldout_then_no_personnummer_leaks(heldout):
    assert heldout.by_type[EntityType.PERSONNUMMER].leaked == 0


def test_when_corpus_rebuilt_then_identical_to_stored():
    import json

    from anonymize.eval.build_corpus import build

    for half, rows in build().items():
        assert rows == json.loads("[" + ",".join(line for line in (
            l.strip() for l in open(f"anonymize/eval/{half}.jsonl", encoding="utf-8")) if line) + "]")


def test_when_cli_entry_run_then_prints_both_halves(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "dev: 300 sentences" in out and "heldout: 300 sentences" in out
