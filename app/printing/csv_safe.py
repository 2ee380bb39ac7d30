"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

Every CSV Crossdock writes goes through here: the orders export today, the carrier
manifest of a later issue. A text cell that a spreadsheet would read as a formula
(starting with `=`, `+`, `-`, `@`, a tab or a carriage return, after any leading
spaces, or with their full-width and small forms such as `＝`) gets a leading single
quote, which spreadsheets show as text. Numbers that Crossdock itself computed
(int, Decimal, float) are written as they are: `-3` from a count is no formula.
Every cell is quoted, so a file read with another delimiter (`;` in many locales)
cannot split a cell into a new one that starts a formula.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO

FORMULA_STARTS = frozenset("=+-@")
# Characters a spreadsheet drops or trims before it looks at the first one.
_LEADING_BLANKS = " \u00a0\u3000"


def starts_a_formula(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula."""
    if text[:1] in ("\t", "\r"):
        return True
    first = text.lstrip(_LEADING_BLANKS)[:1]
    # NFKC folds the full-width (＝ ＋ － ＠) and small (﹦ ﹢ ﹣ ﹫) forms to ASCII.
    return bool(first) and unicodedata.normalize("NFKC", first) in FORMULA_STARTS


def safe_cell(value: object) -> str:
    """One cell's text: None empty, numbers as they are, other text neutralised."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return f"'{text}" if starts_a_formula(text) else text


def write_csv(
    out: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    line_end: str = "\r\n",
    delimiter: str = ",",
    flat: bool = False,
) -> None:
    """Write `header` and `rows` to `out` (opened with newline=""), every cell safe.

    Lines end in CR LF as RFC 4180 says; `line_end="\n"` for a terminal. A `flat` file
    (Amazon's tab-delimited flat files) quotes nothing: a delimiter, CR or LF inside a
    cell becomes a space, as such readers split on every one."""
    if flat:
        blank = str.maketrans({delimiter: " ", "\r": " ", "\n": " "})
        writer = csv.writer(
            out,
            quoting=csv.QUOTE_NONE,
            quotechar=None,
            lineterminator=line_end,
            delimiter=delimiter,
        )
        writer.writerow([safe_cell(h).translate(blank) for h in header])
        writer.writerows([safe_cell(v).translate(blank) for v in row] for row in rows)
        return
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=line_end, delimiter=delimiter)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, line_end: str = "\r\n"
) -> str:
    """The whole CSV as text."""
    out = io.StringIO(newline="")
    write_csv(out, header, rows, line_end=line_end)
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole CSV as UTF-8 with a byte-order mark, so spreadsheets read the accents."""
    return csv_text(header, rows).encode("utf-8-sig")
