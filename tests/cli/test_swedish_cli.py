"""What staff read is Swedish: every command's --help (documented, with an example, and named
in the README), argparse's own errors, config errors, ingest's status words, the export's
summary and warnings, `status`; an internal error is one line and its details go to the log."""

from __future__ import annotations

import argparse
import os
import re
import shutil

import duckdb
import pytest

from pipelines.cli import build_parser
from pipelines.watch.state import PID_NAME, ServiceLock
from tests.conftest import REPO, SAMPLE_FORMS, run_avvik
from tests.warehouse.corpus import copy_cli_home

ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "the following arguments",
           "invalid choice", "unrecognized arguments", "expected one argument", "Traceback")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, ...]]:
    """Every command and sub-command of the real parser, e.g. ("review", "erase")."""
    found = []

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append((*path, name))
                    walk(sub, (*path, name))

    walk(build_parser(), ())
    return found


COMMANDS = _commands()


def test_the_parser_has_the_commands_of_the_issue():
    assert {("review", "show"), ("review", "done"), ("review", "correct"), ("review", "erase"), ("status",),
            ("export",), ("ingest",)} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=["-".join(c) for c in COMMANDS])
def test_when_help_is_asked_then_it_is_swedish_with_an_example_and_in_the_readme(command):
    result = run_avvik(*command, "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("användning: avvik " + " ".join(command))
    assert "Exempel:" in out and f"avvik {' '.join(command)}" in out.split("Exempel:", 1)[1]
    assert "flaggor:" in out and "visa den här hjälpen och avsluta" in out
    assert not [word for word in ENGLISH if word in out]
    assert f"`avvik {' '.join(command)}" in README, "every command is documented in the README"


def test_when_avvik_is_run_without_a_command_then_the_main_help_is_swedish():
    result = run_avvik("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("användning: avvik") and "kommandon:" in result.stdout
    assert not [word for word in ENGLISH if word in result.stdout]


@pytest.mark.parametrize("args, swedish", [
    ((), "avvik: fel: det här saknas: KOMMANDO."),
    (("nope",), "avvik: fel: KOMMANDO: ogiltigt val 'nope' (välj bland 'ingest', "),
    (("status", "--nope"), "avvik: fel: okända argument: --nope."),
    (("export",), "avvik export: fel: det här saknas: --period."),
    (("ingest", "x", "--workers", "abc"), "avvik ingest: fel: --workers: ogiltigt värde 'abc' (ska vara ett heltal)."),
    (("export", "--period"), "avvik export: fel: --period behöver ett värde."),
    (("review", "done", "abc"), "avvik review done: fel: det här saknas: --by."),
    (("review", "tabort", "abc"), "avvik review: fel: ÅTGÄRD: ogiltigt val 'tabort' (välj bland 'show', "),
])
def test_when_the_command_line_is_wrong_then_one_swedish_line_and_exit_2(home, args, swedish):
    result = run_avvik(*args, home=home)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(swedish), result.stderr
    assert not [word for word in ENGLISH if word in result.stderr]


@pytest.mark.parametrize("toml, swedish", [
    ("[watch]\npollng = true\n", "avvik: Fel i inställningarna: watch.pollng: okänd inställning"),
    ("workers = \"x\"\n", "avvik: Fel i inställningarna: workers: måste vara ett heltal"),
    ("[limits]\nmax_file_mb = -1\n", "avvik: Fel i inställningarna: limits.max_file_mb: måste vara större än 0"),
    ("[export]\nsuppress_below = 2\n", "avvik: Fel i inställningarna: export: suppress_below = 2 stänger i praktiken"),
    ("[export]\nsuppress_below = 1\n", "avvik: Fel i inställningarna: export: suppress_below = 1 stänger i praktiken"),
])
def test_when_a_setting_is_wrong_then_one_swedish_line_names_it(home, toml, swedish):
    (home / "avvik.toml").write_text(toml, encoding="utf-8")
    result = run_avvik("status", home=home)
    assert result.returncode == 2
    assert result.stderr.startswith(swedish) and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Extra inputs" not in result.stderr and "Input should" not in result.stderr


def test_when_weak_protection_is_allowed_explicitly_then_suppress_below_2_is_accepted(home):
    (home / "avvik.toml").write_text("[export]\nsuppress_below = 2\nallow_weak_protection = true\n", encoding="utf-8")
    assert run_avvik("status", home=home).returncode == 0


def test_when_an_internal_error_happens_then_one_line_says_what_to_do_and_the_log_has_the_details(home):
    empty = home / "tom.duckdb"
    duckdb.connect(str(empty)).close()  # a DuckDB file without avvik's tables
    result = run_avvik("summary", "--db", str(empty), home=home)
    assert result.returncode == 1
    log = home / "logs" / "avvik-fel.log"
    assert result.stderr == (
        f"avvik: ett internt fel inträffade (CatalogException). Detaljer finns i {log}. "
        "Försök igen; kvarstår felet, skicka loggfilen till den som förvaltar avvik.\n"
    )
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_when_forms_are_ingested_then_the_status_words_are_swedish_and_agree_in_number(home, tmp_path):
    form = next(p for p in sorted((SAMPLE_FORMS / "forms").iterdir()) if p.suffix == ".docx")
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    first = run_avvik("ingest", str(form), str(empty), home=home)
    assert first.returncode == 1
    lines = first.stdout.splitlines()
    assert lines[0].startswith("inläst ") and lines[1].startswith("avvisad ")
    assert lines[-1].startswith("1 inläst, 0 redan inlästa, 1 avvisad → ")
    again = run_avvik("ingest", str(form), home=home)
    assert again.stdout.splitlines()[0].startswith("dubblett ")
    assert again.stdout.splitlines()[-1].startswith("0 inlästa, 1 redan inläst, 0 avvisade → ")


def _parquet(path) -> tuple[list[tuple], dict[str, str]]:
    con = duckdb.connect()
    try:
        cursor = con.execute(f"SELECT * FROM read_parquet('{path}')")
        types = {d[0]: str(d[1]) for d in cursor.description}
        return cursor.fetchall(), types
    finally:
        con.close()


def test_when_exported_then_csv_and_parquet_carry_codes_dates_and_labels(tmp_path):
    home = copy_cli_home(tmp_path)
    result = run_avvik("export", "--period", "2025", home=home)
    assert result.returncode == 0, result.stderr
    folder = home / "exports" / "2025"

    rows, types = _parquet(folder / "deviations_by_month.parquet")
    assert list(types)[:2] == ["month", "month_label"] and types["month"] == "DATE"
    assert [str(r[0]) for r in rows[:-1]] == [f"2025-{m:02d}-01" for m in range(1, 13)]
    assert rows[0][1] == "jan 2025" and rows[-1][:2] == (None, "Totalt") and rows[-1][-1] is True

    rows, types = _parquet(folder / "deviations_by_form.parquet")
    assert [(r[0], r[1]) for r in rows] == [("bus", "BUS"), ("vastbus", "Västbus"), ("lex_heller", "Lex Heller"),
                                            (None, "Totalt")]
    rows, _ = _parquet(folder / "deviations_by_quarter.parquet")
    assert [r[0] for r in rows[:-1]] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    rows, _ = _parquet(folder / "answers_by_status.parquet")
    assert {r[0] for r in rows[:-1]} <= {"answered_on_time", "answered_late", "resolved", "overdue",
                                         "not_yet_due", "no_due_date"}
    rows, _ = _parquet(folder / "counterparts_by_category.parquet")
    assert [r[0] for r in rows[:-1]] == ["kommun", "region", "arbetsformedlingen", "forsakringskassan", "annan"]

    header = (folder / "deviations_by_month.csv").read_text(encoding="utf-8").splitlines()
    assert header[0].startswith("month,month_label,bus,vastbus,lex_heller,total,is_total")
    assert header[1].startswith("2025-01-01,jan 2025,")


def test_when_the_period_is_empty_unfinished_or_far_away_then_a_swedish_warning_and_still_an_export(tmp_path):
    home = copy_cli_home(tmp_path)
    far = run_avvik("export", "--period", "1990", home=home)
    assert far.returncode == 0, far.stderr
    assert "avvik: varning: perioden 1990 ligger långt utanför datan: avvikelserna är rapporterade " in far.stderr
    assert far.stdout.startswith("Export 1990 (året 1990): 0 avvikelser, 0 dolda celler")
    assert (home / "exports" / "1990" / "deviations_by_form.csv").exists()

    future = run_avvik("export", "--period", "2099Q1", home=home)
    assert future.returncode == 0
    assert "avvik: varning: perioden 2099Q1 har inte tagit slut (slutar 2099-03-31)" in future.stderr


def test_when_home_does_not_exist_then_status_says_it_is_missing(tmp_path):
    missing = tmp_path / "finns-inte"
    result = run_avvik("status", "--home", str(missing))
    assert result.returncode == 2
    assert result.stderr == (f"avvik: Hemmappen {missing} finns inte. Ange rätt --home (eller AVVIK_HOME); "
                             "den skapas av avvik ingest eller avvik watch.\n")
    assert "väntar" not in result.stdout and not missing.exists()


def test_when_the_service_runs_then_watch_pid_is_the_bare_pid_and_status_shows_it(home):
    with ServiceLock(home):
        assert (home / PID_NAME).read_text(encoding="utf-8") == f"{os.getpid()}\n"
        result = run_avvik("status", home=home)
    assert f"Tjänst:    avvik watch körs (process {os.getpid()}" in result.stdout


def test_when_status_runs_then_it_shows_the_last_and_next_scheduled_export(tmp_path):
    home = copy_cli_home(tmp_path)
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute("INSERT INTO exports VALUES ('x', '2025Q3', DATE '2025-07-01', DATE '2025-09-30', 'csv', 't', '/p',"
                " TIMESTAMP '2025-10-05 06:00:02', 1, 1, 0, 'scheduled', 'quarter', TIMESTAMP '2025-10-05 06:00')")
    con.close()
    shutil.rmtree(home / "logs", ignore_errors=True)
    result = run_avvik("status", home=home)
    assert result.returncode == 0, result.stderr
    quarter = next(line for line in result.stdout.splitlines() if line.startswith("Schemalagd export quarter:"))
    assert quarter.startswith("Schemalagd export quarter: senast 2025-10-05 06:00 (2025Q3), ")
    assert re.search(r"(nästa|väntar: körningen) 2026-01-05 06:00 \(2025Q4\)", quarter), quarter
    assert any(line.startswith("Schemalagd export year: senast –, ") for line in result.stdout.splitlines())
