"""Betti's household store: one SQLite file, migrated, written by one writer, read concurrently.

No Home Assistant imports: the integration wraps this the way HA wraps its device libraries.
"""

from .database import Database, DatabaseReadOnlyError, Problem
from .migrations import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Database",
    "DatabaseReadOnlyError",
    "Problem",
]
