"""Precision and recall of the redaction check on the labelled corpus (anonymize/eval/).

`avvik eval-pii` and `python -m anonymize.evaluation` print, for the dev half and the held-out
half, per entity type: gold spans, predicted spans, precision, recall, and "leaked" — gold spans
with any character left unredacted (whatever type the covering finding had).

Matching: a gold span is found when a finding of the same type overlaps it; a finding is
correct when it overlaps a gold span of the same type.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from schema.enums import EntityType

EVAL_DIR = Path(__file__).resolve().parent / "eval"
HALVES = ("dev", "heldout")


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


def main(argv: list[str] | None = None) -> int:
    """Print precision and recall per entity type on both halves of the corpus.

    Example: python -m anonymize.evaluation --show-errors
    """
    parser = argparse.ArgumentParser(prog="avvik eval-pii", description=main.__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--half", choices=HALVES, action="append", help="only this half (repeatable)")
    args = parser.parse_args(argv)

    from anonymize.redactor import Redactor

    redactor = Redactor()
    for half in args.half or HALVES:
        report = evaluate(redactor, load_half(half), half)
        print(format_report(report))
        if args.show_errors:
            for kind, items in (("miss", report.misses), ("false alarm", report.false_alarms)):
                for row_id, entity, value in items:
                    print(f"    {kind}: {row_id} {entity} {value!r}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
