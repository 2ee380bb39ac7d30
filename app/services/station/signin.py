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


SETTING_KEYS = (
    "gs_substitutes",
    "typing_threshold_ms",
    "bare_weight_unit",
    "weight_tolerance_pct",
    "weight_tolerance_min_kg",
)


def configure_station(session: Session, station_name: str, **changes: object) -> dict[str, object]:
    """Change a station's scanner and scale settings; returns all of them.

    Values are checked by building the settings objects the station uses, so a
    bad value is refused here rather than at the next scan.
    """
    from decimal import Decimal, InvalidOperation

    from app.services.errors import ServiceError

    unknown = set(changes) - set(SETTING_KEYS)
    if unknown:
        raise ServiceError(f"Unknown station setting(s): {', '.join(sorted(unknown))}.")
    info = register_station(session, station_name)
    station = session.get(Station, info.id)
    assert station is not None
    merged: dict[str, object] = {**(station.settings or {})}
    merged.update({k: v for k, v in changes.items() if v is not None})
    try:
        subs = merged.get("gs_substitutes")
        if subs is not None and not isinstance(subs, list):
            raise ValueError("gs_substitutes must be a list of texts")
        threshold = merged.get("typing_threshold_ms", 30.0)
        if not isinstance(threshold, int | float | str):
            raise ValueError("typing_threshold_ms must be a number")
        float(threshold)
        # Building the settings the station will use checks every value.
        scan_settings_of({**merged, "typing_threshold_ms": float(threshold)})
        if merged.get("bare_weight_unit", "kg") not in ("kg", "g", "lb", "oz"):
            raise ValueError("bare_weight_unit must be kg, g, lb or oz")
        for key in ("weight_tolerance_pct", "weight_tolerance_min_kg"):
            if key in merged and Decimal(str(merged[key])) < 0:
                raise ValueError(f"{key} cannot be negative")
    except (ValueError, TypeError, InvalidOperation) as exc:
        raise ServiceError(f"Station setting refused: {exc}") from exc
    station.settings = merged
    session.flush()
    return dict(merged)
