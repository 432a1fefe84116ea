"""Wiring: the only layer that knows ingest, anonymize and warehouse together."""
