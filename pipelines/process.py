"""Turn one file into what the warehouse stores: read → map → redact. No database here.

This is the CPU-heavy part of ingest; it runs in worker processes for bulk loads
(see `pipelines.ingest_once`), so it takes and returns plain picklable values.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from typing import TYPE_CHECKING

from ingest import read_forms
from ingest.config import ReadLimits
from pipelines.config import Settings
from schema.enums import IngestStatus
from schema import errors
from schema.errors import FileChanged, Rejected, UnreadableFile
from schema.identity import identity_key
from schema.mapping import to_deviation
from schema.models import StoredDeviation

if TYPE_CHECKING:  # the analyzer is heavy to import: only a process that redacts loads it
    from anonymize import Redactor


@dataclass
class FormResult:
    """What became of one form (a file, or one attachment of an .eml): one line of `--json`."""

    file: str
    status: IngestStatus
    id: str | None = None
    form_type: str | None = None
    reason: str | None = None
    sha256: str | None = None
    logged_name: str = ""  # the file name as it may be stored: after the redaction check
    logged_reason: str | None = None  # the reason as it may be stored (file names redacted)
    retryable: bool = False
    kind: str | None = None  # the rejection's kind (error class), e.g. "CorruptFile", "InternalError"
    detail: str | None = None  # for the log only: where an internal error happened (no file content)

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "status": str(self.status),
            "id": self.id,
            "form_type": self.form_type,
            "reason": self.reason,
        }


@dataclass
class FileOutcome:
    """Everything one input file produced, to be loaded in one transaction."""

    path: Path
    sha256: str | None
    results: list[FormResult]
    deviations: list[StoredDeviation] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


#: "Bilagan <name>: <reason>" — how a rejected e-mail attachment is named in a reason.
_ATTACHMENT = re.compile(r"(Bilagan )(.+?\.[A-Za-z0-9]{2,5}): ")


def display_name(name: str) -> str:
    """A file name as text that can be printed, logged and redacted: bytes that are not UTF-8
    (a name read with surrogateescape) become U+FFFD, and newlines, tabs and other control or
    odd whitespace characters become single spaces (a newline must not split a name from
    its surname before the redaction sees it)."""
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        name = os.fsencode(name).decode("utf-8", "replace")
    name = name.encode("utf-8", "replace").decode("utf-8")  # lone surrogates of other origin
    cleaned = "".join(_SPACE if unicodedata.category(ch) in _AS_SPACE else "" if unicodedata.category(ch)[0] == "C" else ch
                      for ch in name)
    return " ".join(cleaned.split())


_SPACE = " "
#: Control characters (newline, tab, …) and separators become a space; format characters
#: (soft hyphen, zero-width space) are removed, so "Kal\u00adle" is read as "Kalle".
_AS_SPACE = {"Cc", "Zs", "Zl", "Zp"}


def display_path(path: Path | str) -> str:
    """A path as printable text (see `display_name`; separators kept)."""
    text = str(path)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = os.fsencode(text).decode("utf-8", "replace")
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def internal_detail(error: BaseException) -> str:
    """Where an unexpected error happened: its kind and the code locations, never its message
    (that may be English or quote the file's content)."""
    frames = traceback.extract_tb(error.__traceback__)[-6:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(frames))
    return f"{type(error).__name__} at {where}"


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def deviation_id(sha256: str) -> str:
    """Stable id of a form: the same bytes always give the same id."""
    return sha256[:16]


def file_sha256(path: Path) -> str:
    """The sha256 of a regular file. A named pipe, a device or a folder is rejected without
    waiting on it (opened non-blocking, checked before reading)."""
    try:
        digest = hashlib.sha256()
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise errors.NotARegularFile(what="Det är ingen vanlig fil (t.ex. en namngiven pipe eller en enhet)")
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except FileNotFoundError as error:
        if os.path.islink(path):
            raise errors.NotARegularFile(what="Filen är en länk som pekar på något som inte finns") from error
        raise FileChanged(why="filen finns inte längre") from error
    except (PermissionError, IsADirectoryError, OSError) as error:
        raise UnreadableFile(why=errors.os_reason(error)) from error


class Processor:
    """Holds what is expensive to build (the analyzer) and processes files one by one."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limits = ReadLimits(
            max_file_bytes=int(settings.limits.max_file_mb * 1024 * 1024),
            max_unpacked_bytes=int(settings.limits.max_unpacked_mb * 1024 * 1024),
            max_attachments=settings.limits.max_attachments,
        )
        self._redactor: Redactor | None = None
        self._secret: bytes | None = None

    @property
    def redactor(self) -> Redactor:
        if self._redactor is None:
            from anonymize import Redactor
            from anonymize.config import AnonymizeConfig

            self._redactor = Redactor(
                AnonymizeConfig.model_validate({"review_threshold": self.settings.redaction.review_threshold})
            )
        return self._redactor

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = self.settings.identity_secret()
        return self._secret

    def safe_name(self, name: str) -> str:
        """A file name as it may be stored: "Avvikelse Kalle Svensson.docx" carries a name."""
        name = display_name(name)
        return self.redactor.redact(name, field="source_name").text if name else name

    def prestart(self) -> None:
        """Nothing to start here (see `pipelines.worker.LimitedProcessor`)."""

    def close(self, wait: bool = True) -> None:
        """Nothing to stop here (see `pipelines.worker.LimitedProcessor`)."""

    def safe_reason(self, reason: str, path: Path) -> str:
        """A rejection reason as it may be stored: the file and attachment names it quotes
        are replaced by their redacted form."""
        safe = self.safe_name(path.name)
        text = reason.replace(str(path), safe).replace(path.name, safe)
        return _ATTACHMENT.sub(lambda m: f"{m[1]}{self.safe_name(m[2])}: ", text)

    def process(self, path: Path, sha256: str | None = None) -> FileOutcome:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        try:
            sha256 = sha256 or file_sha256(path)
            raws = read_forms(path, self.limits)
            timings["read"] = time.perf_counter() - started
            outcome = FileOutcome(path, sha256, [], timings=timings)
            for raw in raws:
                # An attachment's name is written by the sender: printable, one line, before redaction.
                attached = raw.source_name != path.name  # an e-mail attachment is named "<mail>#<attachment>"
                raw = raw.model_copy(update={"source_name": display_name(raw.source_name)})
                t0 = time.perf_counter()
                deviation = to_deviation(raw)
                t1 = time.perf_counter()
                redacted = self.redactor.redact_record(
                    deviation, raw.source_name, known=[v for v in raw.contacts.values() if v]
                )
                t2 = time.perf_counter()
                timings["normalise"] = timings.get("normalise", 0.0) + (t1 - t0)
                timings["redact"] = timings.get("redact", 0.0) + (t2 - t1)
                form_id = deviation_id(raw.source_sha256)
                stored = StoredDeviation(
                    # Keyed on the text as written: two versions of a form may be redacted differently.
                    identity_key=identity_key(deviation, secret=self.secret),
                    **redacted.deviation.model_dump(),
                    id=form_id,
                    source_sha256=raw.source_sha256,
                    source_format=raw.source_format,
                    source_name=redacted.source_name,
                    read_by_ocr=raw.read_by_ocr,
                    redaction_status=redacted.status,
                    ingested_at=datetime.now(),
                    pii_findings=redacted.findings,
                )
                outcome.deviations.append(stored)
                outcome.results.append(
                    FormResult(
                        file=f"{display_path(path)}#{redacted.source_name}" if attached else display_path(path),
                        status=IngestStatus.LOADED,
                        id=form_id,
                        form_type=str(stored.form_type),
                        sha256=raw.source_sha256,
                        logged_name=f"{self.safe_name(path.name)}#{redacted.source_name}"
                        if attached
                        else redacted.source_name,
                    )
                )
            return outcome
        except Rejected as error:
            if _caused_by(error, MemoryError):  # a reader turned the memory limit into "corrupt"
                error = errors.MemoryLimitExceeded()
            reason = error.reason
            attachment = getattr(error, "attachment", None)
            if attachment is not None:  # "Bilagan <name>: …": the name as the redaction leaves it
                reason = f"Bilagan {self.safe_name(attachment)}: {getattr(error, 'inner_reason', reason)}"
            outcome = self.rejected_outcome(path, sha256, reason, error.retryable, timings)
            outcome.results[0].kind = type(error).__name__
            return outcome
        except MemoryError:
            error = errors.MemoryLimitExceeded()
            outcome = self.rejected_outcome(path, sha256, error.reason, False, timings)
            outcome.results[0].kind = type(error).__name__
            return outcome
        except Exception as error:  # a bug must not lose the file: set it aside with a reason
            # The error's text may be English or quote the file's content: only its kind is
            # shown and stored; where it happened goes to the log.
            internal = errors.InternalError(kind=type(error).__name__)
            outcome = self.rejected_outcome(path, sha256, internal.reason, False, timings)
            outcome.results[0].kind = "InternalError"
            outcome.results[0].detail = internal_detail(error)
            return outcome

    def rejected_outcome(
        self, path: Path, sha256: str | None, reason: str, retryable: bool, timings: dict[str, float]
    ) -> FileOutcome:
        reason = self.safe_reason(reason, path)
        result = FormResult(
            file=display_path(path),
            status=IngestStatus.REJECTED,
            reason=reason,
            sha256=sha256,
            logged_name=self.safe_name(path.name),
            logged_reason=reason,
            retryable=retryable,
        )
        return FileOutcome(path, sha256, [result], timings=timings)
