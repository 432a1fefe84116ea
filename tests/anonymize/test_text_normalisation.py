"""Text is normalised before the detectors (NFC, invisible characters out) and the redaction
still applies to the text as written."""

import unicodedata

import pytest

from anonymize.normalize import normalise

SHY, ZWSP, RLM = "\u00ad", "\u200b", "\u200f"


@pytest.mark.parametrize(
    "written, read",
    [
        (unicodedata.normalize("NFD", "Åsa Öberg"), "Åsa Öberg"),
        ("Jose\u0301 Nun\u0303ez", "José Nuñez"),
        (f"Kal{SHY}le Svens{ZWSP}son", "Kalle Svensson"),
        (f"{RLM}Yasmin{RLM}", "Yasmin"),
        ("Vanlig text utan något särskilt.", "Vanlig text utan något särskilt."),
    ],
)
def test_when_normalised_then_detectors_read_plain_nfc(written, read):
    assert normalise(written).text == read


def test_when_span_mapped_back_then_it_covers_the_written_characters():
    written = f"Mamman Kal{SHY}le Jose\u0301 ringde."
    norm = normalise(written)
    start = norm.text.index("Kalle")
    end = norm.text.index("José") + len("José")
    s, e = norm.span(start, end)
    assert written[s:e] == f"Kal{SHY}le Jose\u0301"


@pytest.mark.parametrize(
    "written",
    [
        unicodedata.normalize("NFD", "Eleven Åsa Öberg har inte fått stöd."),
        f"Eleven Kal{SHY}le Svens{ZWSP}son har inte fått stöd.",
        "Eleven Jose\u0301 Nun\u0303ez har inte fått stöd.",
    ],
)
def test_when_name_written_with_invisible_or_combining_characters_then_redacted_whole(redactor, written):
    result = redactor.redact(written, "description")
    assert unicodedata.normalize("NFC", result.text) == "Eleven [NAMN] har inte fått stöd."


def test_when_file_name_decomposed_then_name_redacted_and_suffix_kept(redactor):
    name = unicodedata.normalize("NFD", "Avvikelse Åsa Öberg.docx")
    assert redactor.redact(name, "source_name").text == "Avvikelse [NAMN].docx"
