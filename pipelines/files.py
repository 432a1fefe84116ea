"""Which files are forms to read: expanding folders, skipping what a secretariat did not drop.

Kept free of heavy imports: `avvik status` and the inbox watcher use it without loading the
analyzer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from schema.errors import NoFormsFound, PathNotFound, UsageError


def is_candidate(path: Path) -> bool:
    """Files a secretariat would drop: not hidden, not Word's "~$" lock files, not our own notes."""
    name = path.name
    return not (name.startswith(".") or name.startswith("~$") or name.endswith(".reason.txt"))


def collect_files(paths: Sequence[str | Path]) -> list[Path]:
    """Expand folders (recursively); raise a clean error for a missing path or an empty folder."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise PathNotFound(path=path)
        if path.is_dir():
            # Named pipes and broken links too: they are rejected with a reason, not skipped.
            found = sorted(p for p in path.rglob("*") if not p.is_dir() and is_candidate(p))
            if not found:
                raise NoFormsFound(path=path)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:  # a named pipe or device would block or make no sense as a form
            raise UsageError(f"Sökvägen är varken en fil eller en mapp: {path}")
    unique = list(dict.fromkeys(p.resolve() if p.exists() else p.absolute() for p in files))
    return [Path(os.path.relpath(p)) if _is_below_cwd(p) else p for p in unique]


def _is_below_cwd(path: Path) -> bool:
    try:
        path.relative_to(Path.cwd())
        return True
    except ValueError:
        return False
