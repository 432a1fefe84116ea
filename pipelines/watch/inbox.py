"""The inbox folder of `avvik watch`: which files are complete, and moving them out safely.

A file is *complete* when its size and modification time have not changed for `stable_s`
seconds of our own observation (not by comparing its mtime with our clock: on a network
share the two clocks differ). Moves never overwrite: a name already taken gets " (2)",
" (3)", … before the suffix. Every move is one `os.replace` on the same filesystem, so a
file is either still in the inbox or wholly in its new place, never both, never neither.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipelines.files import is_candidate

REASON_SUFFIX = ".reason.txt"
TMP_MARK = ".avvik-tmp-"  # hidden temporary files we write beside a destination


# --- which files are waiting, and which are complete ---------------------------------------


Signature = tuple[int, int]  # (size, mtime_ns)


def signature(path: Path) -> Signature | None:
    """Size and mtime of a regular file, or None when it is gone (or a folder). A link, a
    named pipe or a device is never followed or opened: its signature has size -1."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISDIR(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        return (-1, st.st_mtime_ns)
    return (st.st_size, st.st_mtime_ns)


def special_kind(path: Path) -> str | None:
    """What an inbox entry is when it is not a regular file (Swedish, for the reason); None
    for a regular file or when it is gone. Links are never followed."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    if stat.S_ISLNK(st.st_mode):
        if not os.path.exists(path):
            return "Filen är en länk som pekar på något som inte finns"
        return "Filen är en symbolisk länk (genväg) till en annan fil"
    if stat.S_ISFIFO(st.st_mode):
        return "Filen är en namngiven pipe (FIFO), ingen vanlig fil"
    return "Filen är ingen vanlig fil (en enhet eller en socket)"


#: Files another program is still writing: a browser download in progress, Office's temporary
#: "~WRL0001.tmp" while it saves. They become the real file by a rename when done.
IN_PROGRESS_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".tmp")


def is_waiting(name: str) -> bool:
    """A file to take from the inbox (see `pipelines.files.is_candidate`), not one still
    being written by another program under a temporary name."""
    return (
        is_candidate(Path(name))
        and not name.startswith("~")
        and not name.lower().endswith(IN_PROGRESS_SUFFIXES)
    )


def waiting_files(inbox: Path) -> Iterator[tuple[Path, Signature]]:
    """Every file a secretariat dropped into the inbox (sub-folders too), with its signature.

    Hidden files and folders, Word's "~$" lock files, temporary files of programs still
    writing, and our own reason files are skipped. Links, named pipes and devices are listed
    (never followed or opened: the service rejects them with a reason)."""
    stack = [inbox]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # the folder vanished or cannot be read: nothing to take from it now
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif is_waiting(entry.name):
                    st = entry.stat(follow_symlinks=False)
                    regular = stat.S_ISREG(st.st_mode)
                    yield Path(entry.path), (st.st_size if regular else -1, st.st_mtime_ns)
            except OSError:  # vanished between listing and stat
                continue


@dataclass
class Tracked:
    signature: Signature
    stable_since: float  # monotonic time this signature was first seen
    first_seen: float  # monotonic time the file was first seen: the order files are taken in
    not_before: float = 0.0  # back off until then (file locked by another program, move failed)
    held: bool = False  # handled, waiting for something else (its move, the database)


class Inbox:
    """Tracks the files in the inbox until they are complete, in the order they arrived."""

    def __init__(self, folder: Path, stable_s: float) -> None:
        self.folder = folder
        self.stable_s = stable_s
        self.files: dict[Path, Tracked] = {}

    def scan(self, now: float) -> None:
        present = dict(waiting_files(self.folder))
        for path in list(self.files):
            if path not in present:
                del self.files[path]
        for path, sig in present.items():
            tracked = self.files.get(path)
            if tracked is None:
                self.files[path] = Tracked(sig, now, now)
            elif tracked.signature != sig:
                tracked.signature = sig
                tracked.stable_since = now

    def ready(self, now: float) -> list[Path]:
        """Complete files not held or backed off, oldest arrival first."""
        found = [
            (t.first_seen, str(p), p)
            for p, t in self.files.items()
            if not t.held and t.not_before <= now and now - t.stable_since >= self.stable_s
        ]
        return [p for _, _, p in sorted(found)]

    def next_due(self, now: float) -> float | None:
        """Seconds until some file may become ready, or None when nothing is pending."""
        waits = [
            max(t.stable_since + self.stable_s, t.not_before) - now for t in self.files.values() if not t.held
        ]
        return max(0.0, min(waits)) if waits else None

    def unchanged(self, path: Path) -> bool:
        """True when the file is still there exactly as when it was judged complete."""
        tracked = self.files.get(path)
        sig = signature(path)
        if tracked is None or sig is None:
            return False
        if sig != tracked.signature:
            tracked.signature = sig
            tracked.stable_since = time.monotonic()
            return False
        return True

    def back_off(self, path: Path, seconds: float) -> None:
        if path in self.files:
            self.files[path].not_before = time.monotonic() + seconds

    def hold(self, path: Path, held: bool = True) -> None:
        if path in self.files:
            self.files[path].held = held

    def forget(self, path: Path) -> None:
        self.files.pop(path, None)

    def pending(self) -> list[Path]:
        return list(self.files)


def can_open(path: Path) -> bool | None:
    """True if the file can be opened for reading; False if another program locks it (Word,
    an antivirus scanner, a copy in progress on Windows); None if it is gone."""
    try:
        with open(path, "rb") as handle:
            handle.read(1)
        return True
    except FileNotFoundError:
        return None
    except PermissionError:
        return False
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EBUSY, errno.EAGAIN):
            return False
        return True  # let the reader report what is wrong with it


# --- moving files out of the inbox ----------------------------------------------------------


def archive_folder(archive: Path, when: datetime) -> Path:
    return archive / f"{when:%Y}" / f"{when:%m}"


#: Longest file name most filesystems take (bytes); room is kept for what we add to a name.
NAME_MAX = 255
_RESERVED = 40


def fits(name: str, limit: int = NAME_MAX - _RESERVED) -> bool:
    return len(os.fsencode(name)) <= limit


def shorten(text: str, max_bytes: int) -> str:
    """The longest start of `text` within `max_bytes` (whole characters)."""
    out, used = [], 0
    for ch in text:
        size = len(os.fsencode(ch))
        if used + size > max_bytes:
            break
        out.append(ch)
        used += size
    return "".join(out)


def short_name(name: str, limit: int = NAME_MAX - _RESERVED) -> str:
    """`name`, or when too long for a file name beside what we add: its start, a short hash
    of the whole name (so it stays identifiable and unique) and its suffix."""
    if fits(name, limit):
        return name
    stem, suffix = _split(name)
    if not fits(suffix, 16):
        stem, suffix = name, ""
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    tail = f"…{digest}{suffix}"
    return shorten(stem, limit - len(os.fsencode(tail))) + tail


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem (2).suffix`, … the first that does not exist yet (a
    name too long to take " (2)" is shortened, see `short_name`)."""
    candidate = folder / short_name(name, NAME_MAX)
    stem, suffix = _split(candidate.name)
    n = 2
    while os.path.lexists(candidate):
        candidate = folder / short_name(f"{stem} ({n}){suffix}", NAME_MAX)
        n += 1
    return candidate


def reason_path(target: Path) -> Path:
    """The reason file beside a rejected file: `<name>.reason.txt`; for a name too long to
    take the suffix, its start and a short hash of the whole name (still identifiable)."""
    return target.with_name(short_name(target.name, NAME_MAX - len(REASON_SUFFIX)) + REASON_SUFFIX)


def _split(name: str) -> tuple[str, str]:
    path = Path(name)
    return (path.stem, path.suffix) if path.suffix and path.stem else (name, "")


def move_to_archive(path: Path, archive: Path, when: datetime) -> Path:
    """Move a handled file to `archive/YYYY/MM/`. Raises OSError (left in the inbox) on failure."""
    folder = archive_folder(archive, when)
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, path.name)
    _move(path, target)
    return target


def move_to_rejected(path: Path, rejected: Path, reason_text: str, checkpoint=None) -> Path:
    """Write `<name>.reason.txt` in `rejected/`, then move the file beside it.

    The reason file is written under a temporary name and renamed into place, so it is never
    half-written. If we are stopped between the two steps, the file is still in the inbox and
    the reason file is an orphan whose name the next try takes again (a name counts as taken
    only when the file itself is there)."""
    rejected.mkdir(parents=True, exist_ok=True)
    target = free_name(rejected, path.name)
    write_atomic(reason_path(target), reason_text)
    if checkpoint is not None:
        checkpoint()
    _move(path, target)
    return target


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        _move_across_devices(source, target)
    _sync_dir(target.parent)


def _move_across_devices(source: Path, target: Path) -> None:
    """The inbox on another filesystem than the archive: copy under a temporary name, rename
    into place, then remove the source. Stopped in between, the source is still in the inbox
    and is archived again (as a duplicate) next time; nothing is lost."""
    tmp = target.with_name(f".{shorten(target.name, 100)}{TMP_MARK}{os.getpid()}")
    try:
        shutil.copy2(source, tmp, follow_symlinks=False)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    source.unlink()


def write_atomic(path: Path, text: str) -> None:
    """Write a text file so that it is either wholly there or not at all."""
    tmp = path.with_name(f".{shorten(path.name, 100)}{TMP_MARK}{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _sync_dir(folder: Path) -> None:
    """Make a rename durable across a power cut (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(*folders: Path) -> None:
    """Temporary files left by a process that was killed while writing them."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for tmp in folder.rglob(f".*{TMP_MARK}*"):
            tmp.unlink(missing_ok=True)


def reason_text(file_name: str, reasons: list[str], when: datetime) -> str:
    """What the secretariat reads beside a rejected file (Swedish)."""
    lines = [
        f"Filen {file_name} kunde inte läsas in i avvik.",
        f"Avvisad: {when:%Y-%m-%d %H:%M}",
        "",
        "Orsak:",
        *[f"- {r}" for r in reasons],
        "",
        "Vad du kan göra: rätta filen (eller be avsändaren om en ny) och lägg den i inkorgen igen.",
        "Den här filen och dess orsaksfil kan tas bort när det är gjort.",
        "",
    ]
    return "\n".join(lines)
