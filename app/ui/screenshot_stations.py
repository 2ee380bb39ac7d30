"""Screenshots of the scan stations in their main states, driven like a packer would.

Pack: waiting for an order, mid-order, a refused scan, weighing, complete.
Pick: waiting, and at a stop of a batch. Dispatch: a failed label printer and a
shipment pre-flight stops (app.ui.screenshot_dispatch). PINs: an override waiting
for one, a sign-in that must wait or is locked, a locked badge on the Staff screen
(app.ui.screenshot_secrets). The stations change what they work on,
so these always run on the demo warehouse in a temporary database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.staff import OperatorInfo


@dataclass(frozen=True)
class PackPlan:
    order: str
    item_codes: tuple[str, ...]  # one scan per unit
    stranger: str  # a product's barcode that is not in the order


def packable_order(session: Session) -> PackPlan:
    """A new demo order of plain (not lot or serial tracked) items that are in stock."""
    from sqlalchemy import func, select

    from app.models import OrderLine, Product, ProductBarcode, SalesOrder, StockLevel

    gtins = dict(
        session.execute(
            select(ProductBarcode.product_id, func.min(ProductBarcode.code))
            .where(ProductBarcode.kind == "gtin")
            .group_by(ProductBarcode.product_id)
        ).all()
    )
    stock = dict(
        session.execute(
            select(StockLevel.product_id, func.sum(StockLevel.quantity)).group_by(
                StockLevel.product_id
            )
        ).all()
    )
    plain = set(
        session.scalars(
            select(Product.id).where(
                Product.track_lot.is_(False),
                Product.track_serial.is_(False),
                Product.track_expiry.is_(False),
            )
        )
    )
    for order in session.scalars(
        select(SalesOrder).where(SalesOrder.status == "new").order_by(SalesOrder.id)
    ):
        lines = [ln for ln in order.lines if ln.requires_shipping]
        units = sum(ln.quantity for ln in lines)
        if not 2 <= units <= 4 or any(
            ln.product_id not in plain
            or ln.product_id not in gtins
            or (stock.get(ln.product_id) or 0) < ln.quantity
            for ln in lines
        ):
            continue
        in_order = {ln.product_id for ln in lines}
        stranger = next(code for pid, code in gtins.items() if pid not in in_order)
        codes = tuple(gtins[ln.product_id] for ln in lines for _ in range(ln.quantity))
        return PackPlan(order.number, codes, stranger)
    _ = OrderLine
    raise LookupError("the demo has no new order of plain items in stock")


def first_operator(session: Session, role: str) -> OperatorInfo:
    """The first active operator of `role` in the demo."""
    from app.services.staff import list_operators

    return next(op for op in list_operators(session, include_inactive=False) if op.role == role)


def render_stations(directory: Path, size: tuple[int, int]) -> list[Path]:
    from app.services.station import Feedback
    from app.services.stationloop.loop import StationLoop
    from app.ui.main_window import MainWindow
    from app.ui.printing import PrintSetup
    from app.ui.screens.pack import PackScreen
    from app.ui.screens.pick import PickScreen
    from app.ui.screenshot import _shoot, demo_station
    from app.ui.screenshot_dispatch import drop_print, render_dispatch
    from app.ui.screenshot_dock import render_dock
    from app.ui.screenshot_returns import render_returns
    from app.ui.screenshot_secrets import render_secrets
    from app.ui.startup import make_runtime
    from app.ui.tasks import SynchronousPool

    shots: list[Path] = []
    with demo_station(orders=120) as opened:
        with opened.factory() as session:
            packer = first_operator(session, "packer")
            plan = packable_order(session)
        runtime = make_runtime(opened, SynchronousPool())
        printing = PrintSetup(pool=SynchronousPool(), send=drop_print)
        window = MainWindow(opened.station.name, station_pool=SynchronousPool(), printing=printing)
        window.resize(*size)
        window.show()
        window.attach(runtime)
        runtime.monitor.stop()
        try:
            window.sign_in(packer)
            pack = window.work_screen("pack")
            assert isinstance(pack, PackScreen)
            last: list[Feedback] = []
            pack.feedback_shown.connect(last.append)

            def shoot(name: str) -> None:
                shots.append(_shoot(window, directory, name))

            shoot("07-pack-waiting")
            pack.submit(plan.order)
            pack.submit(plan.item_codes[0])
            shoot("08-pack-mid-order")
            pack.submit(plan.stranger)
            shoot("09-pack-refused-scan")
            for code in plan.item_codes[1:]:
                pack.submit(code)
            shoot("10-pack-weighing")
            expected = last[-1].expected_weight_kg
            pack.submit(f"{expected}kg" if expected is not None else "1.0kg")
            shoot("11-pack-complete")
            # The shared database away: the header says so, a new order is refused.
            station = pack.station
            if isinstance(station, StationLoop):
                station.sync.stop()
                station.sync.went_offline()
                pack.submit(plan.order)
                shoot("11b-pack-offline")
            pick = window.work_screen("pick")
            assert isinstance(pick, PickScreen)
            window.tabs.setCurrentWidget(pick)
            shoot("12-pick-waiting")
            pick.batch_size.setValue(3)
            pick.start_batch()
            for tote in range(1, 10):
                if pick.phase != "tote":
                    break
                pick.submit(f"TOTE-9{tote:03d}")
            shoot("13-pick-stop")
            pick.release()
            render_dispatch(window, opened, shoot)
            render_dock(window, opened, shoot)
            render_secrets(window, opened, shoot)
            render_returns(window, opened, shoot)
        finally:
            window.close()
            window.deleteLater()
    return shots
