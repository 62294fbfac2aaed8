"""Which articles another ingest is reading right now, so this one spends no language processing on them.

Two ingests of the same files on one database would otherwise both read every article the other had
not stored yet when they looked. Before an article goes to the pipeline its ingest claims it, a line
`pid start-time id` appended to `DB-ingest.claims` under a lock; another ingest that finds it claimed by
a live process puts it aside, goes on with the rest, and at the end waits for those to be stored (saying
so), reading itself any whose claimant died. The writer lock (writer_lock.py) still makes the writes
take turns. A process's claims are dropped when it ends; a killed one's are recognised as dead (the
process id no longer runs, or runs a process started at another time).
"""
from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:        # not on POSIX: no claims (two ingests may then read an article twice)
    fcntl = None


def _start_time(pid: int) -> str:
    """When the process started (Linux), to tell it from a later process given the same id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "-"


def alive(pid: int, start: str) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return start in ("-", _start_time(pid))


class Claims:
    def __init__(self, db_path):
        self.path = f"{db_path}-ingest.claims"
        self.me = f"{os.getpid()} {_start_time(os.getpid())}"
        self.others: dict[str, tuple[int, str]] = {}   # article id -> (pid, start) of another ingest
        self.offset = 0
        self.mine = 0
        self.ok = fcntl is not None

    def _locked(self, mode: str):
        fh = open(self.path, mode)
        fcntl.flock(fh, fcntl.LOCK_EX)
        return fh

    def _read_new(self, fh) -> None:
        size = os.fstat(fh.fileno()).st_size
        if size < self.offset:           # rewritten: read it again
            self.offset, self.others = 0, {}
        fh.seek(self.offset)
        for line in fh.read().splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and f"{parts[0]} {parts[1]}" != self.me and parts[0].isdigit():
                self.others[parts[2]] = (int(parts[0]), parts[1])
        self.offset = fh.tell()

    def claim(self, article_id: str) -> tuple[int, str] | None:
        """Claim the article for this ingest; or, when a live ingest has claimed it, that one's (pid, start)."""
        if not self.ok:
            return None
        try:
            with self._locked("a+") as fh:
                self._read_new(fh)
                other = self.others.get(article_id)
                if other and alive(*other):
                    return other
                fh.seek(0, os.SEEK_END)
                fh.write(f"{self.me} {article_id}\n")
                fh.flush()
                self.offset = fh.tell()
                self.mine += 1
        except OSError:
            self.ok = False
        return None

    def holder(self, article_id: str) -> tuple[int, str] | None:
        """The live ingest that claims the article now, if any."""
        if not self.ok:
            return None
        try:
            with self._locked("a+") as fh:
                self._read_new(fh)
        except OSError:
            return None
        other = self.others.get(article_id)
        return other if other and alive(*other) else None

    def close(self) -> None:
        """Drop this process's claims, and those of processes that no longer run."""
        if not self.ok or not os.path.exists(self.path):
            return
        try:
            with self._locked("r+") as fh:
                keep = []
                for line in fh.read().splitlines():
                    parts = line.split(" ")
                    if len(parts) == 3 and parts[0].isdigit() and f"{parts[0]} {parts[1]}" != self.me \
                            and alive(int(parts[0]), parts[1]):
                        keep.append(line + "\n")
                fh.seek(0)
                fh.truncate()
                fh.writelines(keep)
        except OSError:
            pass
