"""The sample corpus: deterministic, valid, openable, and the committed copy up to date."""

from __future__ import annotations

import email
import io
import json
import random
import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import pdfplumber
import pytest
from pypdf import PdfReader

import schema.errors as errors
from schema.models import Deviation
from sample_forms import people
from sample_forms.dates import add_months
from sample_forms.families import split_party_list
from sample_forms.generate import PACKAGE_DIR, generate_corpus, generate_many
from sample_forms.revisions import revisions_markdown

COMMITTED = PACKAGE_DIR


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, seed=1)
    return out


def _expected(root: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "expected").glob("*.json"))}


def _docx_text(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")

    def dropdown(m: re.Match) -> str:  # legacy FORMDROPDOWN: the choice is an index, not text
        entries = re.findall(r'<w:listEntry w:val="([^"]*)"/>', m.group(0))
        idx = re.search(r'<w:result w:val="(\d+)"/>', m.group(0))
        return f"<w:t>{entries[int(idx.group(1)) if idx else 0]}</w:t>"

    xml = re.sub(r"<w:ddList>.*?</w:ddList>", dropdown, xml)
    xml = re.sub(r"<w:(br|tab)/>|</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    values = [str(f.get("/V")) for f in fields.values() if f.get("/V")]
    return text + "\n" + "\n".join(values)


def _form_text(name: str, data: bytes) -> str:
    if name.endswith(".docx"):
        d = docx.Document(io.BytesIO(data))  # python-docx must open it
        assert d.paragraphs or d.tables
        return _docx_text(data)
    if name.endswith(".pdf"):
        return _pdf_text(data)
    raise AssertionError(name)


def _attachments(data: bytes) -> dict[str, bytes]:
    msg = email.message_from_bytes(data)
    return {part.get_filename(): part.get_payload(decode=True) for part in msg.walk() if part.get_filename()}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_deterministic(fresh: Path, tmp_path: Path) -> None:
    generate_corpus(tmp_path, seed=1)
    assert _expected(tmp_path) == _expected(fresh)
    for sub in ("forms", "rejects"):
        for a in sorted((fresh / sub).iterdir()):
            b = tmp_path / sub / a.name
            if sub == "forms" and a.suffix == ".pdf":
                assert _pdf_text(a.read_bytes()) == _pdf_text(b.read_bytes()), a.name
            assert a.read_bytes() == b.read_bytes(), a.name  # fixed timestamps and ids


def test_committed_corpus_is_up_to_date(fresh: Path) -> None:
    for sub in ("forms", "expected", "rejects", "expected_rejects"):
        assert sorted(p.name for p in (COMMITTED / sub).iterdir()) == sorted(p.name for p in (fresh / sub).iterdir()), sub
    assert _expected(COMMITTED) == _expected(fresh), "run: python -m sample_forms.generate"
    for p in (fresh / "expected_rejects").iterdir():
        assert p.read_text(encoding="utf-8") == (COMMITTED / "expected_rejects" / p.name).read_text(encoding="utf-8")
    assert (COMMITTED / "REVISIONS.md").read_text(encoding="utf-8") == revisions_markdown()


def test_expected_records_validate_and_follow_the_rules() -> None:
    exp = _expected(COMMITTED)
    assert 50 <= len(exp) <= 90
    fields = set(Deviation.model_fields)
    for name, e in exp.items():
        rec = e["record"]
        assert set(rec) == fields, name
        Deviation.model_validate(rec)
        assert e["form_type"] == rec["form_type"]
        assert name == f"{e['file']}.json"
        assert e["planted_pii"], name
        if rec["reported_on"]:
            rep = date.fromisoformat(rec["reported_on"])
            due = date.fromisoformat(rec["response_due_on"])
            if rec["form_type"] == "bus":
                assert due == add_months(rep, 2)
            else:
                assert (due - rep).days == 60
        else:
            assert rec["response_due_on"] is None
        assert any(p["role"] == "reporting" for p in rec["parties"]) or rec["form_type"] != "bus"
        if e["same_deviation_as"]:
            first = exp[e["same_deviation_as"] + ".json"]["record"]
            assert first["description"] == rec["description"] and first["response_text"] is None
            assert rec["response_text"]


def test_corpus_variety() -> None:
    exp = list(_expected(COMMITTED).values())
    variants = {(e["form_type"], e["variant"].rsplit("-rev", 1)[0]) for e in exp}
    assert len(variants) == 3 * 6
    assert {e["variant"][-1] for e in exp} == {"A", "B", "C"}  # C: reworded, listed in no template
    quarters = {(r["reported_on"][:4], (int(r["reported_on"][5:7]) - 1) // 3) for r in (e["record"] for e in exp) if r["reported_on"]}
    assert len(quarters) >= 11
    bus = [e["record"] for e in exp if e["form_type"] == "bus"]
    assert any(r["response_text"] for r in bus) and any(not r["response_text"] for r in bus)
    assert sum(1 for e in exp if any(people.luhn_valid(re.sub(r"\D", "", p)[-10:]) and len(re.sub(r"\D", "", p)) in (10, 12) and not p.startswith(("0", "+")) for p in e["planted_pii"])) >= 5
    assert any(len([p for p in r["parties"] if p["role"] == "counterpart"]) >= 2 for r in (e["record"] for e in exp))


def test_good_forms_open_and_contain_what_is_expected() -> None:
    exp = _expected(COMMITTED)
    seen = set()
    for path in sorted((COMMITTED / "forms").iterdir()):
        data = path.read_bytes()
        if path.suffix == ".eml":
            parts = _attachments(data)
            assert parts
            body = email.message_from_bytes(data).get_payload()[0].get_payload(decode=True).decode()
            items = [(f"{path.name}#{n}", _form_text(n, b) + body) for n, b in parts.items()]
        else:
            items = [(path.name, _form_text(path.name, data))]
        for key, text in items:
            e = exp[f"{key}.json"]
            seen.add(key)
            flat = _squash(text)
            # a two-column PDF table interleaves label and value lines in the text layer,
            # so for PDFs only the words are required, in any order
            words = set(text.split())

            def present(value: str) -> bool:
                if key.endswith(".pdf") and e["source_format"] == "pdf":
                    return all(w in words or w in flat for w in value.split())
                return _squash(value) in flat

            for s in e["planted_pii"]:
                assert present(s) or s in key, (key, s)
            rec = e["record"]
            for f in ("description", "event_type", "proposed_action", "causes", "response_text"):
                if rec[f] and not (f == "event_type" and rec["form_type"] == "vastbus"):
                    assert present(rec[f]), (key, f)
            for p in rec["parties"]:
                assert present(p["name"]) or p["name"] in ("Kommun", "Vårdcentral", "Psykiatrin", "Annan"), (key, p)
    assert seen == {e["file"] for e in exp.values()}


def test_rejects() -> None:
    names = sorted(p.name for p in (COMMITTED / "rejects").iterdir())
    assert len(names) >= 13
    for name in names:
        e = json.loads((COMMITTED / "expected_rejects" / f"{name}.json").read_text(encoding="utf-8"))
        assert e["file"] == name
        assert issubclass(getattr(errors, e["error"]), errors.Rejected)
    bomb = COMMITTED / "rejects" / "Avvikelse stor bilaga.docx"
    assert bomb.stat().st_size < 1024 * 1024
    assert sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()) > 200 * 1024 * 1024
    enc = PdfReader(COMMITTED / "rejects" / "BUS-avvikelse lösenord.pdf")
    assert enc.is_encrypted
    with pdfplumber.open(COMMITTED / "rejects" / "Inskannad avvikelse.pdf") as pdf:
        assert not (pdf.pages[0].extract_text() or "").strip() and pdf.pages[0].images


def test_corpus_size() -> None:
    total = sum(p.stat().st_size for sub in ("forms", "expected", "rejects", "expected_rejects") for p in (COMMITTED / sub).iterdir())
    assert total < 10 * 1024 * 1024


@pytest.mark.parametrize("style", people.PNR_STYLES)
def test_personnummer_luhn(style: str) -> None:
    rng = random.Random(style)
    for _ in range(200):
        pnr = people.personnummer(rng, style)
        digits = re.sub(r"\D", "", pnr)
        ten = digits[-10:]
        assert people.luhn_valid(ten), pnr
        day = int(ten[4:6])
        assert (61 <= day <= 91) if style == "samordning" else (1 <= day <= 31)


def test_luhn_known_value() -> None:
    # The Skatteverket example 811218-9876
    assert people.luhn_check_digit("811218987") == 6
    assert people.luhn_valid("8112189876")


def test_split_party_list() -> None:
    assert split_party_list("Socialtjänsten, Lerums kommun") == ["Socialtjänsten, Lerums kommun"]
    assert split_party_list("• BUP Mölndal\n• Elevhälsan; Vårdcentralen Lerum") == ["BUP Mölndal", "Elevhälsan", "Vårdcentralen Lerum"]


def test_generate_many(tmp_path: Path) -> None:
    paths = generate_many(tmp_path / "f", 20, seed=3, expected_dir=tmp_path / "e")
    assert len(paths) == 20 and all(p.exists() and p.stat().st_size for p in paths)
    assert len(list((tmp_path / "e").glob("*.json"))) == 20
    assert [p.read_bytes() for p in generate_many(tmp_path / "g", 3, seed=3)][0][:100] == paths[0].read_bytes()[:100]
