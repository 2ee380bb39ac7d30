"""Demo staff, stations and printers: who signs in where, and where prints go.

Badges are `OP-` codes, which Crossdock reads bare or as `BADGE:OP-0001`. The
printers write PDF files into the data directory, so a tester sees every label
and document without a printer; the Zebra entry shows a raw TCP set-up, disabled.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import data_dir
from app.models import Operator, Printer, Station
from app.services.authority import command_line_actor
from app.services.staff import add_operator


@dataclass(frozen=True)
class DemoSignIn:
    """A badge a tester can sign in with (and the PIN a supervisor also needs)."""

    badge: str
    name: str
    role: str
    pin: str | None
    active: bool = True


SIGN_INS = (
    DemoSignIn("OP-0001", "Ana Costa", "packer", None),
    DemoSignIn("OP-0002", "Jan Kowalczyk", "packer", None),
    DemoSignIn("OP-0003", "Fatima El Amrani", "packer", None),
    DemoSignIn("OP-0004", "Tom Okafor", "packer", None),
    DemoSignIn("OP-0005", "Mei Lin", "packer", None),
    DemoSignIn("OP-0011", "Sophie Martin", "clerk", None),
    DemoSignIn("OP-0012", "Raj Patel", "clerk", None),
    DemoSignIn("OP-0021", "Eva Janssen", "supervisor", "1234"),
    # Left the company: the badge is refused, with the reason on screen.
    DemoSignIn("OP-0009", "Dan Hughes", "packer", None, active=False),
)
PACK_STATIONS = ("PACK-01", "PACK-02", "PACK-03", "PACK-04")
STATIONS = (*PACK_STATIONS, "DISPATCH-01", "RETURNS-01", "OFFICE-01")


def ensure_operators(session: Session) -> dict[str, Operator]:
    """The demo operators by badge; a badge already in use is left as it is."""
    known = set(session.scalars(select(Operator.badge_code)))
    for person in SIGN_INS:
        if person.badge not in known:
            add_operator(
                session,
                command_line_actor(),
                badge=person.badge,
                name=person.name,
                role=person.role,
                pin=person.pin,
            )
    badges = [person.badge for person in SIGN_INS]
    operators = {
        op.badge_code: op
        for op in session.scalars(select(Operator).where(Operator.badge_code.in_(badges)))
    }
    for person in SIGN_INS:
        if person.badge not in known and not person.active:
            operators[person.badge].active = False
    return operators


def ensure_stations(session: Session) -> dict[str, Station]:
    """The demo stations by name.

    Created directly rather than through `register_station`, which would stamp
    this machine's host name and "seen now" on stations nobody has used yet.
    """
    existing = {s.name: s for s in session.scalars(select(Station))}
    for name in STATIONS:
        if name not in existing:
            existing[name] = Station(name=name, hostname="", settings={})
            session.add(existing[name])
    return existing


def ensure_printers(session: Session, stations: dict[str, Station]) -> list[Printer]:
    """A printer for labels and one for documents (PDF files), plus a disabled Zebra."""
    prints = data_dir() / "prints"
    # name, station, purpose, kind, address, format, dpi, active
    wanted = (
        ("Labels (PDF files)", None, "label", "pdf_file", prints / "labels", "pdf", 203, True),
        (
            "Documents (PDF files)",
            None,
            "document",
            "pdf_file",
            prints / "documents",
            "pdf",
            300,
            True,
        ),
        # A Zebra's address on the warehouse network goes here; the demo's points at
        # this computer, where no printer listens, and starts switched off.
        (
            "Zebra ZD421 at PACK-01",
            "PACK-01",
            "label",
            "raw_tcp",
            "127.0.0.1:9100",
            "zpl",
            203,
            False,
        ),
    )
    existing = {p.name: p for p in session.scalars(select(Printer))}
    for name, station, purpose, kind, address, fmt, dpi, active in wanted:
        if name in existing:
            continue
        existing[name] = Printer(
            name=name,
            station_id=stations[station].id if station else None,
            purpose=purpose,
            kind=kind,
            address=str(address),
            format=fmt,
            dpi=dpi,
            active=active,
        )
        session.add(existing[name])
    return [existing[name] for name, *_ in wanted]
