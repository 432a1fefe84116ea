"""Limits for reading one file (settable from avvik.toml through the pipeline)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MIB = 1024 * 1024


class ReadLimits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_bytes: int = Field(default=20 * MIB, gt=0)
    #: Sum of the uncompressed sizes of a .docx's zip members.
    max_unpacked_bytes: int = Field(default=200 * MIB, gt=0)
    #: Uncompressed/compressed ratio above which a (large) zip member counts as a bomb.
    max_compression_ratio: float = Field(default=200.0, gt=1)
    #: Members smaller than this are never judged by ratio (XML compresses very well).
    ratio_check_min_bytes: int = Field(default=4 * MIB, ge=0)
    #: A single XML part of a .docx (document.xml, styles.xml, …) may inflate to at most this;
    #: checked on the bytes actually inflated, not on what the zip headers claim.
    max_xml_part_bytes: int = Field(default=48 * MIB, gt=0)
    #: Paragraphs in a .docx's body: a form has a few hundred; 200 000 take minutes to parse.
    max_docx_paragraphs: int = Field(default=20_000, gt=0)
    max_pdf_pages: int = Field(default=60, gt=0)
    max_attachments: int = Field(default=50, gt=0)
    #: Forwarded mails nested in a mail (a message/rfc822 part or an attached .eml) that are
    #: read; a deeper mail is rejected. Forward chains in daily work stay well below this.
    max_eml_depth: int = Field(default=10, ge=1)

    @classmethod
    def of(cls, value: "ReadLimits | dict | None") -> "ReadLimits":
        """Accepts None (defaults), a dict of settings or an instance."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        return cls.model_validate(value)
