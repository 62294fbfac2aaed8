"""The timeline and dates in a real browser (Chromium, one Streamlit server for this module, the fixtures and
helpers of tests/test_browser.py): the timeline's brush sets since/until in the URL, the Articles tab
lists exactly the articles of the view's evidence, a date typed in the sidebar applies without another
click, and the reader corrects an article's date by hand.

The server runs on a copy of the dashboard test database (`dash_db` below), since a date correction
writes to it.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

import pytest

from graph import Store, View, query, sql
from test_browser import ROW_PX, TIMEOUT, browser, page, server  # noqa: F401  (fixtures, one server here)

SHOTS = "/work/notes/shots"


@pytest.fixture(scope="module")
def dash_db(dash_db, tmp_path_factory):   # noqa: F811  the session's test database, copied for this module
    copy = tmp_path_factory.mktemp("timeline") / "graph.db"
    with sqlite3.connect(dash_db) as a, sqlite3.connect(copy) as b:
        a.backup(b)
    return copy


@pytest.fixture(scope="module")
def store(dash_db):
    with Store(dash_db, readonly=True) as s:
        yield s


def shot(page, name: str) -> None:
    import os
    folder = os.environ.get("ENTENTE_SCREENSHOTS") or (SHOTS if os.path.isdir(SHOTS) else None)
    if folder:
        page.page.screenshot(path=f"{folder}/{name}.png")


def plot_box(page) -> dict:
    """The timeline's plot area on the page (Vega's background rectangle inside the chart)."""
    chart = page.page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    page.page.wait_for_function("() => document.querySelector('[data-testid=stVegaLiteChart] path.background')")
    return page.page.evaluate("() => { const r = document.querySelector('[data-testid=stVegaLiteChart] "
                              "path.background').getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, "
                              "h: r.height}; }")


def articles_tab_ids(page) -> list[str]:
    """The ids in the Articles table (its accessible table: one row per article, the id last)."""
    page.page.get_by_role("tab", name="Articles").click()
    page.page.get_by_text("select a row to read it").wait_for()
    page.page.wait_for_function("() => document.querySelector('[data-testid=stDataFrame] table tbody tr')")
    return page.page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stDataFrame] table tbody tr')]"
        ".map(r => r.querySelector('td:last-child').innerText.trim())")


def drawn_view(params: dict) -> View:
    """The view the page shows for these URL parameters (the dashboard's defaults applied)."""
    from dashboard import state
    view = View.from_query(params)
    try:
        return state.effective(view, together=False)   # mentioned-together links hidden, as on a fresh page
    except TypeError:
        return state.effective(view)


def view_articles(store, view: View) -> set[str]:
    g = query.subgraph(store, view, evidence=False)
    return sql.article_ids(store, view, list(g.edges(keys=True)))


def test_the_timeline_brush_sets_since_and_until_in_the_url(page, store):
    page.open()
    timeline = query.timeline(store, drawn_view({}))
    box = plot_box(page)
    gid = page.graph()["gid"]
    y = box["y"] + box["h"] * 0.7
    page.page.mouse.move(box["x"] + box["w"] * 0.05, y)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["w"] * 0.6, y, steps=10)
    page.page.mouse.up()
    page.wait_url(lambda p: "since" in p and "until" in p)
    since, until = (dt.date.fromisoformat(page.params()[k][0]) for k in ("since", "until"))
    assert since <= until
    first, last = (dt.date.fromisoformat(timeline[k]) for k in ("first", "last"))
    if timeline["period"] == "week":   # whole weeks, Monday to Sunday
        assert since.weekday() == 0 and until.weekday() == 6
    else:                              # whole months
        assert since.day == 1 and (until + dt.timedelta(days=1)).day == 1
    assert first - dt.timedelta(days=31) <= since <= last and first <= until
    # the page shows the dated view: its graph, the sidebar's dates, the shaded range and "All dates"
    expected = query.subgraph(store, drawn_view(page.params()))
    page.wait_drawn(nodes=len(expected), gid_not=gid)
    page.page.get_by_role("button", name="All dates").wait_for()
    shot(page, "timeline-brushed")
    page.page.get_by_role("button", name="All dates").click()
    page.wait_url(lambda p: "since" not in p and "until" not in p)


def test_the_articles_tab_lists_the_articles_of_the_views_evidence(page, store):
    for params in ({}, {"country": ["SRB"], "since": ["2024-05-01"], "until": ["2024-06-30"]}):
        page.open("&".join(f"{k}={v[0]}" for k, v in params.items()))
        expected = view_articles(store, drawn_view(params))
        assert expected, "the view has evidence"
        ids = articles_tab_ids(page)
        assert sorted(ids) == sorted(expected)
        page.page.get_by_text(f"{len(expected)} article{'s' if len(expected) != 1 else ''} · select a row").wait_for()


def test_a_date_typed_in_the_sidebar_applies_without_another_click(page, store):
    page.open()
    gid = page.graph()["gid"]
    page.page.get_by_role("spinbutton", name="year, From").click()
    page.page.keyboard.type("2024-05-09", delay=40)   # no Enter, no click elsewhere
    page.wait_url(lambda p: p.get("since") == ["2024-05-09"])
    expected = query.subgraph(store, drawn_view({"since": ["2024-05-09"]}))
    page.wait_drawn(nodes=len(expected), gid_not=gid)
    # and Enter applies an edited date at once too
    gid = page.graph()["gid"]
    page.page.get_by_role("spinbutton", name="year, Until").click()
    page.page.keyboard.type("2024-08-3", delay=40)
    page.page.keyboard.press("Enter")
    page.wait_url(lambda p: p.get("until") == ["2024-08-03"])
    page.wait_drawn(gid_not=gid)


def test_the_reader_shows_where_the_date_came_from_and_corrects_it(page, store, dash_db):
    page.open()
    rows = sorted(view_articles(store, drawn_view({})))
    ids = articles_tab_ids(page)
    assert sorted(ids) == rows
    row = 0
    article = ids[row]
    read = store.conn.execute("SELECT published FROM articles WHERE id = ?", (article,)).fetchone()[0]
    grid = page.page.locator('[data-testid="stDataFrame"]').filter(has=page.page.locator("canvas")).last
    for attempt in range(3):   # a click while the page still moves (a rerun ending) can miss the row: again
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.page.mouse.click(box["x"] + 16, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)   # its selection checkbox
        try:
            page.page.get_by_text("Correct the date").wait_for(timeout=8000)
            break
        except Exception:  # noqa: BLE001 - not selected yet; the last try fails below with the click's own error
            page.page.wait_for_timeout(500)
    page.page.get_by_text("Correct the date").click()
    field = page.page.get_by_role("group", name="Date of this article")
    field.wait_for()
    page.page.get_by_role("spinbutton", name="year, Date of this article").click()
    page.page.keyboard.type("2020-02-02", delay=40)
    page.page.get_by_role("button", name="Save date").click()
    page.page.get_by_text("Date saved: 2020-02-02").wait_for()
    page.page.get_by_text(f"2020-02-02 (corrected by hand; read as {read})").wait_for()
    shot(page, "reader-date-corrected")
    deadline = time.monotonic() + TIMEOUT / 1000
    with Store(dash_db, readonly=True) as s:
        while True:
            published, meta = s.conn.execute("SELECT published, meta FROM articles WHERE id = ?",
                                             (article,)).fetchone()
            if published == "2020-02-02" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert published == "2020-02-02" and json.loads(meta)["date_corrected"]["read"] == read
        assert {r[0] for r in s.conn.execute("SELECT DISTINCT published FROM relations WHERE article_id = ?",
                                             (article,))} <= {"2020-02-02"}
