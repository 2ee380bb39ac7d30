"""Reference data customs rules are checked against, each table with its source and date.

Kept as plain constants so a reviewer can check them against the source in one
sitting, and so a change of law is a one-line change with a new date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# --- HS chapters --------------------------------------------------------------------------
# Source: WCO, Harmonized System Nomenclature 2022 edition (in force 2022-01-01), chapter
# titles shortened. Chapter 77 is reserved for possible future use and holds no goods;
# chapters 98 and 99 are left to national use (special provisions), not HS.
HS_SOURCE = "WCO Harmonized System Nomenclature, 2022 edition"
HS_RESERVED_CHAPTERS = frozenset({"77"})
HS_CHAPTERS: dict[str, str] = {
    "01": "Live animals",
    "02": "Meat and edible meat offal",
    "03": "Fish, crustaceans, molluscs",
    "04": "Dairy produce, eggs, honey",
    "05": "Other products of animal origin",
    "06": "Live plants, cut flowers",
    "07": "Edible vegetables",
    "08": "Edible fruit and nuts",
    "09": "Coffee, tea, maté and spices",
    "10": "Cereals",
    "11": "Milling products, malt, starches",
    "12": "Oil seeds, industrial or medicinal plants",
    "13": "Lac, gums, resins, vegetable extracts",
    "14": "Vegetable plaiting materials",
    "15": "Animal, vegetable or microbial fats and oils",
    "16": "Preparations of meat, fish or insects",
    "17": "Sugars and sugar confectionery",
    "18": "Cocoa and cocoa preparations",
    "19": "Preparations of cereals, flour, starch or milk",
    "20": "Preparations of vegetables, fruit or nuts",
    "21": "Miscellaneous edible preparations",
    "22": "Beverages, spirits and vinegar",
    "23": "Food industry residues, animal fodder",
    "24": "Tobacco, substitutes, nicotine products",
    "25": "Salt, sulphur, earths, stone, cement",
    "26": "Ores, slag and ash",
    "27": "Mineral fuels and oils",
    "28": "Inorganic chemicals",
    "29": "Organic chemicals",
    "30": "Pharmaceutical products",
    "31": "Fertilisers",
    "32": "Tanning or dyeing extracts, paints, inks",
    "33": "Essential oils, perfumery, cosmetics",
    "34": "Soap, waxes, candles",
    "35": "Albuminoidal substances, glues, enzymes",
    "36": "Explosives, pyrotechnics, matches",
    "37": "Photographic or cinematographic goods",
    "38": "Miscellaneous chemical products",
    "39": "Plastics and articles thereof",
    "40": "Rubber and articles thereof",
    "41": "Raw hides and skins, leather",
    "42": "Articles of leather, travel goods, handbags",
    "43": "Furskins and artificial fur",
    "44": "Wood and articles of wood",
    "45": "Cork and articles of cork",
    "46": "Basketware and wickerwork",
    "47": "Pulp of wood, recovered paper",
    "48": "Paper and paperboard",
    "49": "Printed books, newspapers, pictures",
    "50": "Silk",
    "51": "Wool and animal hair",
    "52": "Cotton",
    "53": "Other vegetable textile fibres",
    "54": "Man-made filaments",
    "55": "Man-made staple fibres",
    "56": "Wadding, felt, nonwovens, twine, ropes",
    "57": "Carpets and textile floor coverings",
    "58": "Special woven fabrics, lace, embroidery",
    "59": "Impregnated or coated textile fabrics",
    "60": "Knitted or crocheted fabrics",
    "61": "Apparel, knitted or crocheted",
    "62": "Apparel, not knitted or crocheted",
    "63": "Other made up textile articles, worn clothing",
    "64": "Footwear",
    "65": "Headgear",
    "66": "Umbrellas, walking sticks, whips",
    "67": "Feathers, artificial flowers, human hair",
    "68": "Articles of stone, plaster, cement",
    "69": "Ceramic products",
    "70": "Glass and glassware",
    "71": "Pearls, precious stones and metals, jewellery, coin",
    "72": "Iron and steel",
    "73": "Articles of iron or steel",
    "74": "Copper and articles thereof",
    "75": "Nickel and articles thereof",
    "76": "Aluminium and articles thereof",
    "77": "(reserved for possible future use)",
    "78": "Lead and articles thereof",
    "79": "Zinc and articles thereof",
    "80": "Tin and articles thereof",
    "81": "Other base metals, cermets",
    "82": "Tools, cutlery of base metal",
    "83": "Miscellaneous articles of base metal",
    "84": "Machinery and mechanical appliances",
    "85": "Electrical machinery and equipment",
    "86": "Railway locomotives and rolling stock",
    "87": "Vehicles other than railway",
    "88": "Aircraft, spacecraft",
    "89": "Ships, boats",
    "90": "Optical, measuring, medical instruments",
    "91": "Clocks and watches",
    "92": "Musical instruments",
    "93": "Arms and ammunition",
    "94": "Furniture, bedding, lamps",
    "95": "Toys, games, sports requisites",
    "96": "Miscellaneous manufactured articles",
    "97": "Works of art, collectors' pieces, antiques",
}

# --- SDR rates ----------------------------------------------------------------------------
# Currency units per SDR (special drawing right), used for the UPU CN22/CN23 value rule
# and, as cross rates, to compare a parcel's value with a threshold in another currency.
# Source: IMF, "Currency units per SDR", rates for 22 October 2025 (as published by the
# IMF Finance Department; https://www.imf.org/external/np/fin/data/rms_mth.aspx).
# Rates move daily: refresh this table, with its date, at least every quarter.
SDR_RATES_SOURCE = "IMF, currency units per SDR"
SDR_RATES_DATE = dt.date(2025, 10, 22)
SDR_RATES: dict[str, Decimal] = {
    "XDR": Decimal("1"),
    "AED": Decimal("5.0007"),
    "AUD": Decimal("2.09454"),
    "BRL": Decimal("7.33826"),
    "CAD": Decimal("1.90578"),
    "CHF": Decimal("1.08511"),
    "CLP": Decimal("1296.00"),
    "CNY": Decimal("9.70007"),
    "CZK": Decimal("28.5649"),
    "DKK": Decimal("8.77778"),
    "EUR": Decimal("1.17516"),
    "GBP": Decimal("1.02277"),
    "ILS": Decimal("4.49075"),
    "JPY": Decimal("206.509"),
    "KRW": Decimal("1938.59"),
    "MXN": Decimal("25.0999"),
    "NOK": Decimal("13.6824"),
    "NZD": Decimal("2.3712"),
    "PLN": Decimal("4.98244"),
    "SAR": Decimal("5.10624"),
    "SEK": Decimal("12.8281"),
    "SGD": Decimal("1.76716"),
    "THB": Decimal("44.4379"),
    "USD": Decimal("1.36166"),
}

# --- the EU -------------------------------------------------------------------------------
# The 27 member states (ISO 3166-1 alpha-2), one customs union and VAT area. Source: EU,
# "Country profiles", europa.eu, membership unchanged since 2020-02-01.
EU_MEMBERS = frozenset(
    ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
     "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
)  # fmt: skip
# Parts of member states outside the EU VAT area: parcels there need customs papers even
# from inside the EU. Source: Council Directive 2006/112/EC, Art. 6 (as amended). Keyed by
# country, the postcode prefixes of: ES Canary Islands, Ceuta, Melilla; FR overseas
# departments; DE Heligoland, Büsingen; IT Livigno, Campione d'Italia; GR Mount Athos.
EU_OUTSIDE_VAT_AREA: dict[str, tuple[str, ...]] = {
    "ES": ("35", "38", "51", "52"),
    "FR": ("971", "972", "973", "974", "976"),
    "DE": ("27498", "78266"),
    "IT": ("23041", "22061"),
    "GR": ("63086",),
}
# Where exporters are identified by an EORI number (the EU and the United Kingdom).
EORI_TERRITORIES = EU_MEMBERS | {"GB"}
# Above this value an EU export needs a full export declaration in the exporter's name
# (below it, postal items may be declared by the CN22/CN23 alone). Source: Commission
# Delegated Regulation (EU) 2015/2446 (UCC-DA), the EUR 1000 limit of its simplified
# export declarations (Arts. 137-142; the exact article to be checked); applied to GB too.
EORI_EXPORT_LIMIT_EUR = Decimal("1000")
# The most an IOSS consignment may be worth (intrinsic value of the goods). Source:
# Council Directive (EU) 2017/2455, in force 2021-07-01.
IOSS_LIMIT_EUR = Decimal("150")

# Descriptions customs refuse as too vague (UPU and US CBP guidance on CN22/CN23).
VAGUE_DESCRIPTIONS = frozenset(
    {"gift", "gifts", "goods", "merchandise", "items", "item", "parts", "accessories",
     "stuff", "sample", "samples", "various", "misc", "miscellaneous", "product",
     "products", "present"}
)  # fmt: skip


def in_eu_vat_area(country: str, postcode: str) -> bool:
    """True for an address inside the EU VAT area (a member state, not an excluded part)."""
    if country not in EU_MEMBERS:
        return False
    compact = postcode.replace(" ", "")
    return not any(compact.startswith(p) for p in EU_OUTSIDE_VAT_AREA.get(country, ()))


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    """`amount` in another currency through the SDR cross rate; KeyError if a rate is missing."""
    if from_currency == to_currency:
        return amount
    return amount / SDR_RATES[from_currency] * SDR_RATES[to_currency]
