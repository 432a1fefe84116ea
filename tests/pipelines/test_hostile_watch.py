"""One bad file never stops `avvik watch` (issue 12): hostile inputs, generated at test time,
dropped into the inbox of the real service (a subprocess) with small limits. Each ends in
rejected/ with a Swedish reason (or, when it is a good form under a strange name, in the
archive), the fresh form dropped after each one is loaded, and the service is still running
at the end and takes one more form. No personal data of a file name reaches the log, stderr or
a reason file."""

from __future__ import annotations

import os
import random
import re
import signal
import time
import zipfile
from pathlib import Path

import pytest

from sample_forms.people import personnummer
from tests.pipelines.conftest import (
    TEST_TOML,
    good_forms,
    log_events,
    query,
    start_watch,
    stop,
    wait_for,
)
from tests.pipelines.hostile_files import (
    small_disk,
    docx_huge_body,
    docx_lying_sizes,
    docx_many_paragraphs,
    eml_with,
    pdf_many_runs,
    pdf_stream_bomb,
)

LIMITS_TOML = TEST_TOML + """
[limits]
file_timeout_s = 6
file_memory_mb = 300
"""

PNR = personnummer(random.Random(3), "12dash")  # invented, valid check digit
NAME = "Kalle Svensson"


def _entries(folder: Path) -> list[str]:
    """Names in a folder as a person lists them (hidden temporaries left out; links, pipes too)."""
    try:
        return sorted(n for n in os.listdir(folder) if not n.startswith("."))
    except FileNotFoundError:
        return []


def _reason_of(rejected: Path, name: str) -> str:
    matches = [p for p in rejected.iterdir() if p.name.endswith(".reason.txt") and p.name.startswith(name[:40])]
    assert len(matches) == 1, (name, _entries(rejected))
    return matches[0].read_text(encoding="utf-8")


def _eml_raw_filename(path: Path, encoded_name: str, payload: bytes) -> Path:
    """A mail whose attachment name is given in RFC 2231 form (it may carry a newline)."""
    import base64

    body = base64.encodebytes(payload).decode("ascii")
    path.write_text(
        "From: registrator@kommun.example\nTo: avvikelser@kommun.example\nSubject: Avvikelse\n"
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\n"
        "Content-Type: text/plain; charset=utf-8\n\nSe bilaga.\n--XX\n"
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\n"
        f"Content-Disposition: attachment; filename*=utf-8''{encoded_name}\n"
        f"Content-Transfer-Encoding: base64\n\n{body}--XX--\n",
        encoding="ascii",
    )
    return path


def _docx_with_long_field(form: Path, path: Path, chars: int = 1_000_000) -> Path:
    """The form with its longest text replaced by about 1 MB of prose."""
    with zipfile.ZipFile(form) as src:
        xml = src.read("word/document.xml").decode("utf-8")
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]{20,})</w:t>", xml)
        longest = max(texts, key=len)
        prose = ("Eleven fick inte stöd i tid trots upprepade kontakter mellan skola och socialtjänst. " * (chars // 85 + 1))[:chars]
        xml = xml.replace(longest, prose, 1)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, xml.encode("utf-8") if info.filename == "word/document.xml" else src.read(info))
    return path


def test_when_hostile_files_arrive_then_each_is_set_aside_and_the_service_keeps_taking_forms(home, tmp_path):
    (home / "avvik.toml").write_text(LIMITS_TOML, encoding="utf-8")
    inbox = home / "inbox"
    inbox.mkdir()
    forms = good_forms()
    docx = [f for f in forms if f.suffix == ".docx"][-7:]  # sources of the cases
    form = docx[0]
    fresh = iter([f for f in forms if f not in docx])  # distinct forms, none a duplicate of a case
    outside = tmp_path / "utanför.docx"
    outside.write_bytes(docx[1].read_bytes())

    # name in the inbox → the words its reason must hold (None: a good form, archived)
    cases: dict[str, str | None] = {}

    def case(name: str, expect: str | None, make) -> None:
        make(inbox / name)
        cases[name] = expect
        nxt = next(fresh)
        (inbox / f"{name[:2]}b frisk{nxt.suffix}").write_bytes(nxt.read_bytes())

    case("01 bomb.pdf", "för mycket minne", pdf_stream_bomb)
    case("02 stor.docx", "packas upp", lambda p: docx_huge_body(form, p))
    case("03 ljuger.docx", "skadad", lambda p: docx_lying_sizes(form, p))
    case("04 körningar.pdf", "tog för lång tid", pdf_many_runs)
    case("05 stycken.docx", "stycken", lambda p: docx_many_paragraphs(form, p))
    case("06 hundra.eml", "100 bifogade blanketter", lambda p: eml_with(
        p, [(f"avvikelse {i}.docx", docx[6].read_bytes() + b"\0" * i) for i in range(100)]))  # 100 different files
    case("07 namn.eml", "Bilagan", lambda p: eml_with(p, [(f"{PNR} {NAME}.docx", b"PK\x03\x04 trasig")]))
    case("08 radbrytning.eml", None, lambda p: _eml_raw_filename(
        p, "Avvikelse%20Kalle%0ASvensson.docx", docx[2].read_bytes()))
    bad_name = os.fsdecode(b"09 avvikelse \xff\xfe.docx")
    case(bad_name, None, lambda p: p.write_bytes(docx[3].read_bytes()))
    long_name = "10 " + "å" * 120 + ".docx"  # 248 bytes: its reason file's name is too long
    case(long_name, "skadad", lambda p: p.write_bytes(b"PK\x03\x04 inte en blankett"))
    case("11 länk.docx", "symbolisk länk", lambda p: p.symlink_to(outside))
    case("12 rör.docx", "pipe", lambda p: os.mkfifo(p))
    case("13 borta.pdf", "pekar på något som inte finns", lambda p: p.symlink_to(tmp_path / "finns-inte.pdf"))
    case("14 krasch.docx", "krascha 2 gånger", lambda p: p.write_bytes(docx[4].read_bytes()))
    case("15 lång text.docx", "", lambda p: _docx_with_long_field(docx[5], p))
    n_fresh = len(cases)

    started = time.monotonic()
    proc = start_watch(home, AVVIK_WORKER_CRASH_ON="krasch")
    try:
        wait_for(lambda: not _entries(inbox), timeout=240, what="the inbox to be emptied")
        assert proc.poll() is None, "the service stopped"
        # A worker was stopped for memory and for time; the service went on with fresh ones.
        stopped = {e.get("why") for e in log_events(home, "worker_stopped")}
        assert {"memory", "time"} <= stopped
        last = next(fresh)
        (inbox / f"99 sist{last.suffix}").write_bytes(last.read_bytes())
        wait_for(lambda: not _entries(inbox), timeout=60, what="one more form after all that")
        assert proc.poll() is None
    finally:
        code = stop(proc, signal.SIGTERM, timeout=60)
    elapsed = time.monotonic() - started
    assert code == 0

    archive = [p.name for p in (home / "archive").rglob("*") if p.is_file()]
    rejected = home / "rejected"
    for name, expect in cases.items():
        if name == "15 lång text.docx":  # loaded, or rejected with a Swedish reason (no spaCy text)
            if name in _entries(rejected):
                reason = _reason_of(rejected, name)
                assert "E088" not in reason and "Text of length" not in reason
            else:
                assert name in archive
            continue
        if expect is None:
            assert any(n.startswith(name[:12]) for n in archive), (name, archive)
            continue
        assert name in _entries(rejected), (name, _entries(rejected))
        assert expect in _reason_of(rejected, name), (name, _reason_of(rejected, name))
    assert sum(1 for n in archive if " frisk" in n or " sist" in n) == n_fresh + 1
    assert outside.read_bytes() == docx[1].read_bytes()  # the link was moved, not followed

    # The 248-byte name: moved with its reason file under a shortened, identifiable name.
    reasons = [n for n in _entries(rejected) if n.endswith(".reason.txt") and n.startswith("10 ")]
    assert len(reasons) == 1 and len(reasons[0].encode()) <= 255 and "…" in reasons[0]

    # Nothing of a person in a file name reaches the log, stderr, the reason files or the database.
    logs = "".join(p.read_text(encoding="utf-8") for p in (home / "logs").glob("*.jsonl"))
    stderr = (home.parent / "watch-stderr.txt").read_text(encoding="utf-8", errors="replace")
    reason_files = "".join(p.read_text(encoding="utf-8") for p in rejected.glob("*.reason.txt"))
    stored = " ".join(str(r) for r in query(home / "warehouse.duckdb", "SELECT file_name, reason FROM ingest_log"))
    for text in (logs, stderr, reason_files, stored):
        for secret in (PNR, PNR.replace("-", ""), "Svensson"):
            assert secret not in text
    assert "Traceback" not in stderr
    assert "�" in stored  # the non-UTF-8 name is stored in a printable form
    print(f"\nhostile watch: {len(cases)} cases + {n_fresh + 1} fresh forms in {elapsed:.1f} s")


def _fill(folder: Path) -> Path:
    """Fill a filesystem to the last byte (a real full disk)."""
    filler = folder / "fyllnad.bin"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * (256 * 1024))
                handle.flush()
        except OSError:
            pass
    try:
        with open(filler, "ab") as handle:  # the last partial block
            while True:
                handle.write(b"\0" * 512)
                handle.flush()
    except OSError:
        pass
    return filler


def test_when_the_disk_is_full_during_a_load_then_the_file_waits_and_loads_once_space_returns(home, tmp_path):
    with small_disk(tmp_path / "disk", "48m") as disk:
        db = disk / "warehouse.duckdb"
        inbox = home / "inbox"
        inbox.mkdir()
        first, second = good_forms(2)
        (inbox / first.name).write_bytes(first.read_bytes())
        (home / "avvik.toml").write_text(LIMITS_TOML, encoding="utf-8")
        proc = start_watch(home, AVVIK_DB=str(db))
        try:
            wait_for(lambda: not _entries(inbox), timeout=120, what="the first form")
            filler = _fill(disk)
            (inbox / second.name).write_bytes(second.read_bytes())
            wait_for(lambda: log_events(home, "problem"), timeout=60, what="the full disk to be reported")
            problem = log_events(home, "problem")[-1]
            assert problem["kind"] == "database"
            assert "disken är full" in problem["reason"] or "lagringen" in problem["reason"]
            assert "cannot rollback" not in problem["reason"]
            time.sleep(1.0)
            assert _entries(inbox) == [second.name]  # it waits, like for a busy database
            filler.unlink()
            wait_for(lambda: not _entries(inbox), timeout=60, what="the form once space returned")
            assert proc.poll() is None
        finally:
            assert stop(proc, signal.SIGTERM, timeout=60) == 0
        assert _entries(home / "rejected") == []
        loaded = query(db, "SELECT count(*) FROM ingest_log WHERE status = 'loaded'")
        assert loaded == [(2,)]


def test_when_the_service_dies_reading_the_same_file_again_and_again_then_it_is_set_aside(home):
    """The service killed (SIGKILL, as by an out-of-memory killer) while reading one file, and
    restarted, three times: the fourth start sets that file aside and loads the next one."""
    (home / "avvik.toml").write_text(LIMITS_TOML, encoding="utf-8")
    inbox = home / "inbox"
    inbox.mkdir()
    culprit, fresh = good_forms(2)
    (inbox / "01 dödar.docx").write_bytes(culprit.read_bytes())
    (inbox / "02 frisk.docx").write_bytes(fresh.read_bytes())
    for _ in range(3):
        proc = start_watch(home, "--once", AVVIK_WATCH_KILL_AT="reading:1")
        assert proc.wait(timeout=120) == -signal.SIGKILL
    assert _entries(inbox) == ["01 dödar.docx", "02 frisk.docx"]
    proc = start_watch(home, "--once")
    assert proc.wait(timeout=120) == 1  # a file was rejected
    assert _entries(inbox) == []
    assert "krascha 3 gånger" in _reason_of(home / "rejected", "01 dödar.docx")
    assert [p.name for p in (home / "archive").rglob("*.docx")] == ["02 frisk.docx"]
    assert not (home / "logs" / "reading.json").exists() or "{}" in (home / "logs" / "reading.json").read_text()
