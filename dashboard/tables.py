"""The view as tables — Entities, Relations, Articles — a page at a time, with the CSV export's columns.

Rows are those the export writes for the same view (graph.export), in the same order. A page holds
PAGE rows: the Relations page reads the first evidence sentences of its own edges only, and the
Articles page reads its own articles only, so a view of thousands of edges costs one page. Pages are
cached per content of the view's graph (loaders.content_key): an ingest that does not change a view
keeps its pages. st.dataframe shows cell text as text (no HTML), sorts and filters; selecting a row
selects the node or edge in the graph, or opens the article with its entities marked.

Only the open tab's table is built and sent (`tabs`): a new view (Focus, a country) would otherwise send
three tables the user does not look at, a few hundred kilobytes on a large store.
"""
from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import streamlit as st

from graph import View, detail, export

from . import dates, loaders, state
from .network import NODE_STYLE
from .text import marked_html, md, md_link, safe_url

PAGE = 200      # rows per table page
EXCERPT = 400   # characters of evidence a table cell shows; the panel and the CSV files keep every sentence
SENTENCES = 6   # evidence sentences read per edge for its cell


def _excerpt(joined: str, total: int | None = None) -> str:
    """The first evidence sentences of an edge, cut to a table cell (a hub edge can hold thousands);
    `total` is how many sentences the edge has when `joined` holds only the first ones."""
    sentences = joined.split(export.SEP) if joined else []
    total = max(total or 0, len(sentences))
    if len(joined) <= EXCERPT and total == len(sentences):
        return joined
    shown, size = [], 0
    for sentence in sentences:
        if shown and size + len(sentence) > EXCERPT:
            break
        shown.append(sentence[:EXCERPT])
        size += len(sentence)
    rest = total - len(shown)
    return export.SEP.join(shown) + (f" … (+{rest} more: open the edge)" if rest else "")


def _ids_cell(ids: list[str], total: int) -> str:
    rest = total - len(ids)
    return export.SEP.join(ids) + (f" … (+{rest} more)" if rest > 0 else "")


def _page(key: str, total: int) -> int:
    """The page the user picked for a table (0-based), kept within range."""
    pages = max(1, -(-total // PAGE))
    return min(max(int(st.session_state.get(f"{key}_page") or 1), 1), pages) - 1


def _pager(key: str, total: int, noun: str, hint: str) -> None:
    pages = max(1, -(-total // PAGE))
    if pages > 1:
        page = _page(key, total)
        st.session_state[f"{key}_page"] = page + 1   # within range when the view changed under it
        c1, c2 = st.columns([1, 4], vertical_alignment="center")
        c1.number_input("Page", min_value=1, max_value=pages, step=1, key=f"{key}_page")
        c2.caption(f"{noun} {page * PAGE + 1}–{min(total, (page + 1) * PAGE)} of {total} · {hint}")
    else:
        st.caption(f"{total} {noun} · {hint}")


# ---- rows (cached per view content and page) ------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _node_page(content: str, page: int, _g: nx.Graph) -> pd.DataFrame:
    rows = export.node_rows(_g)[page * PAGE:(page + 1) * PAGE]
    df = pd.DataFrame(rows, columns=export.HEADERS["nodes.csv"])
    df["first_seen"] = [_g.nodes[n]["first_seen"] for n in df["id"]]
    df["last_seen"] = [_g.nodes[n]["last_seen"] for n in df["id"]]
    return df


def _edge_order(g: nx.Graph) -> list[tuple[str, str, str, dict]]:
    return sorted(g.edges(keys=True, data=True), key=lambda e: (-e[3]["weight"], e[0], e[1], e[2]))


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _edge_page(content: str, path: str, key: str, page: int, _g: nx.Graph) -> pd.DataFrame:
    view = View.from_query(json.loads(key))
    edges = _edge_order(_g)[page * PAGE:(page + 1) * PAGE]
    excerpts = detail.edge_excerpts(loaders.store(path), view, [e[:3] for e in edges], sentences=SENTENCES)
    rows = []
    for s, t, rel, d in edges:
        ex = excerpts[(s, t, rel)]
        row = {"source": s, "target": t, "source_name": _g.nodes[s]["name"], "target_name": _g.nodes[t]["name"],
               "relation": rel, "topics": export.SEP.join(d["topics"]), "weight": d["weight"],
               "first_seen": d["first_seen"], "last_seen": d["last_seen"],
               "evidence": _excerpt(export.SEP.join(dict.fromkeys(export._cell(x) for x in ex["sentences"])),
                                    d["weight"]),
               "article_ids": _ids_cell(ex["articles"], d["n_articles"]),
               "ref": state.edge_ref(s, t, rel),
               "latest": next((safe_url(u) for u in ex["latest"] if safe_url(u)), None)}
        if view.assertion == "all":
            row["assertion"] = export.SEP.join(d.get("assertions") or ("asserted",))
        rows.append(row)
    columns = export.columns("edges.csv", _g) + ["ref", "latest"]
    return pd.DataFrame(rows, columns=columns)


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _article_ids(content: str, path: str, key: str, _g: nx.Graph) -> list[str] | None:
    """The view's articles (those giving evidence for its edges; None: every article)."""
    view = View.from_query(json.loads(key))
    ids = export.article_ids(_g, loaders.store(path), view)
    return None if ids is None else sorted(ids)


def article_count(path: str, view: View, g: nx.Graph) -> int:
    ids = _article_ids(g.graph["content"], path, loaders.view_key(view), g)
    return loaders.store(path).counts_articles() if ids is None else len(ids)


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _article_page(content: str, path: str, key: str, page: int, _g: nx.Graph) -> pd.DataFrame:
    ids = _article_ids(content, path, key, _g)
    rows = detail.article_page(loaders.store(path), ids, page * PAGE, PAGE)
    df = pd.DataFrame(rows, columns=export.HEADERS["articles.csv"])
    df["url"] = [safe_url(u) for u in df["url"]]
    return df


# ---- the tab bar ------------------------------------------------------------------------------------------
OPEN = "entente_table"   # session state: the open tab ("entities", "relations", "articles" or "export")
KINDS = ("entities", "relations", "articles", "export")


def tabs(g: nx.Graph) -> tuple[str, dict]:
    """The tab bar under the graph: which tab is open, and each tab's container by kind.

    Streamlit's stateful tabs (`on_change="rerun"`): opening a tab reruns the page, and only the open tab is
    filled, so a table's rows are read and sent when the user opens it and not on every rerun. The labels
    carry the counts the view's graph already holds (the article count costs a query per view: it shows in
    its own tab). Labels change with the view, which makes new tabs; the open tab is kept in the session so
    the new tabs open on it.
    """
    labels = {"entities": f"Entities ({len(g)})", "relations": f"Relations ({g.number_of_edges()})",
              "articles": "Articles", "export": "Export"}
    current = st.session_state.get(OPEN)
    current = current if current in labels else "entities"
    containers = dict(zip(KINDS, st.tabs([labels[k] for k in KINDS], default=labels[current], on_change="rerun")))
    for kind, tab in containers.items():
        if tab.open:
            current = kind
    st.session_state[OPEN] = current
    return current, containers


# ---- tables -----------------------------------------------------------------------------------------------
def _select_row(key: str, refs: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        state.select(refs[rows[0]], jump=True)


def entities(path: str, view: View, g: nx.Graph) -> None:
    total = len(g)
    df = _node_page(g.graph["content"], _page("t_entities", total), g)
    show = df[["name", "type", "country", "office", "aliases", "mentions", "articles", "first_seen", "last_seen",
               "id"]]
    st.dataframe(show, key="t_entities", hide_index=True, on_select=lambda: _select_row("t_entities", list(df["id"])),
                 selection_mode="single-row", width="stretch",
                 column_config={"mentions": st.column_config.NumberColumn("mentions", help="times named"),
                                "articles": st.column_config.NumberColumn("articles", help="articles naming it"),
                                "type": st.column_config.TextColumn("type"),
                                "id": st.column_config.TextColumn("id", width="small")})
    _pager("t_entities", total, "entities", "select a row to open it in the panel")


def relations(path: str, view: View, g: nx.Graph) -> None:
    total = g.number_of_edges()
    df = _edge_page(g.graph["content"], path, loaders.view_key(view), _page("t_relations", total), g)
    show = df[["source_name", "relation", "target_name", "weight", "topics", "first_seen", "last_seen", "latest",
               "evidence", "article_ids"] + (["assertion"] if "assertion" in df else [])]
    top = max((d["weight"] for *_, d in g.edges(data=True)), default=1)
    st.dataframe(show, key="t_relations", hide_index=True,
                 on_select=lambda: _select_row("t_relations", list(df["ref"])), selection_mode="single-row",
                 width="stretch",
                 column_config={"source_name": "source", "target_name": "target",
                                "weight": st.column_config.ProgressColumn(
                                    "weight", format="%d", min_value=0, max_value=int(top)),
                                "latest": st.column_config.LinkColumn("latest article", display_text="open ↗"),
                                "evidence": st.column_config.TextColumn("evidence", width="large")})
    _pager("t_relations", total, "relations", "select a row to read its evidence")


def articles(path: str, view: View, g: nx.Graph) -> None:
    total = article_count(path, view, g)
    df = _article_page(g.graph["content"], path, loaders.view_key(view), _page("t_articles", total), g)
    st.dataframe(df[["published", "title", "source", "url", "id"]], key="t_articles", hide_index=True,
                 on_select="rerun", selection_mode="single-row", width="stretch",
                 column_config={"url": st.column_config.LinkColumn("link", display_text="open ↗"),
                                "title": st.column_config.TextColumn("title", width="large")})
    _pager("t_articles", total, "articles", "select a row to read it with its entities marked")
    rows = st.session_state.get("t_articles")
    rows = rows.selection.rows if rows is not None else []
    if rows and rows[0] < len(df):
        reader(path, df.iloc[rows[0]]["id"], g)


def reader(path: str, article_id: str, shown: nx.Graph) -> None:
    art = loaders.article(loaders.token(path), path, article_id)
    if not art:
        return
    st.markdown(f"#### {md(art['title'] or article_id)}")
    st.caption(" · ".join(x for x in (dates.shown(art), md(art["source"]),
                                       md_link("source", art["url"]) if safe_url(art["url"]) else "") if x))
    dates.editor(path, art)   # correct the article's date by hand
    only_view = st.toggle("Mark only the entities in this view", value=True, key="t_reader_only")
    colours = {t: c for t, (c, _s, _sym) in NODE_STYLE.items()}
    with st.container(height=420, border=True):
        st.html(marked_html(art["text"], art["mentions"], colours, keep=set(shown) if only_view else None))


TABLES = {"entities": entities, "relations": relations, "articles": articles}   # what each tab shows
