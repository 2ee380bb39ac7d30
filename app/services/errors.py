"""Errors a service raises for the operator to read: what is wrong and what to do."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal an operator can act on; `str(error)` is the sentence to show."""


class NotFound(ServiceError):
    """Something scanned or typed does not exist."""


class Refused(ServiceError):
    """The action is not allowed now (wrong state, wrong role, already done)."""
