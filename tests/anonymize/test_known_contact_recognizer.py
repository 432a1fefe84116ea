import pytest

from pii_assertions import found
from schema.enums import EntityType

KNOWN = ("Eva Lind", "eva.lind@skola.se", "070-123 45 67")


@pytest.mark.parametrize(
    "text, entity, expected",
    [
        ("Kontakta Eva Lind på skolan.", EntityType.NAME, ["Eva Lind"]),
        ("Lind har inte svarat.", EntityType.NAME, ["Lind"]),
        ("Evas mejl kom i går.", EntityType.NAME, ["Evas"]),
        ("Mejla EVA.LIND@skola.se.", EntityType.EMAIL, ["EVA.LIND@skola.se"]),
        ("Ring +46 70 123 45 67 eller 0701234567.", EntityType.PHONE, ["+46 70 123 45 67", "0701234567"]),
        # near misses: parts inside other words
        ("Lindqvistskolan har inte svarat.", EntityType.NAME, []),
    ],
)
def test_when_known_contact_in_text_then_found_with_score_one(redactor, text, entity, expected):
    hits = found(redactor, text, entity, KNOWN)
    assert [v for v, _ in hits] == expected
    assert all(score == 1.0 for _, score in hits)


def test_when_known_contact_found_then_detector_is_known_contact(redactor):
    result = redactor.redact("Lind ringde.", "description", known=["Eva Lind"])
    assert [f.detector for f in result.findings] == ["known_contact"]
