"""The side panel: what a clicked node or edge is, what it is connected to, and the sentences that say so.

Everything in it is read from the store for the selection only (graph.detail, through loaders): a
node's neighbours (the strongest 500) and its newest evidence sentences, a page at a time.

Node actions (Focus, Expand, Back, Path) change the URL through `state`, so each step is a link and
Back walks the nodes visited. All article text goes through `text.md` (shown as text, never run).
"""
from __future__ import annotations

import networkx as nx
import streamlit as st

from graph import View

from . import loaders, state
from .network import NODE_STYLE, asserted
from .text import md, md_link

MAX_EVIDENCE = 500
EVIDENCE_PAGE = 25


# ---- actions (callbacks: they run before the next rerun draws anything) ---------------------------------
def _focus(node: str, depth_key: str) -> None:
    view, _ = state.read_view()
    depth = int(st.session_state.get(depth_key) or 1)
    state.go(view.with_(node=node, depth=depth, expand=(), path=None, selected=node))


def _expand(node: str) -> None:
    view, _ = state.read_view()
    state.go(view.with_(expand=view.expand + (node,), selected=node))


def _path(node: str, target_key: str) -> None:
    target = st.session_state.get(target_key)
    if target and target != node:
        view, _ = state.read_view()
        state.go(view.with_(path=(node, target), selected=node))


def _between(own: str, partner_key: str) -> None:
    """The bilateral view of this state's country and the partner chosen: only what connects the two."""
    other = st.session_state.get(partner_key)
    if other and other != own:
        view, _ = state.read_view()
        state.go(view.with_(countries=(own, other), mode="between", node=None, depth=1, expand=(), path=None,
                            search=None, selected=None))


def _select(ref: str | None) -> None:
    state.select(ref)


def _select_from_table(key: str, refs: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        state.select(refs[rows[0]])


# ---- pieces -------------------------------------------------------------------------------------------
def _evidence(read, key: str, first: int = EVIDENCE_PAGE) -> None:
    """Sentences, newest first, each once, with the relation, article title (linked) and date; a claim
    the sentence does not assert is labelled (negated, hypothetical, denied).

    `read(limit)` returns the newest `limit` of them as (relation, row) and how many there are: only the
    first `first` are read until the user asks for more (then at most MAX_EVIDENCE). All go into one
    Markdown element (hundreds of elements would cost more than the rest of the rerun).
    """
    everything = bool(st.session_state.get(f"ev_all_{key}"))
    items, total = read(MAX_EVIDENCE if everything else first)
    blocks = []
    for relation, ev in items:
        claim = ev.get("assertion") or "asserted"
        label = "" if claim == "asserted" else f"**{md(claim)}** · "
        blocks.append(f"> {md(ev['sentence'])}\n>\n> {label}*{md(relation)} · "
                      f"{md_link(ev.get('title') or ev['article_id'], ev.get('url'))} · "
                      f"{md(ev.get('published') or 'undated')}*")
    if not blocks:
        st.caption("No evidence sentences in this view (edge filters may hide them).")
        return
    if total > first:
        st.toggle(f"Show all {total} sentences", key=f"ev_all_{key}")
    with st.container(height=420 if len(blocks) > 3 else "content"):
        st.markdown("\n\n".join(blocks))
    if total > len(blocks):
        st.caption(f"{len(blocks)} of {total} sentences shown.")


def _facts(d: dict, country_name) -> None:
    rows = [("Type", d["type"])]
    if d.get("office"):
        rows.append(("Office", d["office"]))
    if d.get("country"):
        rows.append(("Country", f"{country_name(d['country'])} ({d['country']})"))
    if d.get("aliases"):
        rows.append(("Aliases", ", ".join(d["aliases"])))
    rows.append(("Mentions", f"{d['mentions']} in {d['articles']} article{'s' if d['articles'] != 1 else ''}"))
    if d.get("first_seen"):
        rows.append(("First seen", d["first_seen"]))
        rows.append(("Last seen", d["last_seen"]))
    st.markdown("  \n".join(f"**{label}:** {md(value)}" for label, value in rows))


def _relation_label(rel: str, d: dict) -> str:
    """The relation, with its claims when none of its evidence is asserted: 'signed (negated)'."""
    return rel if asserted(d) else f"{rel} ({', '.join(d['assertions'])})"


def _neighbours(path: str, view: View, shown: nx.Graph, node: str) -> None:
    found, total = loaders.neighbours(path, view, node)
    if not found:
        st.caption("No connections with the current edge filters.")
        return
    import pandas as pd   # here, not at the top: a fresh server draws the graph before importing pandas
    # narrow columns, type and "in view" first after the name, so a narrow panel shows them without scrolling
    symbol = {t: sym for t, (_c, _s, sym) in NODE_STYLE.items()}
    df = pd.DataFrame([(n["dir"], n["name"], symbol.get(n["type"], "●"), n["node"] in shown,
                        _relation_label(n["relation"], n).replace("_", " "), n["weight"]) for n in found],
                      columns=["dir", "node", "type", "in view", "relation", "weight"])
    refs = [n["node"] for n in found]
    key = f"nbrs_{node}"
    col = st.column_config
    st.dataframe(df, key=key, hide_index=True, on_select=lambda: _select_from_table(key, refs),
                 selection_mode="single-row", height=min(38 + 35 * len(df), 280), width="stretch",
                 column_config={"dir": col.TextColumn("", width=24, help="→ from this node to it, ← from it to "
                                                                            "this node"),
                                "node": col.TextColumn("node", width=92),
                                "type": col.TextColumn("type", width=36, alignment="center", help="as in the legend: "
                                                       + ", ".join(f"{sym} {t}" for t, sym in symbol.items())),
                                "in view": col.CheckboxColumn("in view", width=54),
                                "relation": col.TextColumn("relation", width=80),
                                "weight": col.NumberColumn("weight", width=40, help="evidence sentences")})
    more = f" The {len(found)} strongest of {total} connections are listed." if total > len(found) else ""
    st.caption("Select a row to go to that node." + more)


def _bilateral(path: str, view: View, own: str, node: str, country_name) -> None:
    """Relations between this state and another: the other selected country, or a state it is linked to."""
    partners = [c for c in view.countries if c != own]
    found, _total = loaders.neighbours(path, view, node)
    for n in found:
        if n["type"] == "state":
            code = n.get("country")
            if code and code != own and code not in partners:
                partners.append(code)
    if not partners:
        return
    key = "p_partner"
    if st.session_state.get(f"{key}_node") != node or st.session_state.get(key) not in partners:
        st.session_state[key] = partners[0]
    b1, b2 = st.columns([2.2, 1], vertical_alignment="bottom")
    b1.selectbox(f"Relations between {country_name(own)} and…", partners, key=key,
                 format_func=lambda c: f"{country_name(c)} ({c})",
                 help="The other selected country first, then the states this one is linked to")
    st.session_state[f"{key}_node"] = node   # after the widget: see node_panel's depth
    b2.button("Show", key="p_between", on_click=_between, args=(own, key), type="secondary",
              help="Show only what connects the two countries: their direct relations, and relations through "
                   "one intermediate node (a leader, an agreement, a technology)")


# ---- panels --------------------------------------------------------------------------------------------
def node_panel(path: str, shown: nx.Graph, view: View, node: str, country_name) -> None:
    d = loaders.node(path, node)
    st.markdown(f"### {md(d['name'])}")
    st.caption(f"{md(d['type'])} · id {md(node)}" + ("" if node in shown else " · not in the current view"))
    _facts(d, country_name)

    depth_key = "p_depth"
    # a value put into a widget reaches the browser with the run that draws the widget: put in again until one does
    if st.session_state.get("p_depth_node") != node:
        st.session_state[depth_key] = view.depth if view.node == node else 1
    c1, c2 = st.columns([1, 1.6], vertical_alignment="bottom")
    c1.segmented_control("Focus depth", [1, 2], key=depth_key, help="Focus shows the neighbourhood to this depth")
    st.session_state["p_depth_node"] = node
    c2.button("Focus", key="p_focus", on_click=_focus, args=(node, depth_key), type="primary", width="stretch",
              icon=":material/center_focus_strong:", help="Show only this node's neighbourhood")
    c1, c2 = st.columns(2)
    c1.button("Expand", key="p_expand", on_click=_expand, args=(node,), width="stretch",
              icon=":material/unfold_more:", help="Add this node's neighbours to the view")
    c2.button("Back", key="p_back", on_click=state.back, disabled=not state.history(), width="stretch",
              icon=":material/arrow_back:", help="Go back to the previous node")

    # path targets: the nodes in the view (and the current target), not every node of the store
    label = {n: shown.nodes[n]["name"] for n in shown if n != node}
    if view.path and view.path[1] not in label and view.path[1] != node:
        target = loaders.node(path, view.path[1])
        if target:
            label[view.path[1]] = target["name"]
    ids = sorted(label, key=lambda n: (label[n].lower(), n))
    p1, p2 = st.columns([3, 1], vertical_alignment="bottom")
    target_key = "p_path_target"
    if st.session_state.get(target_key) not in label:
        st.session_state[target_key] = view.path[1] if view.path and view.path[1] in label else None
    p1.selectbox("Shortest path to…", ids, key=target_key, index=None, format_func=lambda n: label.get(n, n),
                 placeholder="pick a node in the view")
    p2.button("Path", key="p_path", on_click=_path, args=(node, target_key), disabled=not ids)

    if d["type"] == "state" and d.get("country"):
        _bilateral(path, view, d["country"], node, country_name)

    st.markdown("**Neighbours**")
    _neighbours(path, view, shown, node)
    st.markdown("**Evidence**")
    _evidence(lambda limit: loaders.node_evidence(path, view, node, limit), node)


def edge_panel(path: str, shown: nx.Graph, view: View, edge: tuple[str, str, str], d: dict) -> None:
    s, t, rel = edge
    source, target = loaders.node(path, s), loaders.node(path, t)
    st.markdown(f"### {md(source['name'])} → {md(target['name'])}")
    claims = d.get("assertions", ["asserted"])
    st.caption(f"relation {md(rel)} · {d['weight']} evidence sentence{'s' if d['weight'] != 1 else ''} · "
               f"{d['n_articles']} article{'s' if d['n_articles'] != 1 else ''}"
               + ("" if claims == ["asserted"] else f" · claims: {md(', '.join(claims))}"))
    facts = []
    if d.get("topics"):
        facts.append(f"**Topics:** {md(', '.join(d['topics']))}")
    if d.get("first_seen"):
        facts.append(f"**Seen:** {md(d['first_seen'])} – {md(d['last_seen'])}")
    if facts:
        st.markdown("  \n".join(facts))
    c1, c2, c3 = st.columns(3)
    c1.button("Source", key="e_src", on_click=_select, args=(s,), help=source["name"][:200])
    c2.button("Target", key="e_tgt", on_click=_select, args=(t,), help=target["name"][:200])
    c3.button("Back", key="e_back", on_click=state.back, disabled=not state.history())
    st.markdown("**Evidence**")
    _evidence(lambda limit: loaders.edge_evidence(path, view, edge, limit), state.edge_ref(s, t, rel))


def panel(path: str, shown: nx.Graph, view: View, country_name) -> None:
    """The panel for the view's selection (a node id or an edge `source~target~relation`), read from the
    store for this selection only."""
    ref = view.selected
    if not ref:
        st.markdown("#### Click a node or an edge")
        st.caption("Its details, neighbours and evidence sentences appear here. Double-click a node to focus "
                   "on it. Every view is a link: copy the address bar to share it.")
        if state.history():
            st.button("Back", key="n_back", on_click=state.back)
        return
    edge = state.parse_edge_ref(ref)
    found = loaders.edge(path, view, edge) if edge else None
    if found is not None:
        edge_panel(path, shown, view, edge, found)
    elif loaders.node(path, ref) is not None:
        node_panel(path, shown, view, ref, country_name)
    else:
        st.warning(f"Nothing named {md(ref)} in this view (its edges may be filtered out).")
        st.button("Clear selection", key="n_clear", on_click=_select, args=(None,))
