"""Crossdock: warehouse station software for cross-border e-commerce sellers."""

from __future__ import annotations

import sys
from pathlib import Path

__version__ = "0.1.0"


def resources_dir() -> Path:
    """The `resources/` folder, beside the package or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
