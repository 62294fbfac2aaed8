"""Entente's graph layer: the SQLite store, views (filters), networkx queries and exports."""
from .store import DEFAULT_DB, Store, StoreError, norm
from .view import ASSERTION_CHOICES, MODES, NODE_TYPES, RELATIONS, TOPICS, View, ViewError

__all__ = ["DEFAULT_DB", "Store", "StoreError", "norm", "View", "ViewError", "NODE_TYPES", "RELATIONS", "TOPICS",
           "ASSERTION_CHOICES", "MODES"]
