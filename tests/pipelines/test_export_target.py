"""`avvik export --out`: writes only its own files, into `<out>/<period>/`, and refuses a
target it cannot own with one Swedish line and exit 2 (run through the real CLI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_avvik
from tests.pipelines.conftest import unwritable
from tests.pipelines.hostile_files import small_disk

PERIOD = "2025Q3"


@pytest.fixture(scope="module")
def cli_home(sample_warehouse: Path) -> Path:
    return sample_warehouse.parent


def _export(home: Path, out: Path):
    return run_avvik("export", "--period", PERIOD, "--out", str(out), "--db", str(home / "warehouse.duckdb"),
                     home=home, timeout=120)


def _one_swedish_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("avvik: Exporten kan inte skrivas till")
    return lines[0]


def test_when_out_holds_other_files_then_they_survive_two_exports(cli_home, tmp_path):
    out = tmp_path / "rapporter"
    out.mkdir()
    (out / "budget.xlsx").write_bytes(b"not ours")
    (out / "arkiv").mkdir()
    (out / "arkiv" / "gammal.txt").write_text("behåll", encoding="utf-8")
    for _ in range(2):
        result = _export(cli_home, out)
        assert result.returncode == 0, result.stderr
    assert (out / "budget.xlsx").read_bytes() == b"not ours"
    assert (out / "arkiv" / "gammal.txt").read_text(encoding="utf-8") == "behåll"
    assert str((out / PERIOD).absolute()) in result.stdout  # the summary line names the folder
    assert any((out / PERIOD).glob("*.xlsx")) and any((out / PERIOD).glob("*.csv"))
    assert sorted(p.name for p in out.iterdir()) == ["2025Q3", "arkiv", "budget.xlsx"]


def test_when_a_foreign_file_is_in_the_period_folder_then_a_new_export_keeps_it(cli_home, tmp_path):
    out = tmp_path / "ut"
    assert _export(cli_home, out).returncode == 0
    (out / PERIOD / "kommentar.txt").write_text("min text", encoding="utf-8")
    result = _export(cli_home, out)
    assert result.returncode == 0, result.stderr
    assert (out / PERIOD / "kommentar.txt").read_text(encoding="utf-8") == "min text"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_when_the_period_folder_was_not_written_by_avvik_then_it_is_refused(cli_home, tmp_path):
    out = tmp_path / "ut"
    (out / PERIOD).mkdir(parents=True)
    (out / PERIOD / "egen.docx").write_bytes(b"x")
    result = _export(cli_home, out)
    assert result.returncode == 2
    _one_swedish_line(result.stderr)
    assert [p.name for p in (out / PERIOD).iterdir()] == ["egen.docx"]


def test_when_out_is_an_existing_file_then_it_is_refused_and_kept(cli_home, tmp_path):
    target = tmp_path / "rapport.txt"
    target.write_text("viktig", encoding="utf-8")
    result = _export(cli_home, target)
    assert result.returncode == 2
    assert "fil" in _one_swedish_line(result.stderr)
    assert target.read_text(encoding="utf-8") == "viktig"


def test_when_out_is_below_a_file_then_one_swedish_line_and_exit_2(cli_home, tmp_path):
    (tmp_path / "fil.txt").write_text("x", encoding="utf-8")
    result = _export(cli_home, tmp_path / "fil.txt" / "ut")
    assert result.returncode == 2
    _one_swedish_line(result.stderr)


def test_when_out_cannot_be_written_then_one_swedish_line_and_exit_2(cli_home, tmp_path):
    locked = tmp_path / "låst"
    with unwritable(locked):
        result = _export(cli_home, locked)
        assert result.returncode == 2
        assert "skriva" in _one_swedish_line(result.stderr)
        assert list(locked.iterdir()) == []
    shutil.rmtree(locked)


def test_when_the_disk_fills_up_during_the_export_then_one_swedish_line_and_nothing_is_left(cli_home, tmp_path):
    with small_disk(tmp_path / "disk", "64k") as disk:
        (disk / "behåll.txt").write_text("min fil", encoding="utf-8")
        result = _export(cli_home, disk)
        assert result.returncode == 2, result.stdout
        assert "full" in _one_swedish_line(result.stderr)
        assert sorted(p.name for p in disk.iterdir()) == ["behåll.txt"]
