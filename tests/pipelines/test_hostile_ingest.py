"""`avvik ingest` on hostile inputs (issue 12), through the real CLI: no traceback, every file
reported (`rejected` with a Swedish reason, or loaded), a worker stopped for memory or killed by
a crash does not end the run (a file that crashed two workers is rejected), and no personal data of an attachment's name is printed."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from sample_forms.people import personnummer
from tests.conftest import run_avvik
from tests.pipelines.conftest import good_forms, json_lines, query
from tests.pipelines.hostile_files import eml_with, pdf_stream_bomb

LIMITS = "[limits]\nfile_timeout_s = 60\nfile_memory_mb = 300\n"
PNR = personnummer(random.Random(4), "10dash")  # invented, valid check digit


def test_when_ingesting_hostile_files_then_each_is_reported_and_the_run_goes_on(home, tmp_path):
    (home / "avvik.toml").write_text(LIMITS, encoding="utf-8")
    folder = tmp_path / "inkommet"
    folder.mkdir()
    docx = [f for f in good_forms() if f.suffix == ".docx"]
    good = docx[:24]  # with the cases below: enough files for two workers
    for f in good:
        (folder / f.name).write_bytes(f.read_bytes())
    one = docx[-1]
    expected: dict[str, str] = {}

    bad_name = os.fsdecode(b"avvikelse \xff\xfe.docx")
    (folder / bad_name).write_bytes(b"PK\x03\x04 trasig")
    expected["avvikelse \ufffd\ufffd.docx"] = "skadad"
    pdf_stream_bomb(folder / "bomb.pdf")
    expected["bomb.pdf"] = "för mycket minne"
    # 25 good forms and a corrupt 26th: the 26th is read and named, the mail is set aside whole.
    attachments = [(f"blankett {i:02d}.docx", one.read_bytes()) for i in range(1, 26)]
    attachments.append(("blankett 26.docx", b"PK\x03\x04 trasig"))
    eml_with(folder / "tjugosex.eml", attachments)
    expected["tjugosex.eml"] = "Bilagan blankett 26.docx: Filen är skadad"
    eml_with(folder / "namn.eml", [(f"{PNR} Kalle Svensson.docx", b"PK\x03\x04 trasig")])
    expected["namn.eml"] = "Bilagan"
    os.mkfifo(folder / "rör.docx")
    expected["rör.docx"] = "pipe"
    (folder / "borta.pdf").symlink_to(tmp_path / "finns-inte.pdf")
    expected["borta.pdf"] = "pekar på något som inte finns"
    (folder / "krasch.docx").write_bytes(docx[-2].read_bytes())  # its worker dies (test hook), twice
    expected["krasch.docx"] = "krascha 2 gånger"

    result = run_avvik("ingest", str(folder), "--json", "--workers", "2", home=home, timeout=400,
                       env={"AVVIK_WORKER_CRASH_ON": "krasch"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = json_lines(result.stdout)
    by_name = {Path(line["file"]).name: line for line in lines}
    for name, words in expected.items():
        assert by_name[name]["status"] == "rejected", (name, by_name.get(name))
        assert words in by_name[name]["reason"], (name, by_name[name]["reason"])
    assert sorted(n for n, line in by_name.items() if line["status"] == "loaded") == sorted(f.name for f in good)
    assert len(lines) == len(good) + len(expected)
    for secret in (PNR, PNR.replace("-", ""), "Svensson"):
        assert secret not in result.stdout + result.stderr
    stored = json.dumps(query(home / "warehouse.duckdb", "SELECT file_name, reason FROM ingest_log"), ensure_ascii=False)
    assert PNR not in stored and "Svensson" not in stored
    assert "\ufffd" in stored
