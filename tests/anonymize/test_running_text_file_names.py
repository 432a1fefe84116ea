"""File names written in running text: a name glued to ".docx", ".pdf", ".eml" goes whole."""

import pytest

from anonymize import Redactor
from anonymize.redactor import mask_file_names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bilagan Avvikelse Kalle Svensson.docx: se nedan", "Bilagan Avvikelse [NAMN].docx: se nedan"),
        ("…/Avvikelse gällande Amina Yusuf.pdf", "…/Avvikelse gällande [NAMN].pdf"),
        ("Mejlet Svar Lena Jonsson.eml skickades vidare.", "Mejlet Svar [NAMN].eml skickades vidare."),
        ("Se bilagan Avvikelse Kalle Svensson.DOCX.", "Se bilagan Avvikelse [NAMN].DOCX."),
        ("(se bilaga Lena Berg.pdf)", "(se bilaga [NAMN].pdf)"),
        ("Bilaga: Avvikelse Åsa Blom.docx", "Bilaga: Avvikelse [NAMN].docx"),
        ("Filen avvikelse_kalle_svensson.docx bifogas.", "Filen avvikelse_[NAMN].docx bifogas."),
        ("Filen avvikelse kalle svensson.docx bifogas.", "Filen avvikelse [NAMN].docx bifogas."),
        ("Bifogar Avvikelse_Amina_Yusuf.docx i dag.", "Bifogar Avvikelse_[NAMN].docx i dag."),
        ("Skannad som Avvikelse 901211-9948.pdf i går.", "Skannad som Avvikelse [PERSONNUMMER].pdf i går."),
    ],
)
def test_when_name_glued_to_file_extension_then_whole_name_tagged(redactor: Redactor, text, expected):
    assert redactor.redact(text, "description").text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jag bifogar den ifyllda blanketten avvikelse.pdf till detta mejl.",
        "Bifogat: protokoll_sip_mars.docx och kallelse.pdf",
        "Läs mer på www.storsthlm.se/bus/avvikelseblankett.docx i dag.",
        "Skicka in blanketten som pdf eller docx.",
        "Skicka blanketten som Word (.docx) till sekretariatet.",
        "Avvikelse BUS 2024.03.13.docx har kommit in.",
    ],
)
def test_when_file_name_in_text_holds_no_name_then_text_unchanged(redactor: Redactor, text):
    assert redactor.redact(text, "description").text == text


@pytest.mark.parametrize(
    "text, masked",
    [
        ("Avvikelse Kalle Svensson.docx: ok", "Avvikelse Kalle Svensson     : ok"),
        ("se avvikelse_kalle.pdf.", "se avvikelse kalle    ."),
        ("mejla kalle.svensson@skola.se", "mejla kalle.svensson@skola.se"),
    ],
)
def test_when_file_names_masked_then_same_length_and_read_as_words(text, masked):
    result, _spans = mask_file_names(text)
    assert result == masked and len(result) == len(text)
