"""The demo catalogue: products with GTINs and customs facts, and the carton catalogue.

GTINs are built from GS1 company prefixes of the countries the brands come from
(GS1 UK 506, Germany 426, Japan 457, Korea 880, France 376, a US UPC 850, an
ISBN) with a computed check digit. HS codes are real tariff codes for the goods.
Values are in pounds sterling, the warehouse's currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Carton, Product, ProductBarcode
from app.models.gtin import with_check_digit

CURRENCY = "GBP"

# sku | name | customs description | HS | origin | value | kg | L x W x H cm | zone |
# GTIN body without check digit | flags (L lot, E expiry, S serial, C case GTIN-14,
# U supplier code) | minimum shelf life days | dangerous goods | popularity
_PRODUCTS = """
HL-TEE-WHT-M|Organic cotton T-shirt, white, M|Men's T-shirt, knitted cotton|61091000|PT|11.00|0.180|30x25x2|A|506059300101|C|0||30
HL-TEE-BLK-L|Organic cotton T-shirt, black, L|Men's T-shirt, knitted cotton|61091000|PT|11.00|0.190|30x25x2|A|506059300118||0||25
HL-HOOD-GRY-M|Hooded sweatshirt, grey marl, M|Men's sweatshirt, knitted cotton|61102099|TR|24.00|0.520|35x30x5|B|506059300125||0||12
HL-SCARF-MER|Merino wool scarf, navy|Scarf, knitted merino wool|61171000|IT|19.00|0.150|30x20x3|B|506059300132||0||8
HL-SOCK-3P|Cotton socks, 3 pairs|Socks, knitted cotton|61159500|TR|7.50|0.120|20x12x3|A|506059300149|C|0||20
TOTE-BAG-RED|Canvas tote bag, red|Shopping bag with outer surface of cotton|42022290|IN|6.00|0.160|38x30x1|A|506059300156||0||14
HL-MUG-350|Stoneware mug 350 ml, sage|Stoneware mug for household use|69120023|PT|7.00|0.380|12x9x10|B|506059300163||0||15
HL-BOTTLE-750|Vacuum-insulated steel bottle 750 ml|Vacuum flask, stainless steel|96170000|CN|12.00|0.420|28x8x8|B|506059300170||0||14
HL-CANDLE-AMB|Soy wax candle, amber and cedar|Candle of soy wax|34060000|GB|9.00|0.450|10x10x11|B|506059300187||0||10
HL-NOTE-A5|A5 dotted notebook, 192 pages|Notebook of paper|48201030|GB|5.50|0.310|22x15x2|A|506059300194||0||16
HL-YOGA-MAT|Natural rubber yoga mat|Gymnastics mat of rubber|95069190|VN|22.00|2.100|63x14x14|B|506059300200||0||6
HL-WALLET-BRN|Leather wallet, brown|Wallet with outer surface of leather|42023100|IT|18.00|0.090|12x10x2|B|506059300217||0||9
HL-SUNGL-POL|Polarised sunglasses, tortoiseshell|Sunglasses|90041091|CN|14.00|0.060|16x7x5|B|506059300224||0||8
VT-BUDS-PRO|Wireless earbuds with charging case|Bluetooth earphones with charging case|85183000|CN|32.00|0.110|10x8x4|H|426061700011|S|0|UN3481 Lithium ion batteries contained in equipment, PI967 Section II|18
VT-WATCH-S2|Smartwatch S2, 41 mm|Smartwatch (wrist-worn transceiver)|85176200|CN|64.00|0.150|12x9x6|H|426061700028|S|0|UN3481 Lithium ion batteries contained in equipment, PI967 Section II|9
VT-SPK-MINI|Portable Bluetooth speaker|Loudspeaker in its enclosure, Bluetooth|85182200|CN|24.00|0.340|12x8x8|H|426061700035|S|0|UN3481 Lithium ion batteries contained in equipment, PI967 Section II|8
VT-PWR-10K|Power bank 10 000 mAh|Lithium-ion accumulator (power bank)|85076000|CN|15.00|0.230|14x7x2|H|426061700042||0|UN3480 Lithium ion batteries, PI965 Section IB, cargo aircraft only|8
VT-CBL-USBC2|USB-C cable, 2 m|Insulated conductor with connectors, up to 1000 V|85444290|CN|5.00|0.060|15x10x2|A|426061700059|C|0||22
VT-CHG-65W|65 W USB-C GaN charger|Static converter (charger)|85044095|CN|19.00|0.130|8x6x4|A|426061700066||0||12
VT-KB-MECH|Mechanical keyboard, UK layout|Computer keyboard|84716060|CN|69.00|0.950|45x15x5|H|426061700073|S|0||5
VT-MOUSE-WL|Wireless mouse|Computer mouse|84716070|CN|16.00|0.090|12x7x4|A|426061700080||0||10
JP-MATCHA-30|Ceremonial matcha, 30 g tin|Green tea, powdered, in packings of 3 kg or less|09021000|JP|19.00|0.060|8x8x8|C|457148500015|LE|90||10
JP-FOUNTPEN|Fountain pen, fine nib|Fountain pen|96083000|JP|26.00|0.040|17x5x3|B|457148500022|U|0||5
KB-SERUM-30|Hyaluronic serum 30 ml|Beauty preparation for the care of the skin|33049900|KR|13.00|0.090|12x4x4|C|880961800013|LE|60||16
KB-SUNSCR-50|Sunscreen SPF 50, 50 ml|Sunscreen preparation|33049900|KR|11.00|0.070|13x4x3|C|880961800020|LE|60||12
KB-MASK-10|Sheet masks, pack of 10|Beauty preparation (sheet face masks)|33049900|KR|10.00|0.250|20x14x3|C|880961800037|LE|60||9
FR-PARFUM-50|Eau de parfum 50 ml|Perfume|33030010|FR|39.00|0.300|11x7x7|C|376027100016|L|0|UN1266 Perfumery products, class 3, PG II, limited quantity|7
FR-LIPSTICK|Lipstick, rouge 07|Lip make-up preparation|33041000|FR|15.00|0.030|8x3x3|C|376027100023|LE|180||8
SP-VITD3-90|Vitamin D3 1000 IU, 90 capsules|Food supplement (vitamin D3) in capsules|21069098|DE|8.00|0.080|9x5x5|C|426237100018|LE|180||14
SP-OMEGA3-120|Omega-3 fish oil, 120 capsules|Food supplement (fish oil) in capsules|15042090|NO|14.00|0.180|11x6x6|C|426237100025|LE|180||10
SP-COLLAG-300|Collagen peptides powder, 300 g|Collagen peptides (protein) powder|35040090|NL|21.00|0.340|15x10x10|C|426237100032|LE|180||7
US-CARDS-PRT|Party card game|Playing cards|95044000|US|12.00|0.280|14x10x5|B|85001200015||0||9
BK-XBORDER|Cross-Border Fulfilment in Practice (paperback)|Printed book|49019900|GB|17.00|0.620|24x17x3|B|978191522340||0||6
CN-BLOCKS-500|Building blocks set, 500 pieces|Construction toy set of plastic|950300|CN|18.00|0.900|38x26x7|B|697021800014||0||7
CN-LAMP-LED|LED desk lamp, USB powered|Electric desk lamp for LED light sources|940521|CN|17.00|0.700|40x15x10|B|697021800021||0||6
"""  # noqa: E501

# Created from an order line whose SKU the catalogue did not know: it lacks the
# HS code, origin and weight, so its orders wait on hold (see orders.py).
INCOMPLETE_SKU = "HOODIE-ORG-XL"


@dataclass(frozen=True)
class ProductData:
    sku: str
    name: str
    customs_description: str
    hs_code: str
    origin: str
    value: Decimal
    weight_kg: Decimal
    dims_cm: tuple[Decimal, Decimal, Decimal]
    zone: str
    gtin: str
    flags: str
    min_shelf_life_days: int
    dangerous_goods: str | None
    popularity: int

    @property
    def track_lot(self) -> bool:
        return "L" in self.flags or "E" in self.flags

    @property
    def track_serial(self) -> bool:
        return "S" in self.flags


def _parse() -> tuple[ProductData, ...]:
    products = []
    for row in _PRODUCTS.strip().splitlines():
        f = row.split("|")
        dims = tuple(Decimal(d) for d in f[7].split("x"))
        products.append(
            ProductData(
                sku=f[0],
                name=f[1],
                customs_description=f[2],
                hs_code=f[3],
                origin=f[4],
                value=Decimal(f[5]),
                weight_kg=Decimal(f[6]),
                dims_cm=(dims[0], dims[1], dims[2]),
                zone=f[8],
                gtin=with_check_digit(f[9]),
                flags=f[10],
                min_shelf_life_days=int(f[11]),
                dangerous_goods=f[12] or None,
                popularity=int(f[13]),
            )
        )
    return tuple(products)


PRODUCTS: tuple[ProductData, ...] = _parse()
BY_SKU = {p.sku: p for p in PRODUCTS}

# code, name, inner L x W x H cm, tare kg, max weight kg
CARTONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("M1", "Mailer bag, small", "25x18x3", "0.020", "1.0"),
    ("M2", "Mailer bag, large", "40x30x5", "0.040", "2.0"),
    ("B1", "Box 20 x 15 x 10", "20x15x10", "0.110", "5.0"),
    ("B2", "Box 30 x 20 x 15", "30x20x15", "0.180", "10.0"),
    ("B3", "Box 40 x 30 x 20", "40x30x20", "0.320", "15.0"),
    ("B4", "Box 50 x 40 x 30", "50x40x30", "0.550", "25.0"),
    ("B5", "Box 60 x 40 x 40, double wall", "60x40x40", "0.850", "30.0"),
    ("T1", "Tube box 65 x 15 x 15", "65x15x15", "0.200", "5.0"),
)


def _barcodes(data: ProductData) -> list[ProductBarcode]:
    codes = [ProductBarcode(kind="gtin", code=data.gtin)]
    if "C" in data.flags:  # the outer case of 12 carries a GTIN-14 with indicator 1
        codes.append(
            ProductBarcode(kind="gtin", code=with_check_digit("1" + data.gtin[:-1]), units=12)
        )
    if "U" in data.flags:
        codes.append(ProductBarcode(kind="supplier", code=f"SUP-{data.sku}"))
    return codes


def ensure_products(session: Session) -> dict[str, Product]:
    """Every demo product by SKU; missing ones are created, existing ones left alone."""
    existing = {p.sku: p for p in session.scalars(select(Product))}
    known_codes = set(session.scalars(select(ProductBarcode.code)))
    for data in PRODUCTS:
        if data.sku in existing:
            continue
        product = Product(
            sku=data.sku,
            name=data.name,
            description=data.name,
            customs_description=data.customs_description,
            hs_code=data.hs_code,
            origin_country=data.origin,
            unit_value=data.value,
            currency=CURRENCY,
            net_weight_kg=data.weight_kg,
            length_cm=data.dims_cm[0],
            width_cm=data.dims_cm[1],
            height_cm=data.dims_cm[2],
            track_lot=data.track_lot,
            track_expiry="E" in data.flags,
            track_serial=data.track_serial,
            min_shelf_life_days=data.min_shelf_life_days,
            dangerous_goods=data.dangerous_goods,
            incomplete=False,
        )
        product.barcodes = [b for b in _barcodes(data) if b.code not in known_codes]
        session.add(product)
        existing[data.sku] = product
    if INCOMPLETE_SKU not in existing:
        incomplete = Product(
            sku=INCOMPLETE_SKU,
            name="Organic hoodie XL (unknown SKU from a Shopify order)",
            incomplete=True,
            track_lot=False,
            track_expiry=False,
            track_serial=False,
            min_shelf_life_days=0,
        )
        session.add(incomplete)
        existing[INCOMPLETE_SKU] = incomplete
    return existing


def ensure_cartons(session: Session) -> list[Carton]:
    """The carton catalogue, smallest first."""
    existing = {c.code: c for c in session.scalars(select(Carton))}
    for code, name, dims, tare, max_weight in CARTONS:
        if code in existing:
            continue
        length, width, height = (Decimal(d) for d in dims.split("x"))
        carton = Carton(
            code=code,
            name=name,
            inner_length_cm=length,
            inner_width_cm=width,
            inner_height_cm=height,
            tare_kg=Decimal(tare),
            max_weight_kg=Decimal(max_weight),
            active=True,
        )
        session.add(carton)
        existing[code] = carton
    return sorted(
        (existing[code] for code, *_ in CARTONS),
        key=lambda c: c.inner_length_cm * c.inner_width_cm * c.inner_height_cm,
    )
