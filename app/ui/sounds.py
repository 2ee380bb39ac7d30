"""The stations' three sounds: good, bad and complete, distinct in pitch and rhythm.

Played with QtMultimedia. A station without an audio device, or where QtMultimedia
cannot load (its system libraries, such as libpulse.so.0, are missing), stays silent
and says so once in the log; it never fails because of it.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache
from types import ModuleType
from typing import Protocol

from PySide6.QtCore import QUrl

from app import resources_dir

log = logging.getLogger(__name__)

SOUNDS = ("good", "bad", "complete")


class SoundPlayer(Protocol):
    def play(self, name: str) -> None: ...


class SilentSounds:
    """No sound at all (tests, or a station without speakers)."""

    def play(self, name: str) -> None:
        pass


class RecordingSounds:
    """Remembers what would have been played: for tests."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


@cache
def _multimedia() -> ModuleType | None:
    """PySide6.QtMultimedia, or None (with one warning per process) when it cannot load."""
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except ImportError as exc:
        log.warning("No sound: QtMultimedia cannot load (%s); the station stays silent.", exc)
        return None


class QtSounds:
    """Plays the WAVs in resources/sounds through the default audio output."""

    def __init__(self) -> None:
        self._effects: dict[str, object] = {}
        multimedia = _multimedia()
        if multimedia is None:
            return
        if not multimedia.QMediaDevices.audioOutputs():
            log.warning("No audio output device found: the station stays silent.")
            return
        for name in SOUNDS:
            effect = multimedia.QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(resources_dir() / "sounds" / f"{name}.wav")))
            effect.setVolume(1.0)
            self._effects[name] = effect

    @property
    def audible(self) -> bool:
        return bool(self._effects)

    def play(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]


class LazyQtSounds:
    """QtSounds made on the first sound, so that start-up does not wait for audio."""

    def __init__(self) -> None:
        self._sounds: QtSounds | None = None

    def play(self, name: str) -> None:
        if self._sounds is None:
            self._sounds = QtSounds()
        self._sounds.play(name)
