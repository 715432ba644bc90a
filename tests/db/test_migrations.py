"""Every migration, run on a file at the previous version with data in it."""

from collections.abc import Callable
from contextlib import closing
from pathlib import Path
import sqlite3

import pytest

from custom_components.betti.db.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaTooNewError,
    migrate,
    schema_version,
)


def _seed_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO profiles VALUES ('p1', 'person.alice', 'Alice', '2026-01-01T08:00:00+00:00')"
    )


def _check_v2(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT id, name FROM profiles").fetchall() == [("p1", "Alice")]
    conn.execute(
        "INSERT INTO audit_log (profile_id, at, source, action) VALUES ('p1', 'now', 'test', 'x')"
    )
    conn.execute("DELETE FROM profiles")
    # The audit trail goes with its profile.
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def _seed_v2(conn: sqlite3.Connection) -> None:
    _seed_v1(conn)
    conn.execute(
        "INSERT INTO audit_log (profile_id, at, source, action) VALUES ('p1', 'x', 's', 'a')"
    )


def _check_v3(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
    conn.execute(
        "INSERT INTO vitals (profile_id, kind, measured_at, source, systolic, diastolic)"
        " VALUES ('p1', 'blood_pressure', '2026-01-01T08:00:00+00:00', 'manual', 120, 80)"
    )
    with pytest.raises(sqlite3.IntegrityError):  # STRICT: a number column takes numbers
        conn.execute(
            "INSERT INTO vitals (profile_id, kind, measured_at, source, systolic)"
            " VALUES ('p1', 'blood_pressure', 'x', 'manual', 'high')"
        )
    conn.execute("DELETE FROM profiles")
    assert conn.execute("SELECT count(*) FROM vitals").fetchone()[0] == 0


def _seed_v3(conn: sqlite3.Connection) -> None:
    _seed_v2(conn)
    conn.execute(
        "INSERT INTO vitals (profile_id, kind, measured_at, source, weight, dedupe_key)"
        " VALUES ('p1', 'weight', '2026-01-01T08:00:00+00:00', 'bluetooth', 70.5, 'k1')"
    )


def _check_v4(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT weight FROM vitals").fetchall() == [(70.5,)]
    conn.execute("INSERT INTO device_sync VALUES ('AA:BB', 7, NULL, 80)")
    conn.execute(
        "INSERT INTO pending_vitals (device, kind, measured_at, dedupe_key, readings, candidates)"
        " VALUES ('AA:BB', 'weight', 'x', 'k2', '{}', '[]')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # a record is parked once
        conn.execute(
            "INSERT INTO pending_vitals (device, kind, measured_at, dedupe_key, readings, candidates)"
            " VALUES ('AA:BB', 'weight', 'x', 'k2', '{}', '[]')"
        )


def _seed_v4(conn: sqlite3.Connection) -> None:
    _seed_v3(conn)
    conn.execute("INSERT INTO device_sync VALUES ('AA:BB', 7, NULL, 80)")


def _check_v5(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT last_sequence FROM device_sync").fetchall() == [(7,)]
    assert conn.execute("SELECT weight FROM vitals").fetchall() == [(70.5,)]
    conn.execute(
        "INSERT INTO alerts (profile_id, source, severity, message, dedupe_key, created_at)"
        " VALUES ('p1', 'panic', 'critical', 'help', 'panic', 'now')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # one open alert per dedupe key
        conn.execute(
            "INSERT INTO alerts (profile_id, source, severity, message, dedupe_key, created_at)"
            " VALUES ('p1', 'panic', 'critical', 'help', 'panic', 'later')"
        )
    conn.execute("INSERT INTO alert_steps VALUES (1, 0, 'p1', 1, 'now', '[]', NULL)")
    conn.execute(
        "INSERT INTO deliveries (profile_id, alert_id, at, target, source, tag, result)"
        " VALUES ('p1', 1, 'now', 'notify.x', 'alert', 't', 'sent')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # moods are 1 to 5
        conn.execute(
            "INSERT INTO moods (profile_id, at, score) VALUES ('p1', 'now', 6)"
        )
    conn.execute("INSERT INTO moods (profile_id, at, score) VALUES ('p1', 'now', 4)")
    conn.execute("DELETE FROM profiles")
    for table in ("alerts", "alert_steps", "deliveries", "moods"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608


def _seed_v5(conn: sqlite3.Connection) -> None:
    _seed_v4(conn)
    conn.execute("INSERT INTO moods (profile_id, at, score) VALUES ('p1', 'now', 4)")


def _check_v6(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT score FROM moods").fetchall() == [(4,)]
    conn.execute(
        "INSERT INTO meals (profile_id, day, meal) VALUES ('p1', '2026-01-01', 'lunch')"
    )
    conn.execute(
        "INSERT INTO meal_items (profile_id, meal_id, eaten_at, name, amount, unit, grams,"
        " energy_kcal) VALUES ('p1', 1, 'x', 'Apple', 1, 'serving', 182, 111)"
    )
    conn.execute(
        "INSERT INTO water_log (profile_id, day, at, ml, source) VALUES ('p1', 'd', 'x', 250, 'b')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # a meal is one of four
        conn.execute(
            "INSERT INTO meals (profile_id, day, meal) VALUES ('p1', '2026-01-01', 'brunch')"
        )
    with pytest.raises(sqlite3.IntegrityError):  # nothing drunk is no drink
        conn.execute(
            "INSERT INTO water_log (profile_id, day, at, ml, source) VALUES ('p1', 'd', 'x', 0, 'b')"
        )
    conn.execute("DELETE FROM profiles")
    for table in ("meals", "meal_items", "water_log"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608


def _seed_v6(conn: sqlite3.Connection) -> None:
    _seed_v5(conn)
    conn.execute(
        "INSERT INTO water_log (profile_id, day, at, ml, source) VALUES ('p1', 'd', 'x', 250, 'b')"
    )


def _check_v7(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT ml FROM water_log").fetchall() == [(250,)]
    conn.execute(
        "INSERT INTO medications (profile_id, name, grace_minutes, schedules, not_before,"
        " created_at) VALUES ('p1', 'Aspirin', 60, '[]', 'now', 'now')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # STRICT: the stock is a number
        conn.execute("UPDATE medications SET stock = 'lots'")
    conn.execute(
        "INSERT INTO dose_events (profile_id, medication_id, due, kind, at, amount, source)"
        " VALUES ('p1', 1, 'due', 'taken', 'at', 1, 'service')"
    )
    conn.execute("INSERT INTO dose_notices VALUES (1, 'due', 'missed', 'at')")
    with pytest.raises(sqlite3.IntegrityError):  # each notice once
        conn.execute("INSERT INTO dose_notices VALUES (1, 'due', 'missed', 'later')")
    conn.execute("DELETE FROM profiles")
    for table in ("medications", "dose_events", "dose_notices"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608


def _seed_v7(conn: sqlite3.Connection) -> None:
    _seed_v6(conn)
    conn.execute(
        "INSERT INTO medications (profile_id, name, grace_minutes, schedules, not_before,"
        " created_at) VALUES ('p1', 'Aspirin', 60, '[]', 'now', 'now')"
    )


def _check_v8(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT name FROM medications").fetchall() == [("Aspirin",)]
    conn.execute(
        "INSERT INTO calls (profile_id, room_id, caller, guest, started_at, ended_at,"
        " duration_s, outcome, end_reason) VALUES ('p1', 'r1', 'Tom', 1,"
        " '2026-01-01T08:00:00+00:00', '2026-01-01T08:01:00+00:00', 0, 'missed', 'no_answer')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # one history row per call
        conn.execute(
            "INSERT INTO calls (profile_id, room_id, caller, guest, started_at, ended_at,"
            " duration_s, outcome, end_reason) VALUES ('p1', 'r1', 'Tom', 1, 'x', 'y', 0,"
            " 'missed', 'no_answer')"
        )
    with pytest.raises(sqlite3.IntegrityError):  # only the three outcomes
        conn.execute(
            "INSERT INTO calls (profile_id, room_id, caller, guest, started_at, ended_at,"
            " duration_s, outcome, end_reason) VALUES ('p1', 'r2', 'Tom', 0, 'x', 'y', 0,"
            " 'busy', 'hangup')"
        )
    conn.execute(
        "INSERT INTO call_links (id, profile_id, room_id, guest_name, created_at, expires_at)"
        " VALUES ('l1', 'p1', 'r9', 'Tom', 'x', 'y')"
    )
    conn.execute("DELETE FROM profiles")
    assert conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM call_links").fetchone()[0] == 0


def _seed_v8(conn: sqlite3.Connection) -> None:
    _seed_v7(conn)
    conn.execute(
        "INSERT INTO call_links (id, profile_id, room_id, guest_name, created_at, expires_at)"
        " VALUES ('l1', 'p1', 'r9', 'Tom', 'x', 'y')"
    )


def _check_v9(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT guest_name FROM call_links").fetchall() == [("Tom",)]
    conn.execute("INSERT INTO calendars VALUES ('p1', 'BEGIN:VCALENDAR', 'now', 'now')")
    with pytest.raises(sqlite3.IntegrityError):  # one calendar per profile
        conn.execute("INSERT INTO calendars VALUES ('p1', '', 'now', 'now')")
    conn.execute("DELETE FROM profiles")
    assert conn.execute("SELECT count(*) FROM calendars").fetchone()[0] == 0


def _seed_v9(conn: sqlite3.Connection) -> None:
    _seed_v8(conn)
    conn.execute(
        "INSERT INTO vitals (profile_id, kind, measured_at, source, weight)"
        " VALUES ('p1', 'weight', '2026-01-02T08:00:00+00:00', 'manual', 71.0)"
    )


def _check_v10(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT weight FROM vitals ORDER BY id").fetchall() == [
        (70.5,),
        (71.0,),
    ]
    # get_vitals of every kind over a span finds the span without reading all years.
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM vitals WHERE profile_id = 'p1'"
        " AND measured_at >= '2026' AND measured_at < '2027' ORDER BY measured_at, id"
    ).fetchall()
    by_time = "SEARCH vitals USING INDEX vitals_profile_time"
    assert [row[3] for row in plan] == [
        f"{by_time} (profile_id=? AND measured_at>? AND measured_at<?)"
    ]


def _seed_v10(conn: sqlite3.Connection) -> None:
    _seed_v9(conn)
    conn.execute(
        "INSERT INTO calendars VALUES ('p1', 'BEGIN:VCALENDAR', 'x', '2026-01-01')"
    )


def _check_v11(conn: sqlite3.Connection) -> None:
    # A calendar from before occurrences were kept: its text stays, its span is unknown
    # (the first refresh stores them).
    assert conn.execute(
        "SELECT ics, reminded_until, occurrences_from, occurrences_until FROM calendars"
    ).fetchall() == [("BEGIN:VCALENDAR", "2026-01-01", None, None)]
    conn.execute(
        "INSERT INTO appointment_occurrences VALUES ('p1', '2026-01-02T09:00:00',"
        " '2026-01-02T10:00:00', '{}')"
    )
    conn.execute("DELETE FROM profiles")
    assert (
        conn.execute("SELECT count(*) FROM appointment_occurrences").fetchone()[0] == 0
    )


# For each version N: data written at N-1 before migrating, and what must hold after.
STEPS: dict[
    int,
    tuple[Callable[[sqlite3.Connection], None], Callable[[sqlite3.Connection], None]],
] = {
    2: (_seed_v1, _check_v2),
    3: (_seed_v2, _check_v3),
    4: (_seed_v3, _check_v4),
    5: (_seed_v4, _check_v5),
    6: (_seed_v5, _check_v6),
    7: (_seed_v6, _check_v7),
    8: (_seed_v7, _check_v8),
    9: (_seed_v8, _check_v9),
    10: (_seed_v9, _check_v10),
    11: (_seed_v10, _check_v11),
}


def test_every_migration_has_a_data_test() -> None:
    assert set(STEPS) == set(range(2, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", sorted(STEPS))
def test_migration_keeps_data(tmp_path: Path, version: int) -> None:
    seed, check = STEPS[version]
    with closing(sqlite3.connect(tmp_path / "betti.db", autocommit=True)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        assert migrate(conn, version - 1) == 0
        seed(conn)
        assert migrate(conn, version) == version - 1
        assert schema_version(conn) == version
        check(conn)


def test_failed_step_leaves_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (
        *MIGRATIONS,
        "CREATE TABLE profiles (x);",
    )  # clashes with an existing table
    monkeypatch.setattr("custom_components.betti.db.migrations.MIGRATIONS", broken)
    monkeypatch.setattr(
        "custom_components.betti.db.migrations.SCHEMA_VERSION", len(broken)
    )
    with closing(sqlite3.connect(tmp_path / "betti.db", autocommit=True)) as conn:
        migrate(conn, SCHEMA_VERSION)
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, len(broken))
        assert schema_version(conn) == SCHEMA_VERSION
        assert not conn.in_transaction


def test_newer_file_is_refused(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "betti.db", autocommit=True)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        with pytest.raises(SchemaTooNewError):
            migrate(conn)
