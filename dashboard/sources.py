"""Sidebar: Sources, the feeds the database follows (graph/sources.py) with their status, last fetch and
counts; follow a feed URL, fetch now, stop following.

"Fetch now" runs `python -m extractors follow --once --verdicts json` in a child process, as uploads
are ingested (dashboard/upload.py): the server's memory does not grow with what feeds bring, and the
page reads the child's JSON lines for a progress bar and each refusal, never a traceback. The child's
client refuses private addresses unless the server runs with ENTENTE_ALLOW_PRIVATE=1, since a
dashboard user must not make the server fetch them. The caches key on the database's data version, so
the graph updates on the next rerun.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import streamlit as st

from graph import Store, sources

from . import settings
from .child import run_extractors
from .text import md

SHOWN = 50      # refusals and warnings listed after a fetch (all are counted)


def run_follow(db: Path, on_line=None) -> dict:
    """`python -m extractors follow --once` on `db`: {"feeds", "events", "verdicts", "summary", "problem"}."""
    result = {"feeds": 0, "events": [], "verdicts": [], "summary": None, "problem": ""}

    def take(item: dict) -> None:
        if "outcome" in item:
            result["verdicts"].append(item)
        elif "summary" in item:
            result["summary"] = item
        elif "feeds" in item:
            result["feeds"] = item["feeds"]
        elif "feed" in item:
            result["events"].append(item)
            if "entries" in item:
                result["mark"] = len(result["verdicts"])   # the verdicts before this feed's
        if on_line:
            on_line(result)

    code, err = run_extractors(["follow", "--once", "--db", str(Path(db).resolve()), "--quiet", "--verdicts", "json"],
                               settings.REPO, take)
    if code not in (0, 1) or result["summary"] is None:
        print(f"entente sources: follow ended with exit code {code}:\n{err[-4000:]}", file=sys.stderr)  # server log
        result["problem"] = (f"The fetch stopped before the end (exit code {code}). Every article it stored is "
                             f"whole. Details are in the server's log.")
    return result


def progress(result: dict) -> tuple[float, str]:
    """How far a fetch is (feeds done, and the current feed's entries) and a line saying so."""
    done = sum(1 for e in result["events"] if "status" in e)
    current = next((e for e in reversed(result["events"]) if "entries" in e), None)
    part = 0.0
    if current and current["entries"] and not any("status" in e and e["feed"] == current["feed"]
                                                  for e in result["events"]):
        part = min((len(result["verdicts"]) - result.get("mark", 0)) / current["entries"], 1.0)
    counts = Counter(v["outcome"] for v in result["verdicts"])
    text = (f"Fetching feed {min(done + 1, max(result['feeds'], 1))} of {max(result['feeds'], 1)}: "
            f"{counts['stored']} added, {counts['already stored']} already stored, {counts['refused']} refused")
    return min((done + part) / max(result["feeds"], 1), 0.99), text


def _line(feed: dict) -> str:
    status = feed["last_status"] or "not fetched yet"
    when = (feed["last_fetched"] or "").replace("T", " ").rstrip("Z")
    return (f"{md(status)}" + (f" · {md(when)} UTC" if when else "") +
            f" · {feed['entries_seen']} entr{'y' if feed['entries_seen'] == 1 else 'ies'} seen, "
            f"{feed['entries_added']} added")


def _follow(db: Path) -> None:
    url = (st.session_state.get("src_url") or "").strip()
    if not url:
        return
    try:
        with Store(db) as store:
            added = sources.follow(store.conn, url)
    except ValueError as exc:
        st.session_state["src_flash"] = ("error", str(exc))
        return
    st.session_state["src_flash"] = ("success", f"Following {url}" if added else f"{url} is already followed")
    st.session_state["src_url"] = ""


def _unfollow(db: Path) -> None:
    url = st.session_state.get("src_pick")
    if url:
        with Store(db) as store:
            sources.unfollow(store.conn, url)
        st.session_state["src_flash"] = ("success", f"Stopped following {url}; its articles stay")
        st.session_state["src_pick"] = None


def section(path: str) -> None:
    """Sidebar: the followed feeds and what to do with them."""
    db = Path(path)
    with st.sidebar.expander("Sources", icon=":material/rss_feed:"):
        feeds = sources.listing(db)
        if not feeds:
            st.caption("No feed is followed yet. Add an RSS or Atom feed's URL; `python -m extractors follow "
                       "--once` (e.g. from cron) polls the same list.")
        for feed in feeds:
            failed = feed["last_status"].startswith("failed")
            icon = ":material/error:" if failed else ":material/rss_feed:"
            st.markdown(f"{icon} **{md(feed['title'] or feed['url'])}**"
                        + (f"  \n{md(feed['url'])}" if feed["title"] else ""))
            st.caption(_line(feed))
        st.text_input("Feed URL", key="src_url", placeholder="https://example.org/feed.xml")
        st.button("Follow", key="src_follow", on_click=_follow, args=(db,), icon=":material/add:")
        if flash := st.session_state.pop("src_flash", None):
            (st.error if flash[0] == "error" else st.success)(md(flash[1]))
        if not feeds:
            return
        if st.button("Fetch now", key="src_fetch", type="primary", icon=":material/sync:",
                     help="Poll every followed feed once and ingest its new entries"):
            bar = st.progress(0.0, text="Fetching…")
            result = run_follow(db, lambda r: bar.progress(*progress(r)))
            st.session_state["src_result"] = result
            st.rerun()
        if (result := st.session_state.get("src_result")) is not None:
            show(result)
        st.selectbox("Stop following", [f["url"] for f in feeds], key="src_pick", index=None,
                     placeholder="a feed", format_func=lambda u: next((f["title"] or u for f in feeds
                                                                       if f["url"] == u), u))
        st.button("Stop following", key="src_stop", on_click=_unfollow, args=(db,), icon=":material/delete:",
                  disabled=not st.session_state.get("src_pick"))


def show(result: dict) -> None:
    """The last fetch: its summary line, then each refusal and warning (feed or entry, and why)."""
    summary = result["summary"] or {}
    bad = summary.get("refused") or summary.get("failed_feeds") or result["problem"]
    if summary:
        (st.warning if bad else st.success)(md(summary["summary"]))
    if result["problem"]:
        st.error(md(result["problem"]))
    refusals = [v for v in result["verdicts"] if v["outcome"] == "refused"]
    for v in refusals[:SHOWN]:
        st.error(md(f"{v['where']}: {v['reason']}"))
    warnings = [f"{v['where']}: {w}" for v in result["verdicts"] for w in v["warnings"]]
    for w in warnings[:SHOWN]:
        st.warning(md(w))
    if len(refusals) > SHOWN or len(warnings) > SHOWN:
        st.caption(f"{max(len(refusals) - SHOWN, 0)} more refusals and {max(len(warnings) - SHOWN, 0)} more "
                   f"warnings are not listed.")
