"""The `avvik` command line. Thin: it parses arguments and calls library functions.

Exit codes: 0 all went well, 1 some file was rejected (or a run failed), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from pipelines.config import Settings, load_settings
from schema.errors import AvvikError, UsageError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="data home (default ./avvik-data, or AVVIK_HOME)")
    common.add_argument("--db", help="DuckDB file (default HOME/warehouse.duckdb, or AVVIK_DB)")
    common.add_argument("--config", help="settings file (default HOME/avvik.toml, or AVVIK_CONFIG)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="avvik",
        description="Avvikelser i samverkan (BUS, Västbus, Lex Heller) → de-identified DuckDB warehouse.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, doc: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=doc.splitlines()[0], description=doc,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = command("ingest", cmd_ingest, "Ingest files or folders once and exit; files are not moved.\n\n"
                "Example: avvik ingest inkommet/ --json")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a form (.docx, .pdf, .eml) or a folder")
    p.add_argument("--json", action="store_true", help="print one JSON object per file")
    p.add_argument("--workers", type=int, default=None, help="processes to use (default: one per core)")

    p = command("watch", cmd_watch, "Watch the inbox: process, archive or reject each file, run scheduled exports.\n\n"
                "Example: avvik watch --home /srv/avvik")
    p.add_argument("--once", action="store_true", help="process what is in the inbox now, then stop")

    p = command("export", cmd_export, "Write the aggregate export for a period (CSV, Parquet, Excel, HTML).\n\n"
                "Example: avvik export --period 2026Q3")
    p.add_argument("--period", required=True, help="2026Q3, 2026, or 2026-01..2026-06")
    p.add_argument("--out", help="folder to write to (default HOME/exports/<period>)")

    command("status", cmd_status, "Show the inbox, archive, rejected files, the last error and the warehouse.\n\n"
            "Example: avvik status")
    command("summary", cmd_summary, "Print a short summary of the warehouse.\n\nExample: avvik summary")
    command("review", cmd_review, "List forms whose redaction needs a person's review.\n\nExample: avvik review")

    p = command("eval-pii", cmd_eval_pii, "Precision and recall of the redaction check on the labelled corpus.\n\n"
                "Example: avvik eval-pii")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p = command("eval-fields", cmd_eval_fields, "Field accuracy of extraction over sample forms and their expected records.\n\n"
                "Example: avvik eval-fields sample_forms")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(home=args.home, db=args.db, config=args.config)
    settings.ensure_home()
    return settings


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipelines.ingest_once import ingest_paths

    settings = _settings(args)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers måste vara minst 1.")

    def show(result) -> None:
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
        else:
            line = f"{result.status:<9} {result.form_type or '-':<10} {result.file}"
            if result.reason:
                line += f"\n          {result.reason}"
            print(line, flush=True)

    report = ingest_paths(args.paths, settings, on_result=show, workers=args.workers)
    counts = report.counts()
    print(
        f"{counts['loaded']} inlästa, {counts['duplicate']} redan inlästa, {counts['rejected']} avvisade"
        f" → {settings.db_path}",
        file=sys.stderr if args.json else sys.stdout,
    )
    return report.exit_code


def cmd_watch(args: argparse.Namespace) -> int:
    from pipelines.watch.service import watch

    return watch(_settings(args), once=args.once)


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.export.writer import export_period

    settings = _settings(args)
    written = export_period(settings, args.period, out=args.out)
    for path in written:
        print(path)
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from pipelines.status import status_lines

    for line in status_lines(_settings(args)):
        print(line)
    return EXIT_OK


def _existing_db(args: argparse.Namespace):
    settings = _settings(args)
    if not settings.db_path.exists():
        raise UsageError(f"Det finns ingen databas ännu: {settings.db_path}. Kör först: avvik ingest PATH")
    return settings.db_path


def cmd_summary(args: argparse.Namespace) -> int:
    from pipelines.summary import summary_lines

    print("\n".join(summary_lines(_existing_db(args))))
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from pipelines.review import review_lines

    print("\n".join(review_lines(_existing_db(args))))
    return EXIT_OK


def cmd_eval_pii(args: argparse.Namespace) -> int:
    from anonymize.evaluation import main as evaluate

    return evaluate(args.rest)


def cmd_eval_fields(args: argparse.Namespace) -> int:
    from pipelines.field_accuracy import main as evaluate

    return evaluate(args.rest)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as error:
        print(f"avvik: {error.reason}", file=sys.stderr)
        return EXIT_USAGE
    except AvvikError as error:
        print(f"avvik: {error.reason}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("avvik: avbruten.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `avvik review | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
