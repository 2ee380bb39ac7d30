"""Demo carriers of a UK warehouse: services of every mode, contracts, rates, number ranges.

The tracking number ranges fit the formats of `app.services.tracking`, which
also numbers the demo's labels: DHL Express 9 digits + mod 7; UPS `1Z` + shipper
+ service + 7 digits + mod 10; FedEx 11 digits + mod 11; Royal Mail UPU S10
(`LX12345678?GB`). The internal formats (Evri's `H` + 15, Kuehne+Nagel) carry no
check digit, and have letters so that no scanner takes them for a GTIN.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierContract,
    CarrierService,
    TrackingRange,
)

HOME = "GB"
# Destinations in the EU customs union: parcels there travel under IOSS when small.
EU = frozenset(("IE", "DE", "FR", "NL", "ES", "IT", "PL", "SE", "GR", "BG", "AT", "BE", "DK"))
ZONES: dict[str, tuple[str, ...]] = {
    "UK": ("GB",),
    "EU1": ("IE", "FR", "DE", "NL", "BE", "LU"),
    "EU2": ("ES", "IT", "PL", "SE", "GR", "BG", "AT", "DK", "PT"),
    "EUX": ("CH", "NO", "UA", "RU"),
    "NA": ("US", "CA"),
    "APAC": ("JP", "CN", "KR", "AU", "SG"),
    "ROW": ("MX", "BR", "CL", "AE", "SA"),
}
_ZONE_OF = {country: zone for zone, countries in ZONES.items() for country in countries}


@dataclass(frozen=True)
class ServiceData:
    carrier: str
    code: str
    name: str
    mode: str
    transit: tuple[int, int]
    max_kg: str
    document: str
    zones: tuple[str, ...]
    divisor: int
    fuel_percent: str
    prefix: str = ""
    suffix: str = ""
    first: int = 0
    last: int = 0


# code, name, tracking format, needs Latin addresses, account, contract reference
CARRIERS = (
    ("DHL", "DHL Express", "dhl", True, "958210447", "DHL-UK-2026"),
    ("UPS", "UPS", "ups", True, "4F7X29", "UPS-UK-EXP-7731"),
    ("FEDEX", "FedEx", "fedex", True, "602114895", "FDX-GB-2026-01"),
    ("RM", "Royal Mail", "s10", False, "0470219880", "RM-OBA-2026"),
    ("EVRI", "Evri", "internal", True, "EV-441730", "EVRI-INTL-2026"),
    ("KN", "Kuehne+Nagel", "internal", True, "KNGB-008812", "KN-LCL-2026"),
)
_ABROAD = ",".join(z for z in ZONES if z != "UK")
# carrier | code | name | mode | transit days | max kg | customs document | zones |
# dim divisor | fuel % | tracking prefix | suffix | first number | last number
_SERVICES = f"""
DHL|WPX|DHL Express Worldwide|express_air|1-3|70|commercial_invoice|{_ABROAD}|5000|27.50|||420000000|429999999
DHL|DOM|DHL Express Domestic UK|express_air|1-1|70|none|UK|5000|27.50|||440000000|449999999
DHL|ECX|DHL Economy Select|road|2-6|70|commercial_invoice|EU1,EU2,EUX|4000|18.00|||430000000|439999999
UPS|SAVER|UPS Worldwide Express Saver|express_air|1-3|70|commercial_invoice|{_ABROAD}|5000|26.25|1Z4F7X2965||1|9999999
UPS|STANDARD|UPS Standard|road|1-5|70|commercial_invoice|UK,EU1,EU2,EUX|5000|17.75|1Z4F7X2911||1|9999999
FEDEX|IP|FedEx International Priority|express_air|1-3|68|commercial_invoice|{_ABROAD}|5000|28.00|||77140000000|77149999999
FEDEX|UKP|FedEx UK Priority|express_air|1-1|68|none|UK|5000|28.00|||77160000000|77169999999
FEDEX|IE|FedEx International Economy|economy_air|4-6|68|commercial_invoice|EUX,NA,APAC,ROW|5000|28.00|||77150000000|77159999999
RM|T48|Royal Mail Tracked 48|postal|2-3|20|none|UK|5000|0|TT|GB|10000000|39999999
RM|ITS|Royal Mail International Tracked|postal|3-10|2|CN22|{_ABROAD}|5000|0|LX|GB|40000000|69999999
EVRI|E48|Evri Tracked 48|road|2-3|15|none|UK|5000|12.50|H01KXD||1000000000|9999999999
EVRI|INTL|Evri International Tracked|road|2-7|15|commercial_invoice|UK,EU1,EU2|5000|12.50|H01KXA||1000000000|9999999999
KN|LCL|Kuehne+Nagel Sea LCL|sea|28-45|1000|commercial_invoice|NA,APAC,ROW|1000|9.00|KNGB||4000000|4999999
KN|RAIL|Kuehne+Nagel Rail Europe-China|rail|16-22|1000|commercial_invoice|APAC|1000|9.00|KNRL||5000000|5999999
"""  # noqa: E501


# Return label ranges (service, prefix, suffix, first, last): customers post returns back.
_RETURN_RANGES = (
    ("ITS", "RR", "GB", 70000000, 79999999),
    ("T48", "TR", "GB", 80000000, 89999999),
    ("WPX", "", "", 450000000, 459999999),
)


def _parse_services() -> tuple[ServiceData, ...]:
    found = []
    for row in _SERVICES.strip().splitlines():
        carrier, code, name, mode, days, kg, document, zones, *rest = row.split("|")
        divisor, fuel, prefix, suffix, first, last = rest
        low, high = (int(d) for d in days.split("-"))
        numbers = (prefix, suffix, int(first), int(last))
        data = (carrier, code, name, mode, (low, high), kg, document, tuple(zones.split(",")))
        found.append(ServiceData(*data, int(divisor), fuel, *numbers))
    return tuple(found)


SERVICES = _parse_services()
# Daily collection cut-offs, warehouse local time: the driver of each carrier comes then.
CUTOFFS = {
    "WPX": "17:30", "DOM": "18:00", "ECX": "16:00", "SAVER": "17:00", "STANDARD": "16:30",
    "IP": "17:00", "UKP": "17:30", "IE": "16:00", "T48": "17:45", "ITS": "17:45",
    "E48": "15:30", "INTL": "15:30", "LCL": "12:00", "RAIL": "12:00",
}  # fmt: skip
BY_CODE = {s.code: s for s in SERVICES}
CARRIER_OF = {s.code: s.carrier for s in SERVICES}
FORMAT_OF = {code: fmt for code, _, fmt, *_ in CARRIERS}

# A price per zone: (price of the first 0.5 kg, price per further kg), in pounds.
_BASE = {"UK": (3.2, 0.4), "EU1": (9.5, 1.6), "EU2": (11.0, 1.9), "EUX": (14.0, 2.6)}
_BASE |= {"NA": (19.0, 4.2), "APAC": (24.0, 5.1), "ROW": (26.0, 5.8)}
_BREAKS = ("0.5", "1", "2", "5", "10", "20", "30", "70")
_SEA_BREAKS = ("100", "300", "500", "1000")
_MODE_FACTOR = {"express_air": 1.6, "economy_air": 1.1, "road": 0.7, "postal": 0.55, "sea": 0.25}
_MODE_FACTOR["rail"] = 0.35


def zone_of(country: str) -> str:
    return _ZONE_OF.get(country, "ROW")


def price(service: str, country: str, weight_kg: Decimal) -> Decimal:
    """The demo price of a parcel, fuel included (the demo contracts' breaks are made of it)."""
    data = BY_CODE[service]
    first, per_kg = _BASE[zone_of(country)]
    factor = _MODE_FACTOR[data.mode]
    if data.mode in ("sea", "rail"):
        weight_kg = max(weight_kg, Decimal(100))
    cost = Decimal(str(first * factor)) + Decimal(str(per_kg * factor)) * max(
        weight_kg - Decimal("0.5"), Decimal(0)
    )
    cost *= 1 + Decimal(data.fuel_percent) / 100
    return cost.quantize(Decimal("0.01"), ROUND_HALF_UP)


def ensure_carriers(session: Session, today: dt.date) -> dict[str, CarrierService]:
    """Every demo carrier service by code, with accounts and number ranges (the prices
    come as rate contracts: `app.services.demo.contracts`)."""
    carriers = {c.code: c for c in session.scalars(select(Carrier))}
    for code, name, fmt, latin, _account, _ref in CARRIERS:
        if code not in carriers:
            carriers[code] = Carrier(
                code=code, name=name, tracking_format=fmt, requires_latin=latin
            )
            session.add(carriers[code])
    session.flush()
    services = {(s.carrier_id, s.code): s for s in session.scalars(select(CarrierService))}
    contracts = {(c.carrier_id, c.reference): c for c in session.scalars(select(CarrierContract))}
    for code, _name, _fmt, _latin, account, ref in CARRIERS:
        key = (carriers[code].id, ref)
        if key not in contracts:
            contracts[key] = CarrierContract(
                carrier_id=carriers[code].id,
                reference=ref,
                account_number=account,
                duty_account=f"{account}-DDP",  # duties and taxes billed to the sender
                valid_from=dt.date(today.year - 1, 1, 1),
                valid_to=dt.date(today.year + 1, 12, 31),
            )
            session.add(contracts[key])
    by_code: dict[str, CarrierService] = {}
    for data in SERVICES:
        carrier = carriers[data.carrier]
        service = services.get((carrier.id, data.code))
        if service is None:
            service = CarrierService(
                carrier_id=carrier.id,
                code=data.code,
                name=data.name,
                mode=data.mode,
                transit_days_min=data.transit[0],
                transit_days_max=data.transit[1],
                max_weight_kg=Decimal(data.max_kg),
                customs_document=data.document,
            )
            session.add(service)
        if service.cutoff is None and data.code in CUTOFFS:
            service.cutoff = dt.time.fromisoformat(CUTOFFS[data.code])
        by_code[data.code] = service
    session.flush()
    _ensure_ranges(session, by_code)
    return by_code


def _ensure_ranges(session: Session, services: dict[str, CarrierService]) -> None:
    ranges = {
        tuple(row)
        for row in session.execute(
            select(TrackingRange.service_id, TrackingRange.prefix, TrackingRange.first_number)
        )
    }
    for data in SERVICES:
        service = services[data.code]
        if data.last and (service.id, data.prefix, data.first) not in ranges:
            session.add(
                TrackingRange(
                    service_id=service.id,
                    prefix=data.prefix,
                    suffix=data.suffix,
                    first_number=data.first,
                    last_number=data.last,
                    next_number=data.first,
                )
            )
    for code, prefix, suffix, first, last in _RETURN_RANGES:
        if (services[code].id, prefix, first) not in ranges:
            session.add(
                TrackingRange(
                    service_id=services[code].id,
                    prefix=prefix,
                    suffix=suffix,
                    first_number=first,
                    last_number=last,
                    next_number=first,
                    purpose="return",
                )
            )
    session.flush()
