"""Goods in: receiving purchase orders by scan, putting stock away, counting locations.

The station's rules are `GoodsInPolicy` (app.services.goodsin.policy) on the one
station loop; the changes to the shared database are the services here, applied
by the sync through the handlers in `app.services.goodsin.effects`.
"""
