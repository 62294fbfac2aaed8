"""The view as tables — Entities, Relations, Articles — with exactly the rows the CSV export writes.

Rows come from `graph.export` (node_rows, edge_rows, article_rows), so a table and its download never
disagree. st.dataframe shows cell text as text (no HTML), sorts and filters; selecting a row selects the
node or edge in the graph, or opens the article with its entities marked.
"""
from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import streamlit as st

from graph import View, export

from . import loaders, state
from .network import NODE_STYLE
from .text import marked_html, md, md_link, safe_url


@st.cache_data(show_spinner=False, max_entries=32, ttl=3600)
def frames(tok: str, path: str, key: str, pinned: str | None) -> dict[str, pd.DataFrame]:
    """The three tables of a view (cached per database state, view and pinned selection)."""
    view = View.from_query(json.loads(key)).with_(selected=pinned)
    g = loaders.view_graph(path, view)
    nodes = pd.DataFrame(export.node_rows(g), columns=export.HEADERS["nodes.csv"])
    nodes["first_seen"] = [g.nodes[n]["first_seen"] for n in nodes["id"]]
    nodes["last_seen"] = [g.nodes[n]["last_seen"] for n in nodes["id"]]
    edges = pd.DataFrame(export.edge_rows(g), columns=export.columns("edges.csv", g))
    edges["evidence"] = [_excerpt(text) for text in edges["evidence"]]
    edges["ref"] = [state.edge_ref(s, t, r) for s, t, r in zip(edges["source"], edges["target"], edges["relation"])]
    edges["latest"] = [_latest_url(g.edges[s, t, r]) for s, t, r in zip(edges["source"], edges["target"],
                                                                        edges["relation"])]
    arts = pd.DataFrame(export.article_rows(g, loaders.store(path), view), columns=export.HEADERS["articles.csv"])
    arts["url"] = [safe_url(u) for u in arts["url"]]
    return {"nodes": nodes, "edges": edges, "articles": arts}


EXCERPT = 400   # characters of evidence a table cell shows; the panel and the CSV files keep every sentence


def _excerpt(joined: str) -> str:
    """The first evidence sentences of an edge, cut to a table cell (a hub edge can hold thousands)."""
    if len(joined) <= EXCERPT:
        return joined
    sentences = joined.split(export.SEP)
    shown, size = [], 0
    for sentence in sentences:
        if shown and size + len(sentence) > EXCERPT:
            break
        shown.append(sentence[:EXCERPT])
        size += len(sentence)
    rest = len(sentences) - len(shown)
    return export.SEP.join(shown) + (f" … (+{rest} more: open the edge)" if rest else "")


def _latest_url(edge: dict) -> str | None:
    """Link to the newest article giving evidence for an edge (http(s) only)."""
    for ev in sorted(edge["evidence"], key=lambda e: e.get("published") or "", reverse=True):
        if safe_url(ev.get("url")):
            return safe_url(ev["url"])
    return None


def _select_row(key: str, refs: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        state.select(refs[rows[0]], jump=True)


def entities(df: pd.DataFrame) -> None:
    show = df[["name", "type", "country", "office", "aliases", "mentions", "articles", "first_seen", "last_seen",
               "id"]]
    st.dataframe(show, key="t_entities", hide_index=True, on_select=lambda: _select_row("t_entities", list(df["id"])),
                 selection_mode="single-row", width="stretch",
                 column_config={"mentions": st.column_config.NumberColumn("mentions", help="times named"),
                                "articles": st.column_config.NumberColumn("articles", help="articles naming it"),
                                "type": st.column_config.TextColumn("type"),
                                "id": st.column_config.TextColumn("id", width="small")})
    st.caption(f"{len(df)} entities · select a row to open it in the panel")


def relations(df: pd.DataFrame) -> None:
    show = df[["source_name", "relation", "target_name", "weight", "topics", "first_seen", "last_seen", "latest",
               "evidence", "article_ids"] + (["assertion"] if "assertion" in df else [])]
    st.dataframe(show, key="t_relations", hide_index=True,
                 on_select=lambda: _select_row("t_relations", list(df["ref"])), selection_mode="single-row",
                 width="stretch",
                 column_config={"source_name": "source", "target_name": "target",
                                "weight": st.column_config.ProgressColumn(
                                    "weight", format="%d", min_value=0,
                                    max_value=int(df["weight"].max()) if len(df) else 1),
                                "latest": st.column_config.LinkColumn("latest article", display_text="open ↗"),
                "evidence": st.column_config.TextColumn("evidence", width="large")})
    st.caption(f"{len(df)} relations · select a row to read its evidence")


def articles(df: pd.DataFrame, path: str, shown: nx.Graph) -> None:
    st.dataframe(df[["published", "title", "source", "url", "id"]], key="t_articles", hide_index=True,
                 on_select="rerun", selection_mode="single-row", width="stretch",
                 column_config={"url": st.column_config.LinkColumn("link", display_text="open ↗"),
                                "title": st.column_config.TextColumn("title", width="large")})
    st.caption(f"{len(df)} articles · select a row to read it with its entities marked")
    rows = st.session_state.get("t_articles")
    rows = rows.selection.rows if rows is not None else []
    if rows and rows[0] < len(df):
        reader(path, df.iloc[rows[0]]["id"], shown)


def reader(path: str, article_id: str, shown: nx.Graph) -> None:
    art = loaders.article(loaders.token(path), path, article_id)
    if not art:
        return
    st.markdown(f"#### {md(art['title'] or article_id)}")
    st.caption(" · ".join(x for x in (md(art["published"] or "undated"), md(art["source"]),
                                       md_link("source", art["url"]) if safe_url(art["url"]) else "") if x))
    only_view = st.toggle("Mark only the entities in this view", value=True, key="t_reader_only")
    colours = {t: c for t, (c, _s, _sym) in NODE_STYLE.items()}
    with st.container(height=420, border=True):
        st.html(marked_html(art["text"], art["mentions"], colours, keep=set(shown) if only_view else None))
