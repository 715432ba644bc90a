"""The SQLite file: one writer connection behind a lock, a small pool of readers.

Every call runs in the event loop's default executor (Home Assistant's executor), so the
caller's loop never blocks on disk. Writes commit with ``synchronous=FULL`` before they
return, so a caller that got an answer knows the data survives a power cut.
"""

import asyncio
from enum import StrEnum
from functools import partial
import sqlite3
from typing import TYPE_CHECKING, Concatenate

from .migrations import SCHEMA_VERSION, SchemaTooNewError, migrate, schema_version

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator
    from pathlib import Path

READERS = 4
# Rows one executor job of a batched read shapes: 1-2 ms of Python on a quiet machine (see
# async_read_batches).
BATCH_ROWS = 200


class Problem(StrEnum):
    """Why the file is open read-only."""

    DAMAGED = "damaged"
    TOO_NEW = "too_new"


class DatabaseReadOnlyError(Exception):
    """A write was refused because the file is damaged or from a newer Betti."""

    def __init__(self, problem: Problem) -> None:
        """Keep the reason so callers can explain it."""
        super().__init__(problem.value)
        self.problem = problem


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    uri = f"{path.as_uri()}?mode=ro" if read_only else path.as_uri()
    # Connections hop between executor threads, but never serve two at once.
    conn = sqlite3.connect(uri, uri=True, autocommit=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _close_all(connections: list[sqlite3.Connection]) -> None:
    for conn in connections:
        conn.close()


def _is_current(conn: sqlite3.Connection) -> bool:
    """Whether the file is a WAL database at this schema version (opening writes nothing)."""
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        return bool(mode == "wal" and schema_version(conn) == SCHEMA_VERSION)
    except sqlite3.DatabaseError:
        return False


def _quick_check(conn: sqlite3.Connection) -> bool:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    return [tuple(row) for row in rows] == [("ok",)]


class Database:
    """Betti's household database file."""

    def __init__(self, path: Path) -> None:
        """Prepare; nothing is opened until ``async_open``."""
        self.path = path.absolute()
        self.problem: Problem | None = None
        self._writer: sqlite3.Connection | None = None
        self._readers: list[sqlite3.Connection] = []
        self._reader_slots = asyncio.Semaphore(READERS)
        self._write_lock = asyncio.Lock()
        self._held = False
        self._opened = False
        self._closed = False
        self._checking: asyncio.Task[None] | None = None
        self._health_listeners: list[Callable[[Problem | None], None]] = []

    @property
    def read_only(self) -> bool:
        """Whether writes are refused."""
        return self.problem is not None

    async def async_open(self) -> None:
        """Open the file, once however many callers ask.

        A new, older or unfamiliar file is checked before anything is written to it. A file
        already in WAL at this schema version is checked in the background instead, with
        writes held until the check passes, so that a large household starts quickly.
        """
        loop = asyncio.get_running_loop()
        await self._write_lock.acquire()
        deferred = False
        try:
            if not self._opened:
                deferred = not await loop.run_in_executor(None, self._open)
                self._opened = True
                if not deferred:
                    self._report_health()
        finally:
            if not deferred:
                self._write_lock.release()
        if deferred:
            # The task owns the write lock now and releases it when the check is done.
            self._checking = loop.create_task(self._async_check())

    def add_health_listener(self, listener: Callable[[Problem | None], None]) -> None:
        """Be told the file's health once it is known (after the integrity check)."""
        self._health_listeners.append(listener)

    def _report_health(self) -> None:
        for listener in self._health_listeners:
            listener(self.problem)

    async def _async_check(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            writer = self._writer
            if writer is not None and not await loop.run_in_executor(
                None, _quick_check, writer
            ):
                self.problem = Problem.DAMAGED
                self._writer = None
                await loop.run_in_executor(None, writer.close)
            self._report_health()
        finally:
            self._write_lock.release()

    def _open(self) -> bool:
        """Open the writer; return whether the file was checked already."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(self.path, read_only=False)
        if _is_current(conn):
            conn.execute("PRAGMA synchronous = FULL")
            self._writer = conn
            return False
        # Check before anything else: even switching to WAL writes to the file's header.
        if _quick_check(conn):
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        else:
            self.problem = Problem.DAMAGED
        if self.problem is None:
            try:
                migrate(conn)
            except SchemaTooNewError:
                self.problem = Problem.TOO_NEW
        if self.problem is None:
            self._writer = conn
        else:
            # Never write into a damaged or foreign file: readers only, opened read-only.
            conn.close()
        return True

    async def async_read[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``func(conn, …)`` on a reader; readers run concurrently with the writer."""
        async with self._reader_slots:
            return await asyncio.get_running_loop().run_in_executor(
                None, partial(self._run_read, func, *args, **kwargs)
            )

    def _reader(self) -> sqlite3.Connection:
        if self._readers:
            return self._readers.pop()
        conn = _connect(self.path, read_only=True)
        conn.execute("PRAGMA query_only = ON")
        return conn

    def _run_read[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        conn = self._reader()
        try:
            return func(conn, *args, **kwargs)
        finally:
            self._readers.append(conn)

    async def async_read_batches[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], Iterator[list[T]]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> list[T]:
        """Run ``func(conn, …)``, a generator of batches, one executor job a batch; join them.

        Python in an executor thread holds the GIL, and the loop, woken meanwhile, waits for
        it up to CPython's switch interval (5 ms) each time: a year of readings shaped in one
        job stalled the loop 5-20 ms, again and again. The loop runs between batches. They
        are read in one transaction, so together they are one moment's data.
        """
        loop = asyncio.get_running_loop()
        async with self._reader_slots:
            batches = self._batches(func, *args, **kwargs)
            items: list[T] = []
            job = None
            try:
                while (
                    batch := await (
                        job := loop.run_in_executor(None, next, batches, None)
                    )
                ) is not None:
                    items.extend(batch)
            finally:
                if job is not None and not job.done():
                    # Cancelled while a batch runs: the reader goes back once it is done.
                    job.add_done_callback(lambda _: batches.close())
                else:
                    batches.close()
            return items

    def _batches[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], Iterator[list[T]]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Generator[list[T]]:
        conn = self._reader()
        try:
            conn.execute("BEGIN")
            yield from func(conn, *args, **kwargs)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._readers.append(conn)

    async def async_write[**P, T](
        self,
        func: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``func(conn, …)`` in one committed transaction; return once it is durable."""
        async with self._write_lock:
            if self._writer is None:
                raise DatabaseReadOnlyError(self.problem or Problem.DAMAGED)
            return await asyncio.get_running_loop().run_in_executor(
                None, partial(self._run_write, self._writer, func, *args, **kwargs)
            )

    @staticmethod
    def _run_write[**P, T](
        conn: sqlite3.Connection,
        func: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = func(conn, *args, **kwargs)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    async def async_hold_writes(self) -> None:
        """Checkpoint the WAL into the main file and hold writes until resumed (backups)."""
        if self._held:
            return
        await self._write_lock.acquire()
        self._held = True
        if self._writer is not None:
            await asyncio.get_running_loop().run_in_executor(
                None, self._writer.execute, "PRAGMA wal_checkpoint(TRUNCATE)"
            )

    def resume_writes(self) -> None:
        """Let held writes through again."""
        if self._held:
            self._held = False
            self._write_lock.release()

    async def async_close(self) -> None:
        """Finish pending work and close every connection (once)."""
        self.resume_writes()
        async with self._write_lock:
            if self._closed:
                return
            self._closed = True
            for _ in range(READERS):
                await self._reader_slots.acquire()
            connections = [*self._readers, *([self._writer] if self._writer else [])]
            self._readers.clear()
            self._writer = None
            await asyncio.get_running_loop().run_in_executor(
                None, _close_all, connections
            )
