"""What one export shows — the data type the writer, the HTML report and the workbook share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipelines.export.period import Period
from pipelines.export.suppression import HIDDEN, Suppression
from warehouse.aggregates import Aggregates, Share, Table, key, span


@dataclass
class ExportData:
    """What one export shows: the counts, which are hidden, and for which period."""

    period: Period
    aggregates: Aggregates
    suppression: Suppression
    threshold: int
    created_at: datetime

    def value(self, cell) -> int | float | None:
        """The value to show, or None when hidden (or no cell)."""
        if cell is None:
            return None
        if isinstance(cell, Share):
            keys = (cell.numerator, *cell.parts)
            if any(self.suppression.is_hidden(k) for k in keys):
                return None
            denominator = sum(self.aggregates.values[k] for k in cell.parts)
            return self.aggregates.values[cell.numerator] / denominator if denominator else None
        if self.suppression.is_hidden(cell):
            return None
        return self.aggregates.values[cell]

    def hidden(self, cell) -> bool:
        if cell is None:
            return False
        if isinstance(cell, Share):
            return any(self.suppression.is_hidden(k) for k in (cell.numerator, *cell.parts))
        return self.suppression.is_hidden(cell)

    def table_cells(self, table: Table):
        return [c for row in table.rows for c in row.cells if c is not None]

    @property
    def shown_total(self) -> int | str:
        """The number of deviations in the period, or ".." if it is hidden."""
        total = key("dev", t=span(self.period.start, self.period.end))
        return HIDDEN if self.hidden(total) else self.aggregates.values.get(total, 0)

    @property
    def suppressed_cells(self) -> int:
        shown = {c for t in self.aggregates.tables for c in self.table_cells(t) if not isinstance(c, Share)}
        return len(shown & self.suppression.hidden)

    @property
    def rule_text(self) -> str:
        k = self.threshold
        return (
            f"Antal från 1 till {k - 1} visas inte (”{HIDDEN}”), så att ingen avvikelse kan pekas ut. "
            f"För att ett dolt tal inte ska kunna räknas fram ur summor döljs också andra tal ”{HIDDEN}” "
            "(sekundär undertryckning: varje summa har noll eller minst två dolda tal). "
            "Noll visas. Andelar visas bara när alla tal de bygger på visas."
        )
