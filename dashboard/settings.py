"""Where the dashboard reads and builds its data, and the few numbers it is tuned with.

The database file is chosen, in order, by `streamlit run dashboard/app.py -- --db PATH`, the
environment variable ENTENTE_DB, or `data/graph.db` in the repository. When the file is missing it is
built from the articles under `--data PATH` / ENTENTE_DATA / `data/articles/` (the sample corpus). Paths are read on every call
(not at import) so tests and long-running servers can change them.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LIMIT = 40         # nodes drawn when the URL sets no `limit` (top N by weight): a view people can read
GRAPH_HEIGHT = 640         # pixels
UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv"]


def _script_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--db")
    ap.add_argument("--data")
    args, _ = ap.parse_known_args(sys.argv[1:])
    return args


def db_path() -> Path:
    """The SQLite file the dashboard shows."""
    chosen = _script_args().db or os.environ.get("ENTENTE_DB")
    return Path(chosen).expanduser() if chosen else REPO / "data" / "graph.db"


def data_dir() -> Path:
    """The folder a missing database is built from."""
    chosen = _script_args().data or os.environ.get("ENTENTE_DATA")
    return Path(chosen).expanduser() if chosen else REPO / "data" / "articles"
