"""The problems of one file, kept within bounds.

A broken export of a million rows can have a million problems; nobody reads
them all and keeping them would cost as much memory as the file. The first
`PROBLEMS_KEPT` are kept in full (with line and column), the rest are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.services.importing.report import Problem

PROBLEMS_KEPT = 1000


class ProblemLog:
    """The first `limit` problems met while reading, and how many more there were."""

    __slots__ = ("_kept", "limit", "more")

    def __init__(self, limit: int = PROBLEMS_KEPT) -> None:
        self.limit = limit
        self._kept: list[Problem] = []
        self.more = 0

    def append(self, problem: Problem) -> None:
        if len(self._kept) < self.limit:
            self._kept.append(problem)
        else:
            self.more += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    @property
    def count(self) -> int:
        """Every problem met, kept or not."""
        return len(self._kept) + self.more

    def __bool__(self) -> bool:
        return bool(self._kept)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def listed(self) -> tuple[Problem, ...]:
        """The kept problems in the order of the file (whole-file problems first)."""
        return tuple(sorted(self._kept, key=lambda p: (p.line or 0, p.column or "")))
