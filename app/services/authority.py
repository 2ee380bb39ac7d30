"""Who may do what: every service that changes rights, settings, printers, rates or a
shipment's label takes the acting person and checks their role here.

A person at a station acts as a signed-in operator; the role is read again from the
database at the moment of the action, so a badge deactivated or demoted a minute ago
no longer counts. The command line is an administrator's tool: whoever can run it on
the station computer can already open the database file, so it acts as the
administrator, and is recorded with the OS user and host that ran it.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Operator
from app.services.errors import Refused

ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Actor:
    """The person behind an action: an operator at a station, or the administrator."""

    operator_id: int | None
    name: str
    os_user: str = ""
    host: str = ""

    @property
    def is_administrator(self) -> bool:
        return self.operator_id is None


def operator_actor(operator_id: int, name: str = "") -> Actor:
    return Actor(operator_id=operator_id, name=name)


def command_line_actor() -> Actor:
    """The administrator at the command line, named by OS user and host."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        user = "unknown"
    return Actor(operator_id=None, name=ADMINISTRATOR, os_user=user, host=socket.gethostname())


class NotAllowed(Refused):
    """The acting person's role may not do this; `needed` lists the roles that may."""

    def __init__(self, action: str, needed: tuple[str, ...], role: str | None) -> None:
        self.action = action
        self.needed = needed
        self.role = role
        who = f"a {role}" if role else "an unknown or inactive operator"
        super().__init__(
            f"{action.capitalize()} needs a {' or '.join(needed)}; you are signed in as {who}."
        )


def require_role(session: Session, actor: Actor, action: str, *roles: str) -> None:
    """Raise NotAllowed unless `actor` is the administrator or an active operator whose
    role, read now, is one of `roles`."""
    if actor.is_administrator:
        return
    operator = session.get(Operator, actor.operator_id)
    if operator is None or not operator.active:
        raise NotAllowed(action, roles, None)
    if operator.role not in roles:
        raise NotAllowed(action, roles, operator.role)
