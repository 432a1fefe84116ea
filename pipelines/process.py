"""Turn one file into what the warehouse stores: read → map → redact. No database here.

This is the CPU-heavy part of ingest; it runs in worker processes for bulk loads
(see `pipelines.ingest_once`), so it takes and returns plain picklable values.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from anonymize import Redactor
from ingest import read_forms
from ingest.config import ReadLimits
from pipelines.config import Settings
from schema.enums import IngestStatus
from schema.errors import FileChanged, Rejected, UnreadableFile
from schema.identity import identity_key
from schema.mapping import to_deviation
from schema.models import StoredDeviation


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


def deviation_id(sha256: str) -> str:
    """Stable id of a form: the same bytes always give the same id."""
    return sha256[:16]


def file_sha256(path: Path) -> str:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except FileNotFoundError as error:
        raise FileChanged(why="filen finns inte längre") from error
    except (PermissionError, IsADirectoryError, OSError) as error:
        raise UnreadableFile(why=error.strerror or str(error)) from error


class Processor:
    """Holds what is expensive to build (the analyzer) and processes files one by one."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limits = ReadLimits(
            max_file_bytes=int(settings.limits.max_file_mb * 1024 * 1024),
            max_unpacked_bytes=int(settings.limits.max_unpacked_mb * 1024 * 1024),
        )
        self._redactor: Redactor | None = None
        self._secret: bytes | None = None

    @property
    def redactor(self) -> Redactor:
        if self._redactor is None:
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
        return self.redactor.redact(name, field="source_name").text

    def safe_reason(self, reason: str, path: Path) -> str:
        """A rejection reason as it may be stored: the file and attachment names it quotes
        are replaced by their redacted form."""
        text = reason.replace(str(path), self.safe_name(path.name)).replace(path.name, self.safe_name(path.name))
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
                # An e-mail attachment is named "<mail>#<attachment>".
                attached = raw.source_name != path.name
                outcome.deviations.append(stored)
                outcome.results.append(
                    FormResult(
                        file=f"{path}#{raw.source_name}" if attached else str(path),
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
            return self.rejected_outcome(path, sha256, error.reason, error.retryable, timings)
        except Exception as error:  # a bug must not lose the file: set it aside with a reason
            reason = "Ett internt fel uppstod när filen behandlades ({}). Filen är sparad; kontakta den som förvaltar avvik."
            outcome = self.rejected_outcome(path, sha256, reason.format(f"{type(error).__name__}: {error}"), False, timings)
            # The error's text may quote the file's content: only its kind is stored.
            outcome.results[0].logged_reason = reason.format(type(error).__name__)
            return outcome

    def rejected_outcome(
        self, path: Path, sha256: str | None, reason: str, retryable: bool, timings: dict[str, float]
    ) -> FileOutcome:
        result = FormResult(
            file=str(path),
            status=IngestStatus.REJECTED,
            reason=reason,
            sha256=sha256,
            logged_name=self.safe_name(path.name),
            logged_reason=self.safe_reason(reason, path),
            retryable=retryable,
        )
        return FileOutcome(path, sha256, [result], timings=timings)
