"""The carrier handover at the dock: manifests, the dock station's rules, late parcels."""
