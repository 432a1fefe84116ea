"""The DuckDB warehouse: DDL and migrations, atomic loads, views. Knows nothing of files."""

from warehouse.store import LogEntry, Warehouse, connect

__all__ = ["LogEntry", "Warehouse", "connect"]
