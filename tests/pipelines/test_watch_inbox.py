"""`avvik watch` in this process (the analyzer loaded once): what happens to each file.

Bad input never loses a file: every rejection kind ends in rejected/ with a reason, a file
that vanishes while read is skipped, a file still being written waits, the same form twice
is one row, a thousand files at once all end somewhere, an unwritable archive keeps the
file in the inbox until it can be moved."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest

import schema.errors
from pipelines.watch import service as watch_module
from pipelines.status import status_lines
from pipelines.watch.service import WatchService, watch
from tests.pipelines.conftest import (
    EXPECTED_REJECTS,
    assert_all_moved,
    assert_loaded_exactly_once,
    drop,
    file_lines,
    files_in,
    good_forms,
    log_events,
    query,
    reject_files,
    service_thread,
    settings_for,
    sha256,
    unwritable,
    wait_for,
)


def _reason_prefixes(error_class: str) -> list[str]:
    """The fixed starts of a rejection's Swedish reasons (before the first placeholder): the
    class's reason and its variants (a scan: OCR not installed, or nothing legible found)."""
    cls = getattr(schema.errors, error_class)
    variants = [v for k, v in vars(cls).items() if isinstance(v, str) and not k.startswith("_")] or [cls.reason]
    return [v.split("{")[0].strip() for v in variants]


def test_when_forms_and_rejects_are_dropped_then_archived_or_rejected_with_their_reason(home, processor):
    settings = settings_for(home)
    good, rejects = good_forms(12), reject_files()
    drop(good + rejects, settings.inbox)
    (settings.inbox / "~$Avvikelse BUS.docx").write_bytes(b"word lock file")
    (settings.inbox / ".Avvikelse.docx.swp").write_bytes(b"hidden")
    (settings.inbox / "Avvikelse Lex Heller.pdf.crdownload").write_bytes(b"%PDF-1.7 a download in progress")

    code = watch(settings, once=True, processor=processor)

    assert code == 1  # some file was rejected, as `avvik ingest` says it
    assert_loaded_exactly_once(settings.db_path, good)
    left = [".Avvikelse.docx.swp", "Avvikelse Lex Heller.pdf.crdownload", "~$Avvikelse BUS.docx"]
    assert sorted(p.name for p in settings.inbox.iterdir()) == left
    for name in left:
        settings.inbox.joinpath(name).unlink()
    assert_all_moved(home, good, rejects)
    assert all(len(p.relative_to(settings.archive).parts) == 3 for p in files_in(settings.archive))  # YYYY/MM/file
    for reject in rejects:
        expected = json.loads((EXPECTED_REJECTS / f"{reject.name}.json").read_text(encoding="utf-8"))
        reason = (settings.rejected / f"{reject.name}.reason.txt").read_text(encoding="utf-8")
        assert reject.name in reason and "Orsak:" in reason
        assert any(p in reason for p in _reason_prefixes(expected["error"])), (reject.name, expected["error"], reason)
    statuses = {line["status"] for line in file_lines(home)}
    assert statuses == {"loaded", "rejected"}
    assert len(file_lines(home)) == len(good) + len(rejects)


def test_when_the_same_form_is_dropped_twice_under_other_names_then_one_row_and_a_duplicate(home, processor):
    settings = settings_for(home)
    form = good_forms(1)[0]
    drop([form], settings.inbox)
    drop([form], settings.inbox, rename=lambda f: "Kopia av " + f.name)
    assert watch(settings, once=True, processor=processor) == 0

    assert_loaded_exactly_once(settings.db_path, [form])
    assert sorted(p.name for p in files_in(settings.archive)) == sorted([form.name, "Kopia av " + form.name])
    assert sorted(line["status"] for line in file_lines(home)) == ["duplicate", "loaded"]

    # The same bytes a week later: archived as a duplicate, still one row.
    drop([form], settings.inbox, rename=lambda f: "Igen " + f.name)
    assert watch(settings, once=True, processor=processor) == 0
    assert file_lines(home)[-1]["status"] == "duplicate"
    assert query(settings.db_path, "SELECT count(*) FROM deviation_versions") == [(1,)]


def test_when_a_name_is_taken_in_archive_or_rejected_then_a_suffix_never_an_overwrite(home, processor):
    settings = settings_for(home)
    first, second = good_forms(2)
    bad = [p for p in reject_files() if p.name == "anteckningar.txt"][0]
    drop([first, bad], settings.inbox, rename=lambda f: "Avvikelse.docx" if f == first else "noter.txt")
    assert watch(settings, once=True, processor=processor) == 1
    (settings.inbox / "noter.txt").write_text("andra anteckningar", encoding="utf-8")
    drop([second], settings.inbox, rename=lambda f: "Avvikelse.docx")
    assert watch(settings, once=True, processor=processor) == 1

    archived = files_in(settings.archive)
    assert sorted(p.name for p in archived) == ["Avvikelse (2).docx", "Avvikelse.docx"]
    assert {sha256(p) for p in archived} == {sha256(first), sha256(second)}
    assert sorted(p.name for p in settings.rejected.iterdir()) == [
        "noter (2).txt", "noter (2).txt.reason.txt", "noter.txt", "noter.txt.reason.txt"
    ]
    assert (settings.rejected / "noter (2).txt").read_text(encoding="utf-8") == "andra anteckningar"


def test_when_a_file_vanishes_or_is_renamed_while_read_then_it_is_skipped_and_nothing_breaks(home, processor):
    settings = settings_for(home)
    sources = good_forms(3)
    gone, renamed, kept = drop(sources, settings.inbox)
    new_name = settings.inbox / "omdöpt.docx"

    def meddle(point: str, path: Path | None) -> None:
        if point == "hashing" and path == gone:
            gone.unlink()  # deleted just before it is read
        if point == "processed" and path == renamed:
            renamed.rename(new_name)  # renamed after it was read, before it was stored

    service = WatchService(settings, processor=processor, on_checkpoint=meddle)
    assert service.run(once=True) == 0

    lines = file_lines(home)
    skipped = [line for line in lines if line["status"] == "skipped"]
    assert len(skipped) == 2 and all(line["reason"] for line in skipped)
    # The renamed file is picked up under its new name and loaded once; the deleted one is gone.
    assert sorted(p.name for p in files_in(settings.archive)) == sorted([kept.name, "omdöpt.docx"])
    assert_loaded_exactly_once(settings.db_path, sources[1:])


def test_when_a_file_is_still_being_copied_then_it_waits_until_complete(home, processor):
    settings = settings_for(home, stable_s=0.6)
    form = good_forms(1)[0]
    data = form.read_bytes()
    target = settings.inbox / form.name
    settings.inbox.mkdir(parents=True, exist_ok=True)

    def copy_slowly() -> None:
        chunks = 6
        size = len(data) // chunks + 1
        with open(target, "wb") as handle:
            for i in range(chunks):
                handle.write(data[i * size : (i + 1) * size])
                handle.flush()
                time.sleep(0.25)  # shorter than stable_s: never looks complete in between

    with service_thread(settings, processor) as service:
        writer = threading.Thread(target=copy_slowly)
        writer.start()
        writer.join()
        wait_for(lambda: files_in(settings.archive), what="the file to be archived")
        assert service.state.counts == {"loaded": 1}

    assert [line["status"] for line in file_lines(home)] == ["loaded"]
    assert_loaded_exactly_once(settings.db_path, [form])


def test_when_a_thousand_files_arrive_at_once_then_every_one_ends_archived_or_rejected(home, processor, generated_forms):
    settings = settings_for(home)
    distinct = generated_forms[:40]
    bad = [p for p in reject_files() if p.name in {"anteckningar.txt", "tom_fil.docx"}]
    dropped = []
    for i in range(1000):  # 40 distinct forms, each several times under its own name, and some rejects
        source = bad[i % 2] if i % 100 == 7 else distinct[i % len(distinct)]
        target = settings.inbox / f"{i:04d} {source.name}"
        settings.inbox.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
        dropped.append(target)
    n_rejects = sum(1 for p in dropped if p.name.endswith((".txt", "tom_fil.docx")))

    started = time.monotonic()
    assert watch(settings, once=True, processor=processor) == 1
    elapsed = time.monotonic() - started

    assert files_in(settings.inbox) == []
    assert len(files_in(settings.archive)) == 1000 - n_rejects
    assert len(files_in(settings.rejected)) == n_rejects
    assert_loaded_exactly_once(settings.db_path, distinct)
    counts = {}
    for line in file_lines(home):
        counts[line["status"]] = counts.get(line["status"], 0) + 1
    assert counts == {"loaded": 40, "duplicate": 1000 - n_rejects - 40, "rejected": n_rejects}
    assert elapsed < 60, elapsed


def test_when_the_archive_is_not_writable_then_the_file_waits_in_the_inbox_and_moves_later(
    home, processor, monkeypatch
):
    monkeypatch.setattr(watch_module, "MOVE_RETRY_S", 0.3)
    settings = settings_for(home)
    form = good_forms(1)[0]
    settings.archive.mkdir(parents=True)
    with service_thread(settings, processor) as service:
        with unwritable(settings.archive):
            drop([form], settings.inbox)
            wait_for(lambda: log_events(home, "problem"), what="the move problem to be logged")
            time.sleep(1)  # several retries while it is still unwritable
            assert files_in(settings.inbox) == [settings.inbox / form.name]
            assert_loaded_exactly_once(settings.db_path, [form])  # loaded once, not again on each retry
            problem = log_events(home, "problem")
            assert len(problem) == 1 and problem[0]["kind"] == "move" and "går inte att skriva" in problem[0]["reason"]
            shown = "\n".join(status_lines(settings))
            assert "1 fil väntar" in shown and "går inte att skriva till" in shown
        wait_for(lambda: files_in(settings.archive), what="the file to move once the archive is writable")
        assert files_in(settings.inbox) == []
        assert log_events(home, "problem_solved")[0]["kind"] == "move"
        assert service.state.problems == {}
    assert [line["status"] for line in file_lines(home)] == ["loaded"]
    assert_loaded_exactly_once(settings.db_path, [form])
    assert "Problem" not in "\n".join(status_lines(settings))


@pytest.mark.parametrize("point", ["hashing", "processed", "stored"])
def test_when_stopped_at_a_point_then_the_next_run_finishes_the_job(home, processor, point):
    """A clean stop (Ctrl-C, SIGTERM) at any point leaves nothing half done."""
    settings = settings_for(home)
    good = good_forms(4)
    drop(good, settings.inbox)
    service = WatchService(settings, processor=processor)
    service.on_checkpoint = lambda p, _path: service.request_stop() if p == point else None
    assert service.run(once=True) == 0
    assert watch(settings, once=True, processor=processor) == 0
    assert_all_moved(home, good)
    assert_loaded_exactly_once(settings.db_path, good)


def test_when_a_scheduled_export_fails_then_it_is_logged_and_the_service_carries_on(home, processor):
    settings = settings_for(home)
    first, second = good_forms(2)
    drop([first], settings.inbox)
    assert watch(settings, once=True, processor=processor) == 0  # the warehouse exists now

    broken = settings.model_copy(update={"export": settings.export.model_copy(update={"schedules": {"quarter": "varje kvartal"}})})
    drop([second], broken.inbox)
    assert watch(broken, once=True, processor=processor) == 0

    problem = log_events(home, "problem")
    assert [p["kind"] for p in problem] == ["export"] and "export" in problem[0]["reason"]
    assert_all_moved(home, [first, second])
    assert_loaded_exactly_once(settings.db_path, [first, second])
