"""Picking: pick lists made first-expiry-first-out and walked by scanner (the station's
rules are `app.services.stationloop.pick_policy.PickPolicy`, on the one station loop)."""

from app.services.picking.allocation import Allocation, create_pick_list, next_orders

__all__ = ["Allocation", "create_pick_list", "next_orders"]
