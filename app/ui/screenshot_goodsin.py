"""Screenshots of goods-in receiving today's demo purchase order, and the buyer's
reorder list with its chart, on the demo warehouse in a temporary database."""

from __future__ import annotations

from pathlib import Path


def render_goods_in(directory: Path, size: tuple[int, int]) -> list[Path]:
    from sqlalchemy import select

    from app.models import ProductBarcode, PurchaseOrder, PurchaseOrderLine
    from app.services.demo.purchasing import TODAY_NOTE, TODAY_PO
    from app.ui.main_window import MainWindow
    from app.ui.printing import PrintSetup
    from app.ui.screens.buying import BuyingScreen
    from app.ui.screens.goods_in import GoodsInScreen
    from app.ui.screenshot import _first_supervisor, _shoot, demo_station
    from app.ui.screenshot_dispatch import drop_print
    from app.ui.startup import make_runtime
    from app.ui.tasks import SynchronousPool

    shots: list[Path] = []
    with demo_station(orders=120) as opened:
        with opened.factory() as session:
            supervisor = _first_supervisor(session)
            codes = [
                code
                for code, units in session.execute(
                    select(ProductBarcode.code, ProductBarcode.units)
                    .join(
                        PurchaseOrderLine,
                        PurchaseOrderLine.product_id == ProductBarcode.product_id,
                    )
                    .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
                    .where(PurchaseOrder.number == TODAY_PO, ProductBarcode.kind == "gtin")
                    .order_by(PurchaseOrderLine.line_no)
                )
                if units == 1
            ]
        runtime = make_runtime(opened, SynchronousPool())
        printing = PrintSetup(pool=SynchronousPool(), send=drop_print)
        window = MainWindow(opened.station.name, station_pool=SynchronousPool(), printing=printing)
        window.resize(*size)
        window.show()
        window.attach(runtime)
        runtime.monitor.stop()
        try:
            window.sign_in(supervisor)
            goods_in = window.work_screen("goods_in")
            assert isinstance(goods_in, GoodsInScreen)
            window.tabs.setCurrentWidget(goods_in)
            goods_in.submit(TODAY_NOTE)
            for code in codes[:1] * 3 + codes[1:2] * 4 + codes[2:3]:
                goods_in.submit(code)
            goods_in.submit("CMD:DAMAGED")
            shots.append(_shoot(window, directory, "26-goods-in-receiving"))
            goods_in.release_later()
            buying = window.work_screen("buying")
            assert isinstance(buying, BuyingScreen)
            window.tabs.setCurrentWidget(buying)
            buying.refresh()
            shots.append(_shoot(window, directory, "27-buying-reorder"))
        finally:
            window.close()
            window.deleteLater()
    return shots
