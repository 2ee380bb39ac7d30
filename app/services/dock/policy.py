"""What a scan means at the dock, decided from the manifest the station holds.

`DockPolicy` plugs into the one station loop (`StationLoop(..., policy=DockPolicy(...))`).
Opening a carrier's handover asks the shared database (`DockDesk.open`) and copies the
parcels waiting (of every carrier) into the journal; every parcel scan is answered
from that copy, so the dock scans on through an outage. Online, the desk puts the
parcel on the manifest at once, so two stations scanning one parcel are told
which got it; offline, the sync applies the journalled scan when the database is
back (`app.services.dock.effects`). Closing needs the database, by nature.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from app.models import utcnow
from app.scanning import Scan
from app.services.authority import operator_actor
from app.services.dock.manifests import (
    ClosedManifest,
    CountMismatch,
    ManifestClosed,
    OnOtherManifest,
    OpenedManifest,
    PreflightFailed,
    close_manifest,
    open_manifest,
)
from app.services.dock.manifests import add_parcel as add_to_manifest
from app.services.dock.parcels import DockParcel, parcel_code, waiting_parcels
from app.services.errors import ServiceError
from app.services.station.types import Feedback, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import Decline, Outcome, outcome, refuse
from app.services.stationloop.policy import Decision, DeskTools, Effect
from app.services.stationloop.words import next_words, sentence

log = logging.getLogger(__name__)

CLOSE_WAIT_S = 3.0  # how long a close waits for the station's last scans to reach the database
_SOUND = {"ok": "good", "complete": "complete", "warning": "bad", "refused": "bad"}


@dataclass(frozen=True)
class CloseForm:
    """What the driver gives: name, vehicle registration, the count signed for, and
    why it differs from the parcels scanned, when it does."""

    driver: str
    vehicle: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class DockLocal:
    """The dock station's state: the manifest it holds and the parcels scanned onto it."""

    manifest: OpenedManifest | None = None
    scanned: tuple[int, ...] = ()
    closed: str | None = None  # the manifest closed last, for the answer

    @property
    def phase(self) -> str:
        return "scanning" if self.manifest is not None else "idle"


@dataclass(frozen=True)
class ServiceCount:
    service: str
    service_name: str
    cutoff: str | None
    expected: int
    scanned: int


@dataclass(frozen=True)
class MissingParcel:
    code: str
    tracking: str
    order: str
    service: str
    packed_at: str
    late: bool
    leftover: bool


@dataclass(frozen=True)
class DockView:
    """What the dock screen shows: expected against scanned per service, and what is missing."""

    manifest: str | None
    carrier: str | None
    carrier_name: str | None
    scanned: int
    expected: int
    services: tuple[ServiceCount, ...] = ()
    missing: tuple[MissingParcel, ...] = ()
    tracking: tuple[str, ...] = ()
    cages: tuple[tuple[str, int], ...] = field(default=())  # other carriers: parcels waiting

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "manifest": self.manifest,
            "carrier": self.carrier,
            "scanned": self.scanned,
            "expected": self.expected,
            "services": [
                {
                    "service": s.service,
                    "cutoff": s.cutoff,
                    "expected": s.expected,
                    "scanned": s.scanned,
                }
                for s in self.services
            ],
            "missing": [
                {"parcel": m.code, "tracking": m.tracking, "packed_at": m.packed_at, "late": m.late}
                for m in self.missing
            ],
            "tracking": list(self.tracking),
        }


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, DockParcel]
    by_id: dict[int, DockParcel]
    carrier: tuple[DockParcel, ...]
    cages: tuple[tuple[str, int], ...]


class DockDesk:
    """The dock decisions that need the shared database (given by the loop)."""

    def __init__(self, tools: DeskTools) -> None:
        self.tools = tools
        self.form: CloseForm | None = None

    def _actor(self) -> Any:
        ctx = self.tools.context
        return operator_actor(ctx.operator_id, ctx.operator_name)

    def open(self, carrier: str) -> OpenedManifest:
        ctx = self.tools.context
        return self.tools.run(
            lambda s: open_manifest(
                s, self._actor(), carrier, station_id=ctx.station_id, now=self.tools.now()
            ),
            "handover_needs_database",
            "scan_parcel",
        )

    def find(self, code: str) -> DockParcel | None:
        """The waiting parcel a label names, from the shared database; None offline."""
        if not self.tools.online():
            return None
        try:
            found = self.tools.run(
                lambda s: waiting_parcels(s, code=code, limit=1), "offline", "scan_parcel"
            )
        except Decline:
            return None
        return found[0] if found else None

    def add(self, manifest_id: int, parcel_id: int) -> bool:
        """True when the parcel is on the manifest in the shared database now; False when
        the station is offline (the sync puts it there). Another manifest's: refused."""
        ctx = self.tools.context
        if not self.tools.online():
            return False
        try:
            self.tools.run(
                lambda s: add_to_manifest(
                    s,
                    manifest_id,
                    parcel_id,
                    operator_id=ctx.operator_id,
                    station_id=ctx.station_id,
                    at=self.tools.now(),
                ),
                "offline",
                "scan_parcel",
            )
        except Decline as exc:
            if exc.outcome.code == "offline":
                return False
            raise
        return True

    def close(self, manifest_id: int, form: CloseForm) -> ClosedManifest:
        """Closes in the shared database once every scan of this station is there (the
        sync is given a moment: it was woken by the last entry)."""
        if not self.tools.online():
            raise refuse("close_needs_database", "close_when_online")
        deadline = time.monotonic() + CLOSE_WAIT_S
        waiting = self.tools.journal.counts().pending
        while waiting and time.monotonic() < deadline:
            time.sleep(0.02)
            waiting = self.tools.journal.counts().pending
        if waiting:
            raise refuse("close_waits_for_sync", "enter_driver", waiting=waiting)
        return self.tools.run(
            lambda s: close_manifest(
                s,
                self._actor(),
                manifest_id,
                driver=form.driver,
                vehicle=form.vehicle,
                count=form.count,
                note=form.note,
                now=self.tools.now(),
            ),
            "close_needs_database",
            "close_when_online",
        )


class DockPolicy:
    """The dock station's rules over the manifest it holds; commands in a table."""

    kind = "dock"

    def __init__(self, context: StationContext, now: Callable[[], dt.datetime] = utcnow) -> None:
        self.context = context
        self._now = now
        self._saved: OpenedManifest | None = None  # the snapshot the journal holds
        self.desk: DockDesk | None = None
        self._indexed: tuple[OpenedManifest, _Index] | None = None
        self._commands: dict[str, Callable[[DockLocal, Scan, DockDesk], Decision]] = {
            "HANDOVER": self._open,
            "CLOSE": self._close,
            "CANCEL": self._leave,
            "LOGOUT": self._logout,
        }

    # -- the loop's protocol ----------------------------------------------------------

    def initial(self) -> DockLocal:
        return DockLocal()

    def make_desk(self, tools: DeskTools) -> DockDesk:
        self.desk = DockDesk(tools)
        return self.desk

    def fill_close_form(self, form: CloseForm) -> None:
        """The screen's form for the next CMD:CLOSE (scanned or pressed)."""
        assert self.desk is not None
        self.desk.form = form

    def restore(self, journal: Journal) -> DockLocal:
        raw = journal.state("dock")
        if raw is None:
            return self.initial()
        try:
            data = json.loads(raw)
            if data.get("manifest_id") is None:
                return DockLocal(closed=data.get("closed"))
            whole = OpenedManifest.from_json_dict(json.loads(journal.state("dock_manifest") or ""))
            if whole.manifest_id != data["manifest_id"]:
                raise ValueError("the held manifest's snapshot is of another manifest")
            self._saved = whole
            return DockLocal(whole, tuple(int(x) for x in data["scanned"]))
        except (ValueError, KeyError, TypeError):
            log.exception("the dock state in %s cannot be read; starting idle", journal.path)
            return self.initial()

    def state_rows(self, state: DockLocal) -> dict[str, str]:
        m = state.manifest
        rows = {
            "dock": json.dumps(
                {
                    "manifest_id": m.manifest_id if m else None,
                    "scanned": list(state.scanned),
                    "closed": state.closed,
                }
            )
        }
        if m is not None and m is not self._saved:
            rows["dock_manifest"] = json.dumps(m.to_json_dict(), ensure_ascii=False)
            self._saved = m
        return rows

    def expects_weight(self, state: DockLocal) -> bool:
        return False

    def expects_secret(self, state: DockLocal) -> bool:
        return False

    def next_action(self, state: DockLocal) -> str:
        return "scan_parcel" if state.manifest is not None else "scan_carrier"

    def order_of(self, state: DockLocal) -> int | None:
        return None

    def release(self, state: DockLocal) -> str | None:
        return None  # an open handover stays open when the window closes

    def feedback(self, scan: Scan, result: Outcome, state: DockLocal, ms: float) -> Feedback:
        return Feedback(
            input=scan.raw,
            ok=result.ok,
            kind=scan.kind,
            message=sentence(result),
            next_action=next_words(result),
            phase=state.phase,
            sound=_SOUND[result.severity],  # type: ignore[arg-type]
            order=result.params.get("order"),
            ms=ms,
            signed_out=result.code == "signed_out",
            code=result.code,
            held=result.severity == "warning",
            view=self.view(state),
        )

    # -- what the screen shows --------------------------------------------------------

    def view(self, state: DockLocal) -> DockView:
        m = state.manifest
        if m is None:
            return DockView(state.closed, None, None, 0, 0)
        now = self._now()
        scanned = set(state.scanned)
        index = self._index(m)
        mine = [p for p in index.carrier if _expected(p, scanned)]
        services: dict[str, ServiceCount] = {}
        for p in mine:
            row = services.get(p.service) or ServiceCount(p.service, p.service_name, p.cutoff, 0, 0)
            services[p.service] = replace(
                row, expected=row.expected + 1, scanned=row.scanned + (p.parcel_id in scanned)
            )
        today = m.day
        missing = tuple(
            MissingParcel(
                parcel_code(p.parcel_id),
                p.tracking or "",
                p.order,
                p.service,
                p.packed_at,
                p.late(now),
                bool(p.due_at and p.due_at[:10] < today),
            )
            for p in mine
            if p.parcel_id not in scanned
        )
        by_id = index.by_id
        return DockView(
            manifest=m.number,
            carrier=m.carrier,
            carrier_name=m.carrier_name,
            scanned=len(scanned),
            expected=len(mine),
            services=tuple(sorted(services.values(), key=lambda s: (s.cutoff or "99", s.service))),
            missing=missing,
            tracking=tuple(by_id[i].tracking or "" for i in state.scanned if i in by_id),
            cages=index.cages,
        )

    def _index(self, m: OpenedManifest) -> _Index:
        """The held snapshot indexed once: by code, by id, the carrier's own parcels."""
        if self._indexed is None or self._indexed[0] is not m:
            by_code = {code: p for p in m.parcels for code in p.codes()}
            others = Counter(
                p.carrier
                for p in m.parcels
                if p.carrier != m.carrier and p.labelled and not p.manifest
            )
            index = _Index(
                by_code,
                {p.parcel_id: p for p in m.parcels},
                tuple(p for p in m.parcels if p.carrier == m.carrier),
                tuple(sorted(others.items())),
            )
            self._indexed = (m, index)
        return self._indexed[1]

    # -- decisions --------------------------------------------------------------------

    def decide(self, state: DockLocal, scan: Scan, desk: DockDesk) -> Decision:
        if scan.kind == "command":
            handler = self._commands.get(scan.command or "")
            if handler is None:
                raise refuse("dock_command_not_here", self.next_action(state), name=scan.command)
            return handler(state, scan, desk)
        if scan.kind in ("tracking", "sscc", "unknown", "gs1", "gtin"):
            return self._parcel(state, scan, desk)
        what = {"order": "other", "tote": "other", "location": "location", "badge": "other"}
        raise refuse("not_a_parcel", self.next_action(state), what=what.get(scan.kind, "other"))

    def _open(self, state: DockLocal, scan: Scan, desk: DockDesk) -> Decision:
        carrier = (scan.command_arg or "").strip().upper()
        try:
            opened = desk.open(carrier)
        except ServiceError as exc:
            raise refuse("close_refused", self.next_action(state), detail=str(exc)) from exc
        scanned = tuple(opened.scanned)
        new = DockLocal(opened, scanned)
        view = self.view(new)
        result = outcome(
            "handover_opened",
            "scan_parcel",
            manifest=opened.number,
            carrier=opened.carrier,
            carrier_name=opened.carrier_name,
            scanned=view.scanned,
            expected=view.expected,
            leftover=sum(1 for m in view.missing if m.leftover),
        )
        effect: Effect = {"op": "manifest_opened", "manifest_id": opened.manifest_id}
        return Decision(result, new, (effect,))

    def _parcel(self, state: DockLocal, scan: Scan, desk: DockDesk) -> Decision:
        m = state.manifest
        if m is None:
            raise refuse("no_handover_open", "scan_carrier")
        code = (scan.tracking or scan.sscc or scan.code or scan.text).strip().upper()
        found = self._index(m).by_code.get(code)
        if found is None and code not in m.voided:
            # Labelled after the handover opened: the database knows it (when reachable).
            found = desk.find(code)
            if found is not None:
                m = replace(m, parcels=(*m.parcels, found))
                state = replace(state, manifest=m)
        if found is None:
            if code in m.voided:
                raise refuse("label_voided", "take_to_dispatch", tracking=code)
            raise refuse("parcel_unknown", "take_to_dispatch", label=code)
        p = found
        words = {"tracking": p.tracking or parcel_code(p.parcel_id), "order": p.order}
        if p.parcel_id in state.scanned:
            raise refuse("already_on_this_manifest", "scan_parcel", **words)
        if p.manifest and p.manifest != m.number:
            raise refuse("on_other_manifest", "keep_with_manifest", other=p.manifest, **words)
        if p.carrier != m.carrier:
            raise refuse(
                "wrong_cage",
                "put_in_right_cage",
                carrier_name=m.carrier_name,
                other=p.carrier,
                other_name=p.carrier_name,
                other_service=p.service_name,
                **words,
            )
        if not p.labelled:
            raise refuse(
                "not_labelled", "take_to_dispatch", parcel=parcel_code(p.parcel_id), **words
            )
        if p.on_hold:
            raise refuse("parcel_on_hold", "take_to_dispatch", **words)

        try:
            in_db = desk.add(m.manifest_id, p.parcel_id)
        except OnOtherManifest as exc:
            raise refuse(
                "on_other_manifest", "keep_with_manifest", other=exc.number, **words
            ) from exc
        except ManifestClosed as exc:
            raise refuse("manifest_closed", "scan_carrier", manifest=m.number) from exc
        except PreflightFailed as exc:
            raise refuse("preflight_failed", "take_to_dispatch", problem=str(exc), **words) from exc
        except ServiceError as exc:
            raise refuse("close_refused", "take_to_dispatch", detail=str(exc)) from exc
        new = replace(state, scanned=(*state.scanned, p.parcel_id))
        view = self.view(new)
        here = sum(
            1 for q in m.parcels if q.shipment_id == p.shipment_id and q.parcel_id in new.scanned
        )
        missing = p.parcels_in_shipment - here
        params = {
            **words,
            "n": view.scanned,
            "expected": view.expected,
            "carrier_name": m.carrier_name,
            "late": p.late(self._now()),
            "shipment": p.shipment_id,
            "missing": missing,
            "in_db": in_db,
        }
        code_ = "parcel_added_partial" if missing > 0 else "parcel_added"
        result = outcome(code_, "scan_parcel", "warning" if missing > 0 else "ok", **params)
        effect: Effect = {
            "op": "manifest_scan",
            "manifest_id": m.manifest_id,
            "parcel_id": p.parcel_id,
            "at": self._now().isoformat(),
        }
        return Decision(result, new, (effect,))

    def _close(self, state: DockLocal, scan: Scan, desk: DockDesk) -> Decision:
        m = state.manifest
        if m is None:
            raise refuse("no_handover_open", "scan_carrier")
        form, desk.form = desk.form, None
        if form is None:
            raise refuse("close_needs_form", "enter_driver")
        try:
            closed = desk.close(m.manifest_id, form)
        except CountMismatch as exc:
            raise refuse(
                "count_mismatch", "explain_count", count=exc.count, scanned=exc.scanned
            ) from exc
        except ManifestClosed as exc:
            raise Decline(
                outcome("manifest_closed", "scan_carrier", "refused", manifest=m.number),
                DockLocal(closed=m.number),
            ) from exc
        except ServiceError as exc:
            raise refuse("close_refused", "enter_driver", detail=str(exc)) from exc
        result = outcome(
            "handover_closed",
            "scan_carrier",
            "complete",
            manifest=closed.number,
            parcels=closed.parcels,
            weight=str(closed.weight_kg),
            driver=closed.driver,
            vehicle=closed.vehicle,
            count=closed.count,
        )
        effect: Effect = {"op": "manifest_closed", "manifest_id": m.manifest_id}
        return Decision(result, DockLocal(closed=closed.number), (effect,))

    def _leave(self, state: DockLocal, scan: Scan, desk: DockDesk) -> Decision:
        if state.manifest is None:
            raise refuse("no_handover_open", "scan_carrier")
        return Decision(
            outcome("handover_left", "scan_carrier", manifest=state.manifest.number), DockLocal()
        )

    def _logout(self, state: DockLocal, scan: Scan, desk: DockDesk) -> Decision:
        return Decision(
            outcome("signed_out", "scan_badge", name=self.context.operator_name), DockLocal()
        )


def _expected(p: DockParcel, scanned: set[int]) -> bool:
    """A parcel this handover waits for: labelled, on no other manifest, or scanned here."""
    return p.parcel_id in scanned or (p.labelled and not p.manifest and not p.on_hold)
