"""`avvik eval-fields [DIR]`: field accuracy of ingest + mapping over the sample corpus.

Reads every form in DIR/forms (default: sample_forms), maps it, and compares each field
with DIR/expected/<file>.json (`record`); `--forms` / `--expected` name another folder
pair under DIR (e.g. the Word-to-PDF exports in sample_forms/exported). For an .eml the expected files are named
`<eml name>#<attachment name>.json`. Prints accuracy per family × format × field and
every mismatch. Free text is compared with whitespace collapsed; parties as a multiset.

Example:
    avvik eval-fields sample_forms
    avvik eval-fields sample_forms --forms exported --expected exported_expected
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from ingest import read_forms
from schema.errors import Rejected
from schema.mapping import to_deviation

RECORD_FIELDS = (
    "form_type", "reported_on", "event_type", "description", "causes", "proposed_action",
    "resolved", "severity", "local_group", "escalation_level", "response_received_on",
    "response_text", "improvement_actions", "response_due_on", "parties", "extraction_status",
)


def comparable(field: str, value: object) -> object:
    if field == "extraction_status":
        return value or "complete"  # expected records written before the field: complete forms
    if field == "parties":
        return sorted((p["role"], " ".join(p["name"].split()), p["category"]) for p in value or [])
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def _actual(path: Path) -> dict[str, dict]:
    """Expected-file name → the record read from `path` (or {"error": class name})."""
    try:
        forms = read_forms(path)
    except Rejected as exc:
        return {f"{path.name}.json": {"error": type(exc).__name__, "reason": exc.reason}}
    out: dict[str, dict] = {}
    for raw in forms:
        key = f"{path.name}.json" if path.suffix.lower() != ".eml" else f"{path.name}#{raw.source_name}.json"
        try:
            record = to_deviation(raw).model_dump(mode="json")
        except Rejected as exc:
            record = {"error": type(exc).__name__, "reason": exc.reason}
        record["_format"] = raw.source_format
        out[key] = record
    return out


def evaluate(root: Path, forms: str = "forms", expected: str = "expected") -> tuple[dict, list[str]]:
    """(counts[(family, format, field)] = [right, total], mismatch lines) of root/forms vs root/expected."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    mismatches: list[str] = []
    forms_dir, expected_dir = root / forms, root / expected
    for path in sorted(p for p in forms_dir.iterdir() if p.is_file()):
        actual = _actual(path)
        expected_files = [expected_dir / f"{path.name}.json"]
        if path.suffix.lower() == ".eml":
            expected_files = sorted(expected_dir.glob(f"{glob_escape(path.name)}#*.json"))
        for exp_file in expected_files:
            if not exp_file.exists():
                continue
            wanted = json.loads(exp_file.read_text(encoding="utf-8"))
            record = wanted["record"]
            fmt = wanted.get("source_format") or path.suffix.lstrip(".")
            if path.suffix.lower() == ".eml":
                fmt = f"eml/{fmt}"
            family = record.get("form_type", "?")
            got = actual.get(exp_file.name)
            for field in RECORD_FIELDS:
                cell = counts[(family, fmt, field)]
                cell[1] += 1
                if got is None or "error" in got:
                    why = "not read" if got is None else f"{got['error']}: {got['reason']}"
                    if field == "form_type":
                        mismatches.append(f"{exp_file.name}: {why}")
                    continue
                want, have = comparable(field, record.get(field)), comparable(field, got.get(field))
                if want == have:
                    cell[0] += 1
                else:
                    mismatches.append(f"{exp_file.name}: {field}: expected {want!r}, got {have!r}")
    return counts, mismatches


def glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


def main(argv: list[str] | None = None) -> int:
    """Print field accuracy; exit 0 when every field of every form is right, else 1."""
    parser = argparse.ArgumentParser(prog="avvik eval-fields", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default="sample_forms", type=Path)
    parser.add_argument("--forms", default="forms", help="folder of forms under DIR (default: forms)")
    parser.add_argument("--expected", default="expected", help="folder of expected records under DIR (default: expected)")
    parser.add_argument("--quiet", action="store_true", help="only the totals")
    args = parser.parse_args(argv)
    for folder in (args.forms, args.expected):
        if not (args.dir / folder).is_dir():
            print(f"Hittar inte {args.dir / folder}", file=sys.stderr)
            return 2
    counts, mismatches = evaluate(args.dir, args.forms, args.expected)
    right = sum(c[0] for c in counts.values())
    total = sum(c[1] for c in counts.values())
    by_group: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (family, fmt, field), (r, t) in sorted(counts.items()):
        by_group[(family, fmt)][0] += r
        by_group[(family, fmt)][1] += t
    for (family, fmt), (r, t) in sorted(by_group.items()):
        print(f"{family:<11} {fmt:<9} {100 * r / t:6.1f}%  ({r}/{t})")
        if not args.quiet:
            for (f2, fmt2, field), (fr, ft) in sorted(counts.items()):
                if (f2, fmt2) == (family, fmt) and fr != ft:
                    print(f"    {field:<22} {100 * fr / ft:6.1f}%  ({fr}/{ft})")
    print(f"TOTAL                 {100 * right / max(total, 1):6.1f}%  ({right}/{total})")
    if mismatches and not args.quiet:
        print("\nMismatches:")
        for line in mismatches:
            print("  " + line)
    return 0 if right == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
