"""Printing tests read documents back with packages of the `test` extra (pypdfium2,
pypdf, zxing-cpp, zplkit; see readback.py): no system program is needed."""
