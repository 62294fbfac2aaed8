"""Getting articles in: build a missing database from data/ on first start, and ingest uploaded files.

Both run the extractors' `ingest` with a progress bar and report every unreadable file by name.
The caches key on the database file's state (loaders.token), so the graph updates on the next rerun.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from graph import Store

from . import loaders, settings
from .text import md


def _ingest(paths, db: Path, bar, label: str, total: int, strip: str = ""):
    from extractors.ingest import ingest

    errors: list[str] = []

    def on_article(summary):
        done = summary.read + len(errors)
        bar.progress(min(done / max(total, done, 1), 1.0), text=f"{label}: {summary.added} added, "
                                                                 f"{summary.skipped} already stored")

    def on_error(msg):
        errors.append(msg.replace(strip, "") if strip else msg)

    with Store(db) as store:
        summary = ingest([str(p) for p in paths], store, progress=False, on_error=on_error, on_article=on_article,
                         nlp=loaders.nlp())
    summary.errors = errors
    return summary


def _count_files(paths) -> int:
    from extractors.readers import iter_files
    return sum(1 for f in iter_files(paths) if isinstance(f, Path))


def ensure_database(db: Path) -> bool:
    """Build `db` from the data folder when it does not exist yet; True when the database is usable."""
    if db.exists():
        return True
    with loaders.build_lock(str(db.resolve())):
        if db.exists():  # another session built it while we waited
            return True
        source = settings.data_dir()
        st.info(f"No database at {md(db)} yet: building it from the articles in {md(source)} …")
        total = _count_files([source]) if source.exists() else 0
        bar = st.progress(0.0, text="Reading articles…")
        part = db.with_name(db.name + ".building")
        for leftover in (part, part.with_name(part.name + "-wal"), part.with_name(part.name + "-shm")):
            leftover.unlink(missing_ok=True)
        summary = _ingest([source] if source.exists() else [], part, bar, "Building the graph", total)
        os.replace(part, db)
        bar.progress(1.0, text=md(summary.line()))
        for err in summary.errors:
            st.warning(md(err))
        if not summary.read:
            st.warning(f"No articles found in {md(source)}. Add some with **Add articles** in the sidebar.")
        return True


def uploader(db: Path) -> None:
    """Sidebar: upload txt, md, html, json, jsonl or csv files and ingest them."""
    with st.sidebar.expander("Add articles", icon=":material/upload_file:"):
        gen = st.session_state.setdefault("u_generation", 0)
        files = st.file_uploader("Articles (txt, md, html, json, jsonl, csv)", type=settings.UPLOAD_TYPES,
                                 accept_multiple_files=True, key=f"u_files_{gen}")
        if st.button("Ingest", key="u_go", disabled=not files, type="primary"):
            with tempfile.TemporaryDirectory(prefix="entente-upload-") as tmp:
                paths = []
                for i, f in enumerate(files):
                    name = Path(f.name).name or f"upload-{i}"
                    target = Path(tmp) / f"{i:03d}" / name
                    target.parent.mkdir()
                    target.write_bytes(f.getvalue())
                    paths.append(target)
                bar = st.progress(0.0, text="Reading…")
                summary = _ingest(paths, db, bar, "Ingesting", len(paths), strip=tmp + os.sep)
            st.session_state["u_result"] = summary
            st.session_state["u_generation"] = gen + 1
            st.rerun()
        result = st.session_state.get("u_result")
        if result is not None:
            (st.success if not result.errors else st.warning)(md(result.line()))
            for err in result.errors:
                st.error(_strip_index(err))


def _strip_index(msg: str) -> str:
    """'003/name.csv:4: reason' → 'name.csv:4: reason', escaped."""
    head, sep, rest = msg.partition(os.sep)
    return md(rest if sep and head.isdigit() else msg)
