"""Entente's dashboard page (`streamlit run dashboard/app.py [-- --db PATH]`): thin wiring only.

Order matters: a click reported by the graph component is applied to the URL first, then the view is
read from the URL, the sidebar's filters are synced to it and written, and the rest of the page is drawn
from cached queries: the graph and its panel first; what is slow on a fresh server and clicked on less
(the view's counts, the store's totals, feeds, upload, timeline, tables) after them.
"""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from dashboard import component, loaders, network, panels, settings, sidebar, state, upload  # noqa: E402
from dashboard.text import md  # noqa: E402
from extractors.countries import country_name  # noqa: E402
from graph import StoreError  # noqa: E402

st.set_page_config(page_title="Entente", page_icon=str(Path(__file__).with_name("icon.svg")), layout="wide")
component.page_style()
component.library()   # the vis-network script (470 KB, once a session) first: the browser reads it meanwhile

db = settings.db_path()
upload.ensure_database(db)
path = str(db)
try:
    loaders.store(path)
except StoreError as exc:
    st.error(md(exc))
    st.stop()

state.handle_click(st.session_state.get(component.KEY))
url_view, problems = state.read_view()
for problem in problems:
    st.error(f"Ignored part of the link: {md(problem)}")
if message := state.take_flash():
    st.warning(md(message))

view = state.effective(url_view)
full = loaders.Nodes(path)   # any node's name and facts, read when asked (the whole graph is never loaded)
try:
    shown = loaders.view_graph(path, view)
except KeyError as exc:  # a focus, path or expanded node that this view does not know
    st.warning(f"{md(exc.args[0])}: showing the view without focus, path and expansion.")
    view = view.with_(node=None, path=None, expand=())
    shown = loaders.view_graph(path, view)

state.sync_widgets(url_view)
place = sidebar.render(path, view, full)   # the filters: in the browser before anything can be clicked
bar = st.container()   # what the view is: written once the graph is on its way (its counts are a query)
graph_col, panel_col = st.columns([2.3, 1], gap="medium")
with graph_col:
    if len(shown):
        drawn, counts = loaders.drawing(path, view, settings.GRAPH_HEIGHT)
        component.graph(drawn, view.selected, st.session_state.get(state.JUMP), settings.GRAPH_HEIGHT)
        if note := network.hidden_note(counts):
            st.caption(note)
    else:
        st.info("No nodes in this view. Loosen the filters in the sidebar.")
with panel_col:
    panels.panel(path, shown, view, country_name)
with bar:
    sidebar.view_bar(path, view, full, shown)
sidebar.totals(path, place)   # the store's totals, the feeds and the upload: after the graph
upload.uploader(db)

# pandas and Altair take about a second to import in a fresh server: imported once the graph is on its way
from dashboard import exports, tables, timeline  # noqa: E402

timeline.chart(path, view)   # the view's evidence over time; dragging across it sets the dates
open_tab, tabs = tables.tabs(shown)
if open_tab in tables.TABLES:   # only the open tab's table is read and sent
    with tabs[open_tab]:
        tables.TABLES[open_tab](path, view, shown)
with tabs["export"]:   # small (each file is built when its button is pressed): always there
    exports.downloads(path, view)
state.widgets_drawn(url_view)   # last: a run that got this far sent the filters' values to the browser
