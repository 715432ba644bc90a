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
    # 4: Bluetooth devices: where each download got to, and readings nobody claimed yet.
    """
    CREATE TABLE device_sync (
        address TEXT PRIMARY KEY,
        last_sequence INTEGER,
        last_sync TEXT,
        battery INTEGER
    ) STRICT;
    CREATE TABLE pending_vitals (
        id INTEGER PRIMARY KEY,
        device TEXT NOT NULL,
        kind TEXT NOT NULL,
        measured_at TEXT NOT NULL,
        user_id INTEGER,
        dedupe_key TEXT UNIQUE,
        readings TEXT NOT NULL,
        candidates TEXT NOT NULL
    ) STRICT;
    """,
    # 5: alerts with their stored escalation steps, every push attempt, and mood check-ins.
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        dedupe_key TEXT,
        created_at TEXT NOT NULL,
        stage INTEGER NOT NULL DEFAULT 0,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        acknowledged_via TEXT
    ) STRICT;
    CREATE INDEX alerts_profile_created ON alerts(profile_id, created_at);
    CREATE UNIQUE INDEX alerts_open_dedupe ON alerts(profile_id, dedupe_key)
        WHERE acknowledged_at IS NULL AND dedupe_key IS NOT NULL;
    CREATE TABLE alert_steps (
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        stage INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        recipients TEXT NOT NULL,
        done_at TEXT,
        PRIMARY KEY (alert_id, position)
    ) STRICT;
    CREATE INDEX alert_steps_pending ON alert_steps(profile_id, due_at) WHERE done_at IS NULL;
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        alert_id INTEGER REFERENCES alerts(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        target TEXT NOT NULL,
        source TEXT NOT NULL,
        tag TEXT NOT NULL,
        result TEXT NOT NULL,
        reason TEXT
    ) STRICT;
    CREATE INDEX deliveries_target_at ON deliveries(target, at);
    CREATE INDEX deliveries_alert ON deliveries(alert_id);
    CREATE TABLE moods (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
        note TEXT
    ) STRICT;
    CREATE INDEX moods_profile_at ON moods(profile_id, at);
    """,
    # 6: nutrition, water and activity. Household foods (the shipped ones are read from a
    # file); eaten items keep their own nutrients; each row carries the local day it counts for.
    """
    CREATE TABLE foods (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        barcode TEXT UNIQUE,
        energy_kcal REAL NOT NULL,
        protein REAL NOT NULL,
        carbohydrate REAL NOT NULL,
        sugars REAL,
        fat REAL NOT NULL,
        saturated_fat REAL,
        fibre REAL,
        sodium REAL,
        serving_name TEXT,
        serving_g REAL,
        density REAL NOT NULL DEFAULT 1.0,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE meals (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        meal TEXT NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
        UNIQUE (profile_id, day, meal)
    ) STRICT;
    CREATE TABLE meal_items (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        meal_id INTEGER NOT NULL REFERENCES meals(id) ON DELETE CASCADE,
        eaten_at TEXT NOT NULL,
        food_key TEXT,
        name TEXT NOT NULL,
        amount REAL NOT NULL CHECK (amount > 0),
        unit TEXT NOT NULL CHECK (unit IN ('g', 'ml', 'serving')),
        grams REAL NOT NULL CHECK (grams > 0),
        energy_kcal REAL NOT NULL,
        protein REAL,
        carbohydrate REAL,
        sugars REAL,
        fat REAL,
        saturated_fat REAL,
        fibre REAL,
        sodium REAL
    ) STRICT;
    CREATE INDEX meal_items_meal ON meal_items(meal_id);
    CREATE INDEX meal_items_profile_time ON meal_items(profile_id, eaten_at);
    CREATE TABLE water_log (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        at TEXT NOT NULL,
        ml REAL NOT NULL CHECK (ml > 0),
        source TEXT NOT NULL
    ) STRICT;
    CREATE INDEX water_log_profile_day ON water_log(profile_id, day);
    CREATE TABLE workouts (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        started_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        duration_min REAL NOT NULL CHECK (duration_min > 0),
        distance_m REAL,
        energy_kcal REAL,
        note TEXT,
        source TEXT NOT NULL
    ) STRICT;
    CREATE INDEX workouts_profile_day ON workouts(profile_id, day);
    CREATE TABLE daily_activity (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        metric TEXT NOT NULL CHECK (metric IN ('steps', 'active_energy', 'active_minutes')),
        source TEXT NOT NULL,
        amount REAL NOT NULL,
        last_value REAL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (profile_id, day, metric, source)
    ) STRICT, WITHOUT ROWID;
    """,
    # 7: medications (schedules as JSON), every dose event (never pruned), and which
    # reminders, missed notices and escalations each dose has had.
    """
    CREATE TABLE medications (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        strength TEXT,
        form TEXT,
        instructions TEXT,
        colour TEXT,
        shape TEXT,
        stock REAL,
        refill_threshold REAL,
        grace_minutes INTEGER NOT NULL,
        remind INTEGER NOT NULL DEFAULT 1,
        critical INTEGER NOT NULL DEFAULT 0,
        schedules TEXT NOT NULL,
        not_before TEXT NOT NULL,
        created_at TEXT NOT NULL,
        low_stock_notified INTEGER NOT NULL DEFAULT 0,
        removed_at TEXT
    ) STRICT;
    CREATE INDEX medications_profile ON medications(profile_id);
    CREATE TABLE dose_events (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        medication_id INTEGER NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
        due TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        until TEXT,
        amount REAL NOT NULL,
        user_id TEXT,
        source TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dose_events_profile_due ON dose_events(profile_id, due);
    CREATE TABLE dose_notices (
        medication_id INTEGER NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
        due TEXT NOT NULL,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (medication_id, due, key)
    ) STRICT;
    """,
    # 8: video calls to a household member, and the single-use links guests call with.
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
    # 9: each profile's appointments as one iCalendar text, and how far reminders got.
    """
    CREATE TABLE calendars (
        profile_id TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        ics TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        reminded_until TEXT NOT NULL
    ) STRICT;
    """,
    # 10: a span of every kind's readings (get_vitals, reports) without the kind first:
    # the index above made that a scan of five years and a sort.
    """
    CREATE INDEX vitals_profile_time ON vitals(profile_id, measured_at);
    """,
    # 11: each calendar's occurrences around the last change, as rows: a start, a refresh and
    # a month view read these instead of parsing the calendar. NULL span: not stored yet.
    """
    ALTER TABLE calendars ADD COLUMN occurrences_from TEXT;
    ALTER TABLE calendars ADD COLUMN occurrences_until TEXT;
    CREATE TABLE appointment_occurrences (
        profile_id TEXT NOT NULL REFERENCES calendars(profile_id) ON DELETE CASCADE,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        occurrence TEXT NOT NULL
    ) STRICT;
    CREATE INDEX appointment_occurrences_profile_starts
        ON appointment_occurrences(profile_id, starts);
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
