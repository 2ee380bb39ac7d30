"""What one effect handler is, and what applying an entry leaves for after its commit.

Apart from `effects` so that each station's handler module can import it without
importing the table that composes them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.services.station.types import StationContext


@dataclass(frozen=True)
class Applied:
    """What applying an entry left for after its commit: shipments to print."""

    print_shipments: tuple[int, ...] = ()
    reprint: bool = False


Handler = Callable[[Session, StationContext, Mapping[str, Any], dt.date, bool], Applied]
