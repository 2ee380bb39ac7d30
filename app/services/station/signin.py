"""Signing an operator in at a station: the context every station input runs in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Station
from app.scanning import DEFAULT_GS_SUBSTITUTES, ScanSettings
from app.services.staff import register_station, sign_in
from app.services.station.types import StationContext, StationSettings


def scan_settings_of(settings: dict[str, object]) -> ScanSettings:
    """A station's scanner settings from its stored settings (defaults where unset)."""
    subs = settings.get("gs_substitutes")
    threshold = settings.get("typing_threshold_ms", 30.0)
    unit = str(settings.get("bare_weight_unit", "kg"))
    return ScanSettings(
        gs_substitutes=tuple(str(s) for s in subs)
        if isinstance(subs, list)
        else DEFAULT_GS_SUBSTITUTES,
        typing_threshold_ms=float(threshold) if isinstance(threshold, int | float | str) else 30.0,
        bare_weight_unit=unit if unit in ("kg", "g", "lb", "oz") else "kg",  # type: ignore[arg-type]
    )


def sign_in_at_station(
    session: Session, station_name: str, badge: str, pin: str | None = None
) -> tuple[StationContext, ScanSettings]:
    """Register the station if new, check the badge (and PIN), return the context."""
    station_info = register_station(session, station_name)
    operator = sign_in(session, badge, pin)
    station = session.get(Station, station_info.id)
    stored = dict(station.settings or {}) if station else {}
    context = StationContext(
        station_id=station_info.id,
        station_name=station_info.name,
        operator_id=operator.id,
        operator_name=operator.name,
        operator_role=operator.role,
        settings=StationSettings.from_dict(stored),
    )
    return context, scan_settings_of(stored)
