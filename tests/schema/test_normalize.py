from datetime import date

import pytest

from schema.normalize import add_due, clean_text, is_placeholder, parse_date


@pytest.mark.parametrize(
    "text",
    ["2024-03-05", "240305", "20240305", "5/3 2024", "5 mars 2024", "05.03.2024", "5/3-24",
     "den 5 mars 2024", "5:e mars 2024", "2024/03/05", "5 mars -24", "Datum: 2024-03-05"],
)
def test_when_swedish_date_is_written_then_it_is_parsed(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 5)


@pytest.mark.parametrize("text", [None, "", "Ange datum", "Klicka här för att ange datum.",
                                  "Klicka eller tryck för att ange ett datum.", "snart", "2024-13-45"])
def test_when_no_date_is_written_then_none(text) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    ["Klicka här för att ange text.", "Klicka eller tryck här för att ange text.", "Ange datum",
     "För och efternamn", "Mejladress", "Kort beskrivning av avvikelsen",
     "Beskrivning av orsaker, åtgärder och konsekvenser", "  klicka här för att ange text  ", "Välj ett objekt."],
)
def test_when_value_is_a_placeholder_then_it_is_null(text: str) -> None:
    assert is_placeholder(text)
    assert clean_text(text) is None


def test_when_placeholder_is_inside_text_then_it_is_removed() -> None:
    assert clean_text("Annan (ange vilken) Klicka eller tryck här för att ange text.") == "Annan (ange vilken)"
    assert clean_text("- rad ett\n\n\n- rad två") == "- rad ett\n\n- rad två"


@pytest.mark.parametrize(
    ("start", "rule", "due"),
    [
        (date(2024, 3, 5), {"months": 2}, date(2024, 5, 5)),
        (date(2024, 12, 31), {"months": 2}, date(2025, 2, 28)),
        (date(2023, 12, 31), {"months": 2}, date(2024, 2, 29)),
        (date(2024, 3, 5), {"days": 60}, date(2024, 5, 4)),
        (None, {"days": 60}, None),
    ],
)
def test_when_due_rule_is_applied_then_month_end_is_clamped(start, rule, due) -> None:
    assert add_due(start, **rule) == due
