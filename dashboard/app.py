"""Entente's dashboard page (`streamlit run dashboard/app.py [-- --db PATH]`): thin wiring only.

Order matters: a click reported by the graph component is applied to the URL first, then the view is
read from the URL and the page is drawn from cached queries, the graph and its panel first (a fresh page
draws the graph sooner), then the sidebar, whose filter widgets get the URL's values just before they are
written, then the timeline and the tables.
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


def current_view():
    """The URL's view, the view as drawn and its graph, the URL's ignored parts, and what was dropped: a
    focus, path or expansion the store does not know (the view is shown without them)."""
    url_view, problems = state.read_view()
    view = state.effective(url_view)
    try:
        return url_view, view, loaders.view_graph(path, view), problems, None
    except KeyError as exc:
        view = view.with_(node=None, path=None, expand=())
        dropped = f"{md(exc.args[0])}: showing the view without focus, path and expansion."
        return url_view, view, loaders.view_graph(path, view), problems, dropped


def drawn_key(view, shown) -> str:
    """What the page as a whole shows: the view but its selection, and the content of its graph (a selected
    node the limit had cut is added to it)."""
    return loaders.view_key(view) + shown.graph["content"]


@st.fragment
def graph_and_panel(page: str) -> None:
    """The bar above the graph, the graph and its panel. A click that only selects reruns them alone: the
    sidebar, timeline and tables do not depend on the selection and are not sent again. When a click or a
    panel button changes more than the selection (Focus, Expand, Path, Back to another focus), the page
    (`page`: its drawn_key) runs as a whole."""
    state.handle_click(st.session_state.get(component.KEY))   # in a run of this part alone
    _url, view, shown, _problems, _dropped = current_view()
    if drawn_key(view, shown) != page:
        st.rerun()
    full = loaders.Nodes(path)
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


state.handle_click(st.session_state.get(component.KEY))
url_view, view, shown, problems, dropped = current_view()
for problem in problems:
    st.error(f"Ignored part of the link: {md(problem)}")
if message := state.take_flash():
    st.warning(md(message))
if dropped:
    st.warning(dropped)

graph_and_panel(drawn_key(view, shown))
# the sidebar's filters: the URL's values go into the widgets just before they are written (state.sync_widgets)
state.sync_widgets(url_view)
place = sidebar.render(path, view, loaders.Nodes(path))
sidebar.totals(path, place)   # the store's totals (slow on a cold store) and the feeds, under the filters' title
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
