"""The sample forms: no planted PII survives, and party names stay readable."""

import pytest

from anonymize.evaluation import FORMS_DIR, evaluate_forms, format_form_report, load_forms, main

MAX_PARTY_FALSE_POSITIVE_RATE = 0.02

pytestmark = pytest.mark.skipif(not FORMS_DIR.is_dir(), reason="sample_forms/ not present")


@pytest.fixture(scope="module")
def report(redactor):
    return evaluate_forms(redactor, load_forms())


def test_when_sample_forms_redacted_then_no_planted_pii_survives(report):
    assert report.forms > 0 and report.planted > 0
    assert report.leaks == []


def test_when_sample_forms_redacted_then_few_party_names_altered(report):
    assert report.party_names > 0
    assert report.party_false_positive_rate <= MAX_PARTY_FALSE_POSITIVE_RATE, report.parties_altered


def test_when_form_report_formatted_then_counts_printed(report):
    text = format_form_report(report)
    assert f"{report.forms} forms" in text and "leaks: 0" in text


def test_when_planted_string_survives_then_counted_as_leak(redactor):
    form = {
        "file": "Avvikelse.docx",
        "record": {"form_type": "bus", "description": "Ingen SIP hölls.",
                   "parties": [{"role": "reporting", "name": "Tallkrogens skola", "category": "kommun"}]},
        "planted_pii": ["Tallkrogens"],
    }
    report = evaluate_forms(redactor, [form])
    assert report.leaks == [("Avvikelse.docx", "parties[0].name", "Tallkrogens")]


def test_when_tag_where_nothing_planted_then_false_positive(redactor):
    form = {
        "file": "Avvikelse.docx",
        "record": {"form_type": "bus", "description": "Mamman Fatima ringde.",
                   "parties": [{"role": "reporting", "name": "Kurator Eva Lind", "category": "kommun"}]},
        "planted_pii": [],
    }
    report = evaluate_forms(redactor, [form])
    assert len(report.parties_altered) == 1 and len(report.false_positives) == 2


def test_when_cli_run_then_form_report_printed(capsys):
    assert main(["--half", "dev"]) == 0
    assert "sample forms:" in capsys.readouterr().out
