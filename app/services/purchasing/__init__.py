"""Buying: purchase orders, what to reorder and when, and how suppliers perform."""
