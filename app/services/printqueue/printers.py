"""Setting up printers per station: one for labels, one for documents."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Printer, Station
from app.models.vocab import DOCUMENT_FORMATS, PRINTER_KINDS, PRINTER_PURPOSES
from app.services.authority import Actor, require_role
from app.services.errors import NotFound, Refused
from app.services.printqueue.adapters import PrinterError, PrinterTarget, parse_host_port

# Who may set up printers: clerks look after labels and the print queue, supervisors
# after the whole floor.
PRINTER_ROLES = ("supervisor", "clerk")

_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _valid_host(host: str) -> bool:
    """An IPv4 or IPv6 address, or a DNS name of letters, digits and hyphens."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.removesuffix(".").split(".")
    return len(host) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)


@dataclass(frozen=True)
class PrinterInfo:
    id: int
    name: str
    station: str | None
    purpose: str
    kind: str
    address: str
    format: str
    dpi: int
    active: bool

    @property
    def target(self) -> PrinterTarget:
        return PrinterTarget(
            self.id, self.name, self.kind, self.address, self.format, self.dpi, self.purpose
        )

    def to_json_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "station": self.station,
            "purpose": self.purpose,
            "kind": self.kind,
            "address": self.address,
            "format": self.format,
            "dpi": self.dpi,
            "active": self.active,
        }


def printer_info(session: Session, printer: Printer) -> PrinterInfo:
    station = session.get(Station, printer.station_id) if printer.station_id else None
    return PrinterInfo(
        printer.id,
        printer.name,
        station.name if station else None,
        printer.purpose,
        printer.kind,
        printer.address,
        printer.format,
        printer.dpi,
        printer.active,
    )


def _check(kind: str, purpose: str, fmt: str, dpi: int, address: str) -> None:
    if purpose not in PRINTER_PURPOSES:
        raise Refused(f"Purpose {purpose!r} is unknown: use {' or '.join(PRINTER_PURPOSES)}.")
    if kind not in PRINTER_KINDS:
        raise Refused(f"Printer kind {kind!r} is unknown: use one of {', '.join(PRINTER_KINDS)}.")
    if fmt not in DOCUMENT_FORMATS:
        raise Refused(f"Format {fmt!r} is unknown: use one of {', '.join(DOCUMENT_FORMATS)}.")
    if dpi not in (203, 300, 600):
        raise Refused(f"Resolution {dpi} dpi is not offered: use 203, 300 or 600.")
    if fmt == "zpl" and dpi not in (203, 300):
        raise Refused("ZPL label printers print at 203 or 300 dpi.")
    if purpose == "document" and fmt != "pdf":
        raise Refused("A document printer takes PDF: invoices and slips have no ZPL form.")
    if not address.strip():
        raise Refused("Give the printer's address: a path, a queue name or host:port.")
    if kind == "raw_tcp":
        try:
            host, _ = parse_host_port(address)
        except PrinterError as exc:
            raise Refused(str(exc)) from exc
        if address.strip().count(":") != 1 and not address.strip().startswith("["):
            raise Refused(
                f"Printer address {address!r} is not host:port: give both, e.g. "
                "192.168.1.40:9100 or zebra-01.lan:9100."
            )
        if not _valid_host(host):
            raise Refused(
                f"{host!r} is not a host name or IP address: use letters, digits, hyphens "
                "and dots (zebra-01.lan) or an address such as 192.168.1.40."
            )


def add_printer(
    session: Session,
    actor: Actor,
    name: str,
    *,
    purpose: str,
    kind: str,
    address: str,
    fmt: str = "pdf",
    dpi: int = 203,
    station_id: int | None = None,
) -> PrinterInfo:
    """A new printer (clerks and supervisors); `station_id` None makes it shared by
    every station."""
    require_role(session, actor, "setting up a printer", *PRINTER_ROLES)
    _check(kind, purpose, fmt, dpi, address)
    if not name.strip():
        raise Refused("Give the printer a name people recognise, e.g. 'Zebra at PACK-01'.")
    if session.scalar(select(Printer.id).where(Printer.name == name.strip())) is not None:
        raise Refused(f"There is already a printer called {name!r}: choose another name.")
    printer = Printer(
        name=name.strip(),
        station_id=station_id,
        purpose=purpose,
        kind=kind,
        address=address.strip(),
        format=fmt,
        dpi=dpi,
        active=True,
    )
    session.add(printer)
    session.flush()
    return printer_info(session, printer)


def list_printers(session: Session, *, station_id: int | None = None) -> list[PrinterInfo]:
    """Every printer, or those a station may use (its own and the shared ones)."""
    query = select(Printer).order_by(Printer.purpose, Printer.name)
    if station_id is not None:
        query = query.where(or_(Printer.station_id == station_id, Printer.station_id.is_(None)))
    return [printer_info(session, p) for p in session.scalars(query)]


def printer_by_name(session: Session, name: str) -> PrinterInfo:
    printer = session.scalars(select(Printer).where(Printer.name == name)).first()
    if printer is None:
        known = ", ".join(session.scalars(select(Printer.name).order_by(Printer.name))) or "none"
        raise NotFound(f"There is no printer called {name!r} (known: {known}).")
    return printer_info(session, printer)


def station_printer(session: Session, station_id: int | None, purpose: str) -> PrinterInfo | None:
    """The active printer for `purpose` at the station: its own first, else a shared one."""
    query = select(Printer).where(Printer.purpose == purpose, Printer.active.is_(True))
    own = (
        session.scalars(
            query.where(Printer.station_id == station_id).order_by(Printer.id).limit(1)
        ).first()
        if station_id is not None
        else None
    )
    found = (
        own
        or session.scalars(
            query.where(Printer.station_id.is_(None)).order_by(Printer.id).limit(1)
        ).first()
    )
    return printer_info(session, found) if found else None
