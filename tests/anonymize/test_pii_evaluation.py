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
    assert "dev: 300 sentences" in out and "heldout: 300 sentences" in out and "styles: " in out


def test_when_styles_set_evaluated_then_reported_separately_and_names_leak_at_most_two_percent(redactor, capsys):
    from anonymize.evaluation import STYLES, load_styles

    rows = load_styles()
    assert len(rows) >= 90 and all(row["id"] and "spans" in row for row in rows)
    report = evaluate(redactor, rows, STYLES)
    names = report.by_type[EntityType.NAME]
    assert names.gold >= 70
    assert names.leaked / names.gold <= 0.02
    assert names.precision >= PRECISION_TARGET
    assert main(["--half", STYLES]) == 0
    assert f"{STYLES}: {len(rows)} sentences" in capsys.readouterr().out


def test_when_styles_folder_holds_several_files_then_all_are_read(tmp_path):
    import json

    from anonymize.evaluation import load_styles

    for name, text in (("numbers.jsonl", "Ring 070-123 45 67."), ("names.jsonl", "Eleven Kalle ringde.")):
        (tmp_path / name).write_text(json.dumps({"id": name, "text": text, "spans": []}) + "\n", encoding="utf-8")
    assert [row["id"] for row in load_styles(tmp_path)] == ["names.jsonl", "numbers.jsonl"]
