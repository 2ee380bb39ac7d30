"""`crossdock screenshot DIR`: every screen as a PNG, without touching the user's data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.cli import main
from app.config import default_sqlite_url
from app.db import make_engine, make_session_factory
from app.models import SalesOrder, Station
from app.ui.startup import open_station
from tests.ui.conftest import add_orders, add_staff

EXPECTED = (
    "01-sign-in",
    "02-sign-in-pin",
    "03-sign-in-unknown-badge",
    "04-orders",
    "04b-orders-on-hold",
    "04c-orders-held-elsewhere",
    "05-staff",
    "05b-set-aside",
    "06-database-lost",
    "07-pack-waiting",
    "08-pack-mid-order",
    "09-pack-refused-scan",
    "10-pack-weighing",
    "11-pack-complete",
    "11b-pack-offline",
    "12-pick-waiting",
    "13-pick-stop",
    "14-dispatch-failed-print",
    "15-dispatch-preflight",
    "15b-dispatch-rated",
    "16-pack-override-pin",
    "17-sign-in-pin-wait",
    "18-sign-in-locked",
    "19-staff-locked-badge",
    "20-shift",
    "21-shift-wallboard",
    "22-dock-open",
    "23-dock-refused",
    "24-returns-grading",
    "25-returns-discrepancy",
    "26-goods-in-receiving",
    "27-buying-reorder",
    "28-rates-compare",
)


def _check_pngs(directory: Path, width: int, height: int, *, demo: bool = True) -> None:
    # The user's own database is only read: the live shot, which changes it, is left out.
    expected = [n for n in EXPECTED if demo or n != "04c-orders-held-elsewhere"]
    names = [f"{name}-{width}x{height}" for name in expected]
    assert sorted(p.stem for p in directory.glob("*.png")) == names
    for name in names:
        image = QImage(str(directory / f"{name}.png"))
        assert not image.isNull(), name
        assert (image.width(), image.height()) == (width, height), name
        # Not a blank page: many colours (text, header, fields).
        colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
        assert len(colours) > 20, name


def test_screenshots_of_an_empty_database_use_the_demo(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    assert main(["screenshot", str(out), "--size", "1920x1080"]) == 0
    _check_pngs(out, 1920, 1080)
    user_db = Path(default_sqlite_url().removeprefix("sqlite:///"))
    assert not user_db.exists(), "the user's database was created"


def test_screenshots_of_a_database_with_data_leave_it_as_it_was(
    qtbot: QtBot, tmp_path: Path, sqlite_url: str
) -> None:
    opened = open_station(sqlite_url, "OFFICE")
    with opened.factory.begin() as session:
        add_staff(session)
        add_orders(session)
    opened.engine.dispose()

    out = tmp_path / "shots"
    assert main(["--db", sqlite_url, "screenshot", str(out), "--size", "1280x800"]) == 0

    _check_pngs(out, 1280, 800, demo=False)
    engine = make_engine(sqlite_url)
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Station.name)).all() == ["OFFICE"]
        assert session.scalar(select(func.count()).select_from(SalesOrder)) == 4
    engine.dispose()
