"""Settings: sensible defaults, overridden by `avvik.toml`, then environment, then flags.

Nothing needs configuring to start: the data home is `./avvik-data/` and everything lives
under it. A bad value names the setting in a one-line Swedish error (ConfigError).
"""

from __future__ import annotations

import os
import re
import secrets
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from schema.errors import ConfigError

DEFAULT_HOME = Path("avvik-data")
CONFIG_NAME = "avvik.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Limits(_Section):
    max_file_mb: float = Field(20.0, gt=0, description="Larger files are rejected.")
    max_unpacked_mb: float = Field(200.0, gt=0, description="Archives (docx) that expand beyond this are rejected.")
    max_attachments: int = Field(50, gt=0, description="An e-mail with more attached forms is rejected whole.")
    file_timeout_s: float = Field(
        120.0, gt=0, description="Reading and redacting one file may take this long; then it is rejected."
    )
    file_memory_mb: float = Field(
        1536.0, ge=0, description="Memory one file may take beyond the ready worker; then it is rejected. 0: no limit."
    )


class Redaction(_Section):
    review_threshold: float = Field(
        0.6, ge=0, le=1, description="Findings scoring below this are redacted and marked needs_review."
    )


class Watch(_Section):
    polling: bool = Field(False, description="Poll the inbox instead of OS file events (needed on SMB/CIFS shares).")
    poll_interval_s: float = Field(2.0, gt=0)
    stable_s: float = Field(1.0, ge=0, description="A file is complete when size and mtime are unchanged this long.")
    busy_retry_s: float = Field(1.0, gt=0, description="Wait between tries while an analyst holds the database.")
    snapshot: bool = Field(
        True, description="After each batch, publish HOME/warehouse-snapshot.duckdb for long analyst sessions."
    )


#: Below this, suppression hides (almost) nothing: 1 hides no count, 2 only ones.
MIN_SUPPRESS_BELOW = 3


class Export(_Section):
    suppress_below: int = Field(5, ge=1, description="Counts from 1 up to this (exclusive) are suppressed.")
    allow_weak_protection: bool = Field(
        False, description=f"Allow suppress_below under {MIN_SUPPRESS_BELOW} (switches the protection off in practice)."
    )
    schedules: dict[str, str] = Field(
        default_factory=lambda: {"quarter": "0 6 5 1,4,7,10 *", "year": "0 6 15 1 *"},
        description="Cron expressions: quarter exports (5 days after a quarter ends) and yearly (15 January).",
    )

    @model_validator(mode="after")
    def _protection_kept(self) -> "Export":
        if self.suppress_below < MIN_SUPPRESS_BELOW and not self.allow_weak_protection:
            raise ValueError(
                f"suppress_below = {self.suppress_below} stänger i praktiken av skyddet av små tal; "
                f"lägsta tillåtna är {MIN_SUPPRESS_BELOW}. Vill ni verkligen det, sätt även "
                "allow_weak_protection = true under [export]"
            )
        return self


class Settings(_Section):
    home: Path = DEFAULT_HOME
    db: Path | None = None
    workers: int = Field(0, ge=0, description="Processes for bulk ingest; 0 means one per core.")
    limits: Limits = Field(default_factory=Limits)
    redaction: Redaction = Field(default_factory=Redaction)
    watch: Watch = Field(default_factory=Watch)
    export: Export = Field(default_factory=Export)

    @property
    def db_path(self) -> Path:
        return self.db if self.db is not None else self.home / "warehouse.duckdb"

    def ensure_home(self) -> None:
        """Create the data home on first use (an explicit --db folder is never created)."""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(why=f"hemmappen {self.home} kan inte skapas: {error.strerror}") from error

    def identity_secret(self) -> bytes:
        """The installation's key for identity hashes (created on first use, kept beside the data,
        never in the warehouse): without it a stored hash cannot be tested against guesses."""
        path = self.home / "identity.key"
        self.ensure_home()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32))
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        except ValueError as error:
            raise ConfigError(why=f"{path} är skadad (ska innehålla 64 hexadecimala tecken)") from error

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def rejected(self) -> Path:
        return self.home / "rejected"

    @property
    def exports(self) -> Path:
        return self.home / "exports"


def load_settings(
    home: str | Path | None = None,
    db: str | Path | None = None,
    config: str | Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Build the settings from defaults < avvik.toml < AVVIK_* environment < arguments."""
    env = os.environ if environ is None else environ
    home = Path(home or env.get("AVVIK_HOME") or DEFAULT_HOME)
    config_path = Path(config or env.get("AVVIK_CONFIG") or home / CONFIG_NAME)
    data: dict[str, Any] = {}
    if config_path.is_file():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            at = re.search(r"line (\d+), column (\d+)", str(error))
            where = f" på rad {at[1]}, kolumn {at[2]}" if at else (
                " i slutet av filen" if "end of document" in str(error) else "")
            raise ConfigError(why=f"{config_path} går inte att läsa: fel i TOML-formatet{where}") from error
        except UnicodeDecodeError as error:
            raise ConfigError(why=f"{config_path} går inte att läsa: filen är inte sparad som UTF-8") from error
    elif config is not None or env.get("AVVIK_CONFIG"):
        raise ConfigError(why=f"inställningsfilen {config_path} finns inte")
    data["home"] = home
    db = db or env.get("AVVIK_DB") or data.get("db")
    data["db"] = Path(db) if db else None
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(why=f"{where}: {_swedish(first)}" if where else _swedish(first)) from error


def _swedish(error: dict[str, Any]) -> str:
    """pydantic's message for one setting, in Swedish."""
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    shown = f" (angivet: {value!r})" if not isinstance(value, dict | list) else ""
    if kind == "extra_forbidden":
        return "okänd inställning (felstavad, eller under fel [rubrik]?)"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    words = {
        "greater_than": f"måste vara större än {ctx.get('gt')}",
        "greater_than_equal": f"måste vara minst {ctx.get('ge')}",
        "less_than": f"måste vara mindre än {ctx.get('lt')}",
        "less_than_equal": f"får vara högst {ctx.get('le')}",
        "bool_parsing": "måste vara true eller false",
        "bool_type": "måste vara true eller false",
        "int_parsing": "måste vara ett heltal",
        "int_type": "måste vara ett heltal",
        "int_from_float": "måste vara ett heltal",
        "float_parsing": "måste vara ett tal",
        "float_type": "måste vara ett tal",
        "string_type": "måste vara text inom citattecken",
        "dict_type": "måste vara en tabell ([rubrik] eller { nyckel = värde })",
        "model_type": "måste vara en tabell ([rubrik])",
        "path_type": "måste vara en sökväg (text inom citattecken)",
    }
    return words.get(kind, f"ogiltigt värde ({error.get('msg', kind)})") + shown
