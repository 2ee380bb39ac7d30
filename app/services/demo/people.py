"""Demo customers: names and addresses as people in each country write them.

Each destination country has its own script, name order, address layout and
postcode format (`people_europe`, `people_world` hold the data). Addresses are
invented but look real: streets exist in their cities and postcodes follow the
country's own format. E-mail domains are the reserved example.* ones, and
North American phone numbers use the fictional 555-01xx block.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from anyascii import anyascii
from stdnum import luhn
from stdnum.br import cnpj, cpf
from stdnum.fr import tva as fr_vat
from stdnum.iso7064 import mod_11_10
from stdnum.nl import btw as nl_vat


@dataclass(frozen=True)
class Place:
    """A district of a city with its postcodes and street templates.

    In templates `{n}` is a house number, `{N}` a long one (US, Canada), `{m}` a
    block or building number, `{f}` a floor, `{a}` a flat and `{u}` a unit.
    """

    city: str
    region: str
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]


@dataclass(frozen=True)
class Country:
    """A destination: who lives there and how they write an address."""

    code: str
    currency: str
    script: str
    share: int  # relative number of orders going there
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    # "Male/Female" where a surname changes with gender (Иванов/Иванова).
    family: tuple[str, ...]
    places: tuple[Place, ...]
    extras: tuple[str, ...]  # second address lines (flat, floor, building)
    companies: tuple[str, ...]
    phone: str  # '#' is a random digit
    family_first: bool = False
    name_separator: str = " "


@dataclass(frozen=True)
class Customer:
    name: str
    email: str
    phone: str
    company: str
    address1: str
    address2: str
    city: str
    region: str
    postal_code: str
    country: str
    tax_id: str | None
    is_business: bool


def words(text: str) -> tuple[str, ...]:
    """`a; b; c` as a tuple (the data tables separate entries with semicolons)."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


def place(city: str, region: str, postcodes: str, streets: str) -> Place:
    return Place(city, region, words(postcodes), words(streets))


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        n=rng.randint(1, 180),
        N=rng.randint(100, 2999),
        m=rng.randint(1, 30),
        a=rng.randint(1, 60),
        f=rng.randint(1, 15),
        u=rng.randint(1, 9),
    )


def _digits(rng: random.Random, template: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in template)


def _person(rng: random.Random, country: Country) -> tuple[str, str, str]:
    """A full name, and its given and family parts in Latin letters for the e-mail."""
    female = rng.random() < 0.5
    given = rng.choice(country.given_female if female else country.given_male)
    family = rng.choice(country.family)
    if "/" in family:
        family = family.split("/")[1 if female else 0]
    parts = (family, given) if country.family_first else (given, family)
    return country.name_separator.join(parts), _ascii_word(given), _ascii_word(family)


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(text).lower()) or "customer"


def _valid(make: Callable[[], str], is_valid: Callable[[str], bool]) -> str:
    """Draw candidates until one passes its check digits (deterministic for a seed)."""
    while True:
        candidate = make()
        if is_valid(candidate):
            return candidate


def _cpf(body: str) -> str:
    """A Brazilian CPF: nine digits and their two mod-11 check digits."""
    first = sum((10 - i) * int(d) for i, d in enumerate(body)) * 10 % 11 % 10
    second = sum((11 - i) * int(d) for i, d in enumerate(f"{body}{first}")) * 10 % 11 % 10
    return f"{body}{first}{second}"


def _fr_vat(rng: random.Random) -> str:
    siren = f"{rng.randrange(10**7, 10**8)}"
    siren += luhn.calc_check_digit(siren)
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def _tax_id(rng: random.Random, country: str, business: bool) -> str | None:
    """The number customs ask the buyer for, where they ask for one."""
    if country == "BR":  # Brazilian customs want the CPF (people) or CNPJ (companies)
        if business:
            body = f"{rng.randrange(10**7, 10**8)}0001"
            return cnpj.format(body + cnpj.calc_check_digits(body))
        return cpf.format(_valid(lambda: _cpf(f"{rng.randrange(10**8, 10**9)}"), cpf.is_valid))
    if country == "KR" and not business:  # Personal Customs Clearance Code
        return f"P{rng.randrange(10**11, 10**12):012d}"
    if not business:
        return None
    if country == "DE":
        body = f"{rng.randrange(10**7, 10**8)}"
        return f"DE{body}{mod_11_10.calc_check_digit(body)}"
    if country == "FR":
        return _valid(lambda: _fr_vat(rng), fr_vat.is_valid)
    if country == "NL":
        return _valid(lambda: f"NL{rng.randrange(10**8, 10**9)}B01", nl_vat.is_valid)
    return None


def make_customer(rng: random.Random, country: Country, *, business: bool = False) -> Customer:
    """A customer living in `country`, written in its script and address layout."""
    name, given, family = _person(rng, country)
    spot = rng.choice(country.places)
    extra = _fill(rng, rng.choice(country.extras)) if rng.random() < 0.35 else ""
    domain = rng.choice(("example.com", "example.net", "example.org"))
    return Customer(
        name=name,
        email=f"{given}.{family}{rng.randint(1, 99)}@{domain}",
        phone=_digits(rng, country.phone),
        company=rng.choice(country.companies) if business else "",
        address1=_fill(rng, rng.choice(spot.streets)),
        address2=extra,
        city=spot.city,
        region=spot.region,
        postal_code=rng.choice(spot.postcodes) if spot.postcodes else "",
        country=country.code,
        tax_id=_tax_id(rng, country.code, business),
        is_business=business,
    )


def _countries() -> tuple[Country, ...]:
    from app.services.demo.people_europe import EUROPE
    from app.services.demo.people_world import WORLD

    return EUROPE + WORLD


COUNTRIES: tuple[Country, ...] = _countries()
BY_CODE = {country.code: country for country in COUNTRIES}
