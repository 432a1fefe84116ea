"""Generate the sample corpus: realistic filled-in forms (invented content), the expected
record of each, and rejected inputs.

    python -m sample_forms.generate [--out DIR] [--seed N] [--count-per-variant N]

Layout of DIR (default: this package's folder):
    forms/              good forms (.docx, .pdf, .eml)
    expected/           <form file>.json per good form (<eml>#<attachment>.json for e-mail)
    rejects/            inputs that must be rejected
    expected_rejects/   <reject file>.json with the error class name
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from schema.models import Deviation

from sample_forms import docx_writer, people
from sample_forms import rejects as rejects_mod
from sample_forms.eml_writer import render_eml
from sample_forms.revisions import revisions_markdown
from sample_forms.families import BUILDERS, Built, FillOptions, expected_extraction

PACKAGE_DIR = Path(__file__).resolve().parent
LAST_DAY = date(2026, 10, 31)
FIRST_DAY = date(2024, 1, 1)

DOCX_LAYOUTS = ("sdt", "legacy", "table", "plain")
PDF_LAYOUTS = ("text", "acroform")
FAMILIES = ("bus", "vastbus", "lex_heller")
FORMATS: tuple[str, ...] = ("docx", "pdf")


@dataclass
class Variant:
    family: str
    fmt: str  # "docx" | "pdf"
    layout: str

    @property
    def tag(self) -> str:
        return f"{self.fmt}-{self.layout}"


def variants(formats: tuple[str, ...] = ("docx", "pdf")) -> list[Variant]:
    out = []
    for fam in FAMILIES:
        if "docx" in formats:
            out += [Variant(fam, "docx", lay) for lay in DOCX_LAYOUTS]
        if "pdf" in formats:
            out += [Variant(fam, "pdf", lay) for lay in PDF_LAYOUTS]
    return out


def _quarter_date(rng: random.Random, k: int) -> date:
    """Reporting dates spread over 2024-01 .. 2026-10 so that every quarter has data."""
    q = k % 12
    start = date(2024 + q // 4, 3 * (q % 4) + 1, 1)
    end = min(date(start.year + (start.month + 3 > 12), (start.month + 2) % 12 + 1, 1), LAST_DAY)
    return start + timedelta(days=rng.randrange((end - start).days))


_FAMILY_FILE_WORDS = {
    "bus": ["BUS-avvikelse", "Avvikelseblankett BUS", "BUS avvikelse", "bus-avvikelse", "Avvikelse BUS-samverkan"],
    "vastbus": ["Avvikelserapport Västbus", "Västbus avvikelse", "avvikelserapport_vastbus", "Avvikelse enligt Västbus"],
    "lex_heller": ["Avvikelse i samverkan", "Lex Heller avvikelse", "avvikelse_samverkan", "Avvikelse Lex Heller"],
}


def _file_stem(rng: random.Random, family: str, reported_on: date | None, k: int) -> str:
    word = rng.choice(_FAMILY_FILE_WORDS[family])
    style = rng.randrange(4)
    if reported_on is None or style == 0:
        return f"{word} {k:02d}"
    if style == 1:
        return f"{word} {reported_on.isoformat()}"
    if style == 2:
        return f"{word}_{reported_on.strftime('%y%m%d')}_{k}"
    return f"{word} ({k})"


def _modified(d: date | None) -> datetime:
    d = d or date(2025, 1, 1)
    return datetime(d.year, d.month, d.day, 10, 30, tzinfo=timezone.utc)


def _render(built: Built, v: Variant, rng: random.Random, modified: datetime) -> bytes:
    if v.fmt == "docx":
        return docx_writer.render_docx(built.doc, v.layout, rng, modified)
    from sample_forms import pdf_writer

    return pdf_writer.render_pdf(built.doc, v.layout, rng, modified)


def _expected(name: str, built: Built, v: Variant, same_as: str | None = None, extra_pii: list[str] = ()) -> dict:
    built.record["extraction_status"], built.record["extraction_notes"] = expected_extraction(built.record)
    Deviation.model_validate(built.record)
    planted = list(built.planted)
    for s in extra_pii:
        if s not in planted:
            planted.append(s)
    return {
        "file": name,
        "form_type": built.record["form_type"],
        "source_format": v.fmt,
        "variant": f"{v.tag}-rev{built.doc.revision}",
        "record": built.record,
        "planted_pii": planted,
        "same_deviation_as": same_as,
    }


def _write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@dataclass
class FormPlan:
    variant: Variant
    content_seed: int
    reported_on: date | None
    opts: FillOptions


def _plan(rng: random.Random, v: Variant, k: int, i: int) -> FormPlan:
    reported_on: date | None = _quarter_date(rng, k)
    opts = FillOptions(
        revision="ABC"[(i + k) % 3],
        pii=k % 3 == 1,
        sparse=rng.random() < 0.25,
        bullet=rng.choice(["- ", "• ", "", "* "]),
    )
    if v.family == "bus":
        opts.answered = (reported_on + timedelta(days=80) < LAST_DAY) and rng.random() < 0.55
    if v.family == "lex_heller" and opts.sparse and rng.random() < 0.3:
        reported_on = None  # date left as "Ange datum"
    return FormPlan(v, rng.randrange(1 << 30), reported_on, opts)


def _build(plan: FormPlan) -> Built:
    fam = plan.variant.family
    return BUILDERS[fam](plan.content_seed, plan.reported_on, plan.opts)


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    n = 2
    while name in taken:
        name = f"{stem} ({n}).{ext}"
        n += 1
    taken.add(name)
    return name


def _clean(dirs: list[Path]) -> None:
    for d in dirs:
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)


def generate_corpus(out_dir: Path = PACKAGE_DIR, seed: int = 1, count_per_variant: int = 3) -> list[Path]:
    """Write the full corpus (good forms, expected records, rejects) into `out_dir`."""
    out_dir = Path(out_dir)
    forms, expected = out_dir / "forms", out_dir / "expected"
    rejects, expected_rejects = out_dir / "rejects", out_dir / "expected_rejects"
    _clean([forms, expected, rejects, expected_rejects])
    rng = random.Random(seed)
    written: list[Path] = []
    taken: set[str] = set()
    k = 0
    name_in_file = {5, 23, 41}  # a few forms whose file name carries a person's name
    for i in range(count_per_variant):
        for v in variants(FORMATS):
            plan = _plan(rng, v, k, i)
            built = _build(plan)
            wrng = random.Random(rng.randrange(1 << 30))
            extra: list[str] = []
            if k in name_in_file:
                p = people.person(wrng)
                stem = f"Avvikelse {p.name}" if k != 23 else f"{_FAMILY_FILE_WORDS[v.family][0]} gällande {p.name}"
                extra.append(p.name)
            else:
                stem = _file_stem(wrng, v.family, plan.reported_on, k)
            name = _unique(f"{stem}.{v.fmt}", taken)
            (forms / name).write_bytes(_render(built, v, wrng, _modified(plan.reported_on)))
            _write_json(expected / f"{name}.json", _expected(name, built, v, extra_pii=extra))
            written.append(forms / name)
            k += 1
    written += _same_deviation_pairs(rng, forms, expected, taken)
    written += _emails(rng, forms, expected, taken)
    written += rejects_mod.write_rejects(rejects, expected_rejects)
    (out_dir / "REVISIONS.md").write_text(revisions_markdown(), encoding="utf-8")
    written.append(out_dir / "REVISIONS.md")
    return written


def _same_deviation_pairs(rng: random.Random, forms: Path, expected: Path, taken: set[str]) -> list[Path]:
    """BUS forms sent twice: first unanswered, later with section 4 filled in."""
    out = []
    for v, reported_on, stem in [
        (Variant("bus", "docx", "sdt"), date(2025, 2, 10), "BUS-avvikelse BUP Järva"),
        (Variant("bus", "pdf", "text"), date(2024, 9, 23), "Avvikelseblankett BUS 2024-09-23"),
    ]:
        seed = rng.randrange(1 << 30)
        first_name = second_name = ""
        for answered in (False, True):
            opts = FillOptions(revision="A" if v.fmt == "docx" else "B", answered=answered, bullet="- ")
            built = BUILDERS["bus"](seed, reported_on, opts)
            name = _unique(f"{stem}{' svar' if answered else ''}.{v.fmt}", taken)
            mod = _modified(reported_on + timedelta(days=40 if answered else 0))
            (forms / name).write_bytes(_render(built, v, random.Random(seed), mod))
            if answered:
                second_name = name
            else:
                first_name = name
            _write_json(expected / f"{name}.json", _expected(name, built, v, same_as=first_name if answered else None))
            out.append(forms / name)
        assert second_name
    return out


def _emails(rng: random.Random, forms: Path, expected: Path, taken: set[str]) -> list[Path]:
    """.eml messages with one or two attached forms; one expected JSON per attachment."""
    messages = [
        dict(
            subject="VB: BUS-avvikelse", to="BUS-avvikelser@storsthlm.se",
            intro="Vidarebefordrar BUS-avvikelsen nedan för kännedom. Svar har ännu inte kommit.",
            forms=[(Variant("bus", "docx", "table"), date(2025, 5, 19), "A", "BUS-avvikelse maj.docx")],
            eml="VB BUS-avvikelse.eml",
        ),
        dict(
            subject="Avvikelser i samverkan, Höglandet", to="samverkanskoordinator@example.invalid",
            intro="Bifogar två avvikelser från vårt team. Hör av dig om något är oklart.",
            forms=[
                (Variant("lex_heller", "docx", "sdt"), date(2026, 2, 9), "B", "Avvikelse i samverkan 1.docx"),
                (Variant("lex_heller", "pdf", "acroform"), date(2026, 2, 11), "A", "Avvikelse i samverkan 2.pdf"),
            ],
            eml="Avvikelser i samverkan februari.eml",
        ),
    ]
    out = []
    for no, m in enumerate(messages, start=1):
        mrng = random.Random(rng.randrange(1 << 30))
        sender = people.person(mrng)
        s_email = people.email(mrng, sender, "example.invalid" if no == 2 else "huddinge.se")
        s_phone = people.phone(mrng)
        atts, exps = [], []
        for v, d, rev, att_name in m["forms"]:
            opts = FillOptions(revision=rev, pii=mrng.random() < 0.5, bullet="• ")
            built = BUILDERS[v.family](mrng.randrange(1 << 30), d, opts)
            atts.append((att_name, _render(built, v, random.Random(mrng.randrange(1 << 30)), _modified(d))))
            exps.append((att_name, built, v))
        eml_name = _unique(m["eml"], taken)
        sent = _modified(max(d for _, d, _, _ in m["forms"]) + timedelta(days=1))
        unit = exps[0][1].record["parties"][0]["name"]
        (forms / eml_name).write_bytes(
            render_eml(sender.name, s_email, s_phone, unit, m["to"], m["subject"], m["intro"], atts, sent, no)
        )
        for att_name, built, v in exps:
            exp = _expected(f"{eml_name}#{att_name}", built, v, extra_pii=[sender.name, s_email, s_phone])
            _write_json(expected / f"{eml_name}#{att_name}.json", exp)
        out.append(forms / eml_name)
    return out


def generate_many(out_dir: Path, n: int, seed: int = 1, expected_dir: Path | None = None) -> list[Path]:
    """N mixed good forms (all families and layouts) written flat into `out_dir`, fast.
    With `expected_dir`, the expected JSON of each is written there too."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if expected_dir is not None:
        Path(expected_dir).mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vs = variants()
    paths = []
    for k in range(n):
        v = vs[k % len(vs)]
        plan = _plan(rng, v, k, k // len(vs))
        built = _build(plan)
        name = f"form_{k:05d}_{v.family}_{v.layout}.{v.fmt}"
        wrng = random.Random(rng.randrange(1 << 30))
        path = out_dir / name
        path.write_bytes(_render(built, v, wrng, _modified(plan.reported_on)))
        if expected_dir is not None:
            _write_json(Path(expected_dir) / f"{name}.json", _expected(name, built, v))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sample_forms.generate", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=PACKAGE_DIR, help="output folder (default: sample_forms/)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count-per-variant", type=int, default=3)
    args = ap.parse_args(argv)
    paths = generate_corpus(args.out, args.seed, args.count_per_variant)
    print(f"{len(paths)} files written under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
