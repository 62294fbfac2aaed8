"""Getting articles in: build a missing database from data/ on first start, and ingest uploaded files.

An upload is ingested by `python -m extractors ingest` in a child process, the bounded ingest of the
command line: the server's memory does not grow with what is uploaded, a hostile file cannot take the
server down, and the page shows every file's verdict (stored, already stored, refused and why) read
from the child's JSON lines, never a traceback. Files are written to a temporary folder under their own
names and ingested from there, so what is stored and shown is the uploaded file's name, never a server
path. The server refuses a file above `server.maxUploadSize` itself, whatever the browser sent.
The caches key on the database's data version, so the graph updates on the next rerun.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import streamlit as st

from graph import Store

from . import loaders, settings
from .child import run_extractors
from .text import md

SHOWN = 200        # refusals and warnings listed on the page (all are counted)


def _ingest(paths, db: Path, bar, label: str, total: int, strip: str = ""):
    """In this process, for the first start's build from the data folder (our own sample corpus)."""
    from extractors.ingest import ingest

    def on_article(summary):
        done = summary.read
        bar.progress(min(done / max(total, done, 1), 1.0), text=f"{label}: {summary.added} added, "
                                                                 f"{summary.skipped} already stored")

    with Store(db) as store:
        summary = ingest([str(p) for p in paths], store, progress=False, on_article=on_article, nlp=loaders.nlp())
    if strip:
        summary.errors = [e.replace(strip, "") for e in summary.errors]
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
        banner = st.empty()   # the banner and its bar go once the database is built
        with banner.container():
            st.info(f"No database at {md(db)} yet: building it from the articles in {md(source)} …")
            total = _count_files([source]) if source.exists() else 0
            bar = st.progress(0.0, text="Reading articles…")
        part = db.with_name(db.name + ".building")
        for leftover in (part, part.with_name(part.name + "-wal"), part.with_name(part.name + "-shm")):
            leftover.unlink(missing_ok=True)
        summary = _ingest([source] if source.exists() else [], part, bar, "Building the graph", total)
        os.replace(part, db)
        banner.empty()
        st.toast(f"Database built: {summary.line()}", icon=":material/database:")   # counts only: no article text
        for err in summary.errors:
            st.warning(md(err))
        if not summary.read:
            st.warning(f"No articles found in {md(source)}. Add some with **Add articles** in the sidebar.")
        return True


# ---- uploads ---------------------------------------------------------------------------------------
def max_upload_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def file_name(name: str, taken: set[str]) -> str:
    """The uploaded file's own name, made safe to write in a folder: no folder part, no leading dot, no
    control character, and ' (2)' before the suffix when two files share it."""
    base = re.sub(r"[\x00-\x1f\x7f/\\]", "_", Path(name.replace("\\", "/")).name).lstrip(".") or "upload"
    stem, dot, suffix = base.partition(".")
    out, n = base, 1
    while out.lower() in taken:
        n += 1
        out = f"{stem} ({n}){dot}{suffix}"
    taken.add(out.lower())
    return out


def save(files, folder: Path) -> tuple[list[str], list[dict]]:
    """Write the uploads into `folder` a megabyte at a time: (names written, verdicts of files refused)."""
    names, refused, taken, limit = [], [], set(), max_upload_bytes()
    for f in files:
        name = file_name(f.name, taken)
        if f.size > limit:
            refused.append({"outcome": "refused", "where": name, "title": "", "warnings": [],
                            "reason": f"larger than the upload limit of {_size(limit)} (server.maxUploadSize): "
                                      f"not read"})
            continue
        f.seek(0)
        with (folder / name).open("wb") as out:
            shutil.copyfileobj(f, out, 1 << 20)
        names.append(name)
    return names, refused


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n / 2**10:g} KB"


def run_ingest(names: list[str], folder: Path, db: Path, on_line=None) -> dict:
    """`python -m extractors ingest NAMES --verdicts json` in `folder`: {"verdicts", "summary", "problem"}."""
    result = {"verdicts": [], "summary": None, "waiting": "", "problem": ""}

    def take(item: dict) -> None:
        if "outcome" in item:
            result["verdicts"].append(item)
        elif "summary" in item:
            result["summary"] = item
        elif "waiting" in item:
            result["waiting"] = item["waiting"]
        if on_line:
            on_line(result)

    code, err = run_extractors(["ingest", "--db", str(db.resolve()), "--quiet", "--processes", "1",
                                "--verdicts", "json", "--", *names], folder, take)
    if code not in (0, 1) or result["summary"] is None:
        print(f"entente upload: ingest ended with exit code {code}:\n{err[-4000:]}", file=sys.stderr)  # server log
        result["problem"] = (f"The ingest stopped before the end (exit code {code}). Every article it stored is "
                             f"whole; the others were not stored. Details are in the server's log.")
    return result


def per_file(verdicts: list[dict]) -> dict[str, Counter]:
    """Outcomes counted per uploaded file (a verdict's `where` is `name`, `name:line` or `name[record]`)."""
    files: dict[str, Counter] = {}
    for v in verdicts:
        name = re.sub(r"(:\d+|\[\d+\])$", "", v["where"])
        files.setdefault(name, Counter())[v["outcome"]] += 1
    return files


def uploader(db: Path) -> None:
    """Sidebar: upload txt, md, html, json, jsonl or csv files and ingest them."""
    with st.sidebar.expander("Add articles", icon=":material/upload_file:"):
        gen = st.session_state.setdefault("u_generation", 0)
        files = st.file_uploader("Articles (txt, md, html, json, jsonl, csv)", type=settings.UPLOAD_TYPES,
                                 accept_multiple_files=True, key=f"u_files_{gen}")
        if st.button("Ingest", key="u_go", disabled=not files, type="primary"):
            bar = st.progress(0.0, text="Reading…")
            with tempfile.TemporaryDirectory(prefix="entente-upload-") as tmp:
                names, refused = save(files, Path(tmp))

                def progress(result):
                    done = len({re.sub(r"(:\d+|\[\d+\])$", "", v["where"]) for v in result["verdicts"]})
                    counts = Counter(v["outcome"] for v in result["verdicts"])
                    text = (f"Ingesting: {counts['stored']} added, {counts['already stored']} already stored, "
                            f"{counts['refused']} refused")
                    if result["waiting"] and not result["verdicts"]:
                        text = md(result["waiting"])
                    bar.progress(min(done / max(len(names), 1), 0.99), text=text)

                result = run_ingest(names, Path(tmp), db, progress) if names else \
                    {"verdicts": [], "summary": None, "waiting": "", "problem": ""}
            result["verdicts"] = refused + result["verdicts"]
            st.session_state["u_result"] = result
            st.session_state["u_generation"] = gen + 1
            st.rerun()
        result = st.session_state.get("u_result")
        if result is not None:
            show(result)


def show(result: dict) -> None:
    """The upload's outcome: a summary line, each file's counts, then each refusal and warning."""
    verdicts = result["verdicts"]
    counts = Counter(v["outcome"] for v in verdicts)
    n = len(verdicts)
    line = (f"{n} article{'s' if n != 1 else ''} read: {counts['stored']} added, {counts['already stored']} "
            f"already stored, {counts['refused']} refused")
    (st.success if not counts["refused"] and not result["problem"] else st.warning)(md(line))
    if result["problem"]:
        st.error(md(result["problem"]))
    for name, c in per_file(verdicts).items():
        st.caption(md(f"{name}: " + ", ".join(f"{k} {o}" for o, k in
                                              (("added", c["stored"]), ("already stored", c["already stored"]),
                                               ("refused", c["refused"])) if k)))
    refusals = [v for v in verdicts if v["outcome"] == "refused"]
    for v in refusals[:SHOWN]:
        st.error(md(f"{v['where']}: {v['reason']}"))
    warnings = [f"{v['where']}: {w}" for v in verdicts for w in v["warnings"]]
    for w in warnings[:SHOWN]:
        st.warning(md(w))
    if len(refusals) > SHOWN or len(warnings) > SHOWN:
        st.caption(f"{max(len(refusals) - SHOWN, 0)} more refusals and {max(len(warnings) - SHOWN, 0)} more "
                   f"warnings are not listed.")
