"""Recording each imported file once, so that the database, not a look-up, keeps a
file from being counted twice.

The batch row is inserted in the same unit of work as what the file brings, on
the unique key (kind, digest, repeat). Two imports of the same file at once: the
second INSERT waits for the first transaction and, once that commits, finds the
key taken and inserts nothing; its import then writes nothing either.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.models import ImportBatch, utcnow
from app.services.importing.bulk import insert_new
from app.services.importing.report import PreviousImport

_BATCHES = cast(Table, ImportBatch.__table__)
_KEY = ("kind", "digest", "repeat")


def previous_import(session: Session, kind: str, digest: str) -> PreviousImport | None:
    """The latest batch that imported this content, if any."""
    row = session.execute(
        select(ImportBatch.id, ImportBatch.at, ImportBatch.source)
        .where(ImportBatch.kind == kind, ImportBatch.digest == digest)
        .order_by(ImportBatch.repeat.desc())
        .limit(1)
    ).first()
    return PreviousImport(row.id, row.at, row.source) if row is not None else None


def claim_batch(
    session: Session, kind: str, digest: str, *, source: str, rows: int, again: bool
) -> int | None:
    """The id of a new batch for this content, or None when another import has it.

    Without `again` the batch is the content's first (repeat 0); with it, the next
    after the latest, worked out in the INSERT itself, so that two deliberate
    re-imports at once still add the stock only once more.
    """
    repeat = (
        select(func.coalesce(func.max(_BATCHES.c.repeat) + 1, 0))
        .where(_BATCHES.c.kind == kind, _BATCHES.c.digest == digest)
        .scalar_subquery()
        if again
        else 0
    )
    statement = (
        insert_new(session, _BATCHES, _KEY)
        .values(
            kind=kind, digest=digest, repeat=repeat, source=source[:200], at=utcnow(), rows=rows
        )
        .returning(_BATCHES.c.id)
    )
    return session.scalar(statement)
