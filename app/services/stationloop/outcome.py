"""A station's answer without words: a code, its parameters, a severity, the next action.

Every decision of a station policy and every result of the sync is one of these;
`app.services.stationloop.words` makes the sentences at the edge (the screens,
`simulate`, the scan log), so nothing ever tests a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from app.services.errors import ServiceError

Severity = Literal["ok", "complete", "warning", "refused"]


def _no_params() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Outcome:
    """`code` says what happened, `next_action` (a code too) what the operator does now;
    both share `params` (plain JSON values: numbers as text, dates as ISO text)."""

    code: str
    next_action: str
    severity: Severity = "ok"
    params: Mapping[str, Any] = field(default_factory=_no_params)

    @property
    def ok(self) -> bool:
        return self.severity in ("ok", "complete")

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "next_action": self.next_action,
            "severity": self.severity,
            "params": dict(self.params),
        }

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> Outcome:
        return cls(
            code=str(data["code"]),
            next_action=str(data["next_action"]),
            severity=data.get("severity", "ok"),
            params=MappingProxyType(dict(data.get("params", {}))),
        )


def outcome(code: str, next_action: str, severity: Severity = "ok", **params: Any) -> Outcome:
    return Outcome(code, next_action, severity, MappingProxyType(params))


class Decline(Exception):
    """Raised inside a policy to answer with a refusal; the state does not move unless
    `state` is given (a weight that is off is kept for an override)."""

    def __init__(self, result: Outcome, state: object | None = None) -> None:
        super().__init__(result.code)
        self.outcome = result
        self.state = state


def refuse(code: str, next_action: str, **params: Any) -> Decline:
    return Decline(outcome(code, next_action, "refused", **params))


def service_refusal(exc: ServiceError, next_action: str) -> Outcome:
    """A service's refusal as an outcome: its code and params; its sentence is kept as
    `detail` for a code the words tables do not know yet."""
    return outcome(exc.code, next_action, "refused", **{"detail": str(exc), **exc.params})
