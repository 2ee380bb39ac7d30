"""Rows that nothing else refers to, gathered and written in bulk at the end.

The ledger, shipment events, pick lines, parcel items, customs lines and
manifest scans are most of the demo's rows. Building them as ORM objects
costs more than the rest of the demo together, so they are kept as plain
column values and inserted with one executemany per table, once the objects
they point to (`parents`) have their ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from app.models import Base


class Rows:
    def __init__(self) -> None:
        self._rows: dict[type[Base], list[tuple[dict[str, Any], dict[str, Base]]]] = defaultdict(
            list
        )

    def add(self, model: type[Base], values: dict[str, Any], **parents: Base) -> None:
        """A row of `model`; each of `parents` fills its column with that object's id."""
        self._rows[model].append((values, parents))

    def write(self, session: Session) -> Counter[type[Base]]:
        """Insert every row gathered so far (the parents must have been flushed)."""
        written: Counter[type[Base]] = Counter()
        session.flush()
        for model, rows in self._rows.items():
            values = [
                {**row, **{column: parent.id for column, parent in parents.items()}}  # type: ignore[attr-defined]
                for row, parents in rows
            ]
            # Core, not the ORM's bulk insert, which splits a batch wherever a None moves.
            table = cast(Table, model.__table__)
            for start in range(0, len(values), 5000):
                session.execute(insert(table), values[start : start + 5000])
            written[model] += len(values)
        self._rows.clear()
        return written
