"""Screenshots of the returns station: a unit waiting for its grade, and a discrepancy
(a unit that is not this seller's), driven as a returns clerk would."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.ui.main_window import MainWindow
    from app.ui.startup import OpenedStation

# A GTIN no product of the demo carries: a unit from another seller.
FOREIGN_GTIN = "4012345678901"


def returnable(session: Session) -> tuple[str, str]:
    """An expected demo RMA whose first line is a plain item with a GTIN: (RMA, GTIN)."""
    from sqlalchemy import func, select

    from app.models import OrderLine, Product, ProductBarcode, Return

    for rma in session.scalars(
        select(Return).where(Return.status == "expected").order_by(Return.id)
    ):
        for line in rma.lines:
            order_line = session.get(OrderLine, line.order_line_id)
            product = session.get(Product, order_line.product_id) if order_line else None
            if product is None or product.track_serial or product.track_lot:
                continue
            gtin = session.scalar(
                select(func.min(ProductBarcode.code)).where(
                    ProductBarcode.product_id == product.id, ProductBarcode.kind == "gtin"
                )
            )
            if gtin:
                return rma.rma_number, gtin
    raise LookupError("the demo has no expected return of a plain item")


def render_returns(window: MainWindow, opened: OpenedStation, shoot: Callable[[str], None]) -> None:
    from app.ui.screens.returns import ReturnsScreen
    from app.ui.screenshot_stations import first_operator

    with opened.factory() as session:
        clerk = first_operator(session, "clerk")
        rma, gtin = returnable(session)
    window.sign_out()
    window.sign_in(clerk)
    screen = window.work_screen("returns")
    assert isinstance(screen, ReturnsScreen)
    window.tabs.setCurrentWidget(screen)
    screen.submit(rma)
    screen.submit(gtin)
    shoot("24-returns-grading")
    screen.submit("A")
    screen.submit("OK")
    screen.submit(FOREIGN_GTIN)
    shoot("25-returns-discrepancy")
    screen.release()
