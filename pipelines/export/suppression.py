"""Disclosure control for exported counts: primary and secondary cell suppression.

Method (cell suppression as in statistical disclosure control, e.g. Hundepool et al.,
*Statistical Disclosure Control*, ch. 4; the ".." convention of SCB's tables):

1. **Primary suppression.** Every count from 1 up to `threshold - 1` is hidden. Zero is shown
   (it points at nobody).
2. **Secondary suppression.** Every total in every table is an equation
   ``total = part_1 + … + part_n`` (see `warehouse.aggregates`: a cell shared by several
   tables is one cell, and a quarter is also the sum of its months). An equation with exactly
   one hidden member would give that member away by subtraction, so another member is hidden
   too: the smallest non-zero part not yet hidden (then a zero part, then the total itself).
   Hiding a cell may break another equation, so this repeats until every equation has
   0 or at least 2 hidden members.

The result never lets a hidden cell be recovered from a single row or column total.
Shares (percentages) are shown only when their numerator and every part of their
denominator are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Key = tuple[str, ...]

#: How a hidden cell is shown in Excel and HTML (empty in CSV, NULL in Parquet).
HIDDEN = ".."


@dataclass(frozen=True)
class Suppression:
    primary: frozenset[Key]  # 1..threshold-1
    secondary: frozenset[Key]  # hidden so that primaries cannot be computed from totals

    @property
    def hidden(self) -> frozenset[Key]:
        return self.primary | self.secondary

    def is_hidden(self, key: Key) -> bool:
        return key in self.primary or key in self.secondary


def suppress(
    values: Mapping[Key, int], equations: Sequence[tuple[Key, Sequence[Key]]], threshold: int
) -> Suppression:
    """Which cells to hide: counts in 1..threshold-1, and enough others that no equation
    ``total = sum(parts)`` has exactly one hidden member."""
    primary = {k for k, v in values.items() if 0 < v < threshold}
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            members = [total, *parts]
            if sum(m in hidden for m in members) != 1:
                continue
            pick = _complement(values, hidden, total, parts)
            if pick is not None:
                hidden.add(pick)
                changed = True
    return Suppression(frozenset(primary), frozenset(hidden - primary))


def _complement(values: Mapping[Key, int], hidden: set[Key], total: Key, parts: Iterable[Key]) -> Key | None:
    """The cell to hide with the one already hidden in an equation."""
    open_parts = [p for p in parts if p not in hidden]
    nonzero = sorted((p for p in open_parts if values[p] > 0), key=lambda p: (values[p], p))
    if nonzero:
        return nonzero[0]
    if total not in hidden:
        # Only zeros left to pair with: hiding the total hides the sum, which is what would
        # reveal the one hidden part.
        return total
    zeros = sorted(open_parts)
    return zeros[0] if zeros else None


def unsafe_equations(
    equations: Sequence[tuple[Key, Sequence[Key]]], hidden: Iterable[Key]
) -> list[tuple[Key, Sequence[Key]]]:
    """Equations with exactly one hidden member (empty when the suppression is sound)."""
    hidden = set(hidden)
    return [(t, parts) for t, parts in equations if sum(m in hidden for m in (t, *parts)) == 1]
