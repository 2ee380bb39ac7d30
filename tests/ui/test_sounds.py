"""The stations' sounds: three distinct files, and silence with a warning without speakers."""

from __future__ import annotations

import logging
import wave

import pytest

from app import resources_dir
from app.ui.sounds import SOUNDS, QtSounds


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
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.audioOutputs():
        pytest.skip("this machine has a sound card: the silent path is not reachable")
    with caplog.at_level(logging.WARNING, logger="app.ui.sounds"):
        sounds = QtSounds()
    assert not sounds.audible
    assert "stays silent" in caplog.text
    sounds.play("good")  # no error, no sound
