"""Typed errors. Each rejection kind is one class whose docstring-like `reason` is Swedish,
because the secretariat reads it (in `rejected/<file>.reason.txt`, `--json` and the log).

`retryable` says whether trying the same file again later can help (a file still being
copied, a database held by an analyst) or not (a corrupt file stays corrupt).
"""

from __future__ import annotations


class AvvikError(Exception):
    """Base of every error avvik raises on purpose."""

    reason: str = "Okänt fel."
    retryable: bool = False

    def __init__(self, reason: str | None = None, **details: object) -> None:
        if reason is None:
            reason = self.reason.format(**details) if details else self.reason
        self.reason = reason
        self.details = details
        super().__init__(reason)


# --- Usage errors: the command was given something it cannot work with (exit code 2) ---


class UsageError(AvvikError):
    """A mistake in how avvik was called."""

    reason = "Felaktig användning."


class PathNotFound(UsageError):
    reason = "Sökvägen finns inte: {path}"


class NoFormsFound(UsageError):
    reason = "Mappen innehåller inga filer att läsa in: {path}"


class DatabaseLocationError(UsageError):
    reason = "Databasen kan inte skapas eller öppnas: {path} ({why})"


class ConfigError(UsageError):
    reason = "Fel i inställningarna: {why}"


# --- Rejections: one file cannot be loaded (exit code 1, the file is set aside) ---


class Rejected(AvvikError):
    """A file that cannot be processed. It is set aside, never half-loaded."""

    reason = "Filen kunde inte behandlas."


class EmptyFile(Rejected):
    reason = "Filen är tom (0 byte)."


class UnreadableFile(Rejected):
    reason = "Filen går inte att läsa (behörighet saknas eller filen är låst): {why}"


class FileTooLarge(Rejected):
    reason = "Filen är {size_mb:.1f} MB, större än gränsen {limit_mb:.0f} MB. Skicka blanketten utan inbäddade bilder eller höj gränsen i avvik.toml (max_file_mb)."


class UnsupportedFileType(Rejected):
    reason = "Filtypen {suffix} läses inte av avvik. Skicka blanketten som Word (.docx) eller PDF."


class LegacyWordFormat(Rejected):
    reason = "Filen är i Word-formatet {suffix}, som avvik inte läser. Öppna den i Word och spara som .docx (Word-dokument utan makron)."


class CorruptFile(Rejected):
    reason = "Filen är skadad eller inte en riktig {kind}-fil och kan inte öppnas."


class ArchiveBomb(Rejected):
    reason = "Filen packas upp till mer än {limit_mb:.0f} MB och behandlas inte (misstänkt zip-bomb eller mycket stora inbäddade filer)."


class EncryptedPdf(Rejected):
    reason = "PDF-filen är lösenordsskyddad. Be avsändaren skicka den utan lösenord."


class ScannedPdf(Rejected):
    reason = (
        "PDF-filen saknar textlager (troligen inskannad) och OCR-tolkning är inte installerad. "
        "Installera den med `apt-get install tesseract-ocr tesseract-ocr-swe` och lägg tillbaka filen, "
        "eller be om blanketten som Word-fil eller ifyllbar PDF."
    )
    unreadable = (
        "PDF-filen saknar textlager (troligen inskannad) och OCR-tolkningen hittade ingen läsbar text. "
        "Be om blanketten som Word-fil eller ifyllbar PDF, eller en tydligare skanning."
    )
    image_without_ocr = (
        "Bildfilen är troligen en inskannad blankett, och OCR-tolkning är inte installerad. "
        "Installera den med `apt-get install tesseract-ocr tesseract-ocr-swe` och lägg tillbaka filen, "
        "eller be om blanketten som Word-fil eller ifyllbar PDF."
    )
    image_too_large = "Bildfilen är för stor för att OCR-tolkas (för många bildpunkter eller sidor). Be om en skanning i 300 dpi."
    too_slow = "OCR-tolkningen av den inskannade PDF-filen tog för lång tid. Be om en tydligare skanning eller en Word-fil."


class UnknownForm(Rejected):
    reason = "Dokumentet är inte någon av blanketterna BUS-avvikelse, Västbus avvikelserapport eller Lex Heller (Avvikelse i samverkan)."


class EmptyForm(Rejected):
    reason = "Blanketten ({form}) är inte ifylld: inga uppgifter om avvikelsen hittades."


class NoAttachedForms(Rejected):
    reason = "E-postmeddelandet har ingen bifogad blankett (.docx eller .pdf)."


class MailNestedTooDeep(Rejected):
    reason = (
        "E-postmeddelandet innehåller vidarebefordrade meddelanden i fler än {limit} nivåer och läses inte. "
        "Spara den bifogade blanketten som en egen fil och lägg in den, eller skicka den i ett nytt meddelande."
    )


class FileChanged(Rejected):
    """The file vanished or changed while it was read; trying again later can help."""

    reason = "Filen ändrades eller försvann medan den lästes: {why}"
    retryable = True


# --- Storage errors ---


class WarehouseBusy(AvvikError):
    reason = "Databasen används av ett annat program just nu: {why}"
    retryable = True


class EncryptedDocument(Rejected):
    """A password-protected Word file (an encrypted OOXML package)."""

    reason = "Word-filen är lösenordsskyddad. Be avsändaren skicka den utan lösenord."


# --- Limits: one file may take only so much time and memory (issue 12) ---


class TimeLimitExceeded(Rejected):
    reason = (
        "Läsningen av filen tog för lång tid (mer än {limit_s:g} sekunder) och avbröts. Filen kan vara skadad "
        "eller byggd för att belasta; den är sparad. Gränsen är file_timeout_s under [limits] i avvik.toml."
    )


class MemoryLimitExceeded(Rejected):
    reason = (
        "Läsningen av filen krävde för mycket minne och avbröts (misstänkt uppackningsbomb eller mycket stort "
        "innehåll). Filen är sparad. Gränsen är file_memory_mb under [limits] i avvik.toml."
    )


class WorkerCrashed(Rejected):
    reason = (
        "Filen fick läsningen att krascha {count} gånger och har ställts åt sidan så att andra filer kan läsas. "
        "Den kan vara skadad eller byggd för att störa; kontakta den som förvaltar avvik om den behövs."
    )


class InternalError(Rejected):
    """A bug met while processing a file: the kind is shown, the details go to the log only
    (an exception's text may be English or quote the file's content)."""

    reason = (
        "Ett internt fel uppstod när filen behandlades (feltyp {kind}). Filen är sparad; "
        "kontakta den som förvaltar avvik."
    )


class NotARegularFile(Rejected):
    reason = "{what}. avvik läser bara vanliga filer och följer inte länkar; lägg in själva blanketten."


class TooManyAttachments(Rejected):
    reason = (
        "E-postmeddelandet har {count} bifogade blanketter; avvik läser högst {limit} per meddelande. "
        "Ingen av dem har lästs in. Skicka blanketterna i flera meddelanden (eller höj max_attachments i avvik.toml)."
    )


class DocumentTooComplex(Rejected):
    reason = "Dokumentet har fler än {limit} {what} och är inte en blankett som avvik läser (misstänkt skadad eller konstruerad fil)."


class StorageFailed(AvvikError):
    """The warehouse could not be written (a full disk, an I/O error): nothing of the batch is
    stored, and the files wait to be tried again."""

    reason = "Databasen kunde inte skrivas: {why}"
    retryable = True


_OS_REASONS = {
    "EACCES": "behörighet saknas",
    "EPERM": "behörighet saknas",
    "ENOENT": "filen finns inte",
    "EISDIR": "det är en mapp",
    "ENOTDIR": "en del av sökvägen är ingen mapp",
    "ELOOP": "för många länkar i rad",
    "ENAMETOOLONG": "namnet är för långt",
    "EIO": "läsfel på disken",
    "EBUSY": "filen används av ett annat program",
    "ENOSPC": "disken är full",
    "EROFS": "skrivskyddat filsystem",
    "ENXIO": "ingen vanlig fil",
    "EAGAIN": "filen är låst just nu",
}


def os_reason(error: OSError) -> str:
    """An operating-system error in Swedish (the system's own text is English): for reasons."""
    import errno as _errno

    name = _errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name, f"systemfel {name}" if name else type(error).__name__)
