"""The product's first promise: nothing personal reaches the warehouse.

Every sample form carries staff contact details, and about a third carry a client's name,
personnummer, phone or address in free text (`planted_pii` in its expected JSON). After a real
`avvik ingest`, none of those strings may be found anywhere in the DuckDB file: not in any
table (whatever tables later migrations add) and not in the file's bytes.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from tests.conftest import SAMPLE_FORMS

EXPECTED = sorted((SAMPLE_FORMS / "expected").glob("*.json"))
PLANTED = sorted({s for p in EXPECTED for s in json.loads(p.read_text(encoding="utf-8"))["planted_pii"]})


def _every_text_in(db_path) -> str:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()]
        chunks = []
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                chunks.append("\t".join("" if v is None else str(v) for v in row))
        return "\n".join(chunks)
    finally:
        con.close()


def test_the_corpus_plants_personal_data():
    assert len(PLANTED) > 100
    assert any(re.fullmatch(r"\d{6}[-+]?\d{4}|\d{8}[-+ ]?\d{4}|\d{6} \d{4}", s) for s in PLANTED)


def test_when_sample_forms_are_ingested_then_no_planted_string_is_in_any_table(sample_warehouse):
    stored = _every_text_in(sample_warehouse)
    assert "[NAMN]" in stored and "[PERSONNUMMER]" in stored  # the check did run
    leaks = [s for s in PLANTED if s in stored]
    assert not leaks


def test_when_sample_forms_are_ingested_then_no_planted_string_is_in_the_file_bytes(sample_warehouse):
    data = sample_warehouse.read_bytes()
    leaks = [s for s in PLANTED if len(s) >= 6 and s.encode("utf-8") in data]
    assert not leaks


def test_when_ingested_then_no_digit_run_looks_like_a_personnummer(sample_warehouse):
    stored = _every_text_in(sample_warehouse)
    # Exclude hashes/ids (hex) by looking only at digit runs bounded by non-hex characters.
    candidates = re.findall(r"(?<![0-9a-f])(?:19|20)?\d{6}[-+ ]?\d{4}(?![0-9a-f])", stored)
    assert not [c for c in candidates if _luhn_ok(c)]


def _luhn_ok(text: str) -> bool:
    digits = [int(c) for c in re.sub(r"\D", "", text)[-10:]]
    if len(digits) != 10:
        return False
    total = 0
    for i, d in enumerate(digits[:9]):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == digits[9]


@pytest.mark.parametrize("name", ["Avvikelse Kalle Svensson.docx"])
def test_when_a_file_name_carries_a_name_then_it_is_not_stored(home, tmp_path, name):
    import shutil

    from tests.conftest import run_avvik

    source = next((SAMPLE_FORMS / "forms").glob("*.docx"))
    target = tmp_path / name
    shutil.copy(source, target)
    result = run_avvik("ingest", str(target), home=home)
    assert result.returncode == 0, result.stderr
    stored = _every_text_in(home / "warehouse.duckdb")
    assert "Kalle" not in stored and "Svensson" not in stored


def test_when_a_rejected_attachment_carries_a_name_then_the_stored_reason_does_not(home, tmp_path):
    from email.message import EmailMessage

    from tests.conftest import run_avvik

    message = EmailMessage()
    message["From"] = "registrator@example.invalid"
    message["To"] = "bus-sekretariatet@example.invalid"
    message["Subject"] = "BUS-avvikelse"
    message.set_content("Hej, se bifogad avvikelse.")
    message.add_attachment(b"not a zip", maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="Avvikelse Kalle Svensson.docx")
    mail = tmp_path / "Fwd Avvikelse Kalle Svensson.eml"
    mail.write_bytes(bytes(message))
    result = run_avvik("ingest", str(mail), "--json", home=home)
    assert result.returncode == 1
    assert "Kalle Svensson" in result.stdout  # the user is told which file, in full
    stored = _every_text_in(home / "warehouse.duckdb")
    assert "Bilagan" in stored  # the reason was stored...
    assert "Kalle" not in stored and "Svensson" not in stored  # ...without the name
