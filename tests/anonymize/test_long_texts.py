"""A field longer than spaCy's max_length (E088) is read in overlapping pieces."""

import pytest

from anonymize.chunking import analyze_in_pieces, piece_bounds
from schema.enums import EntityType

PARAGRAPH = "Mötet hölls i skolan och ingen SIP upprättades, vilket BUP påtalade i sitt svar.\n"


def test_when_pieces_cut_then_they_cover_the_text_overlap_and_end_at_white_space():
    text = PARAGRAPH * 200
    bounds = list(piece_bounds(text, piece=2_000, overlap=300))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (s1, e1), (s2, e2) in zip(bounds, bounds[1:]):
        assert s2 < e1 - 250 and e1 <= s1 + 2_000
        assert text[e1 - 1] in " \n" and text[s2 - 1] in " \n"


def test_when_overlap_too_long_then_error():
    with pytest.raises(ValueError):
        list(piece_bounds("x" * 10, piece=100, overlap=50))


def test_when_numbers_on_every_seam_then_all_found_once(redactor):
    """Small pieces put findings on the seams; each is found once, at its place in the whole."""
    sentence = "Pojken med personnummer 901211-9948 nås på 070-123 45 67. "
    text = sentence * 60
    results = analyze_in_pieces(redactor.analyzer.analyze, text, piece=400, overlap=100,
                                language="sv", entities=[EntityType.PERSONNUMMER.value, EntityType.PHONE.value])
    values = sorted((text[r.start:r.end], r.entity_type) for r in results)
    assert values == sorted([("901211-9948", "PERSONNUMMER"), ("070-123 45 67", "PHONE")] * 60)


def test_when_field_longer_than_spacy_max_length_then_redacted_without_error(redactor):
    text = (PARAGRAPH * 13_000)[:1_050_000] + " Pojken Kalle Svensson har personnummer 901211-9948."
    assert len(text) > 1_000_000
    result = redactor.redact(text, "description")
    assert result.text.endswith("Pojken [NAMN] har personnummer [PERSONNUMMER].")
    assert {f.entity_type for f in result.findings} == {EntityType.NAME, EntityType.PERSONNUMMER}
