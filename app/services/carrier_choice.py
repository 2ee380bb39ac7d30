"""The first carrier service of a new shipment: one that goes where the order goes.

The first service is a placeholder the station's rating replaces once the parcel is
weighed (`app.services.rating.choice`). A service serves the countries the zones of its
rate contracts in force list (a service in no contract is taken to serve anywhere). A domestic
order (the destination is the warehouse's own country) gets a service that serves
that country alone when there is one, never a service that does not serve it; an
order abroad gets a service that serves its country. Among those, the order's service
level picks the transport mode, in order of preference; then the oldest service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Carrier, CarrierService
from app.services.rating.store import current_book

# Transport modes for each service level, best first.
MODES_FOR_LEVEL: dict[str, tuple[str, ...]] = {
    "express": ("express_air", "economy_air", "road", "postal"),
    "standard": ("economy_air", "road", "postal", "express_air"),
    "economy": ("postal", "road", "economy_air", "rail", "sea", "express_air"),
}
# The service level a shipment's own service gives (what its label says in big letters).
LEVEL_OF_MODE = {
    "express_air": "express",
    "economy_air": "economy",
    "road": "standard",
    "postal": "standard",
    "rail": "economy",
    "sea": "economy",
}


@dataclass(frozen=True)
class ServiceReach:
    """An active service, its mode, and the countries it serves (None: anywhere)."""

    id: int
    mode: str
    countries: frozenset[str] | None


def active_services(session: Session) -> tuple[ServiceReach, ...]:
    """Every active service of an active carrier, oldest first, with where it goes."""
    rows = session.execute(
        select(CarrierService.id, CarrierService.mode, Carrier.code, CarrierService.code)
        .join(Carrier, Carrier.id == CarrierService.carrier_id)
        .where(CarrierService.active.is_(True), Carrier.active.is_(True))
        .order_by(CarrierService.id)
    ).all()
    reach: dict[tuple[str, str], set[str]] = {}
    for rated in current_book(session).services:
        key = (rated.contract.carrier, rated.sheet.code)
        reach.setdefault(key, set()).update(rated.countries)
    return tuple(
        ServiceReach(int(i), str(m), frozenset(reach[(c, code)]) if (c, code) in reach else None)
        for i, m, c, code in rows
    )


def choose_service(
    services: Sequence[ServiceReach], *, destination: str, home: str | None, level: str
) -> int | None:
    """The service for an order to `destination` from a warehouse in `home` (see above)."""
    serving = [s for s in services if s.countries is None or destination in s.countries]
    if destination == home:
        only_home = [s for s in serving if s.countries == frozenset((home,))]
        serving = only_home or serving
    modes = MODES_FOR_LEVEL.get(level, MODES_FOR_LEVEL["standard"])
    for mode in modes:
        found = next((s.id for s in serving if s.mode == mode), None)
        if found is not None:
            return found
    return serving[0].id if serving else None


def service_level_of(mode: str) -> str:
    """The service level a service of `mode` gives."""
    return LEVEL_OF_MODE.get(mode, "standard")
