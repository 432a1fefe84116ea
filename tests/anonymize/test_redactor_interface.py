"""The interface the pipeline calls: Redactor.redact and Redactor.redact_record."""

import pytest

from anonymize import AnonymizeConfig, RedactedRecord, RedactionResult, Redactor
from schema.enums import EntityType, RedactionStatus
from schema.errors import ConfigError
from schema.models import Deviation, Party

TEXT = "Pojken Kalle (pnr 901211-9948) nås på 070-123 45 67 eller kalle@gmail.com, Storgatan 12, 123 45 Stockholm."


def test_when_text_redacted_then_tags_replace_findings_and_words_stay(redactor):
    result = redactor.redact(TEXT, "description")
    assert isinstance(result, RedactionResult)
    assert result.text == "Pojken [NAMN] (pnr [PERSONNUMMER]) nås på [TELEFON] eller [E-POST], [ADRESS]."


def test_when_text_redacted_then_offsets_refer_to_original_and_no_value_is_stored(redactor):
    result = redactor.redact(TEXT, "description")
    spans = [TEXT[f.start_offset:f.end_offset] for f in result.findings]
    assert spans == ["Kalle", "901211-9948", "070-123 45 67", "kalle@gmail.com", "Storgatan 12, 123 45 Stockholm"]
    assert [f.entity_type for f in result.findings] == [
        EntityType.NAME, EntityType.PERSONNUMMER, EntityType.PHONE, EntityType.EMAIL, EntityType.ADDRESS]
    dumped = str([f.model_dump() for f in result.findings])
    assert "9948" not in dumped and "Kalle" not in dumped
    assert all(f.field == "description" for f in result.findings)


def test_when_nothing_found_then_text_unchanged(redactor):
    text = "BUP Södra har inte återkopplat till socialtjänsten."
    assert redactor.redact(text, "description") == RedactionResult(text=text, findings=[])


def _deviation(**fields) -> Deviation:
    fields.setdefault("parties", [Party(role="reporting", name="BUP Södra", category="region")])
    return Deviation(form_type="bus", **fields)


def test_when_record_clean_then_status_clean(redactor):
    record = redactor.redact_record(_deviation(description="Ingen SIP hölls."), "Avvikelse BUP.docx")
    assert isinstance(record, RedactedRecord)
    assert (record.status, record.findings, record.source_name) == (RedactionStatus.CLEAN, [], "Avvikelse BUP.docx")


def test_when_record_has_personal_data_then_every_field_redacted(redactor):
    deviation = _deviation(
        description="Mamman Fatima ringde.", causes="Eva Lind svarade inte.",
        response_text="pnr 901211-9948", parties=[Party(role="counterpart", name="Kurator Eva Lind", category="kommun")],
    )
    record = redactor.redact_record(deviation, "Avvikelse Kalle Svensson.docx", known=["Eva Lind"])
    assert record.status == RedactionStatus.REDACTED
    assert record.deviation.description == "Mamman [NAMN] ringde."
    assert record.deviation.causes == "[NAMN] svarade inte."
    assert record.deviation.response_text == "pnr [PERSONNUMMER]"
    assert record.deviation.parties[0].name == "Kurator [NAMN]"
    assert record.source_name == "Avvikelse [NAMN].docx"
    assert {f.field for f in record.findings} == {"description", "causes", "response_text", "parties[0].name", "source_name"}
    assert deviation.description == "Mamman Fatima ringde."  # the input is not changed


def test_when_a_finding_is_uncertain_then_record_needs_review(redactor):
    record = redactor.redact_record(_deviation(description="Personnummer 870704-9996 stämmer inte."), "a.docx")
    assert record.status == RedactionStatus.NEEDS_REVIEW
    assert record.deviation.description == "Personnummer [PERSONNUMMER] stämmer inte."


def test_when_file_name_has_personnummer_then_it_is_tagged(redactor):
    record = redactor.redact_record(_deviation(), "avvikelse_901211-9948.pdf")
    assert record.source_name == "avvikelse_[PERSONNUMMER].pdf"


@pytest.mark.parametrize("value", [None, {}, {"review_threshold": 0.7}, AnonymizeConfig()])
def test_when_config_given_as_none_dict_or_instance_then_loaded(value):
    assert isinstance(AnonymizeConfig.load(value), AnonymizeConfig)


def test_when_config_value_wrong_then_error_names_the_setting():
    with pytest.raises(ConfigError, match="review_threshold"):
        AnonymizeConfig.load({"review_threshold": 3})
