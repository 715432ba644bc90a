"""The database file: WAL, one durable writer, concurrent readers, refusing damaged files."""

import asyncio
from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import closing
from pathlib import Path
import sqlite3
from typing import Any

import pytest

from custom_components.betti.db import (
    SCHEMA_VERSION,
    Database,
    DatabaseReadOnlyError,
    Problem,
)


def _insert(conn: sqlite3.Connection, name: str) -> int:
    conn.execute(
        "INSERT INTO profiles (id, person_entity_id, name, created_at) VALUES (?, ?, ?, '2026-01-01')",
        (name, f"person.{name}", name),
    )
    return conn.total_changes


def _names(conn: sqlite3.Connection) -> list[str]:
    return [
        row["name"] for row in conn.execute("SELECT name FROM profiles ORDER BY name")
    ]


def damage(path: Path) -> None:
    """Fill a database with rows, then scribble over a page in the middle of it."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * 500)
        conn.commit()
    scribble_over_a_page(path)


def scribble_over_a_page(path: Path) -> None:
    """Overwrite a page in the middle of a (big enough) database file."""
    with path.open("r+b") as file:
        file.seek(4096 * 3)
        file.write(bytes(range(256)) * 16)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncGenerator[Database]:
    db = Database(tmp_path / "betti" / "betti.db")
    await db.async_open()
    yield db
    await db.async_close()


async def test_new_file_is_created_migrated_and_in_wal(database: Database) -> None:
    assert database.path.exists()
    assert database.problem is None
    with closing(sqlite3.connect(database.path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


async def test_write_is_committed_when_it_returns(database: Database) -> None:
    await database.async_write(_insert, "alice")
    # Another process sees it at once: the transaction is committed, not pending.
    with closing(sqlite3.connect(database.path)) as conn:
        assert conn.execute("SELECT name FROM profiles").fetchall() == [("alice",)]


async def test_failed_write_leaves_nothing_behind(database: Database) -> None:
    def half_then_fail(conn: sqlite3.Connection) -> None:
        _insert(conn, "alice")
        _insert(conn, "alice")  # same person twice: UNIQUE fails

    with pytest.raises(sqlite3.IntegrityError):
        await database.async_write(half_then_fail)
    assert await database.async_read(_names) == []
    await database.async_write(_insert, "bob")
    assert await database.async_read(_names) == ["bob"]


async def test_foreign_keys_are_enforced(database: Database) -> None:
    def orphan_audit(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO audit_log (profile_id, at, source, action) VALUES ('ghost', 'x', 's', 'a')"
        )

    with pytest.raises(sqlite3.IntegrityError):
        await database.async_write(orphan_audit)


async def test_writes_are_serialised_and_reads_run_beside_them(
    database: Database,
) -> None:
    await asyncio.gather(*(database.async_write(_insert, f"p{i}") for i in range(20)))
    results = await asyncio.gather(*(database.async_read(_names) for _ in range(10)))
    assert all(len(names) == 20 for names in results)


async def test_readers_cannot_write(database: Database) -> None:
    with pytest.raises(sqlite3.OperationalError):
        await database.async_read(_insert, "mallory")


async def test_hold_writes_blocks_until_resumed(database: Database) -> None:
    await database.async_write(_insert, "alice")
    await database.async_hold_writes()
    # Checkpointed: the main file alone holds everything written so far.
    assert database.path.with_name("betti.db-wal").stat().st_size == 0
    pending = asyncio.ensure_future(database.async_write(_insert, "bob"))
    await asyncio.sleep(0.05)
    assert not pending.done()
    assert await database.async_read(_names) == ["alice"]
    database.resume_writes()
    await pending
    assert await database.async_read(_names) == ["alice", "bob"]


async def test_damaged_file_is_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "betti.db"
    damage(path)
    before = path.read_bytes()
    database = Database(path)
    await database.async_open()
    try:
        assert database.problem is Problem.DAMAGED
        assert database.read_only
        with pytest.raises(DatabaseReadOnlyError) as err:
            await database.async_write(_insert, "alice")
        assert err.value.problem is Problem.DAMAGED
    finally:
        await database.async_close()
    assert path.read_bytes() == before


async def test_garbage_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "betti.db"
    path.write_bytes(b"this is not a database" * 100)
    database = Database(path)
    await database.async_open()
    await database.async_close()
    assert database.problem is Problem.DAMAGED
    assert path.read_bytes() == b"this is not a database" * 100


async def test_file_from_a_newer_betti_is_read_but_not_written(tmp_path: Path) -> None:
    path = tmp_path / "betti.db"
    first = Database(path)
    await first.async_open()
    await first.async_write(_insert, "alice")
    await first.async_close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer = Database(path)
    await newer.async_open()
    try:
        assert newer.problem is Problem.TOO_NEW
        assert await newer.async_read(_names) == ["alice"]
        with pytest.raises(DatabaseReadOnlyError):
            await newer.async_write(_insert, "bob")
    finally:
        await newer.async_close()


async def test_close_checkpoints_the_wal(tmp_path: Path) -> None:
    database = Database(tmp_path / "betti.db")
    await database.async_open()
    await database.async_write(_insert, "alice")
    await database.async_read(_names)
    await database.async_close()
    wal = tmp_path / "betti.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


async def test_damage_in_a_current_file_is_found_before_any_write(
    tmp_path: Path,
) -> None:
    """A file already in use opens at once; writes wait for the check, then are refused."""
    path = tmp_path / "betti.db"
    first = Database(path)
    await first.async_open()
    await first.async_write(_insert, "alice")

    def fill(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * 500)

    await first.async_write(fill)
    await first.async_close()
    scribble_over_a_page(path)
    before = path.read_bytes()
    told: list[Problem | None] = []
    database = Database(path)
    database.add_health_listener(told.append)
    await database.async_open()
    try:
        assert told == []  # opened before the check finished
        with pytest.raises(DatabaseReadOnlyError):
            await database.async_write(_insert, "bob")
        assert told == [Problem.DAMAGED]
    finally:
        await database.async_close()
    assert path.read_bytes() == before


async def test_healthy_current_file_reports_healthy(database: Database) -> None:
    await database.async_write(_insert, "alice")
    await database.async_close()
    told: list[Problem | None] = []
    again = Database(database.path)
    again.add_health_listener(told.append)
    await again.async_open()
    await again.async_write(_insert, "bob")
    assert told == [None]
    assert await again.async_read(_names) == ["alice", "bob"]
    await again.async_close()


async def test_batched_read_gives_each_batch_its_own_executor_job(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("alice", "bob", "carol"):
        await database.async_write(_insert, name)
    loop = asyncio.get_running_loop()
    jobs = []
    run_in_executor = loop.run_in_executor

    def counted(executor: None, func: Callable[..., Any], *args: Any) -> Any:
        jobs.append(func)
        return run_in_executor(executor, func, *args)

    monkeypatch.setattr(loop, "run_in_executor", counted)

    def one_at_a_time(conn: sqlite3.Connection) -> Iterator[list[str]]:
        for name in _names(conn):
            yield [name]

    assert await database.async_read_batches(one_at_a_time) == ["alice", "bob", "carol"]
    # Between jobs the executor's thread lets go of the GIL and the loop runs: a long
    # read in one job kept the loop waiting for it again and again. One more job ends it.
    assert len(jobs) == 4


async def test_batches_are_one_moment_of_the_data(database: Database) -> None:
    await database.async_write(_insert, "alice")
    loop = asyncio.get_running_loop()

    def with_a_write_between(conn: sqlite3.Connection) -> Iterator[list[str]]:
        yield _names(conn)
        # Written and committed between two batches of the same read.
        asyncio.run_coroutine_threadsafe(
            database.async_write(_insert, "bob"), loop
        ).result()
        yield _names(conn)

    assert await database.async_read_batches(with_a_write_between) == [
        "alice",
        "alice",
    ]
    assert await database.async_read(_names) == ["alice", "bob"]


async def test_failed_batch_reaches_the_caller_and_reads_go_on(
    database: Database,
) -> None:
    await database.async_write(_insert, "alice")

    def fails_midway(conn: sqlite3.Connection) -> Iterator[list[str]]:
        yield _names(conn)
        conn.execute("SELECT * FROM no_such_table")
        yield []

    with pytest.raises(sqlite3.OperationalError):
        await database.async_read_batches(fails_midway)
    assert await database.async_read(_names) == ["alice"]
