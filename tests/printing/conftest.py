"""Printing tests need poppler's command-line tools (Debian: poppler-utils) to read
PDFs back; without them the tests skip on a developer's machine and fail on CI."""

from __future__ import annotations

import os
import shutil

import pytest

POPPLER = ("pdftoppm", "pdftotext", "pdffonts", "pdfinfo")


@pytest.fixture(autouse=True)
def _poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (Debian package poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
