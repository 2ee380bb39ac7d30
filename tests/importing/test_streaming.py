"""A file is read as it is imported, a line at a time, never whole."""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import islice

from app.services.importing.csvrows import read_table


class EndlessExport(io.RawIOBase):
    """A stock file that never ends; reading it whole would never return."""

    def __init__(self) -> None:
        self.lines = self._lines()

    @staticmethod
    def _lines() -> Iterator[bytes]:
        yield b"location,sku,quantity\n"
        number = 0
        while True:
            number += 1
            yield f"A-{number},SKU-1,{number}\n".encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        line = next(self.lines)
        buffer[: len(line)] = line
        return len(line)


def test_rows_come_as_the_file_is_read() -> None:
    table, problems = read_table(io.BufferedReader(EndlessExport()), required=["sku"])

    assert table is not None and problems == []
    first = list(islice(table.rows, 3))
    assert first == [
        (2, ["A-1", "SKU-1", "1"]),
        (3, ["A-2", "SKU-1", "2"]),
        (4, ["A-3", "SKU-1", "3"]),
    ]
    assert table.count == 3


def test_bytes_that_are_not_utf8_stop_the_file_at_their_line() -> None:
    data = b"location,sku,quantity\nA-1,MUG,1\nA-2,MUG,2\n" + b"B-\xe9,MUG,3\nC,MUG,1\n"
    table, _ = read_table(data, required=["sku"])

    assert table is not None
    assert [line for line, _ in table.rows] == [2, 3]
    assert table.fatal and [(p.line, p.column) for p in table.problems] == [(4, None)]
