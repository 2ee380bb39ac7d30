"""Picking: pick lists made first-expiry-first-out and walked by scanner."""

from app.services.picking.allocation import Allocation, create_pick_list, next_orders
from app.services.picking.station import PickState, PickStation

__all__ = ["Allocation", "PickState", "PickStation", "create_pick_list", "next_orders"]
