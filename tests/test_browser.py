"""The dashboard in a real browser: Playwright drives Debian's Chromium against `streamlit run` on localhost.

One Streamlit server per module. Every page records its requests and dialogs: nothing may leave
localhost and no dialog may open. Without /usr/bin/chromium these tests are skipped, unless
REQUIRE_BROWSER=1 (CI), when a missing browser is a failure.
"""
from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT
from dashboard_corpus import XSS_ID, XSS_NAME, XSS_TITLE
from graph import Store, View, export, query

CHROMIUM = Path(os.environ.get("ENTENTE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
LIMIT = 40   # the dashboard's default node limit (dashboard/settings.py)
TIMEOUT = 30_000  # ms
ROW_PX = 35  # st.dataframe row height (header included), for clicking a row's checkbox


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# ---- fixtures --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(dash_db, tmp_path_factory):
    """`streamlit run dashboard/app.py` on a free localhost port, on the test database."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = dict(os.environ, ENTENTE_DB=str(dash_db), ENTENTE_DATA=str(dash_db.parent / "articles"))
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
           "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Page:
    """A browser page on the dashboard that records requests leaving localhost and any dialog."""

    def __init__(self, browser, base, tmp_path):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.tmp = tmp_path
        self.context.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("blob:", "data:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, query: str = ""):
        self.page.goto(self.base + "/" + (("?" + query) if query else ""))
        self.wait_drawn()
        return self

    def wait_drawn(self, nodes: int | None = None, gid_not: str | None = None):
        try:
            self.page.wait_for_function(
                "([n, g]) => { const e = globalThis.__entente; return e && e.drawn && (n === null || e.nodes === n)"
                " && (g === null || e.gid !== g); }", arg=[nodes, gid_not])
        except Exception as exc:
            state = self.page.evaluate("() => globalThis.__entente && [__entente.nodes, __entente.gid, __entente.drawn]")
            raise AssertionError(f"graph not drawn as expected (nodes={nodes}, gid_not={gid_not}); "
                                 f"drawn: {state}; url: {self.url()}") from exc

    def graph(self) -> dict:
        return self.page.evaluate("() => ({gid: __entente.gid, nodes: __entente.nodes, edges: __entente.edges,"
                                  " selected: __entente.selected})")

    def click_node(self, node: str):
        xy = self.page.evaluate("id => globalThis.__entente.nodeOnPage(id)", node)
        self.page.mouse.click(xy["x"], xy["y"])

    def hover_node(self, node: str):
        xy = self.page.evaluate("id => globalThis.__entente.nodeOnPage(id)", node)
        self.page.mouse.move(xy["x"] - 30, xy["y"] - 30)
        self.page.mouse.move(xy["x"], xy["y"], steps=5)

    def url(self) -> str:
        """The address bar (Playwright's page.url can lag behind history.pushState)."""
        return self.page.evaluate("() => location.href")

    def params(self) -> dict:
        return parse_qs(urlsplit(self.url()).query)

    def wait_url(self, predicate):
        deadline = time.monotonic() + TIMEOUT / 1000
        while not predicate(self.params()):
            if time.monotonic() > deadline:
                raise AssertionError(f"URL never matched: {self.url()}")
            time.sleep(0.1)

    def focus_button(self):
        """The panel's Focus button (not the help icon of 'Focus depth' beside it, whose name says Focus too)."""
        return self.page.get_by_role("button", name="Focus").filter(has_text="Focus").first

    def panel_heading(self, text: str):
        return self.page.get_by_role("heading", name=text, exact=True)

    def screenshot(self, name: str):
        if os.environ.get("ENTENTE_SCREENSHOTS"):
            folder = Path(os.environ["ENTENTE_SCREENSHOTS"])
            folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(folder / f"{name}.png"))

    def close(self):
        self.context.close()


@pytest.fixture
def page(browser, server, tmp_path):
    p = Page(browser, server, tmp_path)
    yield p
    try:
        assert not p.outside, f"requests left localhost: {p.outside}"
        assert not p.dialogs, f"a dialog opened: {p.dialogs}"
        assert not p.errors, f"page errors: {p.errors}"
    finally:
        p.close()


@pytest.fixture(scope="module")
def store(dash_db):
    with Store(dash_db, readonly=True) as s:
        yield s


def view_graph(store, **kw):
    """The graph the dashboard draws for these filters (its default limit, no mentioned-together links)."""
    return query.subgraph(store, dashboard_view(**kw))


def dashboard_view(**kw) -> View:
    from dashboard.state import effective
    return effective(View(limit=LIMIT, **kw), together=False)


def drawn_lines(g) -> int:
    """Lines the page draws for a view: one per node pair, at most a few per node."""
    from dashboard import network
    return network.drawn_pairs(g)[1]["drawn"]


# ---- tests -----------------------------------------------------------------------------------------------
def test_page_loads_with_graph_and_legend_and_nothing_leaves_localhost(page, store):
    page.open()
    g = view_graph(store)
    assert page.graph()["nodes"] == len(g) and page.graph()["edges"] == drawn_lines(g)
    assert page.page.get_by_text(f"{len(g)} of {len(g)} nodes").is_visible()
    legend = page.page.locator(".entente-legend")
    for label in ("leader", "state", "technology", "rivalry & conflict"):
        assert legend.get_by_text(label, exact=True).is_visible()
    page.screenshot("01-start")


def test_each_drawn_line_is_one_pair_with_the_tooltip_listing_its_relations(page, store):
    from dashboard import network
    page.open("country=SRB")
    g = view_graph(store, countries=("SRB",))
    expected = {e["id"]: e for e in network.build(g, {}).edges}
    drawn = page.page.evaluate("() => __entente.network.body.data.edges.get()")
    assert len(drawn) == len(expected) <= network.EDGES_PER_NODE * len(g)
    assert len({frozenset((e["from"], e["to"])) for e in drawn}) == len(drawn), "one line per pair"
    for e in drawn:
        want = expected[e["id"]]
        assert (e["from"], e["to"], e["title"], e["width"], e["color"]) == \
               (want["from"], want["to"], want["title"], want["width"], want["color"])
        assert e.get("arrows") == want.get("arrows") and e.get("dashes") == want.get("dashes")


def test_a_link_to_one_relation_of_a_pair_selects_the_line_that_carries_it(page, store):
    from dashboard import network
    g = view_graph(store)
    pair = next(p for p in network.drawn_pairs(g)[0] if len(p["relations"]) > 1)
    line = network.edge_id(*pair["relations"][0][:3])
    other = network.edge_id(*pair["relations"][1][:3])
    page.open(f"selected={other}")
    page.page.wait_for_function("id => __entente.network.getSelectedEdges()[0] === id", arg=line)


def test_click_node_opens_panel_with_evidence(page, store):
    page.open()
    page.click_node("state:SRB")
    page.panel_heading("Serbia").wait_for()
    page.wait_url(lambda q: q.get("selected") == ["state:SRB"])
    full = query.full_graph(store)
    sentence = next(iter(full.edges("state:SRB", data=True)))[2]["evidence"][0]["sentence"]
    page.page.get_by_text(" ".join(sentence.split())[:60]).first.wait_for()
    assert page.page.get_by_text("Neighbours", exact=True).is_visible()
    assert page.graph()["selected"] == "state:SRB"
    page.screenshot("02-node-panel")


def test_a_click_that_only_selects_receives_the_selection_not_the_drawing(page, store):
    import base64
    page.open()
    before = page.graph()
    frames: list[bytes] = []
    cdp = page.context.new_cdp_session(page.page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(
        base64.b64decode(e["response"]["payloadData"]) if e["response"]["opcode"] == 2
        else e["response"]["payloadData"].encode()))
    page.click_node("state:SRB")
    page.panel_heading("Serbia").wait_for()
    page.page.wait_for_function("() => __entente.selected === 'state:SRB'")
    page.page.wait_for_timeout(500)   # the rest of the rerun's messages
    assert page.graph()["gid"] == before["gid"], "not drawn again"
    assert frames and b"state:SRB" in b"".join(frames), "the selection arrived"
    assert not any(before["gid"].encode() in f for f in frames), "the drawing (it starts with its id) was resent"
    frames.clear()   # a new drawing does arrive, and is recognised by its id
    page.open("country=IND")
    assert any(page.graph()["gid"].encode() in f for f in frames)


def test_a_click_that_only_selects_reruns_the_graph_and_its_panel_alone(page, store):
    import base64
    page.open()
    frames: list[bytes] = []
    cdp = page.context.new_cdp_session(page.page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(
        base64.b64decode(e["response"]["payloadData"]) if e["response"]["opcode"] == 2
        else e["response"]["payloadData"].encode()))
    page.click_node("state:SRB")
    page.panel_heading("Serbia").wait_for()
    page.page.get_by_text("Neighbours", exact=True).wait_for()
    page.page.wait_for_timeout(500)   # the rest of the rerun's messages
    sent = b"".join(frames)
    assert b"Serbia" in sent, "the panel arrived"
    assert b"Max. nodes" not in sent and b"Evidence over time" not in sent, "the sidebar and timeline were resent"
    frames.clear()   # Focus changes the view: the whole page runs again
    before = page.graph()
    page.focus_button().click()
    page.wait_drawn(gid_not=before["gid"])
    page.page.get_by_role("tab", name="Export").wait_for()
    page.page.wait_for_timeout(500)
    assert b"Max. nodes" in b"".join(frames)


def test_focus_and_back(page, store):
    page.open()
    before = page.graph()
    page.click_node("state:SRB")
    page.panel_heading("Serbia").wait_for()
    page.focus_button().click()
    focused = view_graph(store, node="state:SRB")
    page.wait_drawn(nodes=len(focused), gid_not=before["gid"])
    page.wait_url(lambda q: q.get("node") == ["state:SRB"])
    page.page.get_by_text("Focused on").wait_for()
    page.screenshot("03-focus")
    page.page.get_by_role("button", name="Back").first.click()
    page.wait_url(lambda q: "node" not in q and q.get("selected") == ["state:SRB"])
    page.wait_drawn(nodes=before["nodes"])
    assert page.graph()["gid"] == before["gid"], "back to the same drawing (cached layout)"


def test_country_filter_changes_graph_and_tables(page, store):
    page.open()
    before = page.graph()
    box = page.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Country")
    box.locator("input").click()
    page.page.get_by_role("option", name="India (IND)").click()
    page.page.keyboard.press("Escape")
    g = view_graph(store, countries=("IND",))
    page.wait_url(lambda q: q.get("country") == ["IND"])
    page.wait_drawn(nodes=len(g), gid_not=before["gid"])
    assert page.graph()["edges"] == drawn_lines(g)
    page.page.get_by_role("tab", name=f"Entities ({len(g)})").wait_for()
    page.page.get_by_role("tab", name=f"Relations ({g.number_of_edges()})").wait_for()
    page.screenshot("04-country-filter")


def _download(page, button_name: str):
    """Open the Export tab and download with one of its buttons. Opening the tab reruns the page, and a click
    during that rerun hits the old button: then the button is clicked once more."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.page.get_by_role("tab", name="Export").click()
    button = page.page.get_by_role("button", name=button_name)
    try:
        with page.page.expect_download(timeout=15_000) as info:
            button.click()
    except PlaywrightTimeout:
        with page.page.expect_download() as info:
            button.click()
    return info.value


def test_downloaded_edges_csv_matches_the_view(page, store):
    page.open("country=SRB&relation=supplies&relation=procures&relation=met_with")
    path = _download(page, "edges.csv").path()
    text = Path(path).read_text(encoding="utf-8")
    view = View(countries=("SRB",), relations=("supplies", "procures", "met_with"), limit=LIMIT)
    g = query.subgraph(store, view)
    assert text == export.to_csv("edges.csv", export.edge_rows(g))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["relation"] for r in rows} <= {"supplies", "procures", "met_with"}


def test_url_with_query_parameters_restores_the_view(page, store):
    page.open("country=IND&node=state:IND&depth=1&selected=state:IND")
    g = view_graph(store, countries=("IND",), node="state:IND")
    page.wait_drawn(nodes=len(g))
    page.panel_heading("India").wait_for()
    page.page.get_by_text("Focused on").wait_for()
    sidebar = page.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("India (IND)").wait_for()
    assert page.graph()["selected"] == "state:IND"


def test_hostile_name_is_text_and_raises_no_dialog(page, store):
    page.open(f"country=SRB&selected={XSS_ID}")
    heading = page.panel_heading(XSS_NAME)
    heading.wait_for()
    assert heading.inner_text() == XSS_NAME
    page.hover_node(XSS_ID)
    tooltip = page.page.locator("div.vis-tooltip")
    page.page.wait_for_function(
        "() => [...document.querySelectorAll('*')].some(e => e.shadowRoot && [...e.shadowRoot.querySelectorAll("
        "'div.vis-tooltip')].some(t => t.style.visibility === 'visible'))")
    assert XSS_NAME in tooltip.inner_text()
    # the Articles table, and the hostile article opened in the reader with its entities marked
    view = dashboard_view(countries=("SRB",))
    rows = export.article_rows(query.subgraph(store, view), store, view)
    row = next(i for i, r in enumerate(rows) if r["title"] == XSS_TITLE)
    page.page.get_by_role("tab", name="Articles").click()   # its table is built when the tab opens
    grid = page.page.locator('.st-key-t_articles [data-testid="stDataFrame"]').filter(has=page.page.locator("canvas"))
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.page.mouse.click(box["x"] + 16, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)  # its selection checkbox
    page.panel_heading(XSS_TITLE).wait_for()
    marks = page.page.locator("mark")
    marks.first.wait_for()
    assert XSS_NAME in marks.all_inner_texts()
    injected = page.page.evaluate(
        "() => { const all = []; const walk = r => { r.querySelectorAll('img').forEach(i => all.push(i.src));"
        " r.querySelectorAll('*').forEach(e => e.shadowRoot && walk(e.shadowRoot)); }; walk(document);"
        " return all.filter(s => s.endsWith('/x')); }")
    assert injected == [], "the hostile <img> became an element"
    page.screenshot("05-hostile-name")
    # (the page fixture then checks that no dialog opened and nothing left localhost)


def test_standalone_html_export_opens_offline(page, store, browser, tmp_path):
    page.open("country=SRB")
    html_file = tmp_path / "view.html"
    _download(page, "HTML page").save_as(html_file)
    offline = browser.new_context(offline=True)
    try:
        requests, dialogs = [], []
        p = offline.new_page()
        p.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
        p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        p.goto(html_file.as_uri())
        p.wait_for_function("() => typeof network !== 'undefined' && network.body.data.nodes.length > 0")
        g = view_graph(store, countries=("SRB",))
        assert p.evaluate("() => network.body.data.nodes.length") == len(g)
        assert p.evaluate("() => nodes.get('%s').label" % XSS_ID) == XSS_NAME
        assert requests == [] and dialogs == []
    finally:
        offline.close()
