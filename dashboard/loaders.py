"""Cached access to the store, so a rerun after a click or a filter change costs milliseconds.

- The Store (one SQLite connection, safe across threads) and the spaCy model are cached resources.
- A view's graph is answered in SQL (`graph.query.subgraph`, without evidence) and cached per data
  version and view. It is a shared, frozen networkx object (st.cache_data would copy it on every hit).
- What is drawn or tabulated from a view's graph (layout, drawing, table pages, CSV text) is cached
  per *content* of that graph (a hash of its nodes and edges with their totals), not per data version.

The data version (`Store.data_version`) changes with every committed write, ours or a command-line
ingest beside the dashboard. A write makes the next rerun ask SQL again for the views it shows (a few
indexed queries); a view whose nodes and edges the write did not change keeps its layout, drawing and
tables. Nothing ever loads the whole graph.
"""
from __future__ import annotations

import hashlib
import json
import math
import threading
from pathlib import Path

import networkx as nx
import streamlit as st

from graph import Store, View, detail, query, sql


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


def version(path: str | Path) -> int:
    """The store's data version: changes with every committed write, and only then."""
    return store(str(path)).data_version()


def token(path: str | Path) -> str:
    """Changes whenever the data changes (not when SQLite merely checkpoints its log): part of the key of
    caches that read the store directly."""
    return f"{Path(path).resolve()}@{version(path)}"


def view_key(view: View) -> str:
    """A canonical text for a view (its URL without the UI selection): the cache key for its graph."""
    q = view.with_(selected=None).to_query()
    return json.dumps(q, sort_keys=True)


def edge_key(view: View) -> str:
    """The view's edge filters only: the key of what a panel reads (a node's neighbours and evidence)."""
    return view_key(detail.edge_view(view))


def content_key(g: nx.Graph) -> str:
    """A hash of what a view's graph holds (nodes and edges with the values drawn and tabulated)."""
    nodes = sorted((n, d["name"], d["type"], d["country"], d["office"], d["mentions"], d["articles"], d["first_seen"],
                    d["last_seen"], tuple(d["aliases"])) for n, d in g.nodes(data=True))
    edges = sorted((s, t, k, d["weight"], d["n_articles"], d["first_seen"], d["last_seen"], tuple(d["topics"]),
                    tuple(d["assertions"]), d.get("on_path")) for s, t, k, d in g.edges(keys=True, data=True))
    path = tuple(g.graph.get("path") or ())
    about = tuple(g.graph.get("about") or ())
    return hashlib.blake2b(repr((nodes, edges, path, about)).encode(), digest_size=12).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def _sub(ver: int, path: str, key: str, selected: str | None) -> nx.MultiDiGraph:
    view = View.from_query(json.loads(key)).with_(selected=selected)
    g = query.subgraph(store(path), view, evidence=False)
    g.graph["about"] = [n for n in view.about if n in g]   # where the page opens a drawing it cannot fit
    g.graph["content"] = content_key(g)
    from .network import layout_key
    g = nx.freeze(g)
    g.graph["layout_key"] = layout_key(g)   # (frozen first: the pairs it draws are then worked out once)
    return g


def pin(path: str, view: View) -> str | None:
    """The selection when it changes the view's graph (a node the limit would cut), else None.

    A selection only matters to the graph through the node limit, so clicking a visible node reuses
    the cached graph, its layout and its tables.
    """
    if not (view.selected and view.limit):
        return None
    g = _sub(version(path), path, view_key(view), None)
    if view.selected in g or g.graph["total"] <= len(g) or node(path, view.selected) is None:
        return None
    return view.selected


def view_graph(path: str, view: View) -> nx.MultiDiGraph:
    """The graph the view shows (shared, frozen; edges carry totals, not evidence)."""
    return _sub(version(path), path, view_key(view), pin(path, view))


def export_graph(path: str, view: View) -> nx.MultiDiGraph:
    """The view's graph with every evidence sentence of its edges, for a download (read when asked)."""
    return query.with_evidence(store(path), view, view_graph(path, view))


def unlimited_count(path: str, view: View) -> int:
    """How many nodes the view has before the node limit: the M of "showing N of M"."""
    return view_graph(path, view).graph["total"]


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _links_among(ver: int, path: str, key: str, content: str, _nodes: tuple) -> int:
    return query.links_among(store(path), View.from_query(json.loads(key)), _nodes)


def together_links(path: str, view: View, g: nx.Graph) -> int:
    """The mentioned-together links between the nodes the view shows, which it hides (an indexed count,
    not a second view)."""
    return _links_among(version(path), path, view_key(view), g.graph["content"], tuple(sorted(g)))


# ---- what a click opens (read per data version: one node, one edge, a page) ------------------------------
@st.cache_data(show_spinner=False, max_entries=1024, ttl=3600)
def _node(ver: int, path: str, node_id: str) -> dict | None:
    return detail.node(store(path), node_id)


def node(path: str, node_id: str) -> dict | None:
    """One node's attributes, or None when the store has no such node."""
    return _node(version(path), path, node_id)


class Nodes:
    """Every node of the store by id, read when asked: `nodes[n]` and `n in nodes`, like a graph's nodes,
    for the names the sidebar and the panels show without loading the graph."""

    def __init__(self, path: str):
        self.path = path

    @property
    def nodes(self) -> "Nodes":
        return self

    def __contains__(self, node_id) -> bool:
        return isinstance(node_id, str) and node(self.path, node_id) is not None

    def __getitem__(self, node_id: str) -> dict:
        d = node(self.path, node_id)
        if d is None:
            raise KeyError(node_id)
        return d


def search(path: str, view: View, text: str) -> list[str]:
    """Nodes whose name or an alias contains the text, best known first."""
    return _search(version(path), path, text, view.types)


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _search(ver: int, path: str, text: str, types: tuple) -> list[str]:
    return sql.find(store(path), text, types)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def _edge(ver: int, path: str, ekey: str, key: tuple) -> dict | None:
    return detail.edge(store(path), View.from_query(json.loads(ekey)), key)


def edge(path: str, view: View, key: tuple[str, str, str]) -> dict | None:
    """One edge's totals under the view's edge filters, or None."""
    return _edge(version(path), path, edge_key(view), tuple(key))


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def _neighbours(ver: int, path: str, ekey: str, node_id: str) -> tuple[list[dict], int]:
    return detail.neighbours(store(path), View.from_query(json.loads(ekey)), node_id)


def neighbours(path: str, view: View, node_id: str) -> tuple[list[dict], int]:
    return _neighbours(version(path), path, edge_key(view), node_id)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def _evidence(ver: int, path: str, ekey: str, kind: str, ref, limit: int):
    view, s = View.from_query(json.loads(ekey)), store(path)
    if kind == "node":
        return detail.node_evidence(s, view, ref, limit)
    return detail.edge_evidence(s, view, tuple(ref), limit)


def node_evidence(path: str, view: View, node_id: str, limit: int):
    """The newest evidence sentences of a node's edges, and how many there are."""
    return _evidence(version(path), path, edge_key(view), "node", node_id, limit)


def edge_evidence(path: str, view: View, key: tuple[str, str, str], limit: int):
    """The newest evidence sentences of one edge, and how many there are."""
    return _evidence(version(path), path, edge_key(view), "edge", tuple(key), limit)


# ---- the store at large ------------------------------------------------------------------------------------
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
    row = conn.execute("SELECT id,title,url,published,source,text,meta FROM articles WHERE id=?",
                       (article_id,)).fetchone()
    if row is None:
        return None
    spans = [dict(r) for r in conn.execute(
        "SELECT m.entity_id, m.start, m.end, e.name, e.type FROM mentions m JOIN entities e ON e.id=m.entity_id "
        "WHERE m.article_id=? ORDER BY m.start", (article_id,))]
    try:   # where its date came from (a dateline, a correction by hand) is in its meta
        meta = json.loads(row["meta"] or "{}")
    except ValueError:
        meta = {}
    return dict(row) | {"mentions": spans, "meta": meta if isinstance(meta, dict) else {}}


# ---- drawing (positions and the pyvis network), cached per view content ------------------------------------
GLOBAL_LAYOUT_MAX = 1500  # above this many nodes a whole-graph layout costs seconds: views lay out alone


def _generation(path: str) -> int:
    """Changes when the store's node count grows or shrinks by a quarter: the whole-graph layout that seeds
    every view's layout is computed again then, not after every article."""
    n = detail.node_count(store(path))
    return int(math.log(n, 1.25)) if n else 0


@st.cache_data(show_spinner=False, max_entries=4, ttl=3600)
def _global_positions(path: str, generation: int) -> dict:
    from .network import layout
    if detail.node_count(store(path)) > GLOBAL_LAYOUT_MAX:
        return {}
    return layout(query.subgraph(store(path), View(), evidence=False))


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _positions(drawn: str, path: str, generation: int, _g: nx.Graph) -> dict:
    from . import layout_cache
    from .network import layout
    init = _global_positions(path, generation)
    key = f"{drawn}:{generation if init else 'alone'}"   # laid out alone, or seeded from the whole graph
    kept = layout_cache.get(key)   # laid out before, by this or another server process
    if kept is not None and set(kept) == {str(n) for n in _g}:
        return kept
    pos = layout(_g, init=init)
    layout_cache.put(key, pos)
    return pos


def positions(path: str, g: nx.Graph) -> dict:
    """Node positions for a view's graph, cached per what is drawn (`network.layout_key`: nodes' boxes and the
    lines drawn), so the graph does not move on reruns, nor when an article only adds weight to it; kept on
    disk too (`layout_cache`), so a view is laid out once, not once per server process."""
    from .network import layout_key
    drawn = g.graph.get("layout_key") or layout_key(g)
    return _positions(drawn, path, _generation(path), g)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def _drawing(content: str, path: str, _g: nx.Graph, not_asserted: bool, height: int) -> tuple[bytes, dict]:
    from extractors.countries import country_name

    from . import network
    net = network.build(_g, positions(path, _g), country_name=country_name)
    drawn = network.drawing(net)
    return network.payload(drawn, network.legend(not_asserted), height), drawn["counts"]


def drawing(path: str, view: View, height: int) -> tuple[bytes, dict]:
    """The view's drawing as the bytes the page component gets (built once per drawing, shared, never
    copied or serialised again on a rerun) and the counts of what it does not draw."""
    g = view_graph(path, view)
    return _drawing(g.graph["content"], path, g, view.assertion == "all", height)


def view_positions(path: str, view: View) -> dict:
    return positions(path, view_graph(path, view))


# ---- timeline (dashboard/timeline.py) ------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _timeline(content: str, ver: int, path: str, key: str, _g: nx.Graph) -> dict:
    return query.timeline(store(path), View.from_query(json.loads(key)), list(_g.edges(keys=True)))


def timeline(path: str, view: View) -> dict:
    """The view's evidence over time, whatever its dates (graph.query.timeline), read once per content of
    the undated view's graph and data version."""
    undated = view.with_(since=None, until=None)
    g = view_graph(path, undated)
    return _timeline(g.graph["content"], version(path), path, view_key(undated), g)


def families() -> list[dict]:
    return query.relation_families()
