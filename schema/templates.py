"""Form templates: each family described as data (schema/templates/<family>.toml).

A template lists how to recognise the family (scored phrases), its sections (headings
with variants, so that repeated labels such as "Enhet:" are scoped), its fields (label
variants, kind, target, options of checkbox groups), instruction lines to skip, and the
answer-due rule. Adding a family or a revision means editing a template, not code.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schema.enums import FormType, PartyCategory, Role
from schema.models import Deviation

TEMPLATE_DIR = Path(__file__).with_name("templates")

Kind = Literal["text", "date", "checkbox_group", "party_list", "boolean", "contact"]

_RECORD_FIELDS = set(Deviation.model_fields) - {"form_type", "parties", "response_due_on"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phrase(_Model):
    text: str = Field(min_length=3)
    weight: float = 1.0


class Detect(_Model):
    phrases: list[Phrase] = Field(min_length=1)
    #: The family is only chosen when its score reaches this.
    min_score: float = 5.0


class Due(_Model):
    months: int = Field(default=0, ge=0)
    days: int = Field(default=0, ge=0)


class Option(_Model):
    value: str  # the enum value / option key ("lokal", "kommun", "true")
    labels: list[str] = Field(min_length=1)
    rank: int = 0  # for multiple = "highest"
    #: Party options: the party category, or "rules" to categorise the written text.
    category: PartyCategory | Literal["rules"] | None = None
    #: Party options: the party name when nothing more specific is written.
    name: str | None = None


class Section(_Model):
    name: str
    headings: list[str] = Field(min_length=1)
    #: Text right under the heading (before any label) belongs to this field.
    value_field: str | None = None


class FieldSpec(_Model):
    name: str
    labels: list[str] = Field(default_factory=list)
    kind: Kind
    section: str | None = None
    #: A Deviation field ("description"), "party:<role>", or "contact".
    target: str
    options: list[Option] = Field(default_factory=list)
    #: Several ticked options: "join" (comma-joined, form order), "highest" (max rank), "first".
    multiple: Literal["join", "highest", "first"] = "join"
    #: Whether the value may continue over following lines (default: text, party lists, groups).
    multiline: bool | None = None

    @property
    def is_multiline(self) -> bool:
        if self.multiline is not None:
            return self.multiline
        return self.kind in ("text", "party_list", "checkbox_group", "boolean")

    @property
    def role(self) -> Role | None:
        return Role(self.target.split(":", 1)[1]) if self.target.startswith("party:") else None

    @model_validator(mode="after")
    def _check(self) -> "FieldSpec":
        if self.target != "contact" and not self.target.startswith("party:") and self.target not in _RECORD_FIELDS:
            raise ValueError(f"field {self.name!r}: unknown target {self.target!r}")
        if self.target.startswith("party:"):
            Role(self.target.split(":", 1)[1])
        if self.kind in ("checkbox_group", "boolean") and not self.options:
            raise ValueError(f"field {self.name!r}: a {self.kind} needs options")
        if self.kind == "contact" and self.target != "contact":
            raise ValueError(f"field {self.name!r}: a contact field has target 'contact'")
        return self


class CoreField(_Model):
    """A field the family's form cannot do without: missing, the form is loaded 'incomplete'."""

    field: str
    #: What the secretariat calls it, in Swedish, for the note ("datum för rapportering").
    name: str


class Template(_Model):
    family: FormType
    title: str
    revision_note: str = ""
    detect: Detect
    due: Due = Due()
    sections: list[Section] = Field(default_factory=list)
    fields: list[FieldSpec] = Field(min_length=1)
    #: Printed guidance: skipped, and they end a multi-line value.
    instructions: list[str] = Field(default_factory=list)
    #: The fields without which a form is not read reliably (its date, its description, …).
    core_fields: list[CoreField] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> "Template":
        sections = {s.name for s in self.sections}
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.family}: duplicate field names")
        if len(sections) != len(self.sections):
            raise ValueError(f"{self.family}: duplicate section names")
        for f in self.fields:
            if f.section is not None and f.section not in sections:
                raise ValueError(f"field {f.name!r}: unknown section {f.section!r}")
            if not f.labels and not any(s.value_field == f.name for s in self.sections):
                raise ValueError(f"field {f.name!r}: needs labels or a section whose value it is")
        for core in self.core_fields:
            if core.field not in names:
                raise ValueError(f"core field {core.field!r}: not a field of {self.family}")
        for s in self.sections:
            if s.value_field is not None and s.value_field not in names:
                raise ValueError(f"section {s.name!r}: unknown value_field {s.value_field!r}")
        return self

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def load_template(path: Path) -> Template:
    """One template file, validated (a bad file names the problem)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        return Template.model_validate(data)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc


@lru_cache(maxsize=4)
def load_templates(directory: Path = TEMPLATE_DIR) -> tuple[Template, ...]:
    """Every template in `directory` (one per family), sorted by file name."""
    return tuple(load_template(p) for p in sorted(directory.glob("*.toml")))


def template_for(family: FormType | str, directory: Path = TEMPLATE_DIR) -> Template:
    for t in load_templates(directory):
        if t.family == family:
            return t
    raise KeyError(family)


_PRINTED: dict[int, tuple["Template", frozenset[str]]] = {}


def printed_keys(template: Template) -> frozenset[str]:
    """The normalised printed text of a family's form: title, headings, labels of several
    words, guidance. A value line equal to one of these is the form's, not the writer's."""
    from schema.textmatch import norm_label

    cached = _PRINTED.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    texts = [template.title, *template.instructions]
    texts += [h for s in template.sections for h in s.headings]
    texts += [label for f in template.fields for label in f.labels if len(label.split()) >= 2]
    # A value may hold one sentence of a longer printed paragraph.
    texts += [part for t in template.instructions for part in re.split(r"(?<=[.!?])\s+", t) if len(part) >= 20]
    keys = frozenset(k for t in texts if (k := norm_label(t)))
    _PRINTED[id(template)] = (template, keys)
    return keys
