"""Schema migrations, applied in order and recorded in ``PRAGMA user_version``.

Each domain adds its tables as a new entry at the end; an applied entry is never edited,
because households already hold data written under it.
"""

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: household profiles; one row per config entry.
    """
    CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        person_entity_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;
    """,
    # 2: who changed what, from where (phone action, mirror, voice, service).
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        user_id TEXT,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX audit_log_profile_at ON audit_log(profile_id, at);
    """,
    # 3: vital-sign readings; one nullable column per metric, in canonical units.
    """
    CREATE TABLE vitals (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        measured_at TEXT NOT NULL,
        source TEXT NOT NULL,
        device TEXT,
        dedupe_key TEXT UNIQUE,
        systolic REAL,
        diastolic REAL,
        mean_arterial_pressure REAL,
        pulse REAL,
        heart_rate REAL,
        temperature REAL,
        spo2 REAL,
        weight REAL,
        bmi REAL,
        body_fat REAL,
        glucose REAL,
        note TEXT
    ) STRICT;
    CREATE INDEX vitals_profile_kind_time ON vitals(profile_id, kind, measured_at);
    """,
    # 4: video calls to a household member, and the single-use links guests call with.
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        room_id TEXT NOT NULL UNIQUE,
        caller TEXT NOT NULL,
        caller_user_id TEXT,
        guest INTEGER NOT NULL CHECK (guest IN (0, 1)),
        started_at TEXT NOT NULL,
        answered_at TEXT,
        ended_at TEXT NOT NULL,
        duration_s REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'missed', 'declined')),
        end_reason TEXT NOT NULL
    ) STRICT;
    CREATE INDEX calls_profile_started ON calls(profile_id, started_at);
    CREATE TABLE call_links (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        room_id TEXT NOT NULL UNIQUE,
        guest_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
    ) STRICT;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNewError(Exception):
    """The file was written by a newer Betti than this one."""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in the file."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target``, one transaction per step; return the old version."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise SchemaTooNewError(current)
    for version in range(current + 1, target + 1):
        # One transaction per step: a failed step leaves the file at the previous version.
        try:
            conn.executescript(
                f"BEGIN;\n{MIGRATIONS[version - 1]}\n"
                f"PRAGMA user_version = {version};\nCOMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return current
