"""A shift's worth of key presses into the scan field leaves the interpreter sound.

PySide6 6.12.0 lost a reference to None on every Python override of a Qt
virtual such as keyPressEvent. On Python 3.11 None's count reaches zero after a
few thousand key presses and the interpreter dies ("deallocating None"); from
Python 3.12 None is immortal, its count never moves and the leak does no harm
there, but a station may still run 3.11. So the release is kept out twice:

* by the version: the installed PySide6 must be within the project's own
  requirement, and that requirement must exclude every known-bad release. This
  fails on any Python as soon as 6.12.0 is installed or the pin is loosened.
* by behaviour: 5,600 key events into the real scan field in a child process. A
  crash fails the test (the child's exit code) instead of killing pytest, and on
  Python 3.11 the reference count of None must not have dropped by one per key.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
KNOWN_BAD_PYSIDE6 = ("6.12.0",)
SCANS = 400  # 400 codes of 13 digits and Enter: 5,600 key presses


def _pyside6_requirement() -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "PySide6"]
    assert len(found) == 1, "pyproject.toml must require PySide6 exactly once"
    return found[0]


def test_known_bad_pyside6_releases_are_kept_out() -> None:
    requirement = _pyside6_requirement()
    for bad in KNOWN_BAD_PYSIDE6:
        assert not requirement.specifier.contains(bad), f"{requirement} lets PySide6 {bad} in"
    installed = version("PySide6")
    assert installed not in KNOWN_BAD_PYSIDE6, f"PySide6 {installed} is installed"
    assert requirement.specifier.contains(installed), f"PySide6 {installed} is not {requirement}"


def test_a_shift_of_key_presses_leaves_the_interpreter_sound() -> None:
    child = subprocess.run(
        [sys.executable, "-m", "tests.ui.shift_of_key_presses", str(SCANS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, f"the station died ({child.returncode}): {child.stderr[-2000:]}"
    result = json.loads(child.stdout.splitlines()[-1])
    assert result["entries"] == SCANS
    if sys.version_info < (3, 12):
        # A leak of one reference per key event would show as thousands.
        assert result["none_drift"] > -1000, f"None lost {-result['none_drift']} references"
