"""What the documents print: frozen dataclasses that services fill from the database.

Every document renderer in `app.printing` takes one of these and returns bytes (or a ZPL
string); nothing here reads a database or a setting. Conventions:

- Money is `Decimal` in the document's currency (ISO 4217 code); floats are refused,
  because a float total that prints as 19.99 may be 19.989999.
- Weights are `Decimal` kilograms.
- Countries are ISO 3166-1 alpha-2 codes ("DE", "GB", "JP").
- Text may be in any script; the renderers shape and reorder it.
- Totals are never passed in: the renderers add up the lines.

Bad input raises `ValueError` at construction with a message that says what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Literal

import pycountry

ServiceLevel = Literal["express", "standard", "economy"]
TransportMode = Literal["express_air", "economy_air", "postal", "road", "rail", "sea"]
CustomsDocument = Literal["none", "CN22", "CN23", "commercial_invoice"]
ExportReason = Literal["sale", "gift", "sample", "return", "repair", "documents", "other"]
DutyPayer = Literal["sender", "recipient"]
# The categories of item on the UPU forms CN22 and CN23.
CustomsCategory = Literal[
    "gift", "documents", "commercial_sample", "returned_goods", "sale_of_goods", "other"
]
NonDelivery = Literal["return", "abandon"]

SERVICE_LEVELS: tuple[str, ...] = ("express", "standard", "economy")
TRANSPORT_MODES: tuple[str, ...] = ("express_air", "economy_air", "postal", "road", "rail", "sea")
CUSTOMS_DOCUMENTS: tuple[str, ...] = ("none", "CN22", "CN23", "commercial_invoice")
EXPORT_REASONS: tuple[str, ...] = (
    "sale",
    "gift",
    "sample",
    "return",
    "repair",
    "documents",
    "other",
)
DUTY_PAYERS: tuple[str, ...] = ("sender", "recipient")
CUSTOMS_CATEGORIES: tuple[str, ...] = (
    "gift",
    "documents",
    "commercial_sample",
    "returned_goods",
    "sale_of_goods",
    "other",
)
INCOTERMS: tuple[str, ...] = (
    "EXW",
    "FCA",
    "CPT",
    "CIP",
    "DAP",
    "DPU",
    "DDP",
    "FAS",
    "FOB",
    "CFR",
    "CIF",
)
# UN numbers that carry the lithium battery mark (IATA DGR 7.1.5.5).
LITHIUM_BATTERY_UN_NUMBERS: tuple[str, ...] = ("UN3090", "UN3091", "UN3480", "UN3481")


# --- checks ---------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _known_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=256)
def _known_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def _country(owner: str, value: str) -> None:
    if not (len(value) == 2 and value.isascii() and value.isupper() and _known_country(value)):
        hint = " (the United Kingdom is 'GB')" if value.upper() == "UK" else ""
        raise ValueError(
            f"{owner}: country {value!r} is not an ISO 3166-1 alpha-2 code{hint}; "
            "use two capital letters such as 'DE' or 'JP'"
        )


def _currency(owner: str, value: str) -> None:
    if not (len(value) == 3 and value.isupper() and _known_currency(value)):
        raise ValueError(
            f"{owner}: currency {value!r} is not an ISO 4217 code; use e.g. 'EUR', 'USD', 'GBP'"
        )


def _decimal(owner: str, name: str, value: object, *, positive: bool = False) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(
            f"{owner}: {name} must be a finite Decimal, got {value!r}; "
            "pass Decimal('12.50'), never a float"
        )
    if value < 0 or (positive and value == 0):
        need = "more than zero" if positive else "zero or more"
        raise ValueError(f"{owner}: {name} is {value}, it must be {need}")


def _choice(owner: str, name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{owner}: {name} {value!r} is not one of {', '.join(allowed)}")


def _tuple(obj: object, name: str) -> None:
    """Store a sequence field as a tuple so the dataclass stays hashable and frozen."""
    value = getattr(obj, name)
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"{type(obj).__name__}: {name} must be a sequence, got {value!r}")
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


def _hs_code(owner: str, value: str) -> None:
    digits = value.replace(".", "").replace(" ", "")
    if value and not (digits.isdigit() and 6 <= len(digits) <= 10):
        raise ValueError(
            f"{owner}: HS code {value!r} must have 6 to 10 digits (dots and spaces allowed)"
        )


def _parcel(owner: str, number: int, count: int) -> None:
    if not 1 <= number <= count:
        raise ValueError(
            f"{owner}: parcel {number} of {count} is impossible; number runs from 1 to count"
        )


# --- people and places -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Address:
    """A postal address with the contact and tax identifiers that documents print.

    `lines` are the street lines in the order they are written; `postcode` may be empty
    where a country has none. `eori`, `vat` and `ioss` are printed on customs documents
    where they apply (EORI for EU/UK customs, VAT number, IOSS number for EU imports of
    low-value goods sold to consumers).
    """

    name: str
    lines: tuple[str, ...]
    city: str
    postcode: str
    country: str
    company: str = ""
    region: str = ""
    phone: str = ""
    email: str = ""
    eori: str = ""
    vat: str = ""
    ioss: str = ""

    def __post_init__(self) -> None:
        _tuple(self, "lines")
        if not (self.name.strip() or self.company.strip()):
            raise ValueError("Address: give a name or a company; both are empty")
        if not self.city.strip():
            raise ValueError(f"Address of {self.name or self.company}: the city is empty")
        _country(f"Address of {self.name or self.company}", self.country)


@dataclass(frozen=True, kw_only=True)
class Party:
    """A company or person in a role on a customs document (exporter, importer, consignee).

    `reference` is the party's own reference that customs may ask for (importer code,
    customer number); `account_number` is the carrier account billed for this party's
    charges, e.g. the duty account of a DDP shipment. `reference_kind` names the
    reference as the destination calls it ("PCCC", "CPF/CNPJ", "VAT/EORI").
    """

    address: Address
    reference: str = ""
    account_number: str = ""
    reference_kind: str = ""


@dataclass(frozen=True, kw_only=True)
class Declaration:
    """Who signs a customs document, and when and where."""

    name: str
    date: date
    place: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("Declaration: the name of the person who signs is empty")


@dataclass(frozen=True, kw_only=True)
class DangerousGoods:
    """A dangerous good in a parcel, as the label must show it.

    `un_number` is written "UN3481". Lithium batteries (UN3090, UN3091, UN3480, UN3481)
    get the lithium battery mark, with `emergency_phone` printed on it.
    """

    un_number: str
    description: str = ""
    emergency_phone: str = ""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"UN\d{4}", self.un_number):
            raise ValueError(
                f"DangerousGoods: {self.un_number!r} is not a UN number; write it as 'UN3481'"
            )

    @property
    def is_lithium_battery(self) -> bool:
        return self.un_number in LITHIUM_BATTERY_UN_NUMBERS


# --- shipping label --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LabelData:
    """One parcel's shipping label.

    `service` is the carrier's product name ("Express Worldwide"); `service_level` and
    `transport_mode` use the warehouse vocabulary. `customs_document` says which
    customs paper travels with the parcel and `incoterm` who pays duties (DDP: sender,
    DAP: recipient); both print as a marker. `routing_postcode` overrides the postcode in
    the GS1-128 routing barcode (AI 420) when the carrier routes on another code.
    `latin_script_required` is set for carriers that need the address in Latin letters:
    the label then adds an ASCII transliteration of a non-Latin address.
    """

    sender: Address
    recipient: Address
    carrier: str
    service: str
    service_level: ServiceLevel
    transport_mode: TransportMode
    tracking_number: str
    weight_kg: Decimal
    parcel_number: int = 1
    parcel_count: int = 1
    order_reference: str = ""
    ship_date: date | None = None
    customs_document: CustomsDocument = "none"
    incoterm: str = ""
    dangerous_goods: tuple[DangerousGoods, ...] = ()
    latin_script_required: bool = False
    routing_postcode: str = ""

    def __post_init__(self) -> None:
        owner = f"Label {self.tracking_number}"
        _tuple(self, "dangerous_goods")
        _choice(owner, "service level", self.service_level, SERVICE_LEVELS)
        _choice(owner, "transport mode", self.transport_mode, TRANSPORT_MODES)
        _choice(owner, "customs document", self.customs_document, CUSTOMS_DOCUMENTS)
        if self.incoterm:
            _choice(owner, "Incoterm", self.incoterm, INCOTERMS)
        _decimal(owner, "weight", self.weight_kg, positive=True)
        _parcel(owner, self.parcel_number, self.parcel_count)
        tracking = self.tracking_number
        if not tracking or not tracking.isascii() or not tracking.isprintable():
            raise ValueError(
                f"Label: tracking number {tracking!r} must be printable ASCII and not empty"
            )


@dataclass(frozen=True, kw_only=True)
class SSCCLabelData:
    """A GS1 logistics label for a carton or pallet identified by its SSCC.

    `sscc` is the 18-digit Serial Shipping Container Code including its check digit (a
    wrong check digit is refused). The content fields are optional: when `content_gtin`
    is given the label carries a second GS1-128 barcode with (02) GTIN, (15) best-before,
    (37) count and (10) batch.
    """

    sscc: str
    ship_from: Address
    ship_to: Address
    carrier: str = ""
    order_reference: str = ""
    carton_number: int = 1
    carton_count: int = 1
    gross_weight_kg: Decimal | None = None
    content_gtin: str = ""
    content_count: int | None = None
    batch: str = ""
    best_before: date | None = None
    ship_date: date | None = None

    def __post_init__(self) -> None:
        from app.printing.barcodes import check_gtin, check_sscc

        check_sscc(self.sscc)
        owner = f"SSCC label {self.sscc}"
        _parcel(owner, self.carton_number, self.carton_count)
        if self.gross_weight_kg is not None:
            _decimal(owner, "gross weight", self.gross_weight_kg, positive=True)
        if self.content_gtin:
            check_gtin(self.content_gtin)
        if self.content_count is not None and self.content_count < 1:
            raise ValueError(f"{owner}: content count must be 1 or more")


# --- commercial invoice ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InvoiceLine:
    """One line of goods: `unit_value` is per unit, `net_weight_kg` is for the whole line."""

    description: str
    hs_code: str
    origin_country: str
    quantity: int
    unit_value: Decimal
    net_weight_kg: Decimal
    sku: str = ""

    def __post_init__(self) -> None:
        owner = f"Invoice line {self.sku or self.description!r}"
        if not self.description.strip():
            raise ValueError("Invoice line: the description is empty; customs need one")
        if not isinstance(self.quantity, int) or self.quantity < 1:
            raise ValueError(f"{owner}: quantity {self.quantity!r} must be a whole number ≥ 1")
        _hs_code(owner, self.hs_code)
        _country(owner, self.origin_country)
        _decimal(owner, "unit value", self.unit_value)
        _decimal(owner, "net weight", self.net_weight_kg)


@dataclass(frozen=True, kw_only=True)
class InvoiceData:
    """A commercial invoice for one shipment.

    `consignee` receives the goods; `importer` is the importer of record when it is not
    the consignee. `incoterm_place` is the named place of the Incoterm ("Berlin").
    `duties_payer` says who pays duties and taxes. `gross_weight_kg` is the weighed
    shipment (lines carry net weights). `locale` formats dates and money ("en_GB",
    "de_DE"). There is no total field: the invoice adds up its lines. `latin_required`:
    the carrier needs the consignee in Latin letters too (a transliteration is added).
    """

    invoice_number: str
    invoice_date: date
    exporter: Party
    consignee: Party
    carrier: str
    tracking_number: str
    currency: str
    incoterm: str
    incoterm_place: str
    export_reason: ExportReason
    duties_payer: DutyPayer
    lines: tuple[InvoiceLine, ...]
    gross_weight_kg: Decimal
    parcel_count: int
    declaration: Declaration
    importer: Party | None = None
    freight: Decimal = Decimal(0)
    insurance: Decimal = Decimal(0)
    order_reference: str = ""
    remarks: str = ""
    locale: str = "en_GB"
    latin_required: bool = False

    def __post_init__(self) -> None:
        owner = f"Invoice {self.invoice_number}"
        _tuple(self, "lines")
        if not self.lines:
            raise ValueError(f"{owner}: there are no lines; an invoice needs goods")
        _currency(owner, self.currency)
        _choice(owner, "Incoterm", self.incoterm, INCOTERMS)
        _choice(owner, "reason for export", self.export_reason, EXPORT_REASONS)
        _choice(owner, "duties payer", self.duties_payer, DUTY_PAYERS)
        _decimal(owner, "freight", self.freight)
        _decimal(owner, "insurance", self.insurance)
        _decimal(owner, "gross weight", self.gross_weight_kg, positive=True)
        if self.parcel_count < 1:
            raise ValueError(f"{owner}: number of parcels must be 1 or more")
        net = sum((line.net_weight_kg for line in self.lines), Decimal(0))
        if self.gross_weight_kg < net:
            raise ValueError(
                f"{owner}: gross weight {self.gross_weight_kg} kg is less than the lines' "
                f"net weight {net} kg; weigh the shipment again or correct the net weights"
            )


# --- postal customs forms (UPU CN22 / CN23) ----------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CustomsItem:
    """One kind of item on a CN22/CN23: `value` and `net_weight_kg` are for all of them."""

    description: str
    quantity: int
    net_weight_kg: Decimal
    value: Decimal
    hs_code: str = ""
    origin_country: str = ""

    def __post_init__(self) -> None:
        owner = f"Customs item {self.description!r}"
        if not self.description.strip():
            raise ValueError("Customs item: the description is empty; customs need one")
        if self.quantity < 1:
            raise ValueError(f"{owner}: quantity must be 1 or more")
        _decimal(owner, "net weight", self.net_weight_kg)
        _decimal(owner, "value", self.value)
        _hs_code(owner, self.hs_code)
        if self.origin_country:
            _country(owner, self.origin_country)


@dataclass(frozen=True, kw_only=True)
class CustomsData:
    """A postal customs declaration, printed as CN22 or CN23 (see `customs_form_for`).

    `category` is the box ticked on the form; `explanation` is required for "other".
    `gross_weight_kg` is the weighed item (defaults to the items' net weight).
    `postage_fees` prints on the CN23 (in `currency`; `postage_note` says how it was
    converted). `importer_reference` is the consignee's tax id or customs code for the
    destination, by default the recipient's VAT or EORI number. `ioss_number` is the
    seller's IOSS number, printed in its own box, only for EU consignments within the
    IOSS limit. `non_delivery` is the sender's instruction on the CN23. A shipment of
    several parcels has one declaration per parcel (`parcel_number` of `parcel_count`).
    """

    sender: Address
    recipient: Address
    category: CustomsCategory
    items: tuple[CustomsItem, ...]
    currency: str
    declaration: Declaration
    explanation: str = ""
    gross_weight_kg: Decimal | None = None
    postage_fees: Decimal = Decimal(0)
    tracking_number: str = ""
    designated_operator: str = ""
    invoice_number: str = ""
    licence_numbers: tuple[str, ...] = ()
    certificate_numbers: tuple[str, ...] = ()
    comments: str = ""
    importer_reference: str = ""
    sender_reference: str = ""
    non_delivery: NonDelivery = "return"
    office_of_origin: str = ""
    posting_date: date | None = None
    locale: str = "en_GB"
    ioss_number: str = ""
    postage_note: str = ""
    parcel_number: int = 1
    parcel_count: int = 1

    def __post_init__(self) -> None:
        owner = "Customs declaration"
        _tuple(self, "items")
        _tuple(self, "licence_numbers")
        _tuple(self, "certificate_numbers")
        if not self.items:
            raise ValueError(f"{owner}: there are no items; list the contents")
        _choice(owner, "category", self.category, CUSTOMS_CATEGORIES)
        if self.category == "other" and not self.explanation.strip():
            raise ValueError(f"{owner}: category 'other' needs an explanation of the contents")
        _currency(owner, self.currency)
        _decimal(owner, "postage and fees", self.postage_fees)
        if self.gross_weight_kg is not None:
            _decimal(owner, "gross weight", self.gross_weight_kg, positive=True)
            net = sum((item.net_weight_kg for item in self.items), Decimal(0))
            if self.gross_weight_kg < net:
                raise ValueError(
                    f"{owner}: gross weight {self.gross_weight_kg} kg is less than the items' "
                    f"net weight {net} kg; weigh the item again or correct the net weights"
                )


# --- packing slip ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PackingSlipLine:
    """One order line as packed: a short line has `quantity_packed < quantity_ordered`."""

    sku: str
    description: str
    quantity_ordered: int
    quantity_packed: int
    gtin: str = ""
    lot: str = ""
    serials: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _tuple(self, "serials")
        if self.quantity_ordered < 0 or self.quantity_packed < 0:
            raise ValueError(f"Packing slip line {self.sku}: quantities cannot be negative")


@dataclass(frozen=True, kw_only=True)
class PackingSlipData:
    """The slip that goes in the parcel. `sender` is also the return address."""

    order_reference: str
    sender: Address
    ship_to: Address
    lines: tuple[PackingSlipLine, ...]
    order_date: date | None = None
    channel_reference: str = ""
    bill_to: Address | None = None
    parcel_number: int = 1
    parcel_count: int = 1
    carrier: str = ""
    tracking_number: str = ""
    packed_by: str = ""
    packed_at: datetime | None = None
    gift_message: str = ""
    return_instructions: str = ""
    locale: str = "en_GB"

    def __post_init__(self) -> None:
        _tuple(self, "lines")
        _parcel(f"Packing slip {self.order_reference}", self.parcel_number, self.parcel_count)
        if not self.order_reference.isascii() or not self.order_reference.isprintable():
            raise ValueError(
                f"Packing slip: order reference {self.order_reference!r} must be printable "
                "ASCII (it is printed as a barcode)"
            )


# --- pack station command sheet --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CommandEntry:
    """One scannable command: `code` is what the scanner sends, `label` what people read."""

    code: str
    label: str
    hint: str = ""

    def __post_init__(self) -> None:
        if not self.code or not self.code.isascii() or not self.code.isprintable():
            raise ValueError(f"Command {self.label!r}: code {self.code!r} must be printable ASCII")


__all__ = [
    "Address",
    "CommandEntry",
    "CustomsData",
    "CustomsItem",
    "DangerousGoods",
    "Declaration",
    "InvoiceData",
    "InvoiceLine",
    "LabelData",
    "PackingSlipData",
    "PackingSlipLine",
    "Party",
    "SSCCLabelData",
]
