"""Errors a service raises for the operator to read: what is wrong and what to do.

Each has a `code` that says what happened without words, for tests and for
whatever decides what to do next; `str(error)` is the sentence to show.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


class ServiceError(Exception):
    """A refusal an operator can act on; `str(error)` is the sentence to show.

    A station shows it by `code` and `params` (plain JSON values): the station's
    words tables make the sentence, so it can be translated; a code they do not
    know shows `str(error)`.
    """

    code: str = "refused"
    params: Mapping[str, Any] = MappingProxyType({})


class NotFound(ServiceError):
    """Something scanned or typed does not exist."""

    code = "not_found"


class Refused(ServiceError):
    """The action is not allowed now (wrong state, wrong role, already done)."""


class SerialJustPacked(Refused):
    """Another station packed this serial number a moment ago (it won the race)."""

    code = "serial_just_packed"

    def __init__(self, serial: str, station: str) -> None:
        super().__init__(
            f"Serial {serial} was just packed at {station}. Scan this unit's own serial "
            "number, or put it aside for a supervisor."
        )
        self.serial = serial
        self.station = station
