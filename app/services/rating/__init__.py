"""Rating parcels and freight on the seller's own rate contracts, and choosing a service.

`sheet` is a contract as data, `book` its pre-indexed in-memory form, `engine` the
pure quote over a book, `choice` the station's choice stored on the shipment,
`compare` the re-rating of past shipments under other contracts.
"""
