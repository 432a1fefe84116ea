"""The `avvik` command line. Thin: it parses arguments and calls library functions.

Everything a person reads is Swedish: `--help`, argparse's own errors (pipelines.argparse_sv),
the status words and summaries. `--json` keys and values stay as documented.

Exit codes: 0 all went well, 1 some file was rejected (or a run failed), 2 wrong usage.
An internal error is one Swedish line saying what to do; its details go to HOME/logs/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from pipelines.argparse_sv import SwedishArgumentParser
from pipelines.config import DEFAULT_HOME, Settings, load_settings
from schema.errors import AvvikError, UsageError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
STATUS_WORDS = {"loaded": "inläst", "duplicate": "dubblett", "rejected": "avvisad"}


def plural(n: int, one: str, many: str) -> str:
    """"1 fil", "2 filer": the number and the word in agreement."""
    return f"{n} {one if n == 1 else many}"


def _common(suppress: bool = False) -> argparse.ArgumentParser:
    """--home, --db, --config on every command (and on `review`'s own commands)."""
    default = argparse.SUPPRESS if suppress else None
    common = SwedishArgumentParser(add_help=False)
    common.add_argument("--home", metavar="MAPP", default=default,
                        help="datamappen (standard ./avvik-data, eller AVVIK_HOME)")
    common.add_argument("--db", metavar="FIL", default=default,
                        help="DuckDB-filen (standard HOME/warehouse.duckdb, eller AVVIK_DB)")
    common.add_argument("--config", metavar="FIL", default=default,
                        help="inställningsfilen (standard HOME/avvik.toml, eller AVVIK_CONFIG)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = SwedishArgumentParser(
        prog="avvik",
        description="Avvikelser i samverkan (BUS, Västbus, Lex Heller): läser blanketter, maskerar "
                    "personuppgifter och lagrar dem i en DuckDB-databas.\n\nExempel: avvik ingest inkommet/",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO", title="kommandon")

    def command(name: str, func, doc: str, parents=None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common] if parents is None else parents,
                           help=doc.splitlines()[0], description=doc)
        p.set_defaults(func=func)
        return p

    p = command("ingest", cmd_ingest, "Läs in filer eller mappar en gång; filerna flyttas inte.\n\n"
                "Exempel: avvik ingest inkommet/ --json")
    p.add_argument("paths", nargs="+", metavar="SÖKVÄG", help="en blankett (.docx, .pdf, .eml) eller en mapp")
    p.add_argument("--json", action="store_true",
                   help="skriv ett JSON-objekt per fil (nycklar och värden på engelska, som i README)")
    p.add_argument("--workers", type=int, default=None, metavar="ANTAL",
                   help="antal processer (standard: en per kärna)")

    p = command("watch", cmd_watch, "Bevaka inkorgen: läs in, arkivera eller avvisa varje fil och kör "
                "schemalagda exporter.\n\nExempel: avvik watch --home /srv/avvik")
    p.add_argument("--once", action="store_true", help="behandla det som ligger i inkorgen nu och avsluta")

    p = command("export", cmd_export, "Skriv den aggregerade exporten för en period (CSV, Parquet, Excel, HTML).\n\n"
                "Exempel: avvik export --period 2026Q3")
    p.add_argument("--period", required=True, metavar="PERIOD", help="2026Q3, 2026, 2026-03 eller 2026-01..2026-06")
    p.add_argument("--out", metavar="MAPP", help="mappen där exporten skrivs i en undermapp <period> (standard HOME/exports)")

    command("status", cmd_status, "Visa tjänsten, inkorgen, arkivet, avvisade filer, senaste fel, databasen "
            "och schemalagda exporter.\n\nExempel: avvik status")
    command("summary", cmd_summary, "Skriv en kort sammanfattning av databasen.\n\nExempel: avvik summary")

    p = command("review", cmd_review,
                "Granska blanketter: lista dem som behöver granskas, visa, markera granskad, rätta eller radera.\n\n"
                "Exempel:\n"
                "  avvik review                                   lista blanketter att granska\n"
                "  avvik review show ID                           visa lagrade texter med fynden markerade\n"
                "  avvik review done ID --by AB                   markera som granskad (initialer eller roll)\n"
                "  avvik review correct ID --field description --replace \"Lena\" --tag NAMN --by AB\n"
                "  avvik review erase ID --by AB                  radera avvikelsen helt")
    actions = p.add_subparsers(dest="review_action", metavar="ÅTGÄRD", title="åtgärder")
    inner = [_common(suppress=True)]

    def action(name: str, doc: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, parents=inner, help=doc.splitlines()[0], description=doc)
        a.add_argument("id", metavar="ID", help="avvikelsens id (första kolumnen i avvik review)")
        return a

    action("show", "Visa en blanketts lagrade texter med fynden markerade.\n\nExempel: avvik review show 3f2a9c")
    a = action("done", "Markera en blankett som granskad (vem och när).\n\nExempel: avvik review done 3f2a9c --by AB")
    a.add_argument("--by", required=True, metavar="INITIALER",
                   help="initialer (AB) eller en roll (sekretariatet), aldrig ett namn")
    a = action("correct", "Rätta en lagrad text: ersätt en missad personuppgift med dess markering.\n\n"
               "Exempel: avvik review correct 3f2a9c --field description --replace \"Lena\" --tag NAMN --by AB")
    a.add_argument("--field", required=True, metavar="FÄLT",
                   help="description, causes, proposed_action, response_text, improvement_actions, "
                        "event_type, local_group, source_name eller parties")
    a.add_argument("--replace", required=True, metavar="TEXT", help="texten som ska bort (exakt som den står)")
    a.add_argument("--tag", default="NAMN", metavar="MARKERING",
                   help="NAMN (standard), PERSONNUMMER, TELEFON, E-POST eller ADRESS")
    a.add_argument("--by", required=True, metavar="INITIALER",
                   help="initialer (AB) eller en roll (sekretariatet), aldrig ett namn")
    a = action("erase", "Radera en avvikelse: alla rader i databasen, kopian för analytiker och den arkiverade "
               "filen. Kvar blir en notering utan innehåll, så att samma fil inte läses in igen.\n\n"
               "Exempel: avvik review erase 3f2a9c --by AB")
    a.add_argument("--by", required=True, metavar="INITIALER",
                   help="initialer (AB) eller en roll (sekretariatet), aldrig ett namn")

    p = command("eval-pii", cmd_eval_pii, "Precision och täckning för maskeringen på den märkta korpusen.\n\n"
                "Exempel: avvik eval-pii --half heldout")
    p.add_argument("--show-errors", action="store_true", help="lista missar och falsklarm")
    p.add_argument("--half", choices=("dev", "heldout"), action="append", metavar="HALVA",
                   help="bara den här halvan: dev eller heldout (kan upprepas)")
    p.add_argument("--forms", metavar="MAPP", help="exempelblanketternas förväntade poster "
                   "(standard sample_forms/expected)")
    p = command("eval-fields", cmd_eval_fields, "Hur rätt fälten läses ur exempelblanketterna och deras "
                "förväntade poster.\n\nExempel: avvik eval-fields sample_forms --quiet")
    p.add_argument("dir", nargs="?", default="sample_forms", metavar="MAPP",
                   help="mappen med forms/ och expected/ (standard sample_forms)")
    p.add_argument("--forms", default="forms", metavar="MAPP", help="blanketterna under MAPP (standard forms)")
    p.add_argument("--expected", default="expected", metavar="MAPP",
                   help="de förväntade posterna under MAPP (standard expected)")
    p.add_argument("--quiet", action="store_true", help="bara summorna")
    return parser


def _settings(args: argparse.Namespace, create: bool = True) -> Settings:
    settings = load_settings(home=getattr(args, "home", None), db=getattr(args, "db", None),
                             config=getattr(args, "config", None))
    if create:
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
            word = STATUS_WORDS.get(str(result.status), str(result.status))
            line = f"{word:<9} {result.form_type or '-':<10} {result.file}"
            if result.reason:
                line += f"\n          {result.reason}"
            print(line, flush=True)

    report = ingest_paths(args.paths, settings, on_result=show, workers=args.workers)
    counts = report.counts()
    print(
        f"{plural(counts['loaded'], 'inläst', 'inlästa')}, {counts['duplicate']} redan "
        f"{'inläst' if counts['duplicate'] == 1 else 'inlästa'}, "
        f"{plural(counts['rejected'], 'avvisad', 'avvisade')} → {settings.db_path}",
        file=sys.stderr if args.json else sys.stdout,
    )
    return report.exit_code


def cmd_watch(args: argparse.Namespace) -> int:
    from pipelines.watch.service import watch

    return watch(_settings(args), once=args.once)


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.export.writer import export_period, export_warnings, summary_line, parse_period

    settings = _settings(args)
    period = parse_period(args.period)
    written = export_period(settings, args.period, out=args.out)
    for warning in export_warnings(settings, period, written, today=date.today()):
        print(f"avvik: varning: {warning}", file=sys.stderr)
    print(summary_line(period, written))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from pipelines.status import status_lines

    settings = _settings(args, create=False)
    if not settings.home.is_dir():
        raise UsageError(f"Hemmappen {settings.home} finns inte. Ange rätt --home (eller AVVIK_HOME); "
                         "den skapas av avvik ingest eller avvik watch.")
    for line in status_lines(settings):
        print(line)
    return EXIT_OK


def _existing_db(args: argparse.Namespace) -> Path:
    return _existing(args).db_path


def _existing(args: argparse.Namespace) -> Settings:
    settings = _settings(args, create=False)
    if not settings.db_path.exists():
        raise UsageError(f"Det finns ingen databas ännu: {settings.db_path}. Kör först: avvik ingest SÖKVÄG")
    return settings


def cmd_summary(args: argparse.Namespace) -> int:
    from pipelines.summary import summary_lines

    print("\n".join(summary_lines(_existing_db(args))))
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from pipelines import review

    settings = _existing(args)
    action = getattr(args, "review_action", None)
    if action is None:
        lines = review.review_lines(settings.db_path)
    elif action == "show":
        lines = review.show_lines(settings.db_path, args.id, settings.redaction.review_threshold)
    elif action == "done":
        lines = [review.mark_reviewed(settings, args.id, args.by)]
    elif action == "correct":
        lines = review.correct_text(settings, args.id, args.field, args.replace, args.tag, args.by)
    else:
        lines = review.erase_deviation(settings, args.id, args.by)
    print("\n".join(lines))
    return EXIT_OK


def cmd_eval_pii(args: argparse.Namespace) -> int:
    from anonymize.evaluation import main as evaluate

    argv = (["--show-errors"] if args.show_errors else []) + [a for h in args.half or [] for a in ("--half", h)]
    return evaluate(argv + (["--forms", args.forms] if args.forms else [])) or EXIT_OK


def cmd_eval_fields(args: argparse.Namespace) -> int:
    from pipelines.field_accuracy import main as evaluate

    return evaluate([str(args.dir), "--forms", args.forms, "--expected", args.expected]
                    + (["--quiet"] if args.quiet else []))


def _log_internal_error(args: argparse.Namespace | None) -> Path | None:
    """Write the traceback to HOME/logs/avvik-fel.log; returns the file, or None if it cannot."""
    home = Path(getattr(args, "home", None) or os.environ.get("AVVIK_HOME") or DEFAULT_HOME)
    folder = home / "logs" if home.is_dir() else None
    if folder is None:
        return None
    try:
        folder.mkdir(exist_ok=True)
        path = folder / "avvik-fel.log"
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat(timespec='seconds')} avvik {' '.join(sys.argv[1:])}\n")
            handle.write(traceback.format_exc())
        return path
    except OSError:
        return None


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
    except Exception as error:  # noqa: BLE001 — an internal error: one line for people, details in the log
        log = _log_internal_error(args)
        where = f"Detaljer finns i {log}." if log else "Detaljerna kunde inte sparas i någon loggfil."
        print(f"avvik: ett internt fel inträffade ({type(error).__name__}). {where} "
              "Försök igen; kvarstår felet, skicka loggfilen till den som förvaltar avvik.", file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
