"""The pack station: scans in, feedback out, the same for the window and `simulate`."""

from app.services.station.controller import DocumentsHook, PackStation
from app.services.station.types import (
    CartonChoice,
    Feedback,
    PackLine,
    Phase,
    StationContext,
    StationSettings,
)

__all__ = [
    "CartonChoice",
    "DocumentsHook",
    "Feedback",
    "PackLine",
    "PackStation",
    "Phase",
    "StationContext",
    "StationSettings",
]
