"""An answered BUS form is the same deviation: one row with the answer, two versions,
whichever file arrives first; either file again is a duplicate."""

from __future__ import annotations

import json
from datetime import date, datetime

import duckdb
import pytest

from schema.models import Party, PiiFinding
from tests.conftest import run_avvik
from tests.warehouse.corpus import FORMS, answered_pairs, expected, load, stored
from warehouse import Warehouse
from warehouse.versions import merge

ANSWER = ("response_received_on", "response_text", "improvement_actions")


def _pairs():
    pairs = answered_pairs()
    assert pairs, "the sample corpus has no answered BUS pair (same_deviation_as)"
    return pairs


def _answer(name: str) -> dict:
    return {k: expected()[name]["record"][k] for k in ANSWER}


@pytest.mark.parametrize("answer_first", [False, True], ids=["answer-later", "answer-first"])
def test_when_an_answered_form_arrives_then_it_updates_the_same_deviation(tmp_path, answer_first):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        for earlier, answered in _pairs():
            order = [answered, earlier] if answer_first else [earlier, answered]
            load(wh, [order[0]])
            merged = load(wh, [order[1]])
            first = stored(order[0])
            assert merged == {stored(order[1]).source_sha256: first.id}
            row = wh.con.execute(
                "SELECT id, source_sha256, response_received_on, response_text, improvement_actions"
                " FROM deviations WHERE identity_key = (SELECT identity_key FROM deviations WHERE id = ?)",
                [first.id]).fetchall()
            assert len(row) == 1
            dev_id, sha, *answer = row[0]
            assert (dev_id, sha) == (first.id, first.source_sha256)
            want = _answer(answered)
            assert [str(a) if isinstance(a, date) else a for a in answer] == [want[k] for k in ANSWER]
            assert [(v["version"], v["has_response"]) for v in wh.versions(first.id)] == (
                [(1, True), (2, False)] if answer_first else [(1, False), (2, True)])
            responding = wh.con.execute(
                "SELECT name FROM parties WHERE deviation_id = ? AND role = 'responding'", [first.id]).fetchall()
            assert [r[0] for r in responding] == [
                p["name"] for p in expected()[answered]["record"]["parties"] if p["role"] == "responding"]
            assert wh.loaded_ids([stored(earlier).source_sha256, stored(answered).source_sha256]) == {
                stored(earlier).source_sha256: first.id, stored(answered).source_sha256: first.id}
            log = wh.con.execute("SELECT DISTINCT deviation_id FROM ingest_log WHERE file_name IN (?, ?)",
                                 [earlier, answered]).fetchall()
            assert log == [(first.id,)]


def test_when_both_files_are_in_one_batch_then_one_deviation_is_written_once(tmp_path):
    earlier, answered = _pairs()[0]
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        merged = load(wh, [earlier, answered])
        assert merged == {stored(answered).source_sha256: stored(earlier).id}
        assert wh.con.execute("SELECT count(*), count(response_received_on) FROM deviations").fetchone() == (1, 1)
        assert len(wh.versions(stored(earlier).id)) == 2


def test_when_the_whole_corpus_is_loaded_then_each_pair_is_one_deviation(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        load(wh, list(expected()))
        n = wh.con.execute("SELECT count(*) FROM deviations").fetchone()[0]
        assert n == len(expected()) - len(_pairs())
        assert wh.con.execute("SELECT count(*) FROM deviation_versions").fetchone()[0] == len(expected())


def _cli_json(*args, home):
    result = run_avvik("ingest", *map(str, args), "--json", home=home)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("answer_first", [False, True], ids=["answer-later", "answer-first"])
def test_when_the_cli_ingests_the_pair_then_the_answer_is_loaded_into_the_first_deviation(tmp_path, answer_first):
    earlier, answered = _pairs()[0]
    files = [FORMS / answered, FORMS / earlier] if answer_first else [FORMS / earlier, FORMS / answered]
    home = tmp_path / "home"
    (first,) = _cli_json(files[0], home=home)
    (second,) = _cli_json(files[1], home=home)
    assert first["status"] == second["status"] == "loaded"
    assert second["id"] == first["id"]
    again = _cli_json(*files, home=home)
    assert [line["status"] for line in again] == ["duplicate", "duplicate"]
    assert {line["id"] for line in again} == {first["id"]}

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT id, response_received_on, response_text IS NOT NULL FROM deviations").fetchall()
        assert rows == [(first["id"], date.fromisoformat(_answer(answered)["response_received_on"]), True)]
        versions = con.execute("SELECT version, has_response, source_format FROM deviation_versions"
                               " ORDER BY version").fetchall()
        assert [(v, r) for v, r, _ in versions] == ([(1, True), (2, False)] if answer_first else [(1, False), (2, True)])
        assert con.execute("SELECT count(*) FROM parties WHERE role = 'responding'").fetchone()[0] >= 1
    finally:
        con.close()


def _dev(**changes):
    base = stored(_pairs()[0][0])
    return base.model_copy(update=changes)


def test_when_merged_then_escalation_only_rises_and_resolved_yes_wins():
    a = _dev(escalation_level="delregional", resolved=False)
    b = _dev(escalation_level="lokal", resolved=True, id="x", source_sha256="b" * 64)
    assert merge(a, b).escalation_level == "delregional" and merge(a, b).resolved is True
    assert merge(b, a).escalation_level == "delregional" and merge(b, a).resolved is True


def test_when_merged_then_findings_follow_their_fields_and_parties_are_renumbered():
    plain = _dev(response_received_on=None, response_text=None, improvement_actions=None,
                 parties=[Party(role="reporting", name="Skolan", category="kommun")],
                 pii_findings=[PiiFinding(field="description", entity_type="NAME", start_offset=0, end_offset=4,
                                          score=0.9, detector="t")], redaction_status="redacted")
    answered = _dev(id="y", source_sha256="c" * 64, response_received_on=date(2026, 1, 2), response_text="[NAMN] svarar",
                    parties=[Party(role="reporting", name="Skolan", category="kommun"),
                             Party(role="counterpart", name="BUP", category="region"),
                             Party(role="responding", name="[NAMN] BUP", category="region")],
                    pii_findings=[
                        PiiFinding(field="description", entity_type="NAME", start_offset=0, end_offset=4, score=0.9, detector="t"),
                        PiiFinding(field="response_text", entity_type="NAME", start_offset=0, end_offset=5, score=0.9, detector="t"),
                        PiiFinding(field="parties[2].name", entity_type="NAME", start_offset=0, end_offset=5, score=0.9, detector="t")],
                    redaction_status="needs_review", ingested_at=datetime(2026, 2, 1))
    out = merge(plain, answered)
    assert out.id == plain.id and out.response_text == "[NAMN] svarar" and out.redaction_status == "needs_review"
    assert [p.role for p in out.parties] == ["reporting", "responding"]
    assert sorted(f.field for f in out.pii_findings) == ["description", "parties[1].name", "response_text"]


def test_when_the_answered_file_is_redacted_differently_then_it_still_joins_its_deviation(tmp_path):
    earlier, answered = _pairs()[0]
    later = stored(answered)
    words = later.description.split()
    words[len(words) // 2] = "[NAMN]"  # one word redacted only in the answered file
    later = later.model_copy(update={"description": " ".join(words)})
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        load(wh, [earlier])
        assert wh.load([later], []) == {later.source_sha256: stored(earlier).id}
        assert wh.con.execute("SELECT count(*), count(response_received_on) FROM deviations").fetchone() == (1, 1)
