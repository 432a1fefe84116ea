"""The identity key: the same deviation read from another file gets the same key."""

from __future__ import annotations

from datetime import date

import pytest

from schema.identity import identity_key, identity_key_of, normalise, same_deviation
from schema.models import Deviation, Party

BASE = dict(
    form_type="bus", reported_on=date(2026, 3, 2), event_type="Uteblivet deltagande i SIP-möte",
    description="Kallelse till SIP skickades.\nIngen deltog och inget återbud lämnades.",
    reporting=["Socialtjänsten Huddinge kommun"], counterparts=["BUP Södermalm", "BVC Farsta"],
)


def _key(**changes):
    values = {**BASE, **changes}
    return identity_key_of(values["form_type"], values["reported_on"], values["event_type"], values["description"],
                           values["reporting"], values["counterparts"])


@pytest.mark.parametrize("change", [
    {"description": "Kallelse till SIP skickades.  Ingen deltog och inget återbud lämnades"},  # PDF line breaks
    {"description": "KALLELSE till SIP skickades – ingen deltog, och inget återbud lämnades."},
    {"counterparts": ["BVC Farsta", "BUP Södermalm"]},  # another order on another revision
    {"reporting": ["Socialtjänsten  Huddinge kommun "]},
    {"event_type": "uteblivet deltagande i SIP-möte."},
])
def test_when_only_layout_differs_then_the_key_is_the_same(change):
    assert _key(**change) == _key()


@pytest.mark.parametrize("change", [
    {"description": "Kallelse till SIP skickades. Ingen deltog."},
    {"reported_on": date(2026, 3, 3)},
    {"form_type": "vastbus"},
    {"counterparts": ["BUP Södermalm"]},
    {"reporting": ["Socialtjänsten Nacka kommun"]},
    {"event_type": "Utebliven insats"},
])
def test_when_a_reporting_section_differs_then_the_key_differs(change):
    assert _key(**change) != _key()


@pytest.mark.parametrize("change", [{"reported_on": None}, {"description": None}, {"description": " .. "}])
def test_when_the_form_says_too_little_then_there_is_no_key(change):
    assert _key(**change) is None


def test_when_the_key_is_stored_then_it_carries_no_text():
    key = _key()
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)


def test_when_computed_from_a_record_then_the_answer_does_not_change_the_key():
    parties = [Party(role="reporting", name=BASE["reporting"][0], category="kommun")] + [
        Party(role="counterpart", name=n, category="region") for n in BASE["counterparts"]]
    dev = Deviation(form_type="bus", reported_on=BASE["reported_on"], event_type=BASE["event_type"],
                    description=BASE["description"], parties=parties)
    answered = dev.model_copy(update={
        "response_received_on": date(2026, 4, 1), "response_text": "Vi beklagar.",
        "parties": parties + [Party(role="responding", name="BUP Södermalm", category="region")]})
    assert identity_key(dev) == identity_key(answered) == _key()


def test_when_text_is_normalised_then_case_punctuation_and_spaces_go():
    assert normalise(" Åtgärd:\n[NAMN]  fick\u00a0ingen TID! ") == "åtgärd namn fick ingen tid"


def _record(description: str, **changes) -> Deviation:
    values = dict(form_type="bus", reported_on=BASE["reported_on"], event_type=BASE["event_type"],
                  description=description,
                  parties=[Party(role="reporting", name=BASE["reporting"][0], category="kommun")])
    values.update(changes)
    return Deviation(**values)


def test_when_a_name_is_redacted_in_only_one_file_then_it_is_still_the_same_deviation():
    long = ("Kallelse till SIP skickades till BUP tre veckor före mötet. Ingen från BUP deltog och inget "
            "återbud lämnades. Mötet fick ställas in och vårdnadshavaren hade tagit ledigt från arbetet. "
            "Ny SIP kunde bokas först fem veckor senare, handläggare {} fick meddela familjen.")
    a, b = _record(long.format("Anna Berg")), _record(long.format("[NAMN]"))
    assert identity_key(a) != identity_key(b)
    assert same_deviation(a, b)
    assert not same_deviation(a, _record(long.format("Anna Berg"), reported_on=date(2026, 3, 3)))
    assert not same_deviation(a, _record("Skolan har begärt läkarintyg; intyget har inte kommit."))
