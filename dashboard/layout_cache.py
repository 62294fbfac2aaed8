"""Layouts kept on disk, so a view is laid out once, not once per server process.

A layout costs a quarter of a second for the first screen of a large store (a second at 150 nodes), and it
depends only on what is drawn (`network.layout_key`) and on the layout code. A server that starts again,
or a second server on the same machine, reads it back instead: the first page after a restart opens
without that wait, and the picture is the same as before.

Files are JSON, one per layout, under ENTENTE_CACHE (default `~/.cache/entente`)/layouts, named by a hash
of the layout key and of the source of `dashboard/network.py` (a change in the layout code makes new
names; old files are pruned, oldest first, past MAX_FILES). A file that cannot be read or written is
ignored: the layout is computed as before.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from graph import disk_cache

MAX_FILES = 2000


def folder() -> Path:
    return disk_cache.folder("layouts")


@functools.lru_cache(maxsize=1)
def _code() -> str:
    """A fingerprint of the layout code: positions computed by other code are not reused."""
    return hashlib.blake2b(Path(__file__).with_name("network.py").read_bytes(), digest_size=8).hexdigest()


def _file(key: str) -> Path:
    return folder() / (hashlib.blake2b(f"{_code()}:{key}".encode(), digest_size=16).hexdigest() + ".json")


def get(key: str) -> dict[str, tuple[float, float]] | None:
    """The positions stored for this key, or None."""
    try:
        data = json.loads(_file(key).read_text(encoding="utf-8"))
        return {str(n): (float(x), float(y)) for n, (x, y) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def put(key: str, pos: dict) -> None:
    """Store positions for this key (atomically: a reader sees the whole file or none)."""
    try:
        where = folder()
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=where, suffix=".part", delete=False, encoding="utf-8") as f:
            json.dump({str(n): [x, y] for n, (x, y) in pos.items()}, f, separators=(",", ":"))
        os.replace(f.name, _file(key))
        disk_cache.prune(where, MAX_FILES)
    except OSError:
        pass
