"""Real Word-to-PDF exports read field by field (sample_forms/exported).

The PDFs are LibreOffice 7.4 exports (`soffice --headless --convert-to pdf`) of .docx forms of
the sample corpus: real Word-like layout, table rulings, legacy fields and content controls
rendered, ticked boxes as a plain "X"/"x" in a narrow cell of their own, unticked ones not
drawn at all, labels and values wrapped inside their cells, over-long words broken at the
column edge. Their expected records are the .docx's (sample_forms/exported_expected), with
`file` and `source_format` changed. Regenerating them needs LibreOffice; the tests do not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import read_forms
from pipelines.field_accuracy import RECORD_FIELDS, comparable, evaluate
from schema.mapping import to_deviation

ROOT = Path(__file__).resolve().parents[2] / "sample_forms"
EXPECTED = sorted((ROOT / "exported_expected").glob("*.json"))


def test_the_export_corpus_is_there() -> None:
    assert 4 <= len(EXPECTED) <= 8
    assert sorted(p.name for p in (ROOT / "exported").iterdir()) == sorted(p.name[: -len(".json")] for p in EXPECTED)


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name)
def test_when_word_export_is_read_then_every_field_matches(expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    [raw] = read_forms(ROOT / "exported" / expected["file"])
    assert raw.source_format == "pdf"
    record = to_deviation(raw).model_dump(mode="json")
    wrong = {
        f: (comparable(f, expected["record"].get(f)), comparable(f, record.get(f)))
        for f in RECORD_FIELDS
        if comparable(f, expected["record"].get(f)) != comparable(f, record.get(f))
    }
    assert not wrong


def test_when_eval_fields_is_given_the_export_folders_then_it_measures_them() -> None:
    counts, mismatches = evaluate(ROOT, "exported", "exported_expected")
    assert not mismatches
    assert sum(total for _, total in counts.values()) == len(EXPECTED) * len(RECORD_FIELDS)
