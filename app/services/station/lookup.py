"""Finding what was scanned: an order by its number or tote, a product by any code."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.models import Product, ProductBarcode, SalesOrder, Tote
from app.scanning import Scan
from app.services.errors import NotFound, Refused
from app.services.orders import normalise_order_number


class Unknown(NotFound):
    """A scanned tote or order number that is not in the database."""

    def __init__(self, code: str, sentence: str, **params: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.params = params


class ToteEmpty(Refused):
    code = "tote_empty"

    def __init__(self, tote: str) -> None:
        super().__init__(f"Tote {tote} is empty: no order has been picked into it.")
        self.params = {"tote": tote}


class NumberShared(Refused):
    code = "order_number_shared"

    def __init__(self, number: str, channels: str) -> None:
        super().__init__(
            f"Orders from several channels ({channels}) share number {number}: "
            "scan the barcode on the pick list instead."
        )
        self.params = {"order": number, "channels": channels}


def gtin_forms(gtin14: str) -> list[str]:
    """The ways a 14-digit GTIN may have been stored: as GTIN-14, -13, -12 or -8."""
    forms = [gtin14]
    for length in (13, 12, 8):
        padding = gtin14[: 14 - length]
        if set(padding) <= {"0"}:
            forms.append(gtin14[14 - length :])
    return forms


def find_order(session: Session, scan: Scan) -> SalesOrder:
    """The order an order-number or tote scan names."""
    if scan.kind == "tote" and scan.tote:
        tote = session.scalar(select(Tote).where(Tote.code == scan.tote))
        if tote is None:
            raise Unknown(
                "tote_unknown",
                f"Tote {scan.tote} is not known here. Check the tote label.",
                tote=scan.tote,
            )
        if tote.order_id is None:
            raise ToteEmpty(scan.tote)
        order = session.get(SalesOrder, tote.order_id)
        assert order is not None
        return order
    number = scan.order_number or scan.text
    key = normalise_order_number(number)
    orders = list(session.scalars(select(SalesOrder).where(SalesOrder.number_key == key).limit(5)))
    if not orders:
        raise Unknown(
            "order_unknown",
            f"No order {number} here. Check the number on the pick list.",
            order=number,
        )
    if len(orders) > 1:
        exact = [o for o in orders if o.number.upper() == number.upper()]
        if len(exact) == 1:
            return exact[0]
        channels = ", ".join(sorted(o.channel for o in orders))
        raise NumberShared(number, channels)
    return orders[0]


def find_product(session: Session, scan: Scan) -> Product | None:
    """The product an item scan names: any of its barcodes, or its SKU."""
    codes: list[str] = []
    if scan.gtin:
        codes.extend(gtin_forms(scan.gtin))
    if scan.code:
        codes.append(scan.code)
    if not codes:
        codes.append(scan.text)
    product = session.scalar(_BY_BARCODE, {"codes": codes})
    if product is None:
        product = session.scalar(_BY_SKU, {"codes": codes})
    return product


# Built once: the item lookup runs on every scan.
_BY_BARCODE = (
    select(Product)
    .join(ProductBarcode, ProductBarcode.product_id == Product.id)
    .where(ProductBarcode.code.in_(bindparam("codes", expanding=True)))
    .limit(1)
)
_BY_SKU = select(Product).where(Product.sku.in_(bindparam("codes", expanding=True))).limit(1)
