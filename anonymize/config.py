"""Settings of the redaction check (the `[anonymize]` table of avvik.toml)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from schema.enums import EntityType
from schema.errors import ConfigError


class AnonymizeConfig(BaseModel):
    """Defaults work with no configuration."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: A finding scoring below this is still redacted, but the record gets `needs_review`.
    review_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    #: Candidates scoring below this are ignored.
    min_score: float = Field(default=0.4, ge=0.0, le=1.0)
    #: Entity types looked for.
    entities: tuple[EntityType, ...] = tuple(EntityType)
    #: Extra words or phrases that are never a person (organisations, places), on top of
    #: anonymize/data/not_people.txt.
    not_people: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> "AnonymizeConfig":
        if self.min_score > self.review_threshold:
            raise ValueError("min_score must not exceed review_threshold")
        return self

    @classmethod
    def load(cls, value: "AnonymizeConfig | dict[str, Any] | None") -> "AnonymizeConfig":
        """Accept None (defaults), a dict (e.g. from avvik.toml) or an instance."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        try:
            return cls.model_validate(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "anonymize"
            raise ConfigError(why=f"anonymize.{where}: {first['msg']}") from exc
