"""The side panel: what a clicked node or edge is, what it is connected to, and the sentences that say so.

Node actions (Focus, Expand, Back, Path) change the URL through `state`, so each step is a link and
Back walks the nodes visited. All article text goes through `text.md` (shown as text, never run).
"""
from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from graph import View

from . import state
from .network import asserted
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


def _select(ref: str | None) -> None:
    state.select(ref)


def _select_from_table(key: str, refs: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        state.select(refs[rows[0]])


# ---- pieces -------------------------------------------------------------------------------------------
def _evidence(items: list[tuple[str, dict]], key: str, first: int = EVIDENCE_PAGE) -> None:
    """Sentences, newest first, each once, with the relation, article title (linked) and date; a claim
    the sentence does not assert is labelled (negated, hypothetical, denied).

    All of them go into one Markdown element (hundreds of elements would cost more than the rest of
    the rerun); past the first `first`, a toggle shows the rest.
    """
    seen, blocks = set(), []
    for relation, ev in sorted(items, key=lambda it: (it[1].get("published") or "", it[1]["article_id"],
                                                      it[1]["start"]), reverse=True):
        claim = ev.get("assertion") or "asserted"
        if (ev["article_id"], ev["start"], claim) in seen:
            continue
        seen.add((ev["article_id"], ev["start"], claim))
        label = "" if claim == "asserted" else f"**{md(claim)}** · "
        blocks.append(f"> {md(ev['sentence'])}\n>\n> {label}*{md(relation)} · "
                      f"{md_link(ev.get('title') or ev['article_id'], ev.get('url'))} · "
                      f"{md(ev.get('published') or 'undated')}*")
    if not blocks:
        st.caption("No evidence sentences in this view (edge filters may hide them).")
        return
    everything = len(blocks) > first and st.toggle(f"Show all {len(blocks)} sentences", key=f"ev_all_{key}")
    shown = blocks if everything else blocks[:first]
    with st.container(height=420 if len(shown) > 3 else "content"):
        st.markdown("\n\n".join(shown[:MAX_EVIDENCE]))
    if len(blocks) > len(shown):
        st.caption(f"{len(shown)} of {len(blocks)} sentences shown.")


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


def _neighbours(full: nx.MultiDiGraph, shown: nx.Graph, node: str) -> None:
    rows, refs = [], []
    for s, t, rel, d in full.out_edges(node, keys=True, data=True):
        rows.append(("→", full.nodes[t]["name"], _relation_label(rel, d), d["weight"], full.nodes[t]["type"],
                     t in shown))
        refs.append(t)
    for s, t, rel, d in full.in_edges(node, keys=True, data=True):
        rows.append(("←", full.nodes[s]["name"], _relation_label(rel, d), d["weight"], full.nodes[s]["type"],
                     s in shown))
        refs.append(s)
    if not rows:
        st.caption("No connections with the current edge filters.")
        return
    df = pd.DataFrame(rows, columns=["dir", "node", "relation", "weight", "type", "in view"])
    # specific relations first (related_to only says "mentioned together"), heaviest first
    order = df.assign(generic=df.relation == "related_to").sort_values(
        ["generic", "weight", "node"], ascending=[True, False, True]).index
    df, refs = df.loc[order].reset_index(drop=True), [refs[i] for i in order]
    key = f"nbrs_{node}"
    st.dataframe(df, key=key, hide_index=True, on_select=lambda: _select_from_table(key, refs),
                 selection_mode="single-row", height=min(38 + 35 * len(df), 280),
                 column_config={"dir": st.column_config.TextColumn("", width="small"),
                                "weight": st.column_config.NumberColumn("weight", help="evidence sentences"),
                                "in view": st.column_config.CheckboxColumn("in view", width="small")})
    st.caption("Select a row to go to that node.")


# ---- panels --------------------------------------------------------------------------------------------
def node_panel(full: nx.MultiDiGraph, shown: nx.Graph, view: View, node: str, country_name) -> None:
    d = full.nodes[node]
    st.markdown(f"### {md(d['name'])}")
    st.caption(f"{md(d['type'])} · id {md(node)}" + ("" if node in shown else " · not in the current view"))
    _facts(d, country_name)

    depth_key = "p_depth"
    if st.session_state.get("p_depth_node") != node:
        st.session_state[depth_key] = view.depth if view.node == node else 1
        st.session_state["p_depth_node"] = node
    c1, c2 = st.columns([1, 1.6], vertical_alignment="bottom")
    c1.segmented_control("Focus depth", [1, 2], key=depth_key, help="Focus shows the neighbourhood to this depth")
    c2.button("Focus", key="p_focus", on_click=_focus, args=(node, depth_key), type="primary", width="stretch",
              icon=":material/center_focus_strong:", help="Show only this node's neighbourhood")
    c1, c2 = st.columns(2)
    c1.button("Expand", key="p_expand", on_click=_expand, args=(node,), width="stretch",
              icon=":material/unfold_more:", help="Add this node's neighbours to the view")
    c2.button("Back", key="p_back", on_click=state.back, disabled=not state.history(), width="stretch",
              icon=":material/arrow_back:", help="Go back to the previous node")

    names = sorted(((n, full.nodes[n]["name"]) for n in full if n != node), key=lambda x: x[1].lower())
    ids = [n for n, _ in names]
    label = {n: name for n, name in names}
    p1, p2 = st.columns([3, 1], vertical_alignment="bottom")
    target_key = "p_path_target"
    if st.session_state.get(target_key) not in label:
        st.session_state[target_key] = view.path[1] if view.path and view.path[1] in label else None
    p1.selectbox("Shortest path to…", ids, key=target_key, format_func=lambda n: label.get(n, n),
                 placeholder="pick a node")
    p2.button("Path", key="p_path", on_click=_path, args=(node, target_key), disabled=not ids)

    st.markdown("**Neighbours**")
    _neighbours(full, shown, node)
    st.markdown("**Evidence**")
    items = [(rel, ev) for _s, _t, rel, ed in list(full.out_edges(node, keys=True, data=True))
             + list(full.in_edges(node, keys=True, data=True)) for ev in ed["evidence"]]
    _evidence(items, node)


def edge_panel(full: nx.MultiDiGraph, shown: nx.Graph, edge: tuple[str, str, str]) -> None:
    s, t, rel = edge
    d = full.edges[s, t, rel]
    st.markdown(f"### {md(full.nodes[s]['name'])} → {md(full.nodes[t]['name'])}")
    claims = d.get("assertions", ["asserted"])
    st.caption(f"relation {md(rel)} · {d['weight']} evidence sentence{'s' if d['weight'] != 1 else ''} · "
               f"{len(d['articles'])} article{'s' if len(d['articles']) != 1 else ''}"
               + ("" if claims == ["asserted"] else f" · claims: {md(', '.join(claims))}"))
    facts = []
    if d.get("topics"):
        facts.append(f"**Topics:** {md(', '.join(d['topics']))}")
    if d.get("first_seen"):
        facts.append(f"**Seen:** {md(d['first_seen'])} – {md(d['last_seen'])}")
    if facts:
        st.markdown("  \n".join(facts))
    c1, c2, c3 = st.columns(3)
    c1.button("Source", key="e_src", on_click=_select, args=(s,), help=full.nodes[s]["name"][:200])
    c2.button("Target", key="e_tgt", on_click=_select, args=(t,), help=full.nodes[t]["name"][:200])
    c3.button("Back", key="e_back", on_click=state.back, disabled=not state.history())
    st.markdown("**Evidence**")
    _evidence([(rel, ev) for ev in d["evidence"]], state.edge_ref(s, t, rel))


def panel(full: nx.MultiDiGraph, shown: nx.Graph, view: View, country_name) -> None:
    """The panel for the view's selection (a node id or an edge `source~target~relation`)."""
    ref = view.selected
    if not ref:
        st.markdown("#### Click a node or an edge")
        st.caption("Its details, neighbours and evidence sentences appear here. Double-click a node to focus "
                   "on it. Every view is a link: copy the address bar to share it.")
        if state.history():
            st.button("Back", key="n_back", on_click=state.back)
        return
    edge = state.parse_edge_ref(ref)
    if edge and full.has_edge(*edge):
        edge_panel(full, shown, edge)
    elif ref in full:
        node_panel(full, shown, view, ref, country_name)
    else:
        st.warning(f"Nothing named {md(ref)} in this view (its edges may be filtered out).")
        st.button("Clear selection", key="n_clear", on_click=_select, args=(None,))
