"""Recording each imported file once, so that the database, not a look-up, keeps a
file from being counted twice.

The batch row is written in the same unit of work as what the file brings, on
the unique key (kind, digest, repeat). An import writes as it reads and knows the
file's digest only at its end: it opens its batch under a key of its own
(`open_batch`), points what it writes at it, and gives the batch the file's key
once the file is read (`close_batch`). Two imports of the same file at once: the
second UPDATE waits for the first transaction and, once that commits, finds the
key taken; everything the second import wrote is then undone.
"""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import ImportBatch, utcnow
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


def open_batch(session: Session, kind: str, *, source: str) -> int:
    """A new batch for a file still being read, under a key nobody else has."""
    statement = (
        _BATCHES.insert()
        .values(kind=kind, digest=f"reading {uuid.uuid4().hex}", repeat=0, source=source[:200])
        .values(at=utcnow(), rows=0)
        .returning(_BATCHES.c.id)
    )
    batch = session.scalar(statement)
    assert batch is not None
    return batch


def close_batch(
    session: Session, batch: int, kind: str, digest: str, *, rows: int, again: bool
) -> bool:
    """Give an open batch the file's key; False when another import has that key.

    Without `again` the key is the content's first (repeat 0); with it, the next
    after the latest, worked out in the UPDATE itself. Another import of the same
    file at once holds the key until it commits or rolls back; this UPDATE waits
    for it and then fails on the unique key, in a savepoint of its own so that the
    caller can still ask who has it.
    """
    others = _BATCHES.alias("others")
    repeat = (
        select(func.coalesce(func.max(others.c.repeat) + 1, 0))
        .where(others.c.kind == kind, others.c.digest == digest)
        .scalar_subquery()
        if again
        else 0
    )
    statement = (
        update(_BATCHES)
        .where(_BATCHES.c.id == batch)
        .values(digest=digest, repeat=repeat, rows=rows, at=utcnow())
    )
    try:
        with session.begin_nested():
            session.execute(statement)
    except IntegrityError:
        return False
    return True
