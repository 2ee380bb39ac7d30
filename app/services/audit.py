"""The audit log of the command line: who ran what, from where, and how it ended.

The command line acts as the administrator (see app.services.authority), so every
command that works on a database is recorded with the OS user and host, whether it
succeeded or not. Secrets among the arguments (PINs) are masked before they are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Operator, utcnow
from app.services.authority import Actor, command_line_actor

SECRET_OPTIONS = ("--pin",)
MASK = "****"


@dataclass(frozen=True)
class AuditInfo:
    id: int
    at: dt.datetime
    os_user: str
    host: str
    command: str
    arguments: tuple[str, ...]
    exit_status: int
    outcome: str
    operator: str | None = None  # the supervisor who acted in the window, if one did

    def to_json_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "os_user": self.os_user,
            "host": self.host,
            "command": self.command,
            "arguments": list(self.arguments),
            "exit_status": self.exit_status,
            "outcome": self.outcome,
            "operator": self.operator,
        }


def masked(arguments: Sequence[str]) -> list[str]:
    """The arguments with the value of every secret option replaced by ****."""
    out: list[str] = []
    hide_next = False
    for arg in arguments:
        if hide_next:
            out.append(MASK)
            hide_next = False
        elif arg in SECRET_OPTIONS:
            out.append(arg)
            hide_next = True
        elif any(arg.startswith(f"{opt}=") for opt in SECRET_OPTIONS):
            out.append(f"{arg.split('=', 1)[0]}={MASK}")
        else:
            out.append(arg)
    return out


def record_command(
    session: Session,
    actor: Actor,
    command: str,
    arguments: Sequence[str],
    exit_status: int,
    outcome: str = "",
) -> None:
    """Append one command (or an operator's action in the window) to the audit log;
    the caller commits."""
    # An operator's action is kept with the OS user and host of the station computer.
    where = actor if actor.is_administrator else command_line_actor()
    session.add(
        AuditEntry(
            at=utcnow(),
            os_user=where.os_user[:100],
            host=where.host[:255],
            operator_id=actor.operator_id,
            command=command[:100],
            arguments=masked(arguments),
            exit_status=exit_status,
            outcome=outcome[:300],
        )
    )


def list_audit(session: Session, *, limit: int = 100) -> list[AuditInfo]:
    """The newest entries first."""
    rows = session.execute(
        select(AuditEntry, Operator.name)
        .outerjoin(Operator, Operator.id == AuditEntry.operator_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [
        AuditInfo(
            r.id,
            r.at,
            r.os_user,
            r.host,
            r.command,
            tuple(r.arguments),
            r.exit_status,
            r.outcome,
            name,
        )
        for r, name in rows
    ]
