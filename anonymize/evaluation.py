"""Precision and recall of the redaction check on the labelled corpus (anonymize/eval/).

`avvik eval-pii` and `python -m anonymize.evaluation` print, for the dev half, the held-out
half and the styles set (every `eval/styles/*.jsonl`: names and numbers written in other styles -
capitals, lower case, other scripts, particles, second mentions - reported on its own), per
entity type: gold spans, predicted spans, precision, recall, and "leaked" — gold spans
with any character left unredacted (whatever type the covering finding had).

Matching: a gold span is found when a finding of the same type overlaps it; a finding is
correct when it overlaps a gold span of the same type.

A second report runs over the sample forms (`sample_forms/expected/*.json`, when present): each
expected record goes through `Redactor.redact_record` with no known contacts (the detectors
alone) and the file name as source name. It counts
- leaks: a `planted_pii` string that survives anywhere in the redacted record, or one of its
  occurrences in a field that is not wholly covered by findings;
- false positives: findings in a party name, a free-text field or the file name that overlap no
  planted string, and the party names they alter wrongly.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from schema.enums import EntityType

EVAL_DIR = Path(__file__).resolve().parent / "eval"
HALVES = ("dev", "heldout")
#: The held-out set written in other styles (case, scripts, particles, second mentions, number
#: variants): every eval/styles/*.jsonl, read as one set and reported on its own.
STYLES = "styles"
#: The expected records of the sample forms, when run from the repository.
FORMS_DIR = Path(__file__).resolve().parent.parent / "sample_forms" / "expected"


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    found: int = 0          # gold spans matched (recall numerator)
    correct: int = 0        # predictions matched (precision numerator)
    leaked: int = 0         # gold spans not fully covered by any finding

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


@dataclass
class Report:
    half: str
    sentences: int
    by_type: dict[EntityType, Counts] = field(default_factory=lambda: {e: Counts() for e in EntityType})
    #: names with a part absent from the lexicons: (gold, found) - recall from context alone
    unknown_names: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[tuple[str, str, str]] = field(default_factory=list)       # (id, entity, text)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)


def load_half(half: str, directory: Path = EVAL_DIR) -> list[dict]:
    with (directory / f"{half}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_styles(directory: Path = EVAL_DIR / STYLES) -> list[dict]:
    """Every row of every eval/styles/*.jsonl (same line format as heldout.jsonl), in file order."""
    rows: list[dict] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def load_set(name: str) -> list[dict]:
    """A half of the labelled corpus, or the styles set."""
    return load_styles() if name == STYLES else load_half(name)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _outside_lexicon(name: str) -> bool:
    from anonymize.lexicon import load_lexicon

    lexicon = load_lexicon()
    parts = [p.lower() for p in name.replace("-", " ").split()]
    parts = [p[:-1] if p.endswith("s") and p[:-1] in lexicon.first_names else p for p in parts]
    return any(p not in lexicon.first_names and p not in lexicon.proper_nouns for p in parts)


def evaluate(redactor, rows: list[dict], half: str) -> Report:
    report = Report(half=half, sentences=len(rows))
    for row in rows:
        text = row["text"]
        found = redactor.find(text)
        predicted = [(start, end, entity) for start, end, entity, _score, _det in found]
        covered = [False] * len(text)
        for start, end, _entity in predicted:
            for i in range(start, end):
                covered[i] = True
        for span in row["spans"]:
            entity = EntityType(span["entity"])
            gold = (span["start"], span["end"])
            counts = report.by_type[entity]
            counts.gold += 1
            hit = any(e == entity and _overlap(gold, (s, t)) for s, t, e in predicted)
            if entity is EntityType.NAME and _outside_lexicon(text[gold[0]:gold[1]]):
                report.unknown_names[0] += 1
                report.unknown_names[1] += hit
            if hit:
                counts.found += 1
            else:
                report.misses.append((row["id"], entity.value, text[gold[0]:gold[1]]))
            if not all(covered[gold[0]:gold[1]]):
                counts.leaked += 1
        for start, end, entity in predicted:
            counts = report.by_type[entity]
            counts.predicted += 1
            if any(EntityType(g["entity"]) == entity and _overlap((start, end), (g["start"], g["end"]))
                   for g in row["spans"]):
                counts.correct += 1
            else:
                report.false_alarms.append((row["id"], entity.value, text[start:end]))
    return report


def format_report(report: Report) -> str:
    lines = [f"{report.half}: {report.sentences} sentences",
             f"  {'entity':<13}{'gold':>6}{'pred':>6}{'precision':>11}{'recall':>9}{'leaked':>8}"]
    for entity, c in report.by_type.items():
        lines.append(f"  {entity.value:<13}{c.gold:>6}{c.predicted:>6}{c.precision:>11.1%}{c.recall:>9.1%}{c.leaked:>8}")
    gold, found = report.unknown_names
    if gold:
        lines.append(f"  names with a part outside the lexicons: {found}/{gold} found ({found / gold:.1%})")
    return "\n".join(lines)


@dataclass
class FormReport:
    forms: int = 0
    fields: int = 0                 # free-text fields and file names redacted
    party_names: int = 0
    planted: int = 0                # planted_pii strings
    #: (file, field, planted string): a planted string left (partly) readable
    leaks: list[tuple[str, str, str]] = field(default_factory=list)
    #: (file, field, found text, redacted value): a finding where nothing was planted
    false_positives: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: (file, original party name, redacted party name)
    parties_altered: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def party_false_positive_rate(self) -> float:
        return len(self.parties_altered) / self.party_names if self.party_names else 0.0


def _occurrences(value: str, planted: str) -> list[tuple[int, int]]:
    """Where `planted` stands in `value` as a whole word sequence (any case, any spacing)."""
    words = planted.split()
    if not words:
        return []
    pattern = r"(?<![\wåäöÅÄÖ])" + r"\s+".join(map(re.escape, words)) + r"(?![\wåäöÅÄÖ])"
    return [m.span() for m in re.finditer(pattern, value, re.IGNORECASE)]


def load_forms(directory: Path = FORMS_DIR) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


def evaluate_forms(redactor, forms: list[dict]) -> FormReport:
    """Leaks and false positives of `redact_record` (no known contacts) on the sample forms."""
    from schema.models import FREE_TEXT_FIELDS, Deviation

    report = FormReport()
    for form in forms:
        report.forms += 1
        planted = [p for p in form.get("planted_pii", []) if p.strip()]
        report.planted += len(planted)
        deviation = Deviation.model_validate(form["record"])
        source_name = form["file"].rsplit("#", 1)[-1]  # an .eml attachment: "mail.eml#form.docx"
        record = redactor.redact_record(deviation, source_name)
        originals: dict[str, str] = {"source_name": source_name}
        redacted: dict[str, str] = {"source_name": record.source_name}
        for name in FREE_TEXT_FIELDS:
            if getattr(deviation, name):
                originals[name] = getattr(deviation, name)
                redacted[name] = getattr(record.deviation, name)
        for index, party in enumerate(deviation.parties):
            originals[f"parties[{index}].name"] = party.name
            redacted[f"parties[{index}].name"] = record.deviation.parties[index].name
        report.fields += len(originals) - len(deviation.parties)
        report.party_names += len(deviation.parties)
        spans: dict[str, list[tuple[int, int]]] = {}
        for finding in record.findings:
            spans.setdefault(finding.field, []).append((finding.start_offset, finding.end_offset))
        for value in planted:
            leaked_in = [f for f, text in redacted.items() if _occurrences(text, value)]
            for name, text in originals.items():
                covered = [False] * len(text)
                for start, end in spans.get(name, []):
                    covered[start:end] = [True] * (end - start)
                if any(not all(covered[s:e]) for s, e in _occurrences(text, value)) and name not in leaked_in:
                    leaked_in.append(name)
            report.leaks.extend((form["file"], name, value) for name in leaked_in)
        for name, text in originals.items():
            gold = [span for value in planted for span in _occurrences(text, value)]
            wrong = [(s, e) for s, e in spans.get(name, []) if not any(_overlap((s, e), g) for g in gold)]
            report.false_positives.extend((form["file"], name, text[s:e], redacted[name]) for s, e in wrong)
            if wrong and name.startswith("parties["):
                report.parties_altered.append((form["file"], text, redacted[name]))
    return report


def format_form_report(report: FormReport) -> str:
    return "\n".join([
        f"sample forms: {report.forms} forms, {report.fields} texts, {report.party_names} party names, "
        f"{report.planted} planted strings",
        f"  leaks: {len(report.leaks)}",
        f"  false positives: {len(report.false_positives)} findings; party names altered wrongly: "
        f"{len(report.parties_altered)}/{report.party_names} ({report.party_false_positive_rate:.1%})",
    ])


def main(argv: list[str] | None = None) -> int:
    """Print precision and recall per entity type on both halves of the corpus.

    Example: python -m anonymize.evaluation --show-errors
    """
    parser = argparse.ArgumentParser(prog="avvik eval-pii", description=main.__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--half", choices=(*HALVES, STYLES), action="append",
                        help="only this half, or the styles set (repeatable)")
    parser.add_argument("--forms", type=Path, default=FORMS_DIR,
                        help="folder of expected sample-form records (default: sample_forms/expected)")
    args = parser.parse_args(argv)

    from anonymize.redactor import Redactor

    redactor = Redactor()
    for half in args.half or (*HALVES, STYLES):
        rows = load_set(half)
        if not rows:
            continue
        report = evaluate(redactor, rows, half)
        print(format_report(report))
        if args.show_errors:
            for kind, items in (("miss", report.misses), ("false alarm", report.false_alarms)):
                for row_id, entity, value in items:
                    print(f"    {kind}: {row_id} {entity} {value!r}")
        print()
    forms = load_forms(args.forms) if args.forms.is_dir() else []
    if not forms:
        print(f"sample forms: none found in {args.forms}")
        return 0
    form_report = evaluate_forms(redactor, forms)
    print(format_form_report(form_report))
    examples = None if args.show_errors else 5
    for file, name, value in form_report.leaks[:examples]:
        print(f"    leak: {file} {name}: {value!r}")
    for file, name, value, redacted in form_report.false_positives[:examples]:
        print(f"    false positive: {file} {name}: {value!r} -> {redacted!r}")
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
