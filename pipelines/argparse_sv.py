"""argparse in Swedish, without gettext: headings, the help flag and argparse's own errors.

Staff read `--help` and the error when they mistype a command. argparse builds its texts with
English strings; this parser renames its headings and translates its error messages (the
English patterns below) into one Swedish line, exit code 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

#: argparse's error messages (Python 3.11–3.13) and their Swedish wording.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), swedish) for pattern, swedish in (
        (r"^the following arguments are required: (?P<a>.*)$", "det här saknas: {a}"),
        (r"^argument (?P<arg>[^:]+): invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)$",
         "{arg}: ogiltigt val {v} (välj bland {c})"),
        (r"^invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)$", "ogiltigt val {v} (välj bland {c})"),
        (r"^unrecognized arguments: (?P<a>.*)$", "okända argument: {a}"),
        (r"^argument (?P<arg>[^:]+): expected one argument$", "{arg} behöver ett värde"),
        (r"^argument (?P<arg>[^:]+): expected at least one argument$", "{arg} behöver minst ett värde"),
        (r"^argument (?P<arg>[^:]+): expected at most one argument$", "{arg} tar högst ett värde"),
        (r"^argument (?P<arg>[^:]+): expected (?P<n>\d+) arguments?$", "{arg} behöver {n} värden"),
        (r"^argument (?P<arg>[^:]+): invalid (?P<t>\w+) value: (?P<v>.*)$",
         "{arg}: ogiltigt värde {v} (ska vara {t})"),
        (r"^argument (?P<arg>[^:]+): ignored explicit argument (?P<v>.*)$", "{arg} tar inget värde ({v})"),
        (r"^argument (?P<arg>[^:]+): not allowed with argument (?P<o>.*)$",
         "{arg} kan inte användas tillsammans med {o}"),
        (r"^ambiguous option: (?P<o>\S+) could match (?P<c>.*)$", "flaggan {o} är tvetydig: {c}"),
        (r"^argument (?P<arg>[^:]+): (?P<rest>.*)$", "{arg}: {rest}"),
    )
)
_TYPES = {"int": "ett heltal", "float": "ett tal"}


def translate_error(message: str) -> str:
    """argparse's English error as Swedish (unknown messages pass through unchanged)."""
    for pattern, swedish in _ERRORS:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            if "t" in parts:
                parts["t"] = _TYPES.get(parts["t"], parts["t"])
            return swedish.format(**parts)
    return message


class SwedishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of a command's description; usage heading in Swedish."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 (argparse's signature)
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "användning: ")


class SwedishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Swedish; an error is one line, exit code 2."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", SwedishHelpFormatter)
        parents = kwargs.pop("parents", [])
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="visa den här hjälpen och avsluta")
        for parent in parents:  # as argparse does, once the headings are Swedish (so they merge)
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: fel: {translate_error(message)}. Hjälp: {self.prog} --help\n")
        sys.exit(2)
