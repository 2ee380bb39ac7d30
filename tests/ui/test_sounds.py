"""The stations' sounds: three distinct files, and silence with a warning without speakers."""

from __future__ import annotations

import logging
import sys
import wave
from collections.abc import Iterator

import pytest

from app import resources_dir
from app.ui import sounds as sounds_module
from app.ui.sounds import SOUNDS, LazyQtSounds, QtSounds


@pytest.fixture(autouse=True)
def _load_qtmultimedia_afresh() -> Iterator[None]:
    sounds_module._multimedia.cache_clear()
    yield
    sounds_module._multimedia.cache_clear()


def test_the_three_sounds_differ_in_pitch_and_length() -> None:
    shapes = set()
    for name in SOUNDS:
        with wave.open(str(resources_dir() / "sounds" / f"{name}.wav")) as w:
            assert w.getnchannels() == 1 and w.getframerate() == 22050
            shapes.add((w.getnframes(), w.readframes(200)))
    assert len(shapes) == 3


@pytest.mark.qt_log_ignore(".*")  # QtMultimedia reports its missing back-ends
def test_no_audio_device_means_silence_and_a_warning(
    qtbot: object, caplog: pytest.LogCaptureFixture
) -> None:
    multimedia = pytest.importorskip(
        "PySide6.QtMultimedia", reason="QtMultimedia cannot load", exc_type=ImportError
    )
    if multimedia.QMediaDevices.audioOutputs():
        pytest.skip("this machine has a sound card: the silent path is not reachable")
    with caplog.at_level(logging.WARNING, logger="app.ui.sounds"):
        sounds = QtSounds()
    assert not sounds.audible
    assert "stays silent" in caplog.text
    sounds.play("good")  # no error, no sound


def test_qtmultimedia_that_cannot_load_means_silence_and_one_warning(
    qtbot: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a machine without libpulse.so.0: importing QtMultimedia raises ImportError.
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    with caplog.at_level(logging.WARNING, logger="app.ui.sounds"):
        first, second, lazy = QtSounds(), QtSounds(), LazyQtSounds()
        for name in SOUNDS:
            lazy.play(name)  # no error, no sound
    assert not first.audible and not second.audible
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in warnings] == ["app.ui.sounds"]
