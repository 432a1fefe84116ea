import json
from pathlib import Path

import pytest

from anonymize.recognizers import SvPersonnummerRecognizer
from schema.enums import EntityType
from pii_assertions import assert_found, found

# Published by the Personnummer project (MIT); a copy ships with the tests, see its README.
VECTORS = Path(__file__).resolve().parent.parent / "data" / "personnummer-meta" / "list.json"
R = SvPersonnummerRecognizer


@pytest.mark.parametrize(
    "text, expected, min_score",
    [
        # valid numbers, every format
        ("Pojken har personnummer 19901211-9948.", "19901211-9948", R.SCORE_VALID_WITH_CONTEXT),
        ("pnr 901211-9948", "901211-9948", R.SCORE_VALID_WITH_CONTEXT),
        ("p-nr: 9012119948", "9012119948", R.SCORE_VALID_WITH_CONTEXT),
        ("Född 199012119948 i Malmö.", "199012119948", R.SCORE_VALID_WITH_CONTEXT),
        ("Gäller 901211 9948 enligt remissen.", "901211 9948", R.SCORE_VALID),
        ("Gäller 19901211 9948 enligt remissen.", "19901211 9948", R.SCORE_VALID),
        ("Mannen 090527+1474 är över hundra.", "090527+1474", R.SCORE_VALID),
        ("Datum-form 1990-12-11-9948 i journalen.", "1990-12-11-9948", R.SCORE_VALID),
        # samordningsnummer: day + 60
        ("samordningsnummer 730674-9982", "730674-9982", R.SCORE_VALID_WITH_CONTEXT),
        ("snr 197306749982", "197306749982", R.SCORE_VALID_WITH_CONTEXT),
        # wrong check digit: flagged only next to a context word, and below the review threshold
        ("Pojkens personnummer 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("Ärendet 870704-9996 är avslutat.", None, 0),
        # near misses: not personnummer
        ("Dnr 2024-0312 avser samma ärende.", None, 0),
        ("SN 2023/145 är diariefört.", None, 0),
        ("Mötet hölls 2024-03-05 kl 13.", None, 0),
        ("Organisationsnummer 212000-0142 tillhör kommunen.", None, 0),
        ("Postnummer 123 45 Stockholm.", None, 0),
        ("Ring 08-123 45 67 efter lunch.", None, 0),
        ("Personnummer 901311-9948 har ogiltig månad.", None, 0),
        ("Fakturanummer 12345678901234 avser inte detta.", None, 0),
    ],
)
def test_when_number_in_text_then_personnummer_found_or_not(redactor, text, expected, min_score):
    assert_found(redactor, text, EntityType.PERSONNUMMER, expected, min_score)


def test_when_bad_checksum_next_to_context_then_score_is_below_review_threshold(redactor):
    ((_, score),) = found(redactor, "personnummer 870704-9996", EntityType.PERSONNUMMER)
    assert score < redactor.config.review_threshold


def _vectors():
    for row in json.loads(VECTORS.read_text(encoding="utf-8")):
        for key in ("long_format", "short_format", "separated_format", "separated_long"):
            yield pytest.param(row, row[key], id=f"{row[key]}-{'valid' if row['valid'] else 'invalid'}")


@pytest.mark.parametrize("row, number", list(_vectors()))
def test_when_published_vector_in_text_then_handled(redactor, row, number):
    """Every valid vector is found in all 4 formats, with and without context. Invalid vectors
    are never found without context; next to a context word, those with a real date are still
    flagged below the review threshold (a mistyped personnummer identifies someone), and the
    space-separated "19090527 1474" (invalid for the library, which does not accept a space)
    is a valid number written with a space, so it is found."""
    no_context = found(redactor, f"Uppgiften {number} finns i akten.", EntityType.PERSONNUMMER)
    with_context = found(redactor, f"Personnummer {number} finns i akten.", EntityType.PERSONNUMMER)
    digits = "".join(ch for ch in number if ch.isdigit())
    written_with_space = " " in number and R().is_valid(number)
    if row["valid"] or written_with_space:
        assert [v for v, _ in no_context] == [number]
        assert [v for v, _ in with_context] == [number]
        assert with_context[0][1] == 1.0
    else:
        assert no_context == []
        if R.has_valid_date(digits):
            assert [v for v, _ in with_context] == [number]
            assert with_context[0][1] < 0.6
        else:
            assert with_context == []
