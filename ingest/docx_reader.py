"""Word (.docx) → Layout: body order of paragraphs and tables, content controls, fields.

python-docx opens the package; its oxml element tree is walked directly for what the
user-facing API does not expose (content controls, legacy form fields, w14 checkboxes).
"""

from __future__ import annotations

import io

import docx

from ingest.layout import CHECKED, UNCHECKED, Cell, Layout, Line, canonical_glyphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P, _TBL, _TR, _TC, _SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
_SDT_PR, _SDT_CONTENT = W + "sdtPr", W + "sdtContent"
_R, _T, _TAB, _BR, _CR, _SYM = W + "r", W + "t", W + "tab", W + "br", W + "cr", W + "sym"
_FLDCHAR, _FFDATA, _CHECKBOX = W + "fldChar", W + "ffData", W + "checkBox"
_VAL = W + "val"
#: Inline containers whose children are read as if they were in the paragraph itself.
_INLINE_CONTAINERS = {
    W + "hyperlink", W + "smartTag", W + "customXml", W + "ins", W + "fldSimple",
    W + "moveTo", W + "dir", W + "bdo",
}
_BLOCK_CONTAINERS = {W + "customXml", W + "ins", W + "moveTo"}
_FALSE = {"0", "false", "off"}


def read_docx(data: bytes) -> Layout:
    """The lines of a .docx body (headers and footers are not read)."""
    document = docx.Document(io.BytesIO(data))
    lines: list[Line] = []
    _blocks(document.element.body, lines)
    return Layout(lines=lines, source_format="docx")


def _on(el, attr: str = _VAL) -> bool:
    """A WordprocessingML on/off property: present without val, or val not false."""
    if el is None:
        return False
    value = el.get(attr)
    if value is None:
        value = el.get(W14 + "val")
    return value is None or value.lower() not in _FALSE


def _blocks(parent, lines: list[Line]) -> None:
    for el in parent.iterchildren():
        tag = el.tag
        if tag == _P:
            _para_lines(el, lines)
        elif tag == _TBL:
            _table(el, lines)
        elif tag == _SDT:
            pr = el.find(_SDT_PR)
            if pr is not None and pr.find(W + "showingPlcHdr") is not None and _on(pr.find(W + "showingPlcHdr")):
                continue
            content = el.find(_SDT_CONTENT)
            if content is not None:
                _blocks(content, lines)
        elif tag in _BLOCK_CONTAINERS:
            _blocks(el, lines)


def _para_lines(p, lines: list[Line]) -> None:
    text = para_text(p)
    if not text.strip():
        return
    for visual in text.split("\n"):
        parts = [part.strip() for part in visual.split("\t")]
        cells = [Cell(part, float(i)) for i, part in enumerate(parts) if part]
        if cells:
            lines.append(Line(cells=cells, kind="para"))


def para_text(p) -> str:
    """The text of one paragraph: checkboxes as ☒/☐, placeholders left out, tabs kept."""
    out: list[str] = []
    _inline(p, out)
    return canonical_glyphs("".join(out))


def _inline(el, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag == _R:
            _run(child, out)
        elif tag == _SDT:
            _inline_sdt(child, out)
        elif tag in _INLINE_CONTAINERS:
            _inline(child, out)
        elif tag == _SDT_CONTENT:
            _inline(child, out)
        elif tag == MC + "AlternateContent":
            choice = child.find(MC + "Choice")
            if choice is not None:
                _inline(choice, out)


def _inline_sdt(sdt, out: list[str]) -> None:
    pr = sdt.find(_SDT_PR)
    if pr is not None:
        box = pr.find(W14 + "checkbox")
        if box is not None:
            checked = box.find(W14 + "checked")
            out.append(f" {CHECKED if _on(checked, W14 + 'val') else UNCHECKED} ")
            return
        if _on(pr.find(W + "showingPlcHdr")) and pr.find(W + "showingPlcHdr") is not None:
            if pr.find(W + "dropDownList") is None and pr.find(W + "comboBox") is None:
                out.append(" ")
                return
            # A drop-down nobody chose from still shows its printed prompt, which on some forms
            # is the option itself ("☒ Vårdcentral (välj i listan)"); a generic prompt
            # ("Välj ett objekt.") is recognised as a placeholder further on.
            content = sdt.find(_SDT_CONTENT)
            if content is not None:
                out.append(" ")
                _inline(content, out)
                out.append(" ")
            return
    content = sdt.find(_SDT_CONTENT)
    if content is not None:
        _inline(content, out)


def _run(r, out: list[str]) -> None:
    for c in r.iterchildren():
        tag = c.tag
        if tag == _T:
            if c.text:
                out.append(c.text)
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _FLDCHAR:
            if c.get(W + "fldCharType") == "begin":
                ff = c.find(_FFDATA)
                if ff is not None:
                    box = ff.find(_CHECKBOX)
                    if box is not None:
                        out.append(f" {CHECKED if _legacy_checked(box) else UNCHECKED} ")
                    dd = ff.find(W + "ddList")
                    if dd is not None:
                        out.append(" " + _dropdown_choice(dd) + " ")
        elif tag == _SYM:
            char = (c.get(W + "char") or "").lower()
            try:
                out.append(chr(int(char, 16)))
            except ValueError:
                pass
        elif tag == _SDT:  # not valid OOXML, but seen in the wild
            _inline_sdt(c, out)
        elif tag == MC + "AlternateContent":
            choice = c.find(MC + "Choice")
            if choice is not None:
                _run(choice, out)


def _dropdown_choice(dd) -> str:
    """The selected entry of a legacy FORMDROPDOWN (w:result, else w:default, else the first)."""
    entries = [e.get(_VAL) or "" for e in dd.findall(W + "listEntry")]
    chosen = dd.find(W + "result")
    if chosen is None:
        chosen = dd.find(W + "default")
    try:
        index = int(chosen.get(_VAL)) if chosen is not None else 0
    except (TypeError, ValueError):
        index = 0
    return entries[index].strip() if 0 <= index < len(entries) else ""


def _legacy_checked(box) -> bool:
    checked = box.find(W + "checked")
    if checked is not None:
        return _on(checked)
    default = box.find(W + "default")
    return default is not None and _on(default)


def _children(parent, tag):
    """Child elements with `tag`, also those wrapped in content controls or custom XML."""
    for el in parent.iterchildren():
        if el.tag == tag:
            yield el
        elif el.tag in (_SDT, W + "customXml"):
            content = el.find(_SDT_CONTENT) if el.tag == _SDT else el
            if content is not None:
                yield from _children(content, tag)


def _rows(tbl):
    return _children(tbl, _TR)


def _cells(tr):
    return _children(tr, _TC)


def _table(tbl, lines: list[Line]) -> None:
    for tr in _rows(tbl):
        tcs = list(_cells(tr))
        if any(tc.find(".//" + _TBL) is not None for tc in tcs):
            # A row holding nested tables: read each cell as a small body of its own.
            for tc in tcs:
                _blocks(tc, lines)
            continue
        cells = [Cell(_cell_text(tc), float(i)) for i, tc in enumerate(tcs)]
        if any(c.text for c in cells):
            lines.append(Line(cells=cells, kind="row"))


def _cell_text(tc) -> str:
    sub: list[Line] = []
    _blocks(tc, sub)
    return "\n".join(" ".join(c.text for c in line.cells) for line in sub).strip()
