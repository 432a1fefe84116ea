"""`avvik ingest` as a user runs it: statuses, exit codes, --json, and clean errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_FORMS, run_avvik

FORMS = SAMPLE_FORMS / "forms"
REJECTS = SAMPLE_FORMS / "rejects"


def _some_forms(n: int) -> list[Path]:
    forms = sorted(p for p in FORMS.iterdir() if p.suffix in {".docx", ".pdf"})
    assert len(forms) >= n, "the sample corpus is missing"
    return forms[:n]


def _json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_when_forms_are_ingested_then_loaded_and_again_duplicate(home, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for form in _some_forms(3):
        shutil.copy(form, inbox / form.name)

    first = run_avvik("ingest", str(inbox), "--json", home=home)
    assert first.returncode == 0, first.stderr
    lines = _json_lines(first.stdout)
    assert [line["status"] for line in lines] == ["loaded"] * 3
    assert all(set(line) == {"file", "status", "id", "form_type", "reason"} for line in lines)
    assert all(line["form_type"] in {"bus", "vastbus", "lex_heller"} and line["id"] for line in lines)

    again = run_avvik("ingest", str(inbox), "--json", home=home)
    assert again.returncode == 0, again.stderr
    relines = _json_lines(again.stdout)
    assert [line["status"] for line in relines] == ["duplicate"] * 3
    assert [line["id"] for line in relines] == [line["id"] for line in lines]

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM deviations").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM ingest_log WHERE status = 'duplicate'").fetchone()[0] == 3
    con.close()


def test_when_the_same_bytes_come_under_another_name_then_duplicate(home, tmp_path):
    form = _some_forms(1)[0]
    a, b = tmp_path / f"a{form.suffix}", tmp_path / f"b{form.suffix}"
    shutil.copy(form, a)
    shutil.copy(form, b)
    result = run_avvik("ingest", str(a), str(b), "--json", home=home)
    assert result.returncode == 0, result.stderr
    assert [line["status"] for line in _json_lines(result.stdout)] == ["loaded", "duplicate"]


def test_when_a_file_is_rejected_then_exit_1_with_a_swedish_reason_and_nothing_loaded(home, tmp_path):
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(b"this is not a zip file at all")
    good = _some_forms(1)[0]
    result = run_avvik("ingest", str(bad), str(good), "--json", home=home)
    assert result.returncode == 1
    lines = {Path(line["file"]).name: line for line in _json_lines(result.stdout)}
    assert lines["trasig.docx"]["status"] == "rejected"
    assert lines["trasig.docx"]["id"] is None
    assert "skadad" in lines["trasig.docx"]["reason"]
    assert lines[good.name]["status"] == "loaded"
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM deviations").fetchone()[0] == 1
    assert con.execute("SELECT status, reason FROM ingest_log WHERE file_name = 'trasig.docx'").fetchone()[0] == "rejected"
    con.close()


def test_when_the_reject_corpus_is_ingested_then_every_file_is_rejected_with_its_reason(home):
    expected = [json.loads(p.read_text(encoding="utf-8"))["file"]
                for p in (SAMPLE_FORMS / "expected_rejects").glob("*.json")]
    assert expected, "the reject corpus is missing"
    result = run_avvik("ingest", str(REJECTS), "--json", home=home)
    assert result.returncode == 1
    lines = _json_lines(result.stdout)
    by_name = {Path(line["file"].split("#")[0]).name: line for line in lines}
    for name in expected:
        assert by_name[name]["status"] == "rejected", name
        assert by_name[name]["reason"], name
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM deviations").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "/no/such/place"], "Sökvägen finns inte"),
        (["ingest", "--db", "/no/such/folder/w.duckdb", "README.md"], "mappen finns inte"),
        (["ingest"], "det här saknas: SÖKVÄG"),
        (["frobnicate"], "ogiltigt val 'frobnicate'"),
    ],
)
def test_when_usage_is_wrong_then_exit_2_with_one_clear_line(home, args, message):
    result = run_avvik(*args, home=home)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (home / "warehouse.duckdb").exists()


def test_when_a_folder_has_no_forms_then_exit_2(home, tmp_path):
    empty = tmp_path / "tom"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"x")
    result = run_avvik("ingest", str(empty), home=home)
    assert result.returncode == 2
    assert "inga filer" in result.stderr
    assert result.stderr.count("\n") == 1


def test_every_command_is_documented_with_an_example():
    from pipelines.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert "avvik " + name in command.description.split("Exempel:", 1)[1], name


def test_when_a_file_is_over_the_configured_limit_then_rejected_and_nothing_loaded(home, tmp_path):
    (home / "avvik.toml").write_text("[limits]\nmax_file_mb = 0.001\n", encoding="utf-8")
    form = _some_forms(1)[0]
    result = run_avvik("ingest", str(form), "--json", home=home)
    assert result.returncode == 1
    (line,) = _json_lines(result.stdout)
    assert line["status"] == "rejected"
    assert "större än gränsen" in line["reason"]
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM deviations").fetchone()[0] == 0
    con.close()


def test_when_the_config_is_bad_then_exit_2_naming_the_setting(home):
    (home / "avvik.toml").write_text("[limits]\nmax_file_mb = 'tjugo'\n", encoding="utf-8")
    result = run_avvik("ingest", "README.md", home=home)
    assert result.returncode == 2
    assert "limits.max_file_mb" in result.stderr
    assert "Traceback" not in result.stderr


def test_when_the_path_is_a_named_pipe_then_exit_2_without_blocking(home, tmp_path):
    import os

    fifo = tmp_path / "avvikelse.docx"
    os.mkfifo(fifo)
    result = run_avvik("ingest", str(fifo), home=home, timeout=60)
    assert result.returncode == 2
    assert "varken en fil eller en mapp" in result.stderr


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr to make a folder read-only for root")
def test_when_the_database_folder_is_read_only_then_exit_2_and_nothing_written(home, tmp_path):
    import subprocess

    folder = tmp_path / "skrivskyddad"
    folder.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("the file system does not support the immutable attribute")
    try:
        result = run_avvik("ingest", "--db", str(folder / "w.duckdb"), str(_some_forms(1)[0]), home=home)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Databasen kan inte skapas" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []
