"""Screenshots of the PIN states: the pack station waiting for a supervisor's PIN to
accept a wrong weight, the sign-in screen after wrong PINs (a wait, then a lock), and
the Staff screen with a locked badge to unlock.

Driven for real on the demo warehouse in its temporary database, as people would:
a wrong weight, a supervisor's badge, wrong PINs typed at sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.staff import OperatorInfo
    from app.ui.main_window import MainWindow
    from app.ui.startup import OpenedStation

# A second supervisor, added to the temporary demo, who lifts the first one's lock.
SECOND_SUPERVISOR = ("OP-0022", "Lars Berg", "5678")
WRONG_PIN = "0000"


def render_secrets(window: MainWindow, opened: OpenedStation, shoot: Callable[[str], None]) -> None:
    from app.models import utcnow
    from app.services.authority import command_line_actor
    from app.services.pins import LOCK_AFTER, record_pin_failure
    from app.services.staff import add_operator
    from app.ui.screenshot_stations import first_operator, packable_order

    badge, name, pin = SECOND_SUPERVISOR
    with opened.factory.begin() as session:
        packer = first_operator(session, "packer")
        supervisor = first_operator(session, "supervisor")
        second = add_operator(
            session, command_line_actor(), badge=badge, name=name, role="supervisor", pin=pin
        )
        plan = packable_order(session)
    window.sign_out()
    window.sign_in(packer)
    _pack_to_override(window, plan.order, plan.item_codes, supervisor)
    shoot("16-pack-override-pin")

    window.sign_out()
    login = window.login
    login.scan_field.scan_completed.emit(supervisor.badge_code)
    for _ in range(2):  # a wrong PIN, and at once another: the badge must wait
        login.pin_field.setText(WRONG_PIN)
        login.pin_field.returnPressed.emit()
    shoot("17-sign-in-pin-wait")

    with opened.factory.begin() as session:  # the rest of the wrong PINs, without waiting
        for _ in range(LOCK_AFTER - 1):
            record_pin_failure(session, supervisor.id, utcnow())
    login.reset()
    login.scan_field.scan_completed.emit(supervisor.badge_code)
    shoot("18-sign-in-locked")

    login.reset()
    window.sign_in(second)
    _show_staff(window, supervisor.badge_code)
    shoot("19-staff-locked-badge")


def _pack_to_override(
    window: MainWindow, order: str, codes: tuple[str, ...], supervisor: OperatorInfo
) -> None:
    """Pack `order`, weigh it far off, and scan the supervisor's badge."""
    from app.services.station import Feedback
    from app.ui.screens.pack import PackScreen

    pack = window.work_screen("pack")
    assert isinstance(pack, PackScreen)
    window.tabs.setCurrentWidget(pack)
    last: list[Feedback] = []
    pack.feedback_shown.connect(last.append)
    pack.submit(order)
    for code in codes:
        pack.submit(code)
    expected = last[-1].expected_weight_kg or Decimal("1")
    pack.submit(f"{expected * 2}kg")
    pack.submit(f"BADGE:{supervisor.badge_code}")
    pack.scan_field.setText("12")  # the supervisor is typing the PIN


def _show_staff(window: MainWindow, badge: str) -> None:
    from app.ui.screens.staff import StaffScreen

    staff = window.work_screen("staff")
    assert isinstance(staff, StaffScreen)
    window.tabs.setCurrentWidget(staff)
    staff.refresh()
    for row in range(staff.table.rowCount()):
        item = staff.table.item(row, 0)
        if item is not None and item.text() == badge:
            staff.table.selectRow(row)
