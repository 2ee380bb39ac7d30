"""Sample documents for the printing tests and benchmark: addresses in many scripts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.printing.data import (
    Address,
    CustomsData,
    CustomsItem,
    DangerousGoods,
    Declaration,
    InvoiceData,
    InvoiceLine,
    LabelData,
    PackingSlipData,
    PackingSlipLine,
    Party,
    SSCCLabelData,
)

WAREHOUSE = Address(
    name="Crossdock Fulfilment",
    company="Nordlicht Trading GmbH",
    lines=("Lagerstraße 12", "Halle 3"),
    city="Hamburg",
    postcode="20457",
    country="DE",
    phone="+49 40 1234567",
    email="dispatch@nordlicht.example",
    eori="DE123456789012345",
    vat="DE123456789",
)

# One recipient per script the labels must print. The text checks in the tests look
# for these strings (name, street, city) in the text extracted from the PDFs.
RECIPIENTS: dict[str, Address] = {
    "latin": Address(
        name="Amélie Dubois-Østergaard",
        company="Café Zürich SARL",
        lines=("12 rue de la Paix",),
        city="Paris",
        postcode="75002",
        country="FR",
        phone="+33 1 23 45 67 89",
    ),
    "cyrillic": Address(
        name="Иван Петров",
        lines=("ул. Тверская, д. 7, кв. 12",),
        city="Москва",
        postcode="125009",
        country="RU",
        phone="+7 495 123-45-67",
    ),
    "greek": Address(
        name="Γιώργος Παπαδόπουλος",
        lines=("Οδός Ερμού 25",),
        city="Αθήνα",
        postcode="10563",
        country="GR",
    ),
    "chinese": Address(
        name="王小明",
        company="上海星辰贸易有限公司",
        lines=("南京东路100号",),
        city="上海市",
        postcode="200001",
        country="CN",
        phone="+86 21 6123 4567",
    ),
    "japanese": Address(
        name="山田太郎",
        lines=("渋谷区道玄坂1-2-3",),
        city="東京都",
        postcode="150-0043",
        country="JP",
    ),
    "korean": Address(
        name="김민준",
        lines=("강남구 테헤란로 152",),
        city="서울특별시",
        postcode="06236",
        country="KR",
    ),
    "arabic": Address(
        name="محمد عبد الله",
        lines=("شارع الملك فهد",),
        city="الرياض",
        postcode="12271",
        country="SA",
        phone="+966 11 123 4567",
    ),
    "hebrew": Address(
        name="דוד כהן",
        lines=("רחוב הרצל",),
        city="תל אביב",
        postcode="6100000",
        country="IL",
    ),
}

UK = Address(
    name="Oliver Smith",
    company="Smith & Sons Ltd",
    lines=("221B Baker Street",),
    city="London",
    postcode="NW1 6XE",
    country="GB",
    phone="+44 20 7946 0000",
    eori="GB123456789000",
    vat="GB123456789",
)


def label(
    recipient: Address = UK,
    *,
    tracking: str = "1Z999AA10123456784",
    dangerous: bool = True,
    latin: bool = True,
) -> LabelData:
    goods = (
        (
            DangerousGoods(
                un_number="UN3481",
                description="Lithium ion batteries contained in equipment",
                emergency_phone="+49 40 1234567",
            ),
        )
        if dangerous
        else ()
    )
    return LabelData(
        sender=WAREHOUSE,
        recipient=recipient,
        carrier="DHL Express",
        service="Express Worldwide",
        service_level="express",
        transport_mode="express_air",
        tracking_number=tracking,
        weight_kg=Decimal("2.35"),
        parcel_number=1,
        parcel_count=2,
        order_reference="ORD-2025-004711",
        ship_date=date(2025, 3, 14),
        customs_document="CN23",
        incoterm="DAP",
        dangerous_goods=goods,
        latin_script_required=latin,
    )


def sscc_label() -> SSCCLabelData:
    return SSCCLabelData(
        sscc="376130321109103420",
        ship_from=WAREHOUSE,
        ship_to=UK,
        carrier="DB Schenker",
        order_reference="PO-88231",
        carton_number=3,
        carton_count=12,
        gross_weight_kg=Decimal("18.4"),
        content_gtin="07612345678900",
        content_count=24,
        batch="LOT7",
        best_before=date(2026, 1, 31),
        ship_date=date(2025, 3, 14),
    )


DESCRIPTIONS = (
    "Wireless noise-cancelling headphones with lithium-ion battery, black",
    "Merino wool scarf",
    "Ceramic coffee mug 350 ml, hand-glazed",
    "Stainless steel water bottle 750 ml",
    "USB-C charging cable 2 m",
)


def invoice(lines: int = 5, importer: Address = UK) -> InvoiceData:
    goods = tuple(
        InvoiceLine(
            description=DESCRIPTIONS[i % len(DESCRIPTIONS)],
            hs_code=("8518.30", "6117.10", "6912.00", "7323.93", "8544.42")[i % 5],
            origin_country=("CN", "DE", "PT", "CN", "VN")[i % 5],
            quantity=1 + i % 4,
            unit_value=Decimal("19.99") + Decimal(i) * Decimal("3.17"),
            net_weight_kg=Decimal("0.215") * (1 + i % 4),
            sku=f"SKU-{1000 + i}",
        )
        for i in range(lines)
    )
    net = sum((line.net_weight_kg for line in goods), Decimal(0))
    return InvoiceData(
        invoice_number="INV-2025-000123",
        invoice_date=date(2025, 3, 14),
        exporter=Party(address=WAREHOUSE),
        consignee=Party(address=importer, reference="CUST-4471"),
        carrier="DHL Express",
        tracking_number="1Z999AA10123456784",
        currency="EUR",
        incoterm="DAP",
        incoterm_place="London",
        export_reason="sale",
        duties_payer="recipient",
        lines=goods,
        freight=Decimal("24.90"),
        insurance=Decimal("3.10"),
        gross_weight_kg=(net + Decimal("0.8")).quantize(Decimal("0.001")),
        parcel_count=2,
        declaration=Declaration(name="Jana Nowak", date=date(2025, 3, 14), place="Hamburg"),
        order_reference="ORD-2025-004711",
    )


def customs(items: int = 3, recipient: Address = UK) -> CustomsData:
    net = sum((Decimal("0.250") * (1 + i) for i in range(items)), Decimal(0))
    return CustomsData(
        sender=WAREHOUSE,
        recipient=recipient,
        category="sale_of_goods",
        items=tuple(
            CustomsItem(
                description=DESCRIPTIONS[i % len(DESCRIPTIONS)],
                quantity=1 + i,
                net_weight_kg=Decimal("0.250") * (1 + i),
                value=Decimal("12.50") * (1 + i),
                hs_code="8518.30",
                origin_country="CN",
            )
            for i in range(items)
        ),
        currency="EUR",
        declaration=Declaration(name="Jana Nowak", date=date(2025, 3, 14)),
        gross_weight_kg=net + Decimal("0.35"),
        postage_fees=Decimal("14.20"),
        tracking_number="RR123456785DE",
        designated_operator="Deutsche Post",
        invoice_number="INV-2025-000123",
        office_of_origin="Hamburg 1",
        posting_date=date(2025, 3, 14),
    )


def packing_slip(lines: int = 4) -> PackingSlipData:
    return PackingSlipData(
        order_reference="ORD-2025-004711",
        order_date=date(2025, 3, 12),
        channel_reference="#1042",
        sender=WAREHOUSE,
        ship_to=RECIPIENTS["latin"],
        lines=tuple(
            PackingSlipLine(
                sku=f"SKU-{1000 + i}",
                description=DESCRIPTIONS[i % len(DESCRIPTIONS)],
                quantity_ordered=2,
                quantity_packed=2 if i != 1 else 1,
                gtin="4006381333931",
            )
            for i in range(lines)
        ),
        parcel_number=1,
        parcel_count=2,
        carrier="DHL Express",
        tracking_number="1Z999AA10123456784",
        packed_by="Jana",
        packed_at=datetime(2025, 3, 14, 10, 32),
        gift_message="Happy birthday, Amélie!",
        return_instructions=(
            "Returns within 30 days: scan the code above at returns.nordlicht.example"
        ),
    )
