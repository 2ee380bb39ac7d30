"""Tracking numbers from the carriers' ranges: each format's structure and check digit.

A `TrackingRange` is a block of serial numbers a carrier assigned to one service. The
number handed out is `prefix + serial (zero-padded) + check digit + suffix`, shaped as
the carrier's format requires:

- `s10` (UPU S10, postal): prefix = 2 service letters, 8-digit serial, weighted mod 11
  check digit (8 6 4 2 3 5 9 7), suffix = the operator's ISO country (`LX123456785GB`).
- `ups`: prefix = `1Z` + 6-character shipper number + 2-digit service; 7-digit serial,
  mod 10 check digit over the 15 characters after `1Z` (letters as (code - 3) mod 10,
  odd positions doubled).
- `dhl` (DHL Express): digits up to 9 (prefix + serial), check digit = those 9 mod 7.
- `fedex` (Express, 12 digits): 11 digits, check digit weights 3 1 7, mod 11 mod 10.
- `usps` (IMpb, 22 digits): prefix starting 91-95 (channel, service type, mailer id),
  21 digits, GS1 mod 10 check digit.
- `internal`: prefix + serial + suffix, no check digit (carriers with their own scheme).

Uniqueness is the database's job: the range row is locked (SELECT ... FOR UPDATE on
PostgreSQL, the write lock of BEGIN IMMEDIATE on SQLite) while `next_number` moves on,
and Shipment/Parcel tracking numbers are unique columns. `next_number` only ever grows,
so a number whose label was voided is never handed out again.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    Manifest,
    ManifestParcel,
    Parcel,
    PrintJob,
    Shipment,
    ShipmentEvent,
    TrackingRange,
    VoidedLabel,
)
from app.scanning import interpret
from app.services.authority import Actor, require_role
from app.services.changes import SHIPMENTS, publish
from app.services.errors import NotFound, Refused

# What app.scanning reports as the carrier of each format's numbers.
SCANNED_CARRIER = {"s10": "upu_s10", "ups": "ups", "dhl": "dhl", "fedex": "fedex", "usps": "usps"}
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial8: str) -> int:
    total = sum(int(d) * w for d, w in zip(serial8, _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def ups_check_digit(body15: str) -> int:
    total = 0
    for i, ch in enumerate(body15):
        value = int(ch) if ch.isdigit() else (ord(ch) - 3) % 10
        total += value * 2 if i % 2 else value
    return (10 - total % 10) % 10


def fedex_check_digit(body11: str) -> int:
    return sum(int(d) * w for d, w in zip(body11, (3, 1, 7) * 4, strict=False)) % 11 % 10


def gs1_check_digit(body: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _padded(prefix: str, number: int, width: int, fmt: str) -> str:
    room = width - len(prefix)
    digits = str(number)
    if room < 1 or len(digits) > room:
        raise ValueError(
            f"{fmt} number {number} does not fit after prefix {prefix!r}: the format leaves "
            f"{max(room, 0)} digits for the serial; correct the tracking range"
        )
    return prefix + digits.zfill(room)


def format_tracking_number(fmt: str, prefix: str, number: int, suffix: str = "") -> str:
    """The tracking number for serial `number` of a range in format `fmt`, check digit included.

    Raises ValueError, saying what to correct, when the range does not fit the format.
    """
    if number < 0:
        raise ValueError(f"tracking serial {number} is negative")
    if fmt == "s10":
        if not (len(prefix) == 2 and prefix.isalpha() and prefix.isupper()):
            raise ValueError(
                f"an S10 range needs 2 capital service letters as prefix, not {prefix!r}"
            )
        if not (len(suffix) == 2 and suffix.isalpha() and suffix.isupper()):
            raise ValueError(
                f"an S10 range needs the 2-letter ISO country as suffix, not {suffix!r}"
            )
        serial = _padded("", number, 8, fmt)
        return f"{prefix}{serial}{s10_check_digit(serial)}{suffix}"
    if fmt == "ups":
        if not (prefix.startswith("1Z") and prefix[2:].isalnum() and prefix.isupper()):
            raise ValueError(
                f"a UPS range needs a prefix of 1Z and the shipper number, not {prefix!r}"
            )
        body = _padded(prefix[2:], number, 15, fmt)
        return f"1Z{body}{ups_check_digit(body)}{suffix}"
    if fmt in ("dhl", "fedex", "usps"):
        if prefix and not prefix.isdigit():
            raise ValueError(f"a {fmt} range needs a prefix of digits, not {prefix!r}")
        if fmt == "dhl":
            body = _padded(prefix, number, 9, fmt)
            return f"{body}{int(body) % 7}{suffix}"
        if fmt == "fedex":
            body = _padded(prefix, number, 11, fmt)
            return f"{body}{fedex_check_digit(body)}{suffix}"
        if prefix[:2] not in ("91", "92", "93", "94", "95"):
            raise ValueError(f"a USPS IMpb range starts with 91 to 95, not {prefix!r}")
        body = _padded(prefix, number, 21, fmt)
        return f"{body}{gs1_check_digit(body)}{suffix}"
    return f"{prefix}{number}{suffix}"


def reads_back(fmt: str, tracking: str) -> bool:
    """True when a scanner reading `tracking` gets this carrier's tracking number.

    A FedEx number whose last digit also passes the UPC check would be read as a product
    barcode by a scanner that does not send the symbology: such numbers are skipped.
    """
    carrier = SCANNED_CARRIER.get(fmt)
    if carrier is None:
        return True
    scan = interpret(tracking)
    return scan.kind == "tracking" and scan.carrier == carrier and scan.tracking == tracking


def allocate_tracking_number(session: Session, service_id: int) -> str:
    """The next unused tracking number of the service's ranges, taken for good."""
    service = session.get(CarrierService, service_id)
    if service is None:
        raise NotFound(f"There is no carrier service {service_id}.")
    carrier = session.get(Carrier, service.carrier_id)
    assert carrier is not None
    query = (
        select(TrackingRange)
        .where(
            TrackingRange.service_id == service_id,
            TrackingRange.purpose == "outbound",  # return ranges are for return labels
            TrackingRange.next_number <= TrackingRange.last_number,
        )
        .order_by(TrackingRange.id)
        .limit(1)
        .with_for_update()
    )
    while True:
        found = session.scalars(query).first()
        if found is None:
            raise Refused(
                f"No tracking numbers are left for {carrier.name} {service.name}: ask "
                f"{carrier.name} for a new number range and add it to the service."
            )
        serial = found.next_number
        found.next_number = serial + 1
        session.flush()
        try:
            number = format_tracking_number(
                carrier.tracking_format, found.prefix, serial, found.suffix
            )
        except ValueError as exc:
            raise Refused(f"{carrier.name} {service.name}: {exc}.") from exc
        if reads_back(carrier.tracking_format, number):
            return number


def assign_tracking_numbers(session: Session, shipment_id: int) -> tuple[str, ...]:
    """A tracking number for every parcel of the shipment that has none; all of them.

    Parcels that have one keep it (a reprint is the same label). The shipment's own
    tracking number is its first parcel's.
    """
    # Locked, so two stations labelling the same shipment at once give each parcel one number.
    shipment = session.get(Shipment, shipment_id, with_for_update=True)
    if shipment is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    if shipment.service_id is None:
        raise Refused(f"Shipment {shipment_id} has no carrier service: choose one first.")
    parcels = [p for p in shipment.parcels if p.status != "voided"]
    if not parcels:
        raise Refused(f"Shipment {shipment_id} has no parcels to label.")
    for parcel in parcels:
        if parcel.tracking_number is None:
            parcel.tracking_number = allocate_tracking_number(session, shipment.service_id)
            session.flush()
    if shipment.tracking_number is None:
        shipment.tracking_number = parcels[0].tracking_number
    session.flush()
    return tuple(p.tracking_number for p in parcels if p.tracking_number)


class NotVoidable(Refused):
    """The shipment's labels cannot be voided here: it is `status` (on a manifest or gone);
    `manifest` names the handover that has them, when one does."""

    code = "not_voidable"

    def __init__(self, shipment_id: int, status: str, manifest: str = "") -> None:
        self.shipment_id = shipment_id
        self.status = status
        self.manifest = manifest
        where = f" (manifest {manifest})" if manifest else ""
        super().__init__(
            f"Shipment {shipment_id} is {status.replace('_', ' ')}{where}: its labels can no "
            "longer be voided here, the carrier has the numbers; ask the carrier to cancel them."
        )


class NothingToVoid(Refused):
    """The shipment has no tracking number to void (never labelled, or voided already)."""

    def __init__(self, shipment_id: int) -> None:
        self.shipment_id = shipment_id
        super().__init__(
            f"Shipment {shipment_id} has no label to void: it was never labelled, or its "
            "label was voided already."
        )


def void_labels(
    session: Session, shipment_id: int, reason: str, *, actor: Actor
) -> tuple[str, ...]:
    """Void the shipment's labels: their numbers go into its history and never come back.

    The shipment stays and gets new numbers when it is labelled again; its labels and
    papers still waiting in the print queue are withdrawn. Refused once the parcels are
    on a manifest: the carrier knows those numbers. A clerk or supervisor may void; the
    event records who and why.
    """
    require_role(session, actor, "void a label", "clerk", "supervisor")
    reason = " ".join(reason.split())
    if not reason:
        raise Refused("Say why the label is voided (torn, wrong address, wrong service).")
    # Locked, so a void and a labelling or a manifest of the same shipment take turns.
    shipment = session.get(Shipment, shipment_id, with_for_update=True)
    if shipment is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    if shipment.status not in ("created", "labelled"):
        raise NotVoidable(shipment_id, shipment.status, _manifest_of(session, shipment_id))
    parcels: list[Parcel] = list(shipment.parcels)
    numbers = tuple(p.tracking_number for p in parcels if p.tracking_number)
    if not numbers:
        raise NothingToVoid(shipment_id)
    for parcel in parcels:
        parcel.tracking_number = None
    shipment.tracking_number = None
    # The dock tells a scan of a dead number that it is void (not "unknown").
    for number in sorted(set(numbers)):
        session.add(VoidedLabel(tracking_number=number, shipment_id=shipment_id))
    shipment.status = "created"
    # Labels and papers still waiting in the print queue carry the voided numbers.
    session.execute(
        update(PrintJob)
        .where(
            PrintJob.shipment_id == shipment_id,
            PrintJob.document.in_(("label", "invoice", "cn22", "cn23")),
            PrintJob.status.in_(("queued", "failed")),
        )
        .values(status="failed", next_attempt_at=None, last_error=f"Label voided: {reason}"[:300])
    )
    who = actor.name if actor.operator_id else f"{actor.name} ({actor.os_user}@{actor.host})"
    session.add(
        ShipmentEvent(
            shipment_id=shipment_id,
            status="voided",
            note=f"label {', '.join(numbers)} voided by {who}: {reason}"[:300],
            operator_id=actor.operator_id,
        )
    )
    session.flush()
    publish(session, SHIPMENTS, id=shipment_id, order=shipment.order_id, status="voided")
    return numbers


def _manifest_of(session: Session, shipment_id: int) -> str:
    """The number and hand-over time of the manifest that holds the shipment's parcels."""
    row = session.execute(
        select(Manifest.number, Manifest.handed_over_at, Manifest.driver_name)
        .join(ManifestParcel, ManifestParcel.manifest_id == Manifest.id)
        .join(Parcel, Parcel.id == ManifestParcel.parcel_id)
        .where(Parcel.shipment_id == shipment_id)
        .order_by(Manifest.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return ""
    number, at, driver = row
    if at is None:
        return str(number)
    return f"{number}, handed over to {driver or 'the driver'} at {at:%Y-%m-%d %H:%M} UTC"
