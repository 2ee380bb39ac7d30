"""Returns intake: RMAs authorised by the shop, received at the returns station, graded,
put away through the stock ledger, and closed with the refund decision for the shop."""
