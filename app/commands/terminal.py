"""Text from outside (imported names, addresses, notes, SKUs, arguments) shown on a
terminal without letting it drive the terminal.

Every command prints through `say`, `fail` or `say_json`: C0 and C1 control
characters (ESC sequences included), DEL, and the Unicode controls that reorder or
split lines (bidi embeddings, overrides and isolates, line and paragraph separators)
are written as visible escapes such as `\\x1b` or `\\u202e`. Newlines the command
itself puts between lines stay; a field that must stay on one line is passed
through `shown` first.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

# C0 except tab and newline, DEL, C1; bidi marks, embeddings, overrides and isolates;
# the line and paragraph separators; the zero-width no-break space (BOM).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff"
_UNSAFE_IN_TEXT = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_FIELD = re.compile(f"[{_UNSAFE}\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """One field as safe one-line text: every control character escaped, newlines too."""
    return _UNSAFE_IN_FIELD.sub(_escape, str(value))


def safe_text(text: str) -> str:
    """A message as safe text: control characters escaped, its own newlines kept."""
    return _UNSAFE_IN_TEXT.sub(_escape, text)


def say(text: object = "", *, file: TextIO | None = None) -> None:
    """Print a line of output (to stdout unless `file`), control characters escaped."""
    print(safe_text(str(text)), file=file or sys.stdout, flush=file is not None)


def fail(problem: object) -> None:
    """Print `crossdock: <problem>` on stderr, control characters escaped."""
    say(f"crossdock: {problem}", file=sys.stderr)


def say_json(data: Any, *, indent: int | None = 2) -> None:
    """Print JSON: readable letters kept, control characters as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    print(_UNSAFE_IN_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text), flush=True)
