"""`crossdock self-test`: an installation checks itself, headless."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app.cli import main
from app.commands import selftest
from app.printing.glyphs import STRICT_ENV
from tests.printing.readback import pdf_fonts, pdf_text, plain


def test_the_installed_command_migrates_prints_arabic_and_chinese_and_exits_0(
    tmp_path: Path,
) -> None:
    out = tmp_path / "label.pdf"
    crossdock = Path(sys.executable).with_name("crossdock")
    done = subprocess.run(
        [str(crossdock), "self-test", "-o", str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "self-test passed" in done.stdout
    text = plain(pdf_text(out.read_bytes()))
    assert plain("محمد عبد الله") in text and "王小明" in text and "南京东路100号" in text
    assert all(embedded == "yes" for _, _, embedded in pdf_fonts(out.read_bytes()))


def test_a_database_given_is_migrated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "station.db"
    assert main(["self-test", "--db", f"sqlite:///{db}"]) == 0
    assert db.stat().st_size > 0
    assert "migrated" in capsys.readouterr().out


def test_a_database_that_cannot_be_reached_is_one_sentence_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    url = f"sqlite:///{tmp_path / 'a-file' / 'x.db'}"
    assert main(["self-test", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("strict", [True, False])
def test_a_character_without_a_glyph_fails_the_self_test(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], strict: bool
) -> None:
    if not strict:
        monkeypatch.delenv(STRICT_ENV)
    rune = replace(selftest.RECIPIENT, name="Rune \u16a0")
    monkeypatch.setattr(selftest, "RECIPIENT", rune)
    assert main(["self-test"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "U+16A0" in err
