"""Crossdock: warehouse station software for cross-border e-commerce sellers."""

__version__ = "0.1.0"
