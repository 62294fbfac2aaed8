"""One writer at a time on a database: two ingests started at once take turns, a batch at a time.

A writer holds an exclusive lock on `DB-ingest.lock` (beside the database, like SQLite's own `-wal` file)
while it writes a batch of articles, each in its own transaction, and lets it go between batches, while its
language pipeline reads the next one. So a second ingest on the same database waits for the first one's
batch, writes its own while the first reads, and so on; each says when it waits. Under the lock an article
another ingest stored meanwhile is found stored and skipped, never written twice.

Turns are fair: a writer first queues on `DB-ingest.queue`, then takes the lock, then leaves the queue. One
that has just written and comes back at once finds the other waiting in the queue's place and waits its turn.
The locks are the operating system's (flock), so a killed run releases them with its files. Readers (the
dashboard) take neither: SQLite's write-ahead log lets them read while a batch is written.
"""
from __future__ import annotations

import os
import time

try:
    import fcntl
except ImportError:   # not on POSIX: one writer at a time is then left to SQLite's own locking
    fcntl = None


class WriterLock:
    """`with lock:` holds the database's writer lock; `on_wait(message)` is called when it has to wait."""

    def __init__(self, db_path, on_wait=None):
        self.db_path = str(db_path)
        self.on_wait = on_wait
        self.waits = 0          # how many times this writer waited for another
        self.waited = 0.0       # seconds it waited in all
        self._fds: tuple[int, int] | None = None

    def _open(self) -> tuple[int, int] | None:
        if self._fds is None and fcntl is not None:
            try:
                self._fds = tuple(os.open(f"{self.db_path}-ingest.{name}", os.O_RDWR | os.O_CREAT, 0o644)
                                  for name in ("queue", "lock"))
            except OSError:   # a folder we may not create files in: SQLite still keeps each transaction whole
                self._fds = None
        return self._fds

    def _take(self, fd: int, started: list[float]) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not started:
                started.append(time.monotonic())
                self.waits += 1
                if self.on_wait:
                    self.on_wait(f"waiting for another ingest writing to {self.db_path} "
                                 f"(they take turns, a batch at a time)")
            fcntl.flock(fd, fcntl.LOCK_EX)

    def __enter__(self):
        fds = self._open()
        if fds:
            queue, lock = fds
            started: list[float] = []
            self._take(queue, started)
            try:
                self._take(lock, started)
            finally:
                fcntl.flock(queue, fcntl.LOCK_UN)
            if started:
                self.waited += time.monotonic() - started[0]
        return self

    def __exit__(self, *exc):
        if self._fds:
            fcntl.flock(self._fds[1], fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fds:
            for fd in self._fds:
                os.close(fd)
            self._fds = None

    __del__ = close   # a run that stopped on an error lets its files go too


def in_turns(pairs, lock: WriterLock, size: int):
    """The pairs, a batch of `size` at a time, each batch yielded (and so written by the caller) while the
    writer lock is held; it is let go while the next batch is read."""
    it = iter(pairs)
    while True:
        batch = []
        for item in it:
            batch.append(item)
            if len(batch) == size:
                break
        if not batch:
            return
        with lock:
            yield from batch
