"""Feature widgets, built from the accessible kit in components/ui."""
