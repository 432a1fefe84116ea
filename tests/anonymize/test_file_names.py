"""File names: the whole name goes, also written in lower case."""

import pytest

from anonymize import Redactor
from schema.models import Deviation, Party


@pytest.mark.parametrize(
    "source_name, expected",
    [
        ("Avvikelse Kalle Svensson.docx", "Avvikelse [NAMN].docx"),
        ("BUS-avvikelse gällande Lena Jonsson.pdf", "BUS-avvikelse gällande [NAMN].pdf"),
        ("avvikelse_kalle_svensson.docx", "avvikelse_[NAMN].docx"),
        ("avvikelse kalle.docx", "avvikelse [NAMN].docx"),
        ("avvikelse ahmed.pdf", "avvikelse [NAMN].pdf"),
        ("avvikelse_björn_lind.docx", "avvikelse_[NAMN].docx"),
        ("avvikelse_nora_svensson.docx", "avvikelse_[NAMN].docx"),
        ("avvikelse_901211-9948.pdf", "avvikelse_[PERSONNUMMER].pdf"),
        # the word after a given name is its surname: unknown, a Swedish word or a place
        ("avvikelse_kalle_yilmaz.pdf", "avvikelse_[NAMN].pdf"),
        ("avvikelse_lena_hedlund.pdf", "avvikelse_[NAMN].pdf"),
        ("avvikelse_ebba_blom.docx", "avvikelse_[NAMN].docx"),
        ("avvikelse_anna_strand.pdf", "avvikelse_[NAMN].pdf"),
        ("avvikelse_tilde_sjöberg.pdf", "avvikelse_[NAMN].pdf"),
        ("avvikelse_åsa_blom.docx", "avvikelse_[NAMN].docx"),
        ("Avvikelse Åsa Sjöberg.docx", "Avvikelse [NAMN].docx"),
        # a given name that is also a function word, before a surname
        ("avvikelse_per_andersson.pdf", "avvikelse_[NAMN].pdf"),
        ("avvikelse_per_yilmaz.pdf", "avvikelse_[NAMN].pdf"),
        ("avvikelse_hans_berg.pdf", "avvikelse_[NAMN].pdf"),
    ],
)
def test_when_file_name_has_a_name_then_whole_name_tagged(redactor: Redactor, source_name, expected):
    assert redactor.redact_source_name(source_name).text == expected


@pytest.mark.parametrize(
    "source_name",
    [
        "Avvikelse Lex Heller 51.docx",
        "lex heller avvikelse_250624_17.pdf",
        "avvikelserapport_vastbus (43).docx",
        "BUS-avvikelse BUP Järva svar.docx",
        "bus-avvikelse maj.docx",
        "avvikelse björn.docx",
        "avvikelse svar februari.docx",
        "avvikelse_lerum_skola.docx",
        "avvikelse_socialtjänsten_nora.docx",
        "Avvikelse 2024.03.13",
        "avvikelse_maj_svar.docx",
        "avvikelse per telefon.docx",
        "avvikelse_hans_svar.docx",
        "avvikelse_nora_kommun.docx",
        "avvikelse maj 2024.docx",
        "tom_fil.docx",
        "avvikelse_tom_fil_svar.docx",
    ],
)
def test_when_file_name_has_no_name_then_unchanged(redactor: Redactor, source_name):
    assert redactor.redact_source_name(source_name).text == source_name


@pytest.mark.parametrize("source_name", ["avvikelse_kalle_svensson.docx", "Avvikelse Kalle Svensson.docx"])
def test_when_record_or_source_name_field_redacted_then_same_file_name_logic(redactor: Redactor, source_name):
    expected = redactor.redact_source_name(source_name).text
    deviation = Deviation(form_type="bus", parties=[Party(role="reporting", name="BUP Södra", category="region")])
    assert redactor.redact_record(deviation, source_name).source_name == expected
    assert redactor.redact(source_name, "source_name").text == expected
