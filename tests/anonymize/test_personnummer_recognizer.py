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
        # any dash, a prefix glued before, a misspelt context word
        ("Pojken pnr:901211-9948 bor hos mamma.", "901211-9948", R.SCORE_VALID_WITH_CONTEXT),
        ("Personnr.19901211–9948 enligt remissen.", "19901211–9948", R.SCORE_VALID_WITH_CONTEXT),
        ("Flickan (901211—9948) bor i Borås.", "901211—9948", R.SCORE_VALID),
        ("nr.901211−9948 står på blanketten.", "901211−9948", R.SCORE_VALID),
        ("Datum-form 1990–12–11–9948 i journalen.", "1990–12–11–9948", R.SCORE_VALID),
        ("Personumret 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("pers.nr 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("Pers. nr: 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("persnr 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("P-nr:870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("personummer 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        ("Samordningsnr 870704-9996 stämmer inte.", "870704-9996", R.SCORE_BAD_CHECKSUM_WITH_CONTEXT),
        # read by OCR: letters for digits, stray spaces; valid after reading the digits back
        ("Personnummer 9O12l1-9948 enligt skanningen.", "9O12l1-9948", R.SCORE_VALID_WITH_CONTEXT),
        ("Uppgiften l99Ol2ll-99BB finns i akten.", None, 0),            # check digit wrong when read
        ("Uppgiften l99O12ll-9948 finns i akten.", "l99O12ll-9948", R.SCORE_VALID),
        ("pnr 19 901211-99 48 enligt skanningen.", "19 901211-99 48", R.SCORE_VALID_WITH_CONTEXT),
        ("pnr 1990 12 11 9948 enligt skanningen.", "1990 12 11 9948", R.SCORE_VALID_WITH_CONTEXT),
        ("Uppgiften 9012 11-99 48 finns i akten.", "9012 11-99 48", R.SCORE_VALID),
        ("P-nr: 9OI2II-9948.", "9OI2II-9948", R.SCORE_VALID_WITH_CONTEXT),
        ("pnr 19 790316 4759 enligt skanningen.", "19 790316 4759", R.SCORE_VALID_WITH_CONTEXT),
        ("Uppgiften 12 901211-9948 i tabellen.", "901211-9948", R.SCORE_VALID),   # no year 1290
        # near misses: not personnummer
        ("Tabell 1990 12 11 9948 utan sammanhang.", None, 0),         # spaces only, no dash, no context
        ("Summa 2024/9O1211-9948 och 3.9O1211-9948 i tabellen.", None, 0),
        ("Summa 2024/901211-9948 i tabellen.", None, 0),
        ("Ärendet SOS-BILD 1234 avslutat.", None, 0),
        ("Ring 070 123 45 67 eller 08 12 34 56 i dag.", None, 0),
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


_OCR = str.maketrans({"0": "O", "1": "l", "5": "S", "8": "B"})


@pytest.mark.parametrize(
    "row", [r for r in json.loads(VECTORS.read_text(encoding="utf-8")) if r["valid"]], ids=lambda r: r["long_format"]
)
@pytest.mark.parametrize("key", ["long_format", "separated_format", "separated_long"])
def test_when_valid_vector_read_by_ocr_then_found(redactor, row, key):
    """A valid published number with OCR letters for digits (0->O, 1->l, 5->S, 8->B) is found
    next to a context word; without one, when at most MAX_OCR_LETTERS_WITHOUT_CONTEXT digits
    were read as letters."""
    number = row[key].translate(_OCR)
    letters = sum(a != b for a, b in zip(number, row[key]))
    if not letters:
        pytest.skip("no digit that OCR confuses")
    with_context = found(redactor, f"Personnummer {number} finns i akten.", EntityType.PERSONNUMMER)
    assert with_context == [(number, R.SCORE_VALID_WITH_CONTEXT)]
    no_context = found(redactor, f"Uppgiften {number} finns i akten.", EntityType.PERSONNUMMER)
    assert [v for v, _ in no_context] == ([number] if letters <= R.MAX_OCR_LETTERS_WITHOUT_CONTEXT else [])


@pytest.mark.parametrize(
    "row", [r for r in json.loads(VECTORS.read_text(encoding="utf-8"))
            if not r["valid"] and not R().is_valid(r["separated_format"])],  # "19090527 1474": see above
    ids=lambda r: r["long_format"],
)
def test_when_invalid_vector_read_by_ocr_then_not_found_without_context(redactor, row):
    number = row["separated_format"].translate(_OCR)
    assert found(redactor, f"Uppgiften {number} finns i akten.", EntityType.PERSONNUMMER) == []
