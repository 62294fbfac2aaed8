"""Cached access to the store, so a rerun after a click or a filter change costs milliseconds.

- The Store (one SQLite connection, safe across threads) and the spaCy model are cached resources.
- Graphs are cached resources too: they are shared read-only networkx objects, and copying them on
  every cache hit (what st.cache_data does) would cost more than the rest of a rerun on big corpora.
- Everything derived from a graph (tables, CSV text, the drawn network) is cached data.

Every cache is keyed by a `token` that changes whenever the database file changes (size or
modification time of the file and its WAL), so an ingest — ours or a command-line one running next
to the dashboard — shows up on the next rerun without clearing anything.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import networkx as nx
import streamlit as st

from graph import Store, View, query



@st.cache_resource(show_spinner=False)
def store(path: str) -> Store:
    return Store(path)


@st.cache_resource(show_spinner=False)
def build_lock(path: str) -> threading.Lock:
    """One lock per database file: two sessions opening a fresh clone must not both build it."""
    return threading.Lock()


@st.cache_resource(show_spinner="Loading the language model…")
def nlp():
    from extractors.pipeline import load
    return load()


def token(path: str | Path) -> str:
    """Changes whenever the database changes; part of every cache key below."""
    path = Path(path)
    parts = [str(path.resolve())]
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            s = p.stat()
            parts += [str(s.st_mtime_ns), str(s.st_size)]
        except FileNotFoundError:
            parts += ["-", "-"]
    return ":".join(parts)


def view_key(view: View) -> str:
    """A canonical text for a view (its URL without the UI selection): the cache key for its graph."""
    q = view.with_(selected=None).to_query()
    return json.dumps(q, sort_keys=True)


def _edge_key(view: View) -> str:
    return json.dumps([view.relations, view.topics, view.since, view.until, view.min_weight, view.assertion])


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _full(tok: str, path: str, edge_key: str) -> nx.MultiDiGraph:
    relations, topics, since, until, min_weight, assertion = json.loads(edge_key)
    view = View(relations=tuple(relations), topics=tuple(topics), since=since, until=until, min_weight=min_weight,
                assertion=assertion)
    return nx.freeze(query.full_graph(store(path), view))


def full_graph(path: str, view: View) -> nx.MultiDiGraph:
    """All nodes and the edges passing the view's edge filters (shared, frozen)."""
    return _full(token(path), path, _edge_key(view))


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def _sub(tok: str, path: str, key: str, selected: str | None) -> nx.MultiDiGraph:
    view = View.from_query(json.loads(key)).with_(selected=selected)
    return nx.freeze(query.subgraph(store(path), view, base=_full(tok, path, _edge_key(view))))


def pin(path: str, view: View) -> str | None:
    """The selection when it changes the view's graph (a node the limit would cut), else None.

    A selection only matters to the graph through the node limit, so clicking a visible node reuses
    the cached graph, its layout and its tables.
    """
    tok = token(path)
    if view.selected and view.limit and view.selected not in _sub(tok, path, view_key(view), None) \
            and view.selected in _full(tok, path, _edge_key(view)):
        return view.selected
    return None


def view_graph(path: str, view: View) -> nx.MultiDiGraph:
    """The graph the view shows (shared, frozen)."""
    return _sub(token(path), path, view_key(view), pin(path, view))


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _count(tok: str, path: str, key: str) -> int:
    view = View.from_query(json.loads(key))
    return len(query.subgraph(store(path), view, base=_full(tok, path, _edge_key(view))))


def unlimited_count(path: str, view: View) -> int:
    """How many nodes the view has before the node limit: the M of "showing N of M"."""
    return _count(token(path), path, view_key(view.with_(limit=None)))


@st.cache_data(show_spinner=False, max_entries=8, ttl=3600)
def countries(tok: str, path: str) -> dict[str, str]:
    """ISO-3 code → name for every country that appears on a node, sorted by name."""
    from extractors.countries import country_name
    codes = {r[0] for r in store(path).conn.execute("SELECT DISTINCT country FROM entities WHERE country != ''")}
    names = {c: country_name(c) for c in codes}
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


@st.cache_data(show_spinner=False, max_entries=8, ttl=3600)
def date_bounds(tok: str, path: str) -> tuple[str | None, str | None]:
    row = store(path).conn.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
    return row[0], row[1]


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def article(tok: str, path: str, article_id: str) -> dict | None:
    """One article's text with the spans of its mentions (for the marked-up reader)."""
    conn = store(path).conn
    row = conn.execute("SELECT id,title,url,published,source,text FROM articles WHERE id=?", (article_id,)).fetchone()
    if row is None:
        return None
    spans = [dict(r) for r in conn.execute(
        "SELECT m.entity_id, m.start, m.end, e.name, e.type FROM mentions m JOIN entities e ON e.id=m.entity_id "
        "WHERE m.article_id=? ORDER BY m.start", (article_id,))]
    return dict(row) | {"mentions": spans}



# ---- drawing (positions and the pyvis network), cached per view ------------------------------------------
GLOBAL_LAYOUT_MAX = 1500  # above this many nodes a whole-graph layout costs seconds: views lay out alone


@st.cache_data(show_spinner=False, max_entries=4, ttl=3600)
def _global_positions(tok: str, path: str) -> dict:
    from .network import layout
    g = _full(tok, path, _edge_key(View()))
    return layout(g) if len(g) <= GLOBAL_LAYOUT_MAX else {}


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def positions(tok: str, path: str, key: str, pinned: str | None) -> dict:
    """Node positions for a view: cached, so the graph does not move on reruns."""
    from .network import layout
    g = _sub(tok, path, key, pinned)
    return layout(g, init=_global_positions(tok, path))


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _drawing(tok: str, path: str, key: str, pinned: str | None) -> dict:
    from extractors.countries import country_name

    from . import network
    g = _sub(tok, path, key, pinned)
    net = network.build(g, positions(tok, path, key, pinned), country_name=country_name)
    return network.drawing(net)


def drawing(path: str, view: View) -> dict:
    """The pyvis network of the view as data for the page component."""
    return _drawing(token(path), path, view_key(view), pin(path, view))


def view_positions(path: str, view: View) -> dict:
    return positions(token(path), path, view_key(view), pin(path, view))
