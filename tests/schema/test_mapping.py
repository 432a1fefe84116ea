from datetime import date

import pytest

from schema.errors import EmptyForm
from schema.mapping import to_deviation
from schema.raw import RawForm

SHA = "0" * 64


def _raw(form_type: str, **fields) -> RawForm:
    return RawForm(form_type=form_type, source_format="docx", source_name="x.docx", source_sha256=SHA, fields=fields)


def test_when_bus_form_is_mapped_then_parties_and_due_follow_the_template() -> None:
    dev = to_deviation(_raw(
        "bus", event_type="Utebliven SIP", description="Klicka här för att ange text.\n- punkt",
        counterparts=["BUP Lerum; Socialtjänsten, Lerums kommun", "Klicka här för att ange text."],
        reporting=["Elevhälsan, Kungälvs kommun"], reported_on="2024-12-31",
    ))
    assert dev.description == "- punkt"
    assert dev.response_due_on == date(2025, 2, 28)
    assert [(p.role, p.name, p.category) for p in dev.parties] == [
        ("counterpart", "BUP Lerum", "region"),
        ("counterpart", "Socialtjänsten, Lerums kommun", "kommun"),
        ("reporting", "Elevhälsan, Kungälvs kommun", "kommun"),
    ]


def test_when_vastbus_boxes_are_ticked_then_join_and_highest() -> None:
    dev = to_deviation(_raw(
        "vastbus", event_type=["riktlinjer_foljs_inte", "parter_inte_overens"],
        escalation_level=["lokal", "delregional"], reported_on="5/3-24",
    ))
    assert dev.event_type == "riktlinjer_foljs_inte,parter_inte_overens"
    assert dev.escalation_level == "delregional"
    assert dev.response_due_on == date(2024, 5, 4)


def test_when_lex_heller_options_are_ticked_then_option_decides_category() -> None:
    dev = to_deviation(_raw(
        "lex_heller", reporting=["kommun: Eksjö kommun"],
        counterparts=["psykiatrin", "annan: Studieförbundet Bilda", "annan: Socialtjänsten Vetlanda", "vardcentral"],
        resolved=["false"], severity=["allvarlig"], description="Text",
    ))
    assert [(p.role, p.name, p.category) for p in dev.parties] == [
        ("reporting", "Eksjö kommun", "kommun"),
        ("counterpart", "Psykiatrin", "region"),
        ("counterpart", "Studieförbundet Bilda", "annan"),
        ("counterpart", "Socialtjänsten Vetlanda", "kommun"),
        ("counterpart", "Vårdcentral", "region"),
    ]
    assert dev.resolved is False
    assert dev.severity == "allvarlig"
    assert dev.reported_on is None and dev.response_due_on is None


def test_when_nothing_is_filled_in_then_empty_form() -> None:
    with pytest.raises(EmptyForm):
        to_deviation(_raw("bus", description="Klicka här för att ange text.", reported_on="Ange datum"))
