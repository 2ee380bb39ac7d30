"""`make test` runs the suite as on a fresh machine: no Poppler, no system fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

from app.ui.fonts import register_shipped_fonts
from tests.fresh_machine import FRESH_ENV, fresh_environment

POPPLER = ("pdftoppm", "pdftotext", "pdffonts", "pdfinfo")
fresh = pytest.mark.skipif(
    os.environ.get(FRESH_ENV) != "1", reason="not run through tests.fresh_machine (make test)"
)


def test_the_fresh_environment_hides_poppler_and_keeps_the_rest(tmp_path: Path) -> None:
    env = fresh_environment(tmp_path, {"PATH": os.environ["PATH"]})
    assert all(shutil.which(tool, path=env["PATH"]) is None for tool in POPPLER)
    assert shutil.which("fc-list", path=env["PATH"]) is None
    assert shutil.which("sh", path=env["PATH"]) is not None
    assert "<dir>" not in Path(env["FONTCONFIG_FILE"]).read_text(encoding="utf-8")


def test_ci_runs_the_suite_as_a_fresh_machine() -> None:
    if os.environ.get("CI") == "true":
        assert os.environ.get(FRESH_ENV) == "1", "run the suite with `make test`"


@fresh
def test_no_poppler_program_is_on_the_path() -> None:
    assert [tool for tool in POPPLER if shutil.which(tool)] == []


@fresh
def test_fontconfig_sees_no_system_font(tmp_path: Path) -> None:
    fc_list = next(
        (Path(d) / "fc-list" for d in ("/usr/bin", "/bin") if (Path(d) / "fc-list").exists()),
        None,
    )
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is not installed to ask")
    out = subprocess.run([str(fc_list)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


@fresh
def test_qt_sees_only_the_shipped_fonts(qtbot: object) -> None:
    shipped = set(register_shipped_fonts())
    aliases = {"Serif", "Sans Serif", "Monospace"}  # Qt names fontconfig's generic families
    assert set(QFontDatabase.families()) - aliases <= shipped
