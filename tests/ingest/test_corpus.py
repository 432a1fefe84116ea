"""Every form of the sample corpus read field by field, and every bad file rejected as named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import read_forms
from pipelines.field_accuracy import RECORD_FIELDS, comparable
from schema import errors
from schema.mapping import to_deviation

ROOT = Path(__file__).resolve().parents[2] / "sample_forms"
EXPECTED = sorted((ROOT / "expected").glob("*.json")) if (ROOT / "expected").is_dir() else []
REJECTS = sorted((ROOT / "expected_rejects").glob("*.json")) if (ROOT / "expected_rejects").is_dir() else []


def _form_path(expected: Path) -> tuple[Path, str | None]:
    name = expected.name[: -len(".json")]
    if "#" in name:
        mail, attachment = name.split("#", 1)
        return ROOT / "forms" / mail, attachment
    return ROOT / "forms" / name, None


@pytest.mark.skipif(not EXPECTED, reason="sample corpus not generated")
@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name)
def test_when_corpus_form_is_read_then_every_field_matches(expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))["record"]
    path, attachment = _form_path(expected_file)
    forms = read_forms(path)
    if attachment is not None:
        forms = [f for f in forms if f.source_name == attachment]
    assert len(forms) == 1
    record = to_deviation(forms[0]).model_dump(mode="json")
    wrong = {
        f: (comparable(f, expected.get(f)), comparable(f, record.get(f)))
        for f in RECORD_FIELDS
        if comparable(f, expected.get(f)) != comparable(f, record.get(f))
    }
    assert not wrong


@pytest.mark.skipif(not REJECTS, reason="sample corpus not generated")
@pytest.mark.parametrize("expected_file", REJECTS, ids=lambda p: p.name)
def test_when_bad_file_is_read_then_it_is_rejected_with_the_named_error(expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    error_class = getattr(errors, expected["error"])
    path = ROOT / "rejects" / expected["file"]
    with pytest.raises(errors.Rejected) as caught:
        forms = read_forms(path)
        for raw in forms:
            to_deviation(raw)
    assert type(caught.value) is error_class, caught.value.reason
    assert caught.value.reason
