"""The sidebar (find a node, filters) and the bar above the graph (what the view is, how to undo it).

Filter widgets are keyed copies of the URL (state.sync_widgets puts the URL into them; their callback
writes them back), so a link reopens the same filters and the widgets follow Back and Focus.
"""
from __future__ import annotations

import datetime as dt
import os

import networkx as nx
import streamlit as st

from graph import MODES, NODE_TYPES, RELATIONS, TOPICS, View

from . import dates, loaders, settings, sources, state
from .text import md


@st.cache_data(show_spinner=False, max_entries=8, ttl=3600)
def _counts(tok: str, path: str) -> dict:
    return loaders.store(path).counts()


_TOTALS: dict[str, str] = {}   # the totals line by data token, once counted (for this server process)


def _totals_line(tok: str, path: str) -> str:
    c = _counts(tok, path)
    line = (f"{c['articles']} articles · {sum(c['entities'].values())} entities · "
            f"{sum(c['relations'].values())} relations · {c['evidence']} evidence sentences  \n"
            f"database: {md(os.path.basename(path))}")   # its name: no server path reaches the page
    if len(_TOTALS) >= 8:
        _TOTALS.clear()
    _TOTALS[tok] = line
    return line


def _open_found(node: str) -> None:
    """Select a node found by name; one outside the current view becomes the focus (Back returns)."""
    view, _ = state.read_view()
    shown = loaders.view_graph(str(settings.db_path()), state.effective(view))
    if node in shown:
        state.select(node, jump=True)
    else:
        state.go(view.with_(node=node, depth=1, expand=(), path=None, selected=node))


def _on_find() -> None:
    text = (st.session_state.get(state.W_FIND) or "").strip()
    st.session_state["find_hits"] = []
    if not text:
        return
    view, _ = state.read_view()
    hits = loaders.search(str(settings.db_path()), view, text)
    st.session_state["find_hits"] = hits[:12]
    if hits:
        _open_found(hits[0])
    else:
        state.flash(f"No node is called {text!r} (names and aliases are searched).")


def _on_pick_hit() -> None:
    hit = st.session_state.get("find_pick")
    if hit:
        _open_found(hit)


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def render(path: str, view: View, full: nx.MultiDiGraph):
    """The sidebar's title, find box and filters, written right after state.sync_widgets put the URL's
    values into them, with nothing slow in between: the store's totals (half a second to count on a cold
    6,000-article store) go under the title at once when counted before, else in the place returned, which
    `totals` fills."""
    tok = loaders.token(path)
    sb = st.sidebar
    sb.title("Entente")
    place = None if tok in _TOTALS else sb.empty()
    if place is None:
        sb.caption(_TOTALS[tok])

    sb.text_input("Find a node", key=state.W_FIND, on_change=_on_find, placeholder="name or alias, e.g. Xi",
                  help="Jumps to the best match and opens its panel; a node outside the view becomes the focus "
                       "(Back returns)")
    hits = [h for h in st.session_state.get("find_hits") or [] if h in full]
    if len(hits) > 1:
        sb.selectbox("Other matches", hits, key="find_pick", index=None, on_change=_on_pick_hit,
                     format_func=lambda n: f"{full.nodes[n]['name']} ({full.nodes[n]['type']})",
                     placeholder=f"{len(hits)} matches")

    sb.subheader("Filters")
    names = loaders.countries(tok, path)
    codes = list(names) + [c for c in view.countries if c not in names]
    sb.multiselect("Country", codes, key=state.W_COUNTRY, on_change=state.on_filters_change,
                   format_func=lambda c: f"{names.get(c, c)} ({c})",
                   help="Each country's state, leaders and other entities, the edges that touch them and the "
                        "nodes at their other end; edges between two other parties are left out")
    if len(view.countries) >= 2 or st.session_state.get(state.W_MODE, "either") != "either":
        sb.radio("With several countries", list(MODES), key=state.W_MODE, on_change=state.on_filters_change,
                 horizontal=True, format_func=lambda m: {"either": "any of them", "between": "between them"}[m],
                 help="any of them: edges touching any selected country; between them: only relations that "
                      "connect the selected countries, directly or through one intermediate node (a leader, an "
                      "agreement, a technology)")
    sb.multiselect("Topic", list(TOPICS), key=state.W_TOPIC, on_change=state.on_filters_change)
    sb.multiselect("Node type", list(NODE_TYPES), key=state.W_TYPE, on_change=state.on_filters_change)
    sb.multiselect("Relation", list(RELATIONS), key=state.W_RELATION, on_change=state.on_filters_change,
                   format_func=lambda r: r.replace("_", " "))
    sb.toggle("Show mentioned-together links", key=state.W_TOGETHER, on_change=state.on_filters_change,
              disabled=bool(view.relations) and view.relations != state.SPECIFIC,
              help="Also draw 'related to' links: two names in one sentence with no relation read between them. "
                   "Hidden by default: they are most of the links and say little (URL: together=1)")
    first, last = loaders.date_bounds(tok, path)
    lo, hi = _date(first) or dt.date(1900, 1, 1), _date(last) or dt.date.today()
    lo, hi = min(lo, _date(view.since) or lo), max(hi, _date(view.until) or hi)
    d1 = d2 = sb   # one a row: a whole date shows (two columns clipped it)
    dates.commit_typed_dates(sb)   # a typed date applies at once
    d1.date_input("From", key=state.W_SINCE, min_value=lo, max_value=hi, on_change=state.on_filters_change,
                  format="YYYY-MM-DD")
    d2.date_input("Until", key=state.W_UNTIL, min_value=lo, max_value=hi, on_change=state.on_filters_change,
                  format="YYYY-MM-DD")
    w1, w2 = sb.columns(2)
    w1.number_input("Min. weight", min_value=1, step=1, key=state.W_MIN_WEIGHT, on_change=state.on_filters_change,
                    help="Keep edges with at least this many evidence sentences")
    w2.number_input("Max. nodes", min_value=1, max_value=5000, step=10, key=state.W_LIMIT,
                    on_change=state.on_filters_change, help="Keep the top nodes by weight (evidence, then mentions)")
    sb.toggle("Show negated and hypothetical claims", key=state.W_ASSERTION, on_change=state.on_filters_change,
              help="Also draw relations the articles negate, suppose (possible, planned, sought) or report as "
                   "denied; they are dashed, and their sentences are labelled in the panel")
    sb.button("Clear filters", key="f_clear", on_click=state.clear_filters, icon=":material/filter_alt_off:")
    return place


def totals(path: str, place) -> None:
    """The store's totals in `place` when `render` left them out, then the followed feeds."""
    if place is not None:
        place.caption(_totals_line(loaders.token(path), path))
    sources.section(path)   # followed feeds (dashboard/sources.py)


# ---- the bar above the graph ---------------------------------------------------------------------------
def _unfocus() -> None:
    view, _ = state.read_view()
    state.go(view.with_(node=None, depth=1, expand=()))


def _clear_path() -> None:
    view, _ = state.read_view()
    state.go(view.with_(path=None))


def _clear_search() -> None:
    view, _ = state.read_view()
    state.go(view.with_(search=None), nav=False)


def _name(g, n) -> str:
    return g.nodes[n]["name"] if n in g else n


def _ref_name(g, ref: str) -> str:
    """A node's name, or an edge's 'A — B (relation)'."""
    edge = state.parse_edge_ref(ref)
    if edge:
        return f"{_name(g, edge[0])} — {_name(g, edge[1])} ({edge[2].replace('_', ' ')})"
    return _name(g, ref)


def trail(view: View, history: list[dict], keep: int = 6) -> list[str]:
    """The nodes and edges visited, oldest first, ending with the current one, each once (at its latest visit)."""
    refs = [h.get("selected") or h.get("node") for h in history] + [view.selected or view.node]
    refs = [r for r in refs if r]
    latest = [r for i, r in enumerate(refs) if r not in refs[i + 1:]]
    return latest[-keep:]


def hidden_counts(path: str, view: View, shown: nx.Graph) -> tuple[int, int | None]:
    """Nodes the node limit leaves out, and the mentioned-together links between the nodes shown, which the
    view hides (None when they are shown or the Relation filter decides)."""
    beyond = max(0, loaders.unlimited_count(path, view) - len(shown))
    if view.relations != state.SPECIFIC:
        return beyond, None
    return beyond, loaders.together_links(path, view, shown)


def view_bar(path: str, view: View, full: nx.MultiDiGraph, shown: nx.Graph) -> None:
    beyond, together = hidden_counts(path, view, shown)
    text = f"Showing **{len(shown)} of {len(shown) + beyond} nodes**, {shown.number_of_edges()} relations"
    hidden = ([f"{beyond} node{'s' if beyond != 1 else ''}"] if beyond else []) + \
        ([f"{together} mentioned-together link{'s' if together != 1 else ''}"] if together else [])
    tips = ([f"the top {view.limit} nodes by weight are shown: raise *Max. nodes* to see more"] if beyond else []) + \
        (["mentioned-together links between the nodes shown are hidden: switch on *Show mentioned-together links* "
          "to draw them"] if together else [])
    if hidden:
        text += " · " + " and ".join(hidden) + " not shown"
    cols = st.columns([4, 1], vertical_alignment="center")
    cols[0].markdown(text, help="; ".join(tips) or None)
    visited = trail(view, state.history())
    if len(visited) > 1:
        cols[0].caption("Visited: " + " › ".join(md(_ref_name(full, r)) for r in visited))
    cols[1].button("Back", key="v_back", on_click=state.back, disabled=not state.history(),
                   icon=":material/arrow_back:", help="Back to the previous node")
    notes = []
    if view.node:
        notes.append(("focus", f"Focused on **{md(_name(full, view.node))}** (depth {view.depth})"
                               + (f", expanded: {md(', '.join(_name(full, n) for n in view.expand))}"
                                  if view.expand else ""), "Show whole graph", _unfocus))
    elif view.expand:
        notes.append(("expand", f"Expanded: {md(', '.join(_name(full, n) for n in view.expand))}",
                      "Clear expansion", _unfocus))
    if view.path:
        nodes = shown.graph.get("path") or []
        text = (" → ".join(f"**{md(_name(full, n))}**" for n in nodes) if nodes else
                f"no path between **{md(_name(full, view.path[0]))}** and **{md(_name(full, view.path[1]))}**")
        notes.append(("path", f"Path: {text}", "Clear path", _clear_path))
    if view.search:
        notes.append(("search", f"Search: {md(view.search)}", "Clear search", _clear_search))
    for key, text, label, action in notes:
        c = st.columns([4, 1], vertical_alignment="center")
        c[0].markdown(text)
        c[1].button(label, key=f"v_{key}", on_click=action)
