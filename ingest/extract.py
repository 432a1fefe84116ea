"""Template-driven extraction: pair printed labels with their values in a Layout.

The extractor knows nothing about any particular family. It walks the lines of a
`Layout`, recognises section headings and field labels from the template (tolerantly, see
`schema.textmatch`), and collects each field's value from the same line (rest of the cell,
next cells) or from the lines below, up to the next known label, heading or instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.layout import CHECKED, UNCHECKED, WRAP_BREAK, Cell, Layout, Line
from schema.enums import PartyCategory, Role
from schema.mapping import DETAIL_SEP
from schema.normalize import is_placeholder
from schema.parties import categorize
from schema.raw import RawValue
from schema.templates import FieldSpec, Option, Template
from schema.textmatch import GUIDANCE_VERBS, MAX_LABEL_WORDS, WORD_THRESHOLD, LabelIndex, norm_label, similarity

Target = tuple[str, str]  # ("section" | "field", name)

_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]?\s+\S")
_PAGE_FOOTER = re.compile(r"^(sida\s*)?\d{1,3}\s*(\(|av|/)\s*\d{1,3}\)?$", re.IGNORECASE)
_BOX_X = {"x", "[x]", "(x)", "[ x ]"}
_BOX_EMPTY = {"[ ]", "[]", "( )", "()", "[  ]"}
_INLINE_BOX = re.compile(r"\[\s*[xX]\s*\]|\[\s*\]")
_GLYPH_SPLIT = re.compile(f"([{CHECKED}{UNCHECKED}])")
#: Marks a new line among the pieces of a checkbox group (a box pairs with its own row).
ROW_BREAK = "\x00"


@dataclass(slots=True)
class Piece:
    text: str
    x0: float


@dataclass
class _Compiled:
    template: Template
    index: LabelIndex[Target]
    section_pos: dict[str, int]
    fields: dict[str, FieldSpec]
    instructions: list[str]
    option_index: dict[str, LabelIndex[Option]]
    #: Options said in other words ("Parterna är oense"), for groups whose options are values
    #: (not parties: "Eksjö kommun" is no "Kommun").
    option_words: dict[str, LabelIndex[Option]] = field(default_factory=dict)
    long_labels: tuple[tuple[str, list[Target]], ...] = ()
    #: (key, strict) → matching instruction; most lines of a form are its printed labels and
    #: guidance, the same in every copy, so the fuzzy comparison runs once per distinct line.
    instruction_cache: dict[tuple[str, bool], str | None] = field(default_factory=dict)

    def same_field(self, a: list[Target], b: list[Target]) -> bool:
        """Whether two label targets lead to one field (a section whose value that field is)."""
        return bool(self._fields_of(a) & self._fields_of(b))

    def _fields_of(self, targets: list[Target]) -> set[str]:
        out = set()
        for kind, name in targets:
            if kind == "field":
                out.add(name)
            elif (value := self.template.sections[self.section_pos[name]].value_field) is not None:
                out.add(value)
        return out


_COMPILED: dict[int, tuple[Template, _Compiled]] = {}


def _compile(template: Template) -> _Compiled:
    """The label indexes of a template, built once per template object."""
    cached = _COMPILED.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    compiled = _build(template)
    _COMPILED[id(template)] = (template, compiled)
    return compiled


def _build(template: Template) -> _Compiled:
    entries: list[tuple[str, Target]] = []
    for s in template.sections:
        entries += [(h, ("section", s.name)) for h in s.headings]
    for f in template.fields:
        entries += [(label, ("field", f.name)) for label in f.labels]
    instructions = [norm_label(i) for i in template.instructions] + [norm_label(template.title)]
    return _Compiled(
        template=template,
        index=LabelIndex(entries, by_words=True),
        section_pos={s.name: i for i, s in enumerate(template.sections)},
        fields={f.name: f for f in template.fields},
        instructions=[i for i in instructions if i],
        option_index={
            f.name: LabelIndex([(label, o) for o in f.options for label in o.labels])
            for f in template.fields if f.options
        },
        option_words={
            f.name: LabelIndex([(label, o) for o in f.options for label in o.labels], by_words=True)
            for f in template.fields if f.options and f.role is None
        },
        long_labels=_long_labels_of(template),
    )


@dataclass
class _State:
    section: int = -1
    current: FieldSpec | None = None
    label_x: float = 0.0  # left edge of the current field's label
    value_x: float | None = None  # left edge of the current value (PDF column rule)
    same_line_value: bool = False  # the value started on the label's own line
    from_row: bool = False  # ... and that line was a Word table row
    has_value: bool = False
    new_line: bool = True
    line_kind: str = ""
    last_instruction: str = ""
    label_rest: str = ""  # the not yet seen end of a label wrapped over lines
    line_no: int = 0
    #: The line of the form's first label printed as the template knows it. Printed text above
    #: it (introduction, purpose, "Hur gör man?") is read as guidance: a label there must say a
    #: known label closely in other words to count.
    anchor: int = 0
    label_line: int = -1  # the line of the current field's label
    value_line: int = -2  # the line where its value began
    #: (line number, field, piece index) of the last line that was one short piece of a value:
    #: an unknown label, if the next line turns out to be a checkbox group of its own.
    lone_piece: tuple[int, str, int] | None = None
    seen: set[str] = field(default_factory=set)
    pieces: dict[str, list[str]] = field(default_factory=dict)


def extract(layout: Layout, template: Template) -> tuple[dict[str, RawValue], dict[str, str]]:
    """(fields, contacts) of one form, keyed by the template's field names."""
    c = _compile(template)
    st = _State()
    lines = layout.lines
    if layout.source_format == "pdf":
        lines = _join_wrapped_labels(c, _without_page_furniture(lines))
    st.anchor = _first_known_label(c, lines)
    for line in lines:
        _line(c, st, line)
    return _finish(c, st)


def _without_page_furniture(lines: list[Line]) -> list[Line]:
    """PDF: the lines printed at the top or bottom of several pages alike (a running header
    "Region Stockholm | Storsthlm | BUS", a footer) are the form's, not a value's."""
    edges: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        edges.setdefault(line.page, []).append(i)
    if len(edges) < 2:
        return lines
    seen: dict[str, set[int]] = {}
    at_edge: set[int] = set()
    for page, idx in edges.items():
        for i in idx[:2] + idx[-2:]:
            at_edge.add(i)
            seen.setdefault(norm_label(lines[i].text), set()).add(page)
    furniture = {k for k, pages in seen.items() if k and len(pages) >= 2}
    return [line for i, line in enumerate(lines) if not (i in at_edge and norm_label(line.text) in furniture)]


def _first_known_label(c: _Compiled, lines: list[Line]) -> int:
    """The number (as `_State.line_no` counts) of the first line holding a label or heading
    as the template prints it (exactly, or a near spelling); 0 when there is none."""
    n = 0
    for line in lines:
        pieces = _pieces(line)
        if not pieces:
            continue
        n += 1
        for piece in pieces[:2]:
            if len(piece.text) > 120:
                continue
            # A label as printed ("Datum: …", "Datum 2024-03-05"), or closely in other words.
            if c.index.match(piece.text) is not None or c.index.word_fit(piece.text.partition(":")[0], c.same_field) >= 0.8:
                return n
    return 0


def _whole_label(c: _Compiled, text: str) -> bool:
    """`text` is a label and nothing else (a printed remark after it allowed)."""
    hit = c.index.match(text)
    if hit is None:
        return False
    rest = norm_label(hit[1].lstrip("–-—: "))
    return not rest or any(rest == ins or similarity(rest, ins) >= 0.86 for ins in c.instructions)


def _join_wrapped_labels(c: _Compiled, lines: list[Line]) -> list[Line]:
    """PDF: a label wrapped over several lines of its column becomes one piece again.

    "Beskrivning av" / "händelsen" (first cells at the same x on consecutive lines) is
    joined when the joined text is a label and the first part alone is not. The longest
    such join wins ("Beskriv möjliga orsaker, åtgärder och konsekvenser" + "av händelsen").
    """
    out = list(lines)
    i = 0
    while i < len(out):
        line = out[i]
        first = line.cells[0] if line.cells else None
        if (
            first is None or len(first.text) > 70 or c.index.is_exact(first.text) or _is_box_mark(first.text[:1])
            or first.text.rstrip().endswith(("?", ":"))  # set as a whole label ("Vad har hänt?")
        ):
            i += 1
            continue
        # A first part that only resembles a label ("Mottagande verksamhets" ~ "Mottagande
        # verksamhets svar") still joins, but only into a label printed exactly so.
        fuzzy_first = _whole_label(c, first.text)
        text, best = first.text, None
        for j in range(i + 1, min(i + 6, len(out))):
            nxt = out[j]
            if nxt.page != line.page or not nxt.cells or abs(nxt.cells[0].x0 - first.x0) > 2 or nxt.break_before:
                break
            if len(nxt.cells[0].text) > 70:
                break
            text = f"{text} {nxt.cells[0].text}"
            if c.index.is_exact(text):
                best = (j, text)
            elif _whole_label(c, nxt.cells[0].text):
                break  # the next label, not the rest of this one ("Nej" / "Bedöm allvarlighetsgraden")
            elif not fuzzy_first and _whole_label(c, text):
                best = (j, text)
            elif c.index.word_fit(nxt.cells[0].text, c.same_field) >= 0.8:
                break  # the next label in other words ("Föreslagen lösning")
            elif c.index.word_fit(text, c.same_field) >= 0.8 and c.index.word_fit(text, c.same_field) > c.index.word_fit(first.text, c.same_field):
                best = (j, text)  # a label in other words, wrapped ("Tänkbara orsaker, …" / "konsekvenser")
        if best is not None:
            j, text = best
            out[i] = Line([Cell(text, first.x0)] + line.cells[1:], line.kind, line.page, line.top)
            for k in range(i + 1, j + 1):
                out[k] = Line(out[k].cells[1:], out[k].kind, out[k].page, out[k].top)
            i = j + 1
            continue
        i += 1
    return out


def _pieces(line: Line) -> list[Piece]:
    out: list[Piece] = []
    for cell in line.cells:
        if line.kind == "row" and not cell.text.strip():
            out.append(Piece("", cell.x0))  # an empty value cell still takes its slot
            continue
        for sub in cell.text.split("\n"):
            if sub.strip():
                out.append(Piece(sub.strip(), cell.x0))
    return out


def _line(c: _Compiled, st: _State, line: Line) -> None:
    pieces = _pieces(line)
    if not pieces:
        return
    if line.kind == "pdf" and len(pieces) == 1 and _PAGE_FOOTER.match(pieces[0].text):
        return
    # A value that started beside its label in a Word table row ends with that row.
    if st.current is not None and st.from_row and (st.same_line_value or st.value_line == st.label_line):
        st.current = None
    st.line_no += 1
    st.new_line = True
    st.line_kind = line.kind
    group = _options_group(c, st, pieces)
    if group is not None and _not_another_label(c, group, pieces[0].text):
        # Boxes beside the options of a group not yet read: that group, whatever its label says.
        if _has_box(pieces[0].text):
            _drop_lone_piece(st)  # its label was the line above
        else:
            # Drop the unknown label before the boxes, keep an option printed before its box.
            pieces = pieces[next(i for i, p in enumerate(pieces) if _has_box(p.text) or _option_of(c, group, p.text)):]
        _start(st, group, line, pieces[0].x0)
    elif line.kind == "row" and _unknown_field_row(c, st, pieces):
        if st.current is not None and not st.has_value and _awaits_section_value(c, st):
            # "1. Typ av händelse" / "Kort rubrik | Utebliven ...": the section's value, under a sub-label.
            for piece in pieces[1:]:
                _add(st, piece.text, piece.x0)
            return
        st.current = None  # "Diarienummer | 2025/0142": a field of no interest ends the value
        return
    after_label = False
    for piece in pieces:
        text = _without_guidance_head(c, st, piece.text)
        if not text:
            if after_label:
                after_label = False
                _add(st, "", piece.x0)
            continue
        if _in_value_column(st, line, piece) or _box_beside_options(st, line, piece):
            _add(st, text, piece.x0)
            continue
        if _value_slot(c, st, text, after_label):
            target = None
        elif _is_instruction(c, st, text, strict=True):
            _instruction_seen(st, line, piece)
            after_label = False
            continue
        else:
            target = _label(c, st, text, alone=len(pieces) == 1)
        after_label = False
        if target is not None:
            spec, rest = target
            if spec is None:  # a heading without a field of its own
                continue
            _start(st, spec, line, piece.x0)
            st.same_line_value = bool(rest)
            st.from_row = line.kind == "row"
            if rest:
                _add(st, rest, piece.x0)
            else:
                after_label = True
            continue
        if _is_instruction(c, st, text):
            _instruction_seen(st, line, piece)
            continue
        if st.label_rest and _is_label_rest(st, text):
            continue
        if st.current is None:
            continue
        if st.value_x is not None and line.kind == "pdf" and piece.x0 < st.value_x - 6:
            if len(line.cells) == 1 and _beside_value_column(st) and _label_shaped(text):
                continue  # a remark under the label, beside the value ("Frivilligt")
            if st.current.kind in ("checkbox_group", "boolean") and any(
                q.x0 >= st.value_x - 6 and _has_box(q.text) for q in pieces
            ):
                continue  # the wrapped end of the group's label ("Västbusgrupp):") beside its next box
            st.current = None  # text in the label column that is no label: the value ended
            continue
        _add(st, text, piece.x0)


def _without_guidance_head(c: _Compiled, st: _State, text: str) -> str:
    """"Skriv kortfattat, utan namn.: Patienten …": printed guidance before a colon is the form's."""
    head, colon, tail = text.partition(":")
    if not colon or len(head) > 160:
        return text
    if _looks_like_guidance(head.strip()) or _instruction_match(c, norm_label(head), True) is not None:
        return tail.strip()
    return text


def _start(st: _State, spec: FieldSpec, line: Line, x0: float) -> None:
    """`spec`'s value begins here (after its label, or at its first box)."""
    st.current, st.value_x, st.has_value = spec, None, False
    st.label_x = x0
    st.same_line_value = st.from_row = False
    st.label_line, st.value_line = st.line_no, -2
    st.seen.add(spec.name)
    st.pieces.setdefault(spec.name, [])
    st.new_line = False


_BOX_IN_TEXT = re.compile(f"[{CHECKED}{UNCHECKED}]|\\[\\s*[xX]?\\s*\\]")


def _has_box(text: str) -> bool:
    return _is_box_mark(text) or bool(_BOX_IN_TEXT.search(text))


def _options_group(c: _Compiled, st: _State, pieces: list[Piece]) -> FieldSpec | None:
    """The one checkbox group not read yet whose options this line of boxes shows, if any."""
    if not any(_has_box(p.text) for p in pieces):
        return None
    texts = [t.strip() for p in pieces for t in _GLYPH_SPLIT.split(_INLINE_BOX.sub(" ", p.text))]
    texts = [t for t in texts if t and not _is_box_mark(t)]
    found = [
        spec for name, index in c.option_index.items()
        if (spec := c.fields[name]).kind in ("checkbox_group", "boolean")
        and any(index.is_exact(t) for t in texts)
    ]
    if not found:  # options of another revision, in other words
        found = [
            c.fields[name] for name, index in c.option_words.items()
            if c.fields[name].kind == "checkbox_group"
            and any(len(t.split()) >= 2 and index.word_fit(t) >= WORD_THRESHOLD for t in texts)
        ]
    current = st.current
    if current is not None and current in found:
        return None  # the group being read goes on
    fresh = [f for f in found if f.name not in st.seen]
    return fresh[0] if len(fresh) == 1 else None


def _not_another_label(c: _Compiled, group: FieldSpec, text: str) -> bool:
    """The first piece of a line of a group's boxes is no label, or the group's own label
    worded otherwise ("Handläggning (fylls i av den lokala Västbusgruppen) | ☒ Löst …")."""
    hit = c.index.match(text)
    return hit is None or ("field", group.name) in hit[0] and not _has_box(text)


def _option_of(c: _Compiled, spec: FieldSpec, text: str) -> Option | None:
    """The option of `spec` that `text` is (as printed, or in other words)."""
    text = text.strip()
    if not text:
        return None
    hit = c.option_index[spec.name].match(text)
    if hit is not None and not hit[1]:
        return hit[0][0]
    words = c.option_words.get(spec.name)
    if words is not None and len(text.split()) >= 2:
        hit = words.match_words(text)
        if hit is not None and words.word_fit(text) >= WORD_THRESHOLD:
            return hit[0][0]
    return None


def _awaits_section_value(c: _Compiled, st: _State) -> bool:
    """The current field is the value of the section whose heading came last."""
    return 0 <= st.section < len(c.template.sections) and c.template.sections[st.section].value_field == st.current.name


def _drop_lone_piece(st: _State) -> None:
    """The short line just above a checkbox group was its label, not the end of a value."""
    lone, st.lone_piece = st.lone_piece, None
    if lone is None or lone[0] != st.line_no - 1:
        return
    pieces = st.pieces.get(lone[1], [])
    if lone[2] < len(pieces):
        del pieces[lone[2]]


def _unknown_field_row(c: _Compiled, st: _State, pieces: list[Piece]) -> bool:
    """A Word table row "label | value" whose label the template does not know."""
    filled = [p.text for p in pieces if p.text]
    if len(filled) < 2 or (st.current is not None and st.current.kind in ("checkbox_group", "boolean")):
        return False
    head = filled[0]
    if len(head) > 60 or head.rstrip().endswith(".") or _has_box(head) or is_placeholder(head):
        return False
    if c.index.match(head) is not None or c.index.match_words(head) is not None:
        return False
    return not _is_instruction(c, st, head, strict=True) and _wrapped_label(c, _State(section=st.section), head) is None


def _in_value_column(st: _State, line: Line, piece: Piece) -> bool:
    """PDF, labels left and values right: text in the value column continues the value."""
    return (
        line.kind == "pdf" and st.current is not None and st.has_value and st.value_x is not None
        and st.value_x - st.label_x > 20 and piece.x0 >= st.value_x - 6
    )


def _box_beside_options(st: _State, line: Line, piece: Piece) -> bool:
    """PDF: a box mark just left of a checkbox group's option column belongs to the group.

    A Word table exported to PDF puts each box in a narrow cell of its own ("X" | "Nej"), so the
    box of a later row starts left of the column where the group's first option started."""
    spec = st.current
    return (
        line.kind == "pdf" and spec is not None and spec.kind in ("checkbox_group", "boolean")
        and st.value_x is not None and st.label_x + 20 < piece.x0 < st.value_x
        and _is_box_mark(piece.text)
    )


def _is_box_mark(text: str) -> bool:
    s = text.strip()
    return s in (CHECKED, UNCHECKED) or s.lower() in _BOX_X or s in _BOX_EMPTY


def _instruction_seen(st: _State, line: Line, piece: Piece) -> None:
    """Guidance after a value ends it, unless it sits in the label column beside the value."""
    if st.current is None or not st.has_value:
        return
    if line.kind == "pdf" and st.value_x is not None and piece.x0 < st.value_x - 6:
        if any(c.x0 >= st.value_x - 6 for c in line.cells) or _beside_value_column(st):
            return
        if st.value_x - st.label_x > 20 and abs(piece.x0 - st.label_x) <= 6:
            # The label's own remark under it ("Kortfattat och oidentifierat") while the value
            # runs on in its column: the value goes on; other text in the label column ends it.
            return
    st.current = None


def _beside_value_column(st: _State) -> bool:
    """PDF, labels left and values right: guidance printed under the label ("Kortfattat och
    oidentifierat") sits beside the value, whose next paragraphs follow in the value column."""
    return st.has_value and st.value_x is not None and st.value_x - st.label_x > 20


def _value_slot(c: _Compiled, st: _State, text: str, after_label: bool) -> bool:
    """The piece right after a label-only piece is its value, unless it is plainly another label."""
    if not after_label or st.current is None:
        return False
    if is_placeholder(text):
        return True
    hit = c.index.match(text)
    if hit is None:
        return True
    targets, rest, _ = hit
    if ("field", st.current.name) in targets or rest:
        return True  # "Mejladress | Mejladress": the hint repeats the label
    return False


def _add(st: _State, text: str, x0: float) -> None:
    spec = st.current
    if spec is None:
        return
    if spec.kind == "party_list" and _has_box(text):
        st.current = None  # a checkbox line ("☒ Riktlinjerna …") ends a list of parties, never joins it
        return
    if st.has_value and not spec.is_multiline:
        st.current = None
        return
    if st.value_x is None and text:
        st.value_x = x0
    if not st.has_value and text:
        st.value_line = st.line_no
    pieces = st.pieces[spec.name]
    if st.new_line and st.line_kind == "pdf" and pieces and pieces[-1] and pieces[-1] != ROW_BREAK and not _is_box_mark(text):
        if _wrapped(pieces[-1], text) or _option_text_wrapped(st, spec, x0):
            pieces[-1] = _join_wrapped(pieces[-1], text)  # a PDF line wrapped inside one paragraph
            st.new_line = False
            return
    if st.new_line and spec.kind in ("checkbox_group", "boolean"):
        pieces.append(ROW_BREAK)
    if st.new_line and len(text) <= 60 and not text.endswith("."):
        st.lone_piece = (st.line_no, spec.name, len(pieces))
    st.new_line = False
    pieces.append(text)
    st.has_value = st.has_value or bool(text.strip()) or not spec.is_multiline


def _option_text_wrapped(st: _State, spec: FieldSpec, x0: float) -> bool:
    """PDF checkbox group: a line starting right of the option column (no box, no option of its
    own) is the wrapped end of the previous row's written detail ("Vårdcentralen" / "Tranås")."""
    return spec.kind in ("checkbox_group", "boolean") and st.value_x is not None and x0 > st.value_x + 20


def _join_wrapped(previous: str, text: str) -> str:
    """Two pieces of one wrapped paragraph: "SIP-" + "kallelser" → "SIP-kallelser", but
    "Barn-" + "och ungdomspsykiatrin" keeps its space."""
    if previous.endswith("-") and previous[-2:-1].isalpha() and text[:1].islower():
        if text.split(" ", 1)[0].rstrip(",.") not in _HYPHEN_CONJUNCTIONS:
            return previous + text
    return f"{previous} {text}"


_HYPHEN_CONJUNCTIONS = {"och", "eller", "samt", "resp", "respektive", "till", "som", "men", "&"}


def _wrapped(previous: str, text: str) -> bool:
    """Whether `text` on a new PDF line continues `previous` (wrapped) rather than starting anew."""
    return previous.rstrip().endswith((",", "-", "–", "/")) or text[:1].islower()


def _label(c: _Compiled, st: _State, text: str, alone: bool = False) -> tuple[FieldSpec | None, str] | None:
    """The field (or None for a heading) that `text` is the label of, and the rest of it.

    `alone`: the text is a line of its own, which a label in other words inside a running
    value must be (short, no full stop) to end that value."""
    hit = c.index.match(text)
    if hit is not None and not hit[2] and hit[1][:1].islower():
        # "Verksamhet som berörs IFO Barn och unga": a one-word label whose words go on.
        hit = _leading_words_label(c, text, hit[0]) or hit
    if hit is None:
        wrapped = _wrapped_label(c, st, text)
        if wrapped is not None:
            return wrapped
        # Last: a label of a revision nobody described, in other words than the template's.
        hit = c.index.match_words(text, c.same_field)
        if hit is not None and not hit[1] and not text.rstrip().endswith(("?", ":")):
            # "Mottaget datum 2024-04-22": the label's words, then the value on the same line.
            hit = _leading_words_label(c, text, hit[0], one_word=True) or hit
        elif hit is None and len(text) <= 120:
            # "Ditt namn Fatima Öberg"; inside a running text only with a short value after it.
            in_text = st.current is not None and st.current.kind == "text" and st.has_value
            hit = _leading_words_label(c, text, max_words=4, short_rest=in_text)
        if hit is None:
            return None
        if st.line_no < st.anchor and c.index.word_fit(text.partition(":")[0], c.same_field) < 0.8 and not _NUMBERED.match(text):
            return None  # printed introduction above the form's first known label (a numbered question is the form's)
        if st.current is not None and st.current.kind == "text" and st.has_value and not hit[2] and not (alone and _label_shaped(text)):
            return None
        by_words = [t for t in hit[0] if t[0] == "section" or t[1] not in st.seen or c.fields[t[1]].kind == "party_list"]
        if not by_words:
            return None  # in other words, a field already read: rather nothing than a second value
        hit = (by_words, hit[1], hit[2])
    targets, rest, strong = hit
    if rest[:2] in ("– ", "- ", "— ") and rest[2:3].islower() and len(rest.split()) <= 4:
        rest = ""  # "Rapporterande enhet – kontaktuppgifter": a heading's remark, not a value
    if rest and any(t[0] == "field" for t in targets):
        # "Rapporterande verksamhet: Familjebehandlingen": a value follows, so not the heading
        # of the same words but the field.
        targets = [t for t in targets if t[0] == "field" or c.template.sections[c.section_pos[t[1]]].value_field]
    if not strong and rest and not any(ch.isdigit() for ch in rest):
        # "Datum då avvikelsen rapporterades": a one-word label ("Datum") begins a longer one.
        other = c.index.match_words(text, c.same_field)
        if other is not None and (set(other[0]) != set(targets) or c.index.word_fit(text, c.same_field) >= 0.7):
            targets, rest, strong = other
    if not strong and _is_instruction(c, st, text):
        return None  # "händelse. Ange namn och ..." is the wrapped end of printed guidance
    if rest and _is_instruction(c, st, rest.lstrip("–-—: ")):
        rest = ""  # "Beskriv avvikelsen – Kortfattat och oidentifierat"
    spec = st.current
    if not strong and spec is not None and spec.kind == "text" and st.has_value and not (alone and not rest and _label_shaped(text)):
        return None  # "Datum för mötet ..." inside a description is text, not the "Datum" label
    chosen = _resolve(c, st, targets, allow_jump=strong)
    if chosen is None:
        return None
    kind, name = chosen
    st.label_rest = ""
    if kind == "section":
        pos = c.section_pos[name]
        st.section = pos
        value_field = c.template.sections[pos].value_field
        if value_field is not None:
            spec = c.fields[value_field]
            return spec, rest
        st.current = None
        return None, ""
    spec = c.fields[name]
    if spec.section is not None:
        st.section = max(st.section, c.section_pos[spec.section])
    return spec, rest


def _resolve(c: _Compiled, st: _State, targets: list[Target], allow_jump: bool = True) -> Target | None:
    """Among the targets sharing a label, the one the current section makes sensible.

    A weak match (one-word label, no colon) may not move on to a later section: in
    "Enhetschef Linnea Holm, tel. ..." under another label it is a value."""
    def sec_of(t: Target) -> int:
        if t[0] == "section":
            return c.section_pos[t[1]]
        s = c.fields[t[1]].section
        return -1 if s is None else c.section_pos[s]

    fields = [t for t in targets if t[0] == "field"]
    here = [t for t in fields if sec_of(t) == st.section or c.fields[t[1]].section is None]
    fresh_here = [t for t in here if t[1] not in st.seen or c.fields[t[1]].kind == "party_list"]
    if fresh_here:
        return fresh_here[0]
    later = sorted((t for t in targets if sec_of(t) > st.section), key=lambda t: (sec_of(t), t[0] != "section"))
    if later and allow_jump:
        return later[0]
    if here:
        return here[0]
    again = [t for t in targets if t[0] == "section" and sec_of(t) == st.section]
    if again and c.template.sections[st.section].value_field is not None:
        return again[0]  # the heading repeated as the label of its own value ("Berörda verksamheter")
    return None  # a label of an earlier section: not a value, not a field here


_REMARK_AT_START = re.compile(r"^\([^()]{0,80}\)\s*:?\s*")


def _value_start(rest: str) -> bool:
    """Whether `rest` (after a label on the same line) looks like the start of a value."""
    first = rest.split(" ", 1)[0]
    return not rest or rest[:1].isupper() or rest[:1].isdigit() or rest[:1] == "+" or "@" in first


def _leading_words_label(
    c: _Compiled, text: str, prefix: list[Target] | None = None, max_words: int = MAX_LABEL_WORDS + 1,
    short_rest: bool = False, one_word: bool = False,
) -> tuple[list[Target], str, bool] | None:
    """A label said in other words at the start of `text`, and the value after it on the same
    line. A value starts with a capital or a digit ("IFO Barn och unga", "2024-04-22"); a label
    going on starts in lower case ("som berörs"). With `prefix` (the targets of a one-word label
    the text starts with), the words may also just go on saying that label ("Arbetsgivare du
    representerar")."""
    words = text.split()
    # The shortest head after which a value starts: "Verksamhet som berörs | BUP Nacka", not
    # "Verksamhet som berörs BUP | Nacka".
    for n in range(1, min(len(words), max_words) + 1):
        rest = _REMARK_AT_START.sub("", " ".join(words[n:]), count=1)  # "(valfritt)" belongs to the label
        if is_placeholder(rest):
            rest = ""  # "Lokal grupp (kommun/område) Klicka här för att ange text.": the label, left empty
        if not _value_start(rest) or n == 1 and prefix is not None and not one_word:
            continue
        if short_rest and (len(rest.split()) > 6 or rest.rstrip().endswith((".", "!", "?"))):
            continue  # "Avvikelsen gäller Mohammed …, personnummer …": a sentence, not label and value
        head = " ".join(words[:n])
        if head.endswith((".", ",", ";")) or any(ch.isdigit() for ch in head):
            continue  # a label ends before a sentence's end, and holds no number
        hit = c.index.match_words(head, c.same_field)
        if hit is None:
            continue
        agrees = prefix is not None and any(t in prefix for t in hit[0])
        if agrees or c.index.word_fit(head, c.same_field) >= (0.8 if prefix is not None or not rest else 0.6):
            return hit[0], rest, True
    return None


def _label_shaped(text: str) -> bool:
    """Short and without a sentence's end: how a label looks on a line of its own."""
    return len(text.split()) <= 6 and not text.rstrip().endswith((".", "!", ",", ";"))


def _wrapped_label(c: _Compiled, st: _State, text: str) -> tuple[FieldSpec | None, str] | None:
    """A long label wrapped over two lines: its first line is a prefix of the label."""
    key = norm_label(text)
    if len(key) < 18 or " " not in key:
        return None
    for target_key, targets in _long_labels(c):
        if target_key.startswith(key) and len(key) >= len(target_key) * 0.4:
            chosen = _resolve(c, st, targets)
            if chosen is None or chosen[0] != "field":
                continue
            st.label_rest = target_key[len(key):].strip()
            spec = c.fields[chosen[1]]
            if spec.section is not None:
                st.section = max(st.section, c.section_pos[spec.section])
            return spec, ""
    return None


def _long_labels_of(template: Template) -> tuple[tuple[str, list[Target]], ...]:
    out: dict[str, list[Target]] = {}
    for f in template.fields:
        for label in f.labels:
            k = norm_label(label)
            if len(k) >= 30:
                out.setdefault(k, []).append(("field", f.name))
    return tuple(out.items())


def _long_labels(c: _Compiled) -> tuple[tuple[str, list[Target]], ...]:
    return c.long_labels


def _is_label_rest(st: _State, text: str) -> bool:
    key = norm_label(text)
    if key and st.label_rest.startswith(key):
        st.label_rest = st.label_rest[len(key):].strip()
        return True
    st.label_rest = ""
    return False


def _instruction_match(c: _Compiled, key: str, strict: bool = False) -> str | None:
    """The instruction `key` is (strict: all of it; else also a wrapped piece of it)."""
    try:
        return c.instruction_cache[(key, strict)]
    except KeyError:
        pass
    if len(c.instruction_cache) > 50_000:
        c.instruction_cache.clear()
    hit = c.instruction_cache[(key, strict)] = _instruction_search(c, key, strict)
    return hit


def _looks_like_guidance(text: str) -> bool:
    """A short imperative sentence: printed help text of a revision the template does not list."""
    words = text.strip().lower().split()
    return 2 <= len(words) <= 16 and words[0].rstrip(":!,") in GUIDANCE_VERBS and text.rstrip().endswith((".", ")", "!"))


def _instruction_search(c: _Compiled, key: str, strict: bool) -> str | None:
    if len(key) < 4:
        return None
    for ins in c.instructions:
        if key == ins or key.startswith(ins) or similarity(key, ins) >= 0.86:
            return ins
        if not strict and len(key) >= 12 and key in ins:
            return ins
    return None


def _is_instruction(c: _Compiled, st: _State, text: str, strict: bool = False) -> bool:
    """Printed guidance (or a wrapped piece of it). `strict`: only the whole instruction."""
    key = norm_label(text)
    hit = _instruction_match(c, key, strict)
    if hit is None and _looks_like_guidance(text):
        hit = key
    if hit is not None:
        st.last_instruction = hit
        return True
    if strict:
        return False
    if len(key) < 4:
        return bool(st.last_instruction) and key in st.last_instruction and len(key) > 1
    if st.last_instruction and key in st.last_instruction:
        return True
    st.last_instruction = ""
    return False


# --- values ---------------------------------------------------------------------------


def _finish(c: _Compiled, st: _State) -> tuple[dict[str, RawValue], dict[str, str]]:
    fields: dict[str, RawValue] = {}
    contacts: dict[str, str] = {}
    for name, pieces in st.pieces.items():
        spec = c.fields[name]
        # A list of parties is one per line; the reporting party is one, however it wraps.
        pieces = _unwrapped(pieces, one_per_line=spec.kind == "party_list" and spec.role is not Role.REPORTING)
        if spec.kind == "contact":
            text = "\n".join(p for p in pieces if p and not is_placeholder(p)).strip()
            if text:
                contacts[name] = text
        elif spec.kind in ("checkbox_group", "boolean"):
            fields[name] = ticked_options(pieces, spec, c.option_index[name], c.option_words.get(name))
        elif spec.kind == "party_list":
            fields[name] = [p for p in pieces if p]
        elif spec.kind == "date":
            fields[name] = next((p for p in pieces if p and not is_placeholder(p)), None)
        else:
            fields[name] = "\n".join(pieces).strip() or None
    return fields, contacts


def _unwrapped(pieces: list[str], one_per_line: bool) -> list[str]:
    """PDF lines wrapped before a capital (WRAP_BREAK): one text, or in a list written one
    entry per line, one entry each (and entries run together with a comma apart)."""
    if one_per_line:
        return [entry for p in pieces for part in p.split(WRAP_BREAK) for entry in _comma_listed(part)]
    return [p.replace(WRAP_BREAK, " ") for p in pieces]


def _comma_listed(text: str) -> list[str]:
    """The parties of a list entry that holds several, a comma apart: a content control's
    lines run together in a PDF export ("BUP Kungälv, Socialtjänsten i Vara kommun"). Only
    names of different kinds of party are taken apart; "Socialtjänsten, Lerums kommun" (a
    unit and its municipality) and "BUP, Region Jönköpings län" stay one."""
    parts = [p.strip() for p in text.split(", ")]
    if len(parts) < 2 or not all(parts):
        return [text]
    kinds = [categorize(p) for p in parts]
    if PartyCategory.ANNAN in kinds or len(set(kinds)) < len(kinds):
        return [text]
    return parts


def _tokens(pieces: list[str]) -> list[tuple[str, str | bool]]:
    """("g", checked) for a box, ("t", text) for text, in reading order."""
    out: list[tuple[str, str | bool]] = []
    for piece in pieces:
        s = piece.strip()
        if not s:
            continue
        if piece == ROW_BREAK:
            out.append(("r", ""))
            continue
        if s.lower() in _BOX_X:
            out.append(("g", True))
            continue
        if s in _BOX_EMPTY:
            out.append(("g", False))
            continue
        s = _INLINE_BOX.sub(lambda m: CHECKED if "x" in m[0].lower() else UNCHECKED, s)
        for part in _GLYPH_SPLIT.split(s):
            part = part.strip()
            if part == CHECKED:
                out.append(("g", True))
            elif part == UNCHECKED:
                out.append(("g", False))
            elif part:
                out.append(("t", part))
    return out


def _beside_box(tokens: list[tuple[str, str | bool]], i: int) -> bool:
    return i > 0 and tokens[i - 1][0] == "g" or i + 1 < len(tokens) and tokens[i + 1][0] == "g"


def _option_for_party(spec: FieldSpec, name: str) -> Option | None:
    """The option of a party group that a written party name belongs under: the one of its
    category (kommun, region, …), else the free one ("Annan", categorised by the rules)."""
    if len(name) < 3 or not any(ch.isalpha() for ch in name):
        return None
    category = categorize(name)
    by_category = [o for o in spec.options if o.category == category]
    if by_category:
        return by_category[0]
    return next((o for o in spec.options if o.category == "rules"), None)


def ticked_options(
    pieces: list[str], spec: FieldSpec, index: LabelIndex[Option], words: LabelIndex[Option] | None = None,
) -> list[str]:
    """The values of the ticked options, in form order ("value" or "value: written detail").

    A box pairs with the option text right after it ("☒ Ja"), or right before it when the
    form puts boxes after the options ("Ja ☒"); never across a line.
    """
    tokens = _tokens(pieces)
    matches: dict[int, tuple[Option, str]] = {}
    for i, (kind, val) in enumerate(tokens):
        if kind == "t":
            hit = index.match(str(val))
            if hit is not None:
                matches[i] = (hit[0][0], hit[1])
            elif words is not None and len(str(val).split()) >= 2 and words.word_fit(str(val)) >= WORD_THRESHOLD:
                matches[i] = (words.match_words(str(val))[0][0], "")  # an option in other words
            elif spec.role is not None and _beside_box(tokens, i) and not is_placeholder(str(val)):
                # A drop-down showing its chosen value in place of the option ("☒ Aneby kommun"):
                # the written party, under the option of its category.
                option = _option_for_party(spec, str(val))
                if option is not None:
                    matches[i] = (option, str(val))
    if not matches:
        return []
    if not any(k == "g" for k, _ in tokens):
        # No boxes at all: an answer written as text ("Ja"), only if unambiguous.
        whole = [m for m in matches.values() if not m[1]]
        return [whole[0][0].value] if len(matches) == 1 and whole else []
    glyph_after = False
    for i in sorted(matches):
        if i > 0 and tokens[i - 1][0] == "g":
            break
        if i + 1 < len(tokens) and tokens[i + 1][0] == "g":
            glyph_after = True
            break
    out: list[str] = []
    for i, (option, rest) in sorted(matches.items()):
        j = i + 1 if glyph_after else i - 1
        if not glyph_after and j > 0 and tokens[j][0] == "r" and tokens[j - 1][0] == "g":
            j -= 1  # a line of inline options wrapped between a box and its option
        if not (0 <= j < len(tokens) and tokens[j] == ("g", True)):
            continue
        detail = [rest] if rest else []
        k = i + (2 if glyph_after else 1)
        while k < len(tokens) and tokens[k][0] == "t" and k not in matches:
            detail.append(str(tokens[k][1]))
            k += 1
        text = " ".join(d for d in detail if d and not is_placeholder(d)).strip()
        value = option.value + (DETAIL_SEP + text if text and option.category is not None else "")
        if value not in out:
            out.append(value)
    return out
