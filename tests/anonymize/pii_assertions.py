"""Shared assertion helpers for the recognizer tables."""

from __future__ import annotations

from anonymize import Redactor
from schema.enums import EntityType


def found(redactor: Redactor, text: str, entity: EntityType, known: tuple[str, ...] = ()) -> list[tuple[str, float]]:
    """(value, score) of each finding of `entity` in `text`."""
    return [(text[s:e], score) for s, e, ent, score, _ in redactor.find(text, known) if ent == entity]


def assert_found(redactor: Redactor, text: str, entity: EntityType, expected: str | None, min_score: float = 0.0) -> None:
    hits = found(redactor, text, entity)
    if expected is None:
        assert hits == [], f"unexpected {entity.value} in {text!r}: {hits}"
    else:
        assert [v for v, _ in hits] == [expected], f"{entity.value} in {text!r}: {hits}"
        assert hits[0][1] >= min_score, hits
