"""What a station policy gives the one station loop, and what the loop gives it back.

A station (pack, pick, dock, returns, goods-in) is a policy plugged into
`StationLoop(..., policy=...)`. The loop interprets the input, asks
`policy.decide(state, scan, desk)`, journals the entry with the state rows the
policy names, wakes the sync and answers with `policy.feedback(...)`. The sync
applies each entry's effects through the handler table in
`app.services.stationloop.effects` (one table per station, composed there).

A policy's desk is the little it must ask the shared database on the spot (the
pack station's claim and supervisor override; a dock station opening a manifest):
built by `policy.make_desk(tools)`, where `tools.run(work, needs, next_action)`
runs `work(session)` in one unit of work and turns a lost database into the
refusal `needs` (and tells the sync the station is offline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from app.db import is_environment_error
from app.scanning import Scan
from app.services.errors import ServiceError
from app.services.station.base import Refusal
from app.services.station.types import Feedback, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import Decline, Outcome, refuse

Effect = dict[str, Any]


@dataclass(frozen=True)
class Decision:
    """A policy's answer: the outcome, the state it leads to, the effects for the sync."""

    outcome: Outcome
    state: Any
    effects: tuple[Effect, ...] = ()
    order_id: int | None = None


@dataclass(frozen=True)
class DeskTools:
    """How a policy's desk reaches the shared database (given by the loop)."""

    factory: sessionmaker[Session]
    context: StationContext
    journal: Journal
    now: Callable[[], dt.datetime]
    offline: Callable[[], None]
    online: Callable[[], bool]

    def run(self, work: Callable[[Session], Any], needs: str, next_action: str) -> Any:
        """`work(session)` in one unit of work; offline, or a lost database, raises the
        refusal `needs` (a code) with `next_action`. Service refusals pass through."""
        if not self.online():  # told at once; the sync says when the database is back
            raise refuse(needs, next_action)
        try:
            with self.factory.begin() as session:
                return work(session)
        except (Decline, ServiceError, Refusal):
            raise
        except Exception as exc:
            if not is_environment_error(exc):
                raise
            self.offline()
            raise refuse(needs, next_action) from exc


class StationPolicy(Protocol):
    """The rules of one kind of station over its local state (kept in the journal)."""

    kind: str
    """The station's kind: "pack", "dock", "returns", "goods_in"; it names its journal state."""

    def initial(self) -> Any: ...

    def restore(self, journal: Journal) -> Any:
        """The state the journal holds (after a restart), or `initial()` if none or unreadable."""
        ...

    def state_rows(self, state: Any) -> dict[str, str]:
        """The journal state rows (name -> JSON text) to write with an entry that moved it."""
        ...

    def expects_weight(self, state: Any) -> bool: ...

    def expects_secret(self, state: Any) -> bool: ...

    def next_action(self, state: Any) -> str:
        """The next-action code when an input is refused before the policy sees it."""
        ...

    def order_of(self, state: Any) -> int | None:
        """The order the state is about (the journal keeps it with each entry)."""
        ...

    def decide(self, state: Any, scan: Scan, desk: Any) -> Decision:
        """The decision for one input; raise `Decline` (e.g. `refuse(...)`) to refuse."""
        ...

    def make_desk(self, tools: DeskTools) -> Any: ...

    def feedback(self, scan: Scan, result: Outcome, state: Any, ms: float) -> Feedback:
        """The answer shown: `Feedback` with words made by `words.sentence(result)`;
        station-specific data for its screen goes in `Feedback.view`."""
        ...

    def release(self, state: Any) -> str | None:
        """The input that lets go of what the state holds when the window closes
        (journalled like any input), or None."""
        ...
