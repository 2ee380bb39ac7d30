"""Signing an operator in at a station: the context every station input runs in."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from app.models import Station
from app.scanning import DEFAULT_GS_SUBSTITUTES, ScanSettings
from app.services.authority import Actor, require_role
from app.services.errors import ServiceError
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

# What a sensible value is; anything outside is a typing mistake, refused with a sentence.
_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    "typing_threshold_ms": (Decimal("1"), Decimal("1000"), "milliseconds"),
    "weight_tolerance_pct": (Decimal("0"), Decimal("100"), "percent"),
    "weight_tolerance_min_kg": (Decimal("0"), Decimal("50"), "kg"),
}
_MAX_SUBSTITUTE = 10


def _checked_number(key: str, value: object) -> str | float:
    low, high, unit = _RANGES[key]
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not low <= number <= high:
        raise ServiceError(
            f"{key.replace('_', ' ')} {value!r} is not a number from {low} to {high} {unit}: "
            "give a plain number in that range."
        )
    return float(number) if key == "typing_threshold_ms" else str(number)


def _checked_substitutes(value: object) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ServiceError("gs substitutes must be one or more texts separated by spaces.")
    for sub in value:
        if not isinstance(sub, str) or not sub.strip() or len(sub) > _MAX_SUBSTITUTE:
            raise ServiceError(
                f"gs substitute {sub!r} is not usable: each is 1 to {_MAX_SUBSTITUTE} "
                "visible characters, such as <GS> or |."
            )
        if sub.isalnum():
            raise ServiceError(
                f"gs substitute {sub!r} would turn letters or digits of every barcode into a "
                "group separator: use a sign that barcodes do not carry, such as <GS> or |."
            )
    return list(value)


def configure_station(
    session: Session, actor: Actor, station_name: str, **changes: object
) -> dict[str, object]:
    """Change a station's scanner and scale settings (supervisors); returns all of them.

    Every value is checked here, whoever asks (the command line or a window), so a
    bad value is refused now rather than at the next scan.
    """
    require_role(session, actor, "changing station settings", "supervisor")
    unknown = set(changes) - set(SETTING_KEYS)
    if unknown:
        raise ServiceError(f"Unknown station setting(s): {', '.join(sorted(unknown))}.")
    checked: dict[str, object] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key == "gs_substitutes":
            checked[key] = _checked_substitutes(value)
        elif key == "bare_weight_unit":
            if value not in ("kg", "g", "lb", "oz"):
                raise ServiceError(f"bare weight unit {value!r} is not kg, g, lb or oz.")
            checked[key] = value
        else:
            checked[key] = _checked_number(key, value)
    info = register_station(session, station_name)
    station = session.get(Station, info.id)
    assert station is not None
    merged: dict[str, object] = {**(station.settings or {}), **checked}
    station.settings = merged
    session.flush()
    return dict(merged)
