"""What an effect handler is and what applying an entry leaves for after its commit."""

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
