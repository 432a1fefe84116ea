"""A revision nobody tuned for: hand-written "revision C" forms read field by field.

The forms (tests/ingest/revision_c.py) reword every label, add a "Diarienummer" and new
guidance, and come as a label | value table and as plain paragraphs. Most labels are
found by their words (schema.textmatch); a field that cannot be placed must stay NULL,
never take another field's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import read_forms
from pipelines.field_accuracy import RECORD_FIELDS, comparable
from schema.mapping import to_deviation
from tests.ingest.revision_c import FAMILIES, build


@pytest.fixture(scope="module")
def revision_c(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    return {path.name: (path, record) for path, record in build(tmp_path_factory.mktemp("revision_c"))}


@pytest.mark.parametrize("name", [f"revC_{f}_{layout}.docx" for f in FAMILIES for layout in ("table", "para")])
def test_when_revision_c_form_is_read_then_every_field_matches(revision_c, name: str) -> None:
    path, expected = revision_c[name]
    [raw] = read_forms(path)
    record = to_deviation(raw).model_dump(mode="json")
    wrong = {
        f: (comparable(f, expected.get(f)), comparable(f, record.get(f)))
        for f in RECORD_FIELDS
        if comparable(f, expected.get(f)) != comparable(f, record.get(f))
    }
    assert not wrong


@pytest.mark.parametrize("name", [f"revC_{f}_{layout}.docx" for f in FAMILIES for layout in ("table", "para")])
def test_when_revision_c_form_is_read_then_no_contact_detail_reaches_a_field(revision_c, name: str) -> None:
    path, _ = revision_c[name]
    [raw] = read_forms(path)
    stored = " ".join(str(v) for v in to_deviation(raw).model_dump(mode="json").values())
    for secret in ("Eva Lind", "Sara Berg", "Ola Nyström", "08-123 456 78", "BUS 2025/0142", "VB-2025-17", "SF 2025:33"):
        assert secret not in stored
