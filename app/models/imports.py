"""Files imported into the warehouse, each recorded once so that none is counted twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class ImportBatch(Base):
    """One import of one file's content: `kind` and the SHA-256 `digest` of its bytes.

    The unique key (kind, digest, repeat) makes the database decide between two
    imports of the same file at once: the second waits for the first and then
    finds its row taken. `repeat` is 0 for the first import and counts imports
    the clerk asked for again on purpose (`--again`).
    """

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("kind", "digest", "repeat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    digest: Mapped[str] = mapped_column(String(64))
    repeat: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
