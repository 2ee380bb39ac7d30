"""Run a command as on a fresh machine: no Poppler programs, no system fonts.

`make test` runs pytest through this, so every run proves that Crossdock and its
tests need nothing installed by hand: PATH is a folder of links to every program on
the current PATH except Poppler's (pdftoppm, pdftotext, pdffonts, pdfinfo, ...) and
fontconfig's tools, and FONTCONFIG_FILE points at a configuration that names no font
folder, so Qt and anything else that asks fontconfig sees no system font at all.
`CROSSDOCK_FRESH_MACHINE=1` tells the tests (tests/test_fresh_machine.py) to check
that the hiding worked.

    python -m tests.fresh_machine pytest tests/printing -q
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HIDDEN_PREFIXES = ("pdf", "fc-")
FRESH_ENV = "CROSSDOCK_FRESH_MACHINE"
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def link_programs(path: str, into: Path) -> None:
    """A link in `into` to the first program of each name on `path`, less the hidden."""
    for entry in path.split(os.pathsep):
        folder = Path(entry)
        if not entry or not folder.is_dir():
            continue
        for program in folder.iterdir():
            name = program.name
            if name.startswith(HIDDEN_PREFIXES) or (into / name).exists():
                continue
            if program.is_file() and os.access(program, os.X_OK):
                (into / name).symlink_to(program)


def fresh_environment(root: Path, base: dict[str, str]) -> dict[str, str]:
    bin_dir = root / "bin"
    bin_dir.mkdir()
    link_programs(base.get("PATH", ""), bin_dir)
    config = root / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=root / "fontconfig-cache"), encoding="utf-8")
    env = dict(base)
    env["PATH"] = str(bin_dir)
    env["FONTCONFIG_FILE"] = str(config)
    env.pop("FONTCONFIG_PATH", None)
    env[FRESH_ENV] = "1"
    return env


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.fresh_machine COMMAND [ARG...]", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="crossdock-fresh-") as tmp:
        env = fresh_environment(Path(tmp), dict(os.environ))
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
