"""`crossdock print cn22|cn23|invoice`: exactly the form named, or a refusal saying why and
which form applies; each parcel's declaration with its own contents; the invoice's boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import Carrier, SalesOrder, Shipment
from app.printing.romanize import romanize
from tests.printing.readback import pdf_pages, pdf_text, plain
from tests.shipping.helpers import packed_shipment, shipping_site

DATE = ["--date", "2026-11-21"]


def print_form(db_url: str, kind: str, shipment: int, out: Path) -> int:
    return main(["--db", db_url, "print", kind, str(shipment), "-o", str(out), *DATE])


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """Where the papers go, apart from the SQLite file of the test."""
    path = tmp_path / "papers"
    path.mkdir()
    return path


def make(factory: sessionmaker[Session], **options: object) -> int:
    with factory.begin() as s:
        ship = shipping_site(s)
        lines = options.pop("lines", None)
        if callable(lines):
            options["lines"] = lines(ship.site)
        return packed_shipment(s, ship, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "reason", "needed"),
    [
        # 2 x 215 USD: about 315 SDR at the shipped rates, above the 300 SDR of a CN22
        (
            {"currency": "USD", "lines": lambda site: ((site.mug, "MUG-01", 2, "215.00"),)},
            "are worth about 31",
            "CN23",
        ),
        ({"service": "WPX"}, "goes by a courier service", "commercial invoice"),
        (
            {
                "lines": lambda site: tuple((site.mug, "MUG-01", 1, "5.00") for _ in range(16)),
                "weights": ("6.000",),
            },
            "do not fit on a CN22",
            "CN23",
        ),
    ],
    ids=["315-sdr", "courier", "16-lines"],
)
def test_print_cn22_refuses_a_shipment_that_needs_another_form(
    db_url: str,
    factory: sessionmaker[Session],
    out_dir: Path,
    capsys: pytest.CaptureFixture[str],
    options: dict[str, object],
    reason: str,
    needed: str,
) -> None:
    shipment = make(factory, **options)
    out = out_dir / "cn22.pdf"
    assert print_form(db_url, "cn22", shipment, out) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"crossdock: No CN22 printed for shipment {shipment}: it")
    assert reason in err and f"It needs a {needed}" in err
    kind = {"CN23": "cn23", "commercial invoice": "invoice"}[needed]
    assert f"`crossdock print {kind} {shipment} -o FILE`" in err
    assert not out.exists() and list(out_dir.iterdir()) == []
    # The form it names prints, and is that form.
    right = out_dir / f"{kind}.pdf"
    assert print_form(db_url, kind, shipment, right) == 0
    text = plain(pdf_text(right.read_bytes()))
    if kind == "cn23":
        assert "CN 23" in text or "CN23" in text
        assert "CN 22" not in text and "CN22" not in text.replace("CN22/", "")
    else:
        assert "COMMERCIAL INVOICE" in text.upper()


def test_print_cn23_and_invoice_refuse_a_small_postal_parcel(
    db_url: str, factory: sessionmaker[Session], out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipment = make(factory)  # 2 x 12 EUR to the US by post: a CN22
    assert print_form(db_url, "cn23", shipment, out_dir / "cn23.pdf") == 1
    err = capsys.readouterr().err
    assert "No CN23 printed" in err and "within the CN22 limit" in err
    assert "It needs a CN22: `crossdock print cn22" in err
    assert print_form(db_url, "invoice", shipment, out_dir / "ci.pdf") == 1
    assert "No commercial invoice printed" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []


def test_each_parcel_has_a_cn22_of_its_own_contents_and_weight(
    db_url: str, factory: sessionmaker[Session], out_dir: Path
) -> None:
    shipment = make(
        factory,
        weights=("1.250", "0.700"),
        lines=lambda site: ((site.mug, "MUG-01", 2, "12.00"), (site.tea, "TEA-01", 1, "7.50")),
    )
    assert print_form(db_url, "cn22", shipment, out_dir / "cn22.pdf") == 0
    first = plain(pdf_text((out_dir / "cn22-1.pdf").read_bytes()))
    second = plain(pdf_text((out_dir / "cn22-2.pdf").read_bytes()))
    assert "24.00" in first and "7.50" not in first
    assert "7.50" in second and "24.00" not in second
    assert "1.250" in first and "0.700" not in first
    assert "0.700" in second and "1.250" not in second
    assert "parcel 1 of 2" in first and "parcel 2 of 2" in second
    assert len(pdf_pages((out_dir / "cn22-1.pdf").read_bytes(), dpi=72)) == 1


def test_the_invoice_has_the_ddp_duty_account_and_a_latin_consignee(
    db_url: str, factory: sessionmaker[Session], out_dir: Path
) -> None:
    shipment = make(factory, service="WPX", incoterm="DDP", country="JP", postcode="100-0001")
    with factory.begin() as s:
        carrier = s.scalars(select(Carrier).where(Carrier.code == "DHL")).one()
        carrier.requires_latin = True
        order = s.get(SalesOrder, s.get(Shipment, shipment).order_id)  # type: ignore[union-attr]
        assert order is not None
        order.ship_name = "山田 太郎"
        order.ship_city = "東京都千代田区"
    out = out_dir / "ci.pdf"
    assert print_form(db_url, "invoice", shipment, out) == 0
    text = plain(pdf_text(out.read_bytes()))
    assert "Duty account (DDP): DHL-DUTY-1" in text
    latin = text[text.index("In Latin script:") :]
    name, city = romanize("山田 太郎", "ja", name=True), romanize("東京都千代田区", "ja")
    assert name == "Yamada Taro" and city.isascii() and city.strip()
    assert latin.index(name) < latin.index(city) < latin.index("INCOTERM")
    assert f"DDP {city}" in text  # the named place in Latin too
    assert "Ref. " not in text
