"""Printer adapters without a queue: CUPS through `lp`, PDF files into folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.services.printqueue import PrinterError, PrinterTarget, send


def test_cups_printers_go_through_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(
        f"#!{sys.executable}\nimport os, sys\n"
        "open(os.environ['LP_ARGS'], 'w').write(' '.join(sys.argv[1:]))\n"
        "open(os.environ['LP_DATA'], 'wb').write(sys.stdin.buffer.read())\n"
    )
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("LP_ARGS", str(tmp_path / "args"))
    monkeypatch.setenv("LP_DATA", str(tmp_path / "data"))
    zebra = PrinterTarget(1, "Zebra", "cups", "Zebra_ZD421", "zpl")
    send(zebra, b"^XA^XZ", "zpl", title="label-1")
    assert (tmp_path / "args").read_text().split() == [
        "-d",
        "Zebra_ZD421",
        "-t",
        "label-1",
        "-o",
        "raw",
    ]
    assert (tmp_path / "data").read_bytes() == b"^XA^XZ"
    lp.write_text(
        f"#!{sys.executable}\nimport sys\nsys.exit('lp: The printer or class does not exist.')\n"
    )
    with pytest.raises(PrinterError, match=r"CUPS refused the job for Zebra .*does not exist"):
        send(zebra, b"^XA^XZ", "zpl")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PrinterError, match="this station has no `lp` command"):
        send(zebra, b"^XA^XZ", "zpl")


def test_pdf_file_printers_write_files_or_say_why_they_cannot(tmp_path: Path) -> None:
    folder = PrinterTarget(1, "Folder", "pdf_file", f"{tmp_path}/out/")
    send(folder, b"%PDF-1", "pdf", title="label 1/2")
    send(folder, b"%PDF-2", "pdf", title="label 1/2")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "label_1_2-2.pdf",
        "label_1_2.pdf",
    ]
    not_yet_made = PrinterTarget(4, "New folder", "pdf_file", str(tmp_path / "labels"))
    send(not_yet_made, b"%PDF-5", "pdf", title="label")
    assert (tmp_path / "labels" / "label.pdf").read_bytes() == b"%PDF-5"
    one_file = PrinterTarget(2, "File", "pdf_file", str(tmp_path / "last.pdf"))
    send(one_file, b"%PDF-3", "pdf")
    assert (tmp_path / "last.pdf").read_bytes() == b"%PDF-3"
    blocked = PrinterTarget(3, "Blocked", "pdf_file", str(tmp_path / "last.pdf" / "x.pdf"))
    with pytest.raises(PrinterError, match=r"Blocked cannot write to .*Check that the folder"):
        send(blocked, b"%PDF-4", "pdf")
