"""Downloads of the current view: the command line's CSV files, a zip of all four, GraphML, and a
standalone interactive HTML page written by pyvis with its scripts inline (it opens with no network).

Every file is built only when its button is pressed (deferred download data): a view of a large corpus
can carry tens of megabytes of evidence, which no rerun should pay for. nodes.csv and edges.csv are cached.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import shlex

import streamlit as st

from graph import View, export

from . import loaders, network


@st.cache_data(show_spinner=False, max_entries=32, ttl=3600)
def csv_pair(tok: str, path: str, key: str, pinned: str | None) -> tuple[str, str]:
    """nodes.csv and edges.csv of a view, exactly as `python -m graph export` writes them."""
    g = loaders.export_graph(path, View.from_query(json.loads(key)).with_(selected=pinned))
    return export.csv_file("nodes.csv", g), export.csv_file("edges.csv", g)


_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.I | re.S)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I | re.S)


def standalone_html(g, pos: dict, caption: str) -> str:
    """The view as one self-contained HTML page drawn by pyvis (cdn_resources="in_line").

    pyvis switches to an HTML popup (innerHTML) when any node title contains "href"; titles are plain
    text, so "href" inside one is broken with a zero-width joiner and the page is checked for the
    popup code. Remote links pyvis' template adds (Bootstrap) are removed, so the page makes no request.
    """
    from extractors.countries import country_name
    net = network.build(g, pos, country_name=country_name, height="85vh")
    for node in net.nodes:
        node["title"] = node.get("title", "").replace("href", "hre\u200df")
    page = net.generate_html(name="entente-view.html")
    if "popup.innerHTML" in page:
        raise RuntimeError("pyvis produced an HTML tooltip page; refusing to export it")
    page = _REMOTE_SCRIPT.sub("", _REMOTE_LINK.sub("", page))
    head = (f"<title>Entente — {html.escape(caption)}</title>"
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:\">")
    page = page.replace("<head>", "<head>" + head, 1)
    banner = (f'<div style="font:14px sans-serif;margin:8px 12px"><b>Entente</b> · {html.escape(caption)}'
              f"{network.legend_html(export.all_assertions(g))}</div>")
    return re.sub(r"<body>", "<body>" + banner, page, count=1)


def cli_command(view: View, db: str) -> str:
    """The `python -m graph export` command that writes the same files."""
    args = ["python", "-m", "graph", "export", "--db", db, "--out", "out/view"]
    for flag, values in (("--country", view.countries), ("--topic", view.topics), ("--type", view.types),
                         ("--relation", view.relations)):
        for v in values:
            args += [flag, v]
    for flag, value in (("--since", view.since), ("--until", view.until), ("--search", view.search),
                        ("--node", view.node)):
        if value:
            args += [flag, value]
    if view.mode != "either":
        args += ["--mode", view.mode]
    if view.min_weight > 1:
        args += ["--min-weight", str(view.min_weight)]
    if view.assertion != "asserted":
        args += ["--assertion", view.assertion]
    if view.node and view.depth != 1:
        args += ["--depth", str(view.depth)]
    if view.path:
        args += ["--path", *view.path]
    if view.limit:
        args += ["--limit", str(view.limit)]
    return " ".join(shlex.quote(a) for a in args)


def describe(view: View) -> str:
    q = view.with_(selected=None).to_query()
    return "; ".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in q.items()) or "whole graph"


def downloads(path: str, view: View) -> None:
    tok, key, pinned = loaders.token(path), loaders.view_key(view), loaders.pin(path, view)

    def nodes_csv():
        return csv_pair(tok, path, key, pinned)[0]

    def edges_csv():
        return csv_pair(tok, path, key, pinned)[1]

    stamp = dt.date.today().isoformat()

    def zip_bytes():
        g = loaders.export_graph(path, view)
        return export.csv_zip(g, loaders.store(path), view)

    def graphml_text():
        return export.graphml(loaders.export_graph(path, view))

    def html_page():
        return standalone_html(loaders.view_graph(path, view), loaders.view_positions(path, view), describe(view))

    c = st.columns(5)
    c[0].download_button("nodes.csv", nodes_csv, file_name="nodes.csv", mime="text/csv", key="x_nodes",
                         on_click="ignore", icon=":material/download:")
    c[1].download_button("edges.csv", edges_csv, file_name="edges.csv", mime="text/csv", key="x_edges",
                         on_click="ignore", icon=":material/download:")
    c[2].download_button("All CSV (zip)", zip_bytes, file_name=f"entente-view-{stamp}.zip",
                         mime="application/zip", key="x_zip", on_click="ignore", icon=":material/folder_zip:")
    c[3].download_button("GraphML", graphml_text, file_name=f"entente-view-{stamp}.graphml",
                         mime="application/graphml+xml", key="x_graphml", on_click="ignore",
                         icon=":material/hub:")
    c[4].download_button("HTML page", html_page, file_name=f"entente-view-{stamp}.html", mime="text/html",
                         key="x_html", on_click="ignore", icon=":material/public:")
    st.caption("The same files from the command line:")
    st.code(cli_command(view, str(path)), language="bash")
