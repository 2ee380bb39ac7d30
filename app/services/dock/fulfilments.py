"""What was handed over, for the shops: one row per parcel, with the tracking URL.

The rows are a pure read of the handovers in a window (`since` inclusive, `until`
exclusive, both UTC): exporting twice gives the same lines, and the next export's
`since` is this one's `until`, so nothing is told twice or missed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.printing.fulfilments import FulfilmentRow
from app.services.dock.views import handed_over_between

# Where each carrier's public tracking page is; {t} is the tracking number.
TRACKING_URLS = {
    "DHL": "https://www.dhl.com/gb-en/home/tracking/tracking-express.html?tracking-id={t}",
    "UPS": "https://www.ups.com/track?tracknum={t}",
    "FEDEX": "https://www.fedex.com/fedextrack/?trknbr={t}",
    "RM": "https://www.royalmail.com/track-your-item#/tracking-results/{t}",
    "EVRI": "https://www.evri.com/track/parcel/{t}",
    "KN": "https://mykn.kuehne-nagel.com/public-tracking/shipments?query={t}",
}


def tracking_url(carrier: str, tracking: str) -> str:
    template = TRACKING_URLS.get(carrier.upper())
    return template.format(t=tracking) if template else ""


def fulfilment_rows(
    session: Session, since: dt.datetime, until: dt.datetime, *, channel: str | None = None
) -> list[FulfilmentRow]:
    rows = []
    for r in handed_over_between(session, since, until):
        if channel is not None and r["channel"] != channel:
            continue
        at: dt.datetime = r["handed_over_at"]
        rows.append(
            FulfilmentRow(
                order=r["order"],
                channel=r["channel"],
                shipment=int(r["shipment"]),
                tracking=r["tracking"],
                carrier=r["carrier"],
                carrier_name=r["carrier_name"],
                service=r["service"],
                service_name=r["service_name"],
                tracking_url=tracking_url(r["carrier"], r["tracking"]),
                handed_over_at=at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            )
        )
    return rows
