"""What a destination charges on a low-value parcel: de minimis thresholds and tax rates.

One `ImportRule` per destination and date it took effect; the rule in force on the ship
date applies. Amounts are in the rule's currency and compare with the intrinsic value of
the goods (transport and insurance excluded, as the thresholds are written). Every rule
names its source; review the table whenever one of these countries changes its rules.

Encoded on purpose, with dates:

- US: the 800 USD de minimis (19 U.S.C. 1321) is suspended for every country from
  2025-08-29 (Executive Order 14324 of 2025-07-30): all goods are dutiable from the first
  dollar; bona fide gifts of up to 100 USD stay free. Rates then depend on origin (IEEPA
  tariffs) and are not estimated here.
- EU: VAT is due from the first euro since 2021-07-01 (IOSS at the checkout up to
  150 EUR); duty relief up to 150 EUR, except that from 2026-07-01 a flat 3 EUR duty is
  due per distinct tariff subheading in IOSS consignments up to 150 EUR (Council of the
  EU, agreed 2025-12-12, adopted 2026-02-11; meant to run until 2028-07-01).
- GB: the 135 GBP duty relief stands (an end by 2029 was announced in the 2025 Budget,
  not in force, not encoded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.services.customs.data import EU_MEMBERS

D = Decimal
ZERO = Decimal(0)
ONE = Decimal(1)
# The day this table was last checked against its sources, and how often to check it.
RULES_RECORDED = dt.date(2026, 12, 1)
RULES_REFRESH_DAYS = 365


@dataclass(frozen=True)
class ImportRule:
    """How one destination treats a consignment, from `valid_from` on.

    `duty_free_up_to` / `tax_free_up_to`: the goods value up to which no duty / import
    tax is charged at the border (None: charged from the first unit). `tax_at_sale_up_to`:
    up to this value the seller charges the tax at the checkout instead of the border
    (only with an IOSS number where `at_sale_needs_ioss`). `flat_duty_per_subheading`:
    a fixed duty per distinct 6-digit HS subheading, for consignments within
    `duty_free_up_to` (the EU's 2026 interim duty; IOSS consignments only where
    `flat_duty_needs_ioss`). `flat_rate`: one ad valorem rate that stands for duty under a
    simplified courier regime. `dutiable_chapters`: where only some HS chapters pay duty
    at all (None: all do). `tax_min_amount`: tax at or below this amount is not collected.
    `tax_base_includes_freight`: the import tax is on the value with transport (CIF, as
    the EU and Australia do); else on the goods alone. `value_share`: the share of the
    price that counts for the thresholds of a consumer import (Japan: 60 % of the retail
    price). `tax_at_sale_consumers_only`: the checkout rule covers sales to consumers
    only (Australia). `flat_rate_not_for_origins`: origins to which `flat_rate` does not
    apply (the duty is then unknown). `taxed_on_excess`: duty and tax are on the value
    above the threshold only (Ukraine). `known`: False where the rule is not established;
    the estimate then says "unknown".
    """

    country: str
    valid_from: dt.date
    currency: str
    tax_rate: Decimal
    duty_free_up_to: Decimal | None
    tax_free_up_to: Decimal | None
    source: str
    tax_at_sale_up_to: Decimal | None = None
    at_sale_needs_ioss: bool = False
    flat_duty_per_subheading: Decimal = ZERO
    flat_duty_needs_ioss: bool = False
    flat_rate: Decimal | None = None
    dutiable_chapters: frozenset[int] | None = None
    tax_min_amount: Decimal = ZERO
    note: str = ""
    tax_base_includes_freight: bool = True
    value_share: Decimal = ONE
    tax_at_sale_consumers_only: bool = False
    flat_rate_not_for_origins: frozenset[str] = frozenset()
    taxed_on_excess: bool = False
    known: bool = True


# Standard VAT rates of the member states, percent. Source: European Commission, "VAT
# rates applied in the Member States of the European Union", situation at 2025-08-01
# (EE 24 % from 2025-07-01, RO 21 % from 2025-08-01, SK 23 % from 2025-01-01).
EU_VAT_RATES: dict[str, Decimal] = {
    "AT": D(20), "BE": D(21), "BG": D(20), "CY": D(19), "CZ": D(21), "DE": D(19),
    "DK": D(25), "EE": D(24), "ES": D(21), "FI": D("25.5"), "FR": D(20), "GR": D(24),
    "HR": D(25), "HU": D(27), "IE": D(23), "IT": D(22), "LT": D(21), "LU": D(17),
    "LV": D(21), "MT": D(18), "NL": D(21), "PL": D(23), "PT": D(23), "RO": D(21),
    "SE": D(25), "SI": D(22), "SK": D(23),
}  # fmt: skip
assert set(EU_VAT_RATES) == EU_MEMBERS

_EU_2021 = "Council Directive (EU) 2017/2455 and Regulation 1186/2009 Art. 23, from 2021-07-01"
_EU_2026 = (
    "Council of the EU, 3 EUR duty per item category in parcels under 150 EUR, from 2026-07-01"
)


def _eu(country: str) -> tuple[ImportRule, ...]:
    vat = EU_VAT_RATES[country]
    return (
        ImportRule(
            country, dt.date(2021, 7, 1), "EUR", vat, duty_free_up_to=D(150),
            tax_free_up_to=None, tax_at_sale_up_to=D(150), at_sale_needs_ioss=True,
            source=_EU_2021,
        ),
        ImportRule(
            country, dt.date(2026, 7, 1), "EUR", vat, duty_free_up_to=D(150),
            tax_free_up_to=None, tax_at_sale_up_to=D(150), at_sale_needs_ioss=True,
            flat_duty_per_subheading=D(3), flat_duty_needs_ioss=True, source=_EU_2026,
            note="interim flat duty until the EU customs data hub (planned 2028-07-01)",
        ),
    )  # fmt: skip


IMPORT_RULES: tuple[ImportRule, ...] = (
    *(rule for country in sorted(EU_MEMBERS) for rule in _eu(country)),
    ImportRule(
        "GB",
        dt.date(2021, 1, 1),
        "GBP",
        D(20),
        duty_free_up_to=D(135),
        tax_free_up_to=None,
        tax_at_sale_up_to=D(135),
        source="HMRC, VAT and overseas goods sold directly to customers in the UK, 2021-01-01",
    ),
    ImportRule(
        "US",
        dt.date(2016, 3, 10),
        "USD",
        D(0),
        duty_free_up_to=D(800),
        tax_free_up_to=None,
        source="19 U.S.C. 1321 as amended by the Trade Facilitation Act 2015",
    ),
    ImportRule(
        "US",
        dt.date(2025, 8, 29),
        "USD",
        D(0),
        duty_free_up_to=None,
        tax_free_up_to=None,
        source="Executive Order 14324 of 2025-07-30, effective 2025-08-29",
        note="de minimis suspended for all countries; gifts up to 100 USD stay duty-free; "
        "duty rates depend on the origin (IEEPA tariffs)",
    ),
    ImportRule(
        "CA",
        dt.date(2020, 7, 1),
        "CAD",
        D(5),
        duty_free_up_to=D(20),
        tax_free_up_to=D(20),
        source="CBSA, Courier Low Value Shipment Program (CUSMA changes of 2020-07-01)",
        tax_base_includes_freight=False,
        note="goods of US or Mexican origin by courier: duty-free to 150 CAD, tax-free to 40 CAD; "
        "provincial HST not included",
    ),
    ImportRule(
        "AU",
        dt.date(2018, 7, 1),
        "AUD",
        D(10),
        duty_free_up_to=D(1000),
        tax_free_up_to=None,
        tax_at_sale_up_to=D(1000),
        source="ATO, GST on low value imported goods, from 2018-07-01",
        tax_base_includes_freight=True,
        tax_at_sale_consumers_only=True,
        note="sales to GST-registered businesses are outside the checkout rule: the "
        "business accounts for the GST itself",
    ),
    ImportRule(
        "NZ",
        dt.date(2019, 12, 1),
        "NZD",
        D(15),
        duty_free_up_to=D(1000),
        tax_free_up_to=None,
        tax_at_sale_up_to=D(1000),
        source="Inland Revenue NZ, GST on low-value imported goods, from 2019-12-01",
    ),
    ImportRule(
        "JP",
        dt.date(2000, 1, 1),
        "JPY",
        D(10),
        duty_free_up_to=D(10000),
        tax_free_up_to=D(10000),
        source="Japan Customs, exemption of goods of a taxable value of 10,000 yen or less; "
        "Customs Tariff Act Enforcement Order Art. 1-13 (personal imports valued at 60 % of "
        "the retail price)",
        value_share=D("0.6"),
        note="a long-standing rule: the date is a floor, not the day it took effect",
    ),
    ImportRule(
        "CH",
        dt.date(2024, 1, 1),
        "CHF",
        D("8.1"),
        duty_free_up_to=None,
        tax_free_up_to=None,
        dutiable_chapters=frozenset(range(1, 25)),
        tax_min_amount=D(5),
        source="FOCBS (BAZG): industrial tariffs abolished and VAT 8.1 % from 2024-01-01; "
        "import VAT of 5 CHF or less not collected",
    ),
    ImportRule(
        "NO",
        dt.date(2024, 1, 1),
        "NOK",
        D(25),
        duty_free_up_to=None,
        tax_free_up_to=None,
        source="Norwegian Customs (toll.no): VAT and duty from the first krone, 2024-01-01",
        note="sellers registered in VOEC charge VAT at the checkout for items under 3,000 NOK, "
        "and such goods pay no duty (VOEC registration is not recorded here)",
    ),
    ImportRule(
        "BR",
        dt.date(2024, 8, 1),
        "USD",
        D(17),
        duty_free_up_to=None,
        tax_free_up_to=None,
        flat_rate=D(60),
        source="Receita Federal, simplified regime (RTS) and Remessa Conforme, from 2024-08-01",
        note="60 % import tax (20 % up to 50 USD for Remessa Conforme sellers) plus state ICMS",
    ),
    ImportRule(
        "MX",
        dt.date(2025, 8, 15),
        "USD",
        D(0),
        duty_free_up_to=None,
        tax_free_up_to=None,
        flat_rate=D("33.5"),
        flat_rate_not_for_origins=frozenset({"US", "CA"}),
        source="SAT, Reglas Generales de Comercio Exterior 2025, rule 3.7.35, from 2025-08-15",
        note="courier global rate 33.5 % (duty and VAT) up to 2,500 USD; "
        "US/CA origin: free to 50 USD, 17 % to 117 USD, 19 % above",
    ),
    ImportRule(
        "SG",
        dt.date(2024, 1, 1),
        "SGD",
        D(9),
        duty_free_up_to=None,
        tax_free_up_to=None,
        tax_at_sale_up_to=D(400),
        dutiable_chapters=frozenset({22, 24, 27, 87}),
        source="IRAS, GST on low-value goods (from 2023-01-01), GST 9 % from 2024-01-01",
    ),
    ImportRule(
        "KR",
        dt.date(2000, 1, 1),
        "USD",
        D(10),
        duty_free_up_to=D(150),
        tax_free_up_to=D(150),
        source="Korea Customs Service, list clearance of personal goods up to 150 USD",
        note="200 USD for goods shipped from the United States; the date is a floor",
    ),
)


IMPORT_RULES += (
    ImportRule(
        "CL",
        dt.date(2025, 10, 25),
        "USD",
        D(19),
        duty_free_up_to=D(500),
        tax_free_up_to=None,
        tax_at_sale_up_to=D(500),
        source="Chile Law 21.713 of 2024-10-24 (VAT from the first dollar from 2025-10-25, "
        "6 % duty exemption up to 500 USD); SII Res. Ex. 103-2025",
        tax_base_includes_freight=False,
        note="VAT at the checkout only for sellers registered in the SII simplified regime",
    ),
    ImportRule(
        "SA",
        dt.date(2020, 7, 1),
        "SAR",
        D(15),
        duty_free_up_to=D(1000),
        tax_free_up_to=None,
        tax_base_includes_freight=True,
        source="ZATCA (Zakat, Tax and Customs Authority), personal shipments under 1,000 SAR "
        "including shipping are duty-free; VAT 15 % on all imports (as stated 2021-09)",
        note="the 1,000 SAR limit counts the goods and shipping",
    ),
    ImportRule(
        "UA",
        dt.date(2019, 7, 1),
        "EUR",
        D(20),
        duty_free_up_to=D(150),
        tax_free_up_to=D(150),
        flat_rate=D(10),
        taxed_on_excess=True,
        source="Customs Code of Ukraine, Art. 374 (postal and express items up to 150 EUR)",
        note="10 % duty and 20 % VAT on the value above 150 EUR; draft law 12429 (2025) would "
        "end the exemption and is not in force as recorded",
    ),
    ImportRule(
        "AE",
        dt.date(2000, 1, 1),
        "AED",
        D(5),
        duty_free_up_to=None,
        tax_free_up_to=None,
        known=False,
        source="not established: carriers state a 1,000 AED duty exemption and 5 % VAT; not "
        "confirmed from the UAE Federal Authority for Identity, Citizenship, Customs",
    ),
    ImportRule(
        "CN",
        dt.date(2000, 1, 1),
        "CNY",
        D(13),
        duty_free_up_to=None,
        tax_free_up_to=None,
        known=False,
        source="not established: personal postal articles pay a postal tax (waived at 50 CNY "
        "or less) and cross-border e-commerce imports a reduced rate; not encoded",
    ),
)


def import_rule(country: str, on: dt.date) -> ImportRule | None:
    """The rule in force for `country` on `on`, or None when the table has none."""
    found = [r for r in IMPORT_RULES if r.country == country and r.valid_from <= on]
    return max(found, key=lambda r: r.valid_from) if found else None
