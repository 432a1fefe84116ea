"""What `ingest` hands on: the fields of one form as written, before any normalisation.

`ingest` pairs labels with values using a family's template (`schema/templates/`) and
produces one `RawForm` per form (an .eml with two attached forms gives two).
`schema.mapping` turns a `RawForm` into a `Deviation`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schema.enums import FormType

#: A raw value: text as written, the ticked options of a checkbox group, the entries of a
#: party list, or None when the field is absent from this revision of the form.
RawValue = str | list[str] | None


class RawForm(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    form_type: FormType
    source_format: str  # "docx" | "pdf" | "image" (an .eml attachment has the attachment's format)
    source_name: str  # file name as received; for an .eml attachment, the attachment's name
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")  # of this form's own bytes
    fields: dict[str, RawValue] = Field(default_factory=dict)
    #: Staff contact details (reporter, unit manager, "who can give the child's identity").
    #: Read so that the redaction check knows these strings; never stored.
    contacts: dict[str, str] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)  # Swedish notes on what the reader could not read reliably
    #: The text was read from a scanned image by OCR (`ingest.ocr`).
    read_by_ocr: bool = False
