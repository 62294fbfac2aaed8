"""Where Entente keeps files between processes (layouts, lexicon patterns), and how old ones are dropped.

Under ENTENTE_CACHE (default `~/.cache/entente`), one folder per kind. A cache is only ever a shortcut: a
folder that cannot be made or pruned is no error.
"""
from __future__ import annotations

import os
from pathlib import Path


def folder(kind: str) -> Path:
    return Path(os.environ.get("ENTENTE_CACHE") or Path.home() / ".cache" / "entente") / kind


def prune(where: Path, keep: int, pattern: str = "*.json") -> None:
    """Drop the oldest files past `keep`."""
    files = list(where.glob(pattern))
    if len(files) <= keep:
        return
    files.sort(key=lambda p: p.stat().st_mtime)
    for old in files[:len(files) - keep]:
        try:
            old.unlink()
        except OSError:
            pass
