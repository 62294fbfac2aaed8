"""A fresh server's first page, in a real browser (Chromium, one Streamlit server for this module and this
page only: the fixtures of tests/test_browser.py).

The first run of a fresh server is slow (imports, cold caches), and the graph is drawn before that run has
written everything: a click on it can stop the run. The sidebar's filters must reach the browser all the
same, or the browser shows a widget's default and sends it back with the next click as if the user had
chosen it (Max. nodes 1, its minimum: Focus then Back showed one node).
"""
from __future__ import annotations

from test_browser import LIMIT, browser, page, server, store  # noqa: F401  (fixtures, one server here)


def test_a_click_as_soon_as_the_graph_is_drawn_changes_no_filter_and_focus_then_back_returns(page, store):
    page.open()
    before = page.graph()
    page.click_node("state:SRB")   # at once: the first run may still be writing the page
    page.panel_heading("Serbia").wait_for()
    page.focus_button().click()
    page.wait_url(lambda q: q.get("node") == ["state:SRB"])
    page.page.get_by_text("Focused on").wait_for()
    page.page.get_by_role("button", name="Back").first.click()
    page.wait_url(lambda q: "node" not in q and q.get("selected") == ["state:SRB"])
    page.wait_drawn(nodes=before["nodes"])
    assert "limit" not in page.params()
    max_nodes = page.page.locator('[data-testid="stSidebar"] input[aria-label="Max. nodes"]')
    assert max_nodes.input_value() == str(LIMIT)
