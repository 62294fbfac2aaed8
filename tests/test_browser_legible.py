"""A graph people can read, in a real browser (Playwright and Chromium, one Streamlit server for this module).

The first screen is a view of about 40 nodes whose labels are at least 12 px on screen and overlap nothing;
'mentioned together' links are hidden until asked for; a click on the middle of any drawn line opens that
line; the bilateral view draws only what connects the two countries; Path zooms to the path; the trail
names the nodes visited once each; a node found outside the view becomes the focus; and at 1280×800 the
graph and its controls are inside the window.

The database is written here (no spaCy): 46 entities of every type with names of many lengths, specific
relations among them and many 'mentioned together' ones, so the default view is a full 40-node view.
The browser, server and page fixtures are those of tests/test_browser.py, on this database.
"""
from __future__ import annotations

import itertools
import random
import re

import pytest

from graph import Store, View, query
from test_browser import Page, browser, page, server  # noqa: F401  (fixtures, on this module's dash_db)

STATES = {"SRB": "Serbia", "CHN": "China", "FRA": "France", "IND": "India", "RUS": "Russia", "USA": "United States",
          "HUN": "Hungary", "JPN": "Japan", "DEU": "Germany", "GBR": "United Kingdom", "POL": "Poland",
          "TUR": "Turkey", "AUS": "Australia", "BRA": "Brazil"}
LEADERS = {"SRB": "Mirela Kovačević-Đorđević", "CHN": "Li Wen", "FRA": "Hélène Marchand", "IND": "Arjun Mehta",
           "RUS": "Pavel Orlov", "USA": "Margaret O'Donnell-Whitfield", "HUN": "Bence Szabó", "JPN": "Aiko Tanaka",
           "DEU": "Konrad Adenauer-Schmidt", "GBR": "Oliver Pemberton", "POL": "Zofia Wiśniewska",
           "TUR": "Emre Yıldız", "AUS": "Chloe Nguyen", "BRA": "João Pedro Albuquerque"}
AGREEMENTS = ["Belgrade–Beijing free trade agreement", "Paris defence pact", "Quad vaccine initiative",
              "Black Sea grain deal", "Pacific security compact", "Danube energy accord"]
TECH = ["FK-3 air defence system", "Rafale fighter jets", "S-400", "semiconductors", "nuclear reactors",
        "hypersonic missiles"]
ORGS = ["European Union", "North Atlantic Treaty Organization", "BRICS", "G20"]
MENTIONS_NEEDED = 40   # the default view's node limit


def _entities() -> dict[str, dict]:
    ents = {}
    for code, name in STATES.items():
        ents[f"state:{code}"] = {"id": f"state:{code}", "name": name, "type": "state", "country": code}
        ents[f"leader:{code}"] = {"id": f"leader:{code}", "name": LEADERS[code], "type": "leader", "country": code}
    for kind, names in (("agreement", AGREEMENTS), ("technology", TECH), ("organization", ORGS)):
        for i, name in enumerate(names):
            ents[f"{kind}:{i}"] = {"id": f"{kind}:{i}", "name": name, "type": kind}
    return ents


def _relations() -> list[tuple[str, str, str, int]]:
    rng = random.Random(8)
    codes = list(STATES)
    rels = [(f"leader:{c}", "leader_of", f"state:{c}", 2 + rng.randrange(4)) for c in codes]
    for a, b in rng.sample(list(itertools.combinations(codes, 2)), 16):
        rels.append((f"leader:{a}", "met_with", f"leader:{b}", 1 + rng.randrange(3)))
    for i, _name in enumerate(AGREEMENTS):
        for c in rng.sample(codes, 2):
            rels.append((f"state:{c}", "signed", f"agreement:{i}", 1 + rng.randrange(3)))
    for i, _name in enumerate(TECH):
        a, b = rng.sample(codes, 2)
        rels += [(f"state:{a}", "supplies", f"technology:{i}", 1 + rng.randrange(3)),
                 (f"state:{b}", "procures", f"technology:{i}", 1 + rng.randrange(2))]
    for i, _name in enumerate(ORGS):
        for c in rng.sample(codes, 3):
            rels.append((f"state:{c}", "member_of", f"organization:{i}", 1))
    for a, b in rng.sample(list(itertools.combinations(codes, 2)), 8):
        rels.append((f"state:{a}", "cooperates_with", f"state:{b}", 1 + rng.randrange(3)))
    rels += [("state:RUS", "conflict_with", "state:POL", 2), ("state:USA", "sanctions", "state:RUS", 3),
             ("state:CHN", "supplies", "state:SRB", 3), ("leader:CHN", "visited", "state:SRB", 2),
             ("state:SRB", "signed", "agreement:0", 2), ("state:CHN", "signed", "agreement:0", 2),
             ("state:SRB", "procures", "technology:0", 2), ("state:CHN", "supplies", "technology:0", 2)]
    every = sorted(_entities())
    for a, b in rng.sample(list(itertools.combinations(every, 2)), 120):
        rels.append((a, "related_to", b, 1 + rng.randrange(2)))
    return rels


@pytest.fixture(scope="module")
def dash_db(tmp_path_factory):
    """This module's database (the server and store fixtures of test_browser.py read `dash_db`)."""
    root = tmp_path_factory.mktemp("legible")
    (root / "articles").mkdir()
    db = root / "graph.db"
    ents = _entities()
    with Store(db) as store:
        for n, (a, rel, b, times) in enumerate(_relations()):
            for k in range(times):
                sentence = f"{ents[a]['name']} {rel.replace('_', ' ')} {ents[b]['name']} (report {n}.{k})."
                mentions = [{"entity": e, "text": ents[e]["name"], "start": 0, "end": 1, "sentence": 0}
                            for e in (a, b)]
                store.add_article(
                    {"id": f"a{n}-{k}", "text": sentence, "title": f"Report {n}.{k}",
                     "published": f"2024-{1 + n % 12:02d}-{1 + k % 27:02d}"},
                    {"entities": [ents[a], ents[b]], "mentions": mentions,
                     "relations": [{"source": a, "target": b, "relation": rel, "sentence": sentence, "start": 0,
                                    "end": len(sentence)}]})
    return db


@pytest.fixture(scope="module")
def store(dash_db):
    with Store(dash_db, readonly=True) as s:
        yield s


def _sized(page_: Page, width: int, height: int) -> Page:
    page_.page.set_viewport_size({"width": width, "height": height})
    return page_


def _settled(page_: Page) -> None:
    """Wait until the canvas stops moving (the page around it may still grow a scrollbar after drawing)."""
    last = None
    for _ in range(50):
        now = page_.page.evaluate("() => JSON.stringify([__entente.frame().canvas, __entente.scale,"
                                  " __entente.network.getViewPosition()])")
        if now == last:
            return
        last = now
        page_.page.wait_for_timeout(250)


def _drawn_edges(page_: Page) -> list[dict]:
    return page_.page.evaluate("() => __entente.network.body.data.edges.get().map(e => ({id: e.id, from: e.from,"
                               " to: e.to}))")


def _label_px(page_: Page) -> float:
    """The smallest label on screen: each node's font size (the network's settings) times the zoom."""
    return page_.page.evaluate("() => { const n = __entente.network; return Math.min(...n.body.nodeIndices.map("
                               "id => n.body.nodes[id].options.font.size)) * n.getScale(); }")


def _overlaps(page_: Page) -> list:
    """Pairs of nodes where a label overlaps another label or another node's shape (canvas boxes as drawn)."""
    return page_.page.evaluate("""() => {
      const b = __entente.boxes(), hit = (p, q) => p && q && p.l < q.r && q.l < p.r && p.t < q.b && q.t < p.b;
      const out = [];
      for (let i = 0; i < b.length; i++) for (let j = 0; j < b.length; j++) {
        if (i === j) continue;
        if ((i < j && hit(b[i].label, b[j].label)) || hit(b[i].label, b[j].shape)) out.push([b[i].id, b[j].id]);
      }
      return out; }""")


# ---- the first screen ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1600, 1000), (1280, 800)])
def test_first_screen_is_about_40_nodes_with_labels_of_12px_that_overlap_nothing(page, store, size):
    _sized(page, *size).open()
    g = query.subgraph(store, View(limit=40, relations=_specific()))
    assert page.graph()["nodes"] == len(g) == 40
    assert _label_px(page) >= 12
    assert _overlaps(page) == []
    assert page.page.evaluate("() => __entente.moved") == 0, "the server's layout needed no browser correction"
    page.screenshot(f"legible-first-{size[0]}")


def _specific():
    from dashboard.state import SPECIFIC
    return SPECIFIC


def test_mentioned_together_links_are_hidden_until_switched_on_and_their_count_is_shown(page, store):
    page.open()
    assert not [e for e in _drawn_edges(page) if e["id"].endswith("~related_to")]
    shown = query.subgraph(store, View(limit=40, relations=_specific()))   # the links between the nodes shown
    links = query.subgraph(store, View(relations=("related_to",))).subgraph(shown)
    hidden = sum(1 for *_e, k in links.edges(keys=True) if k == "related_to")
    page.page.get_by_text(f"{hidden} mentioned-together links not shown", exact=False).wait_for()
    before = page.graph()["gid"]
    page.page.locator('[data-testid="stSidebar"]').get_by_text("Show mentioned-together links").click()
    page.wait_url(lambda q: q.get("together") == ["1"])
    page.wait_drawn(gid_not=before)
    assert [e for e in _drawn_edges(page) if e["id"].endswith("~related_to")]
    # the command line's plain view (and so its export) holds every relation
    assert "related_to" in {k for *_e, k in query.subgraph(store, View()).edges(keys=True)}


def test_zoom_buttons_and_fit(page):
    page.open()
    start = page.page.evaluate("() => __entente.scale")
    page.page.evaluate("() => __entente.control('Zoom in')")
    page.page.wait_for_function("s => __entente.scale > s * 1.2", arg=start)
    page.page.evaluate("() => __entente.control('Zoom out')")
    page.page.evaluate("() => __entente.control('Zoom out')")
    page.page.wait_for_function("s => __entente.scale < s", arg=start)
    page.page.evaluate("() => __entente.control('Fit')")
    assert abs(page.page.evaluate("() => __entente.scale") / start - 1) < 0.05


# ---- edges -------------------------------------------------------------------------------------------------------
def _click(page_: Page, xy: dict) -> list:
    """Click at a page point; what the graph says the click opened: [kind, id]."""
    clicks = page_.page.evaluate("() => (__entente.lastClick || [0, 0, 0])[2]")
    page_.page.mouse.click(xy["x"], xy["y"])
    page_.page.wait_for_function("n => __entente.lastClick && __entente.lastClick[2] > n", arg=clicks)
    return page_.page.evaluate("() => __entente.lastClick")[:2]


def test_a_click_on_the_middle_of_each_drawn_line_opens_that_line(page):
    _sized(page, 1600, 1000).open()
    _settled(page)
    assert page.graph()["nodes"] == 40
    edges = _drawn_edges(page)
    assert len(edges) > 40
    wrong, last = [], None
    canvas = page.page.evaluate("() => __entente.frame().canvas")
    for e in edges:
        xy = page.page.evaluate("id => __entente.edgeOnPage(id)", e["id"])
        if not (canvas["left"] + 40 < xy["x"] < canvas["right"] - 50 and canvas["top"] + 20 < xy["y"] < canvas["bottom"] - 20):
            page.page.evaluate("id => { const n = __entente.network, e = n.body.edges[id];"
                               " n.moveTo({position: {x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2},"
                               " animation: false}); }", e["id"])
            xy = page.page.evaluate("id => __entente.edgeOnPage(id)", e["id"])
        if last and abs(last["x"] - xy["x"]) + abs(last["y"] - xy["y"]) < 30:
            page.page.wait_for_timeout(400)   # two clicks this close and quick would be a double-click
        got = _click(page, xy)
        if got != ["edge", e["id"]]:   # once in a few hundred clicks (seen twice, never twice running): again,
            page.page.wait_for_timeout(1000)   # at the midpoint as it is now (the view may have settled since)
            xy = page.page.evaluate("id => __entente.edgeOnPage(id)", e["id"])
            first, got = got, _click(page, xy)
            if got != ["edge", e["id"]]:
                wrong.append((e["id"], first, got))
        last = xy
    assert wrong == [], f"{len(wrong)} of {len(edges)} clicks opened something else"
    page.page.wait_for_timeout(1000)   # and a click reaches the server: the URL and the panel open that relation
    edge = edges[len(edges) // 2]["id"]
    page.page.evaluate("id => { const n = __entente.network, e = n.body.edges[id]; n.moveTo({position: "
                       "{x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2}, animation: false}); }", edge)
    xy = page.page.evaluate("id => __entente.edgeOnPage(id)", edge)
    page.page.mouse.click(xy["x"], xy["y"])
    page.wait_url(lambda q: q.get("selected") == [edge])


# ---- bilateral view ----------------------------------------------------------------------------------------------
def _sides(store, codes):
    side = {}
    for code in codes:
        for row in store.conn.execute("SELECT id FROM entities WHERE country = ?", (code,)):
            side[row[0]] = code
    return side


def test_the_bilateral_view_draws_only_what_connects_the_two_countries(page, store):
    page.open("country=SRB&country=CHN&mode=between")
    edges = _drawn_edges(page)
    assert edges
    side = _sides(store, ("SRB", "CHN"))
    touching = {}
    for e in edges:
        for a, b in ((e["from"], e["to"]), (e["to"], e["from"])):
            if a not in side:
                touching.setdefault(a, set()).add(side.get(b))
    for e in edges:
        a, b = side.get(e["from"]), side.get(e["to"])
        if a and b:
            assert a != b, e
        else:
            middle = e["from"] if a is None else e["to"]
            assert touching[middle] == {"SRB", "CHN"}, (e, touching[middle])
    page.screenshot("legible-bilateral")


def test_the_sidebar_switches_between_any_and_between_and_a_state_panel_opens_relations_between(page):
    page.open("country=SRB&country=CHN")
    sidebar = page.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("between them").click()
    page.wait_url(lambda q: q.get("mode") == ["between"])
    page.open("country=SRB&selected=state:SRB")
    page.panel_heading("Serbia").wait_for()
    page.page.get_by_text("Relations between Serbia and…").wait_for()
    page.page.locator(".st-key-p_between button:visible").click()
    page.wait_url(lambda q: q.get("mode") == ["between"] and len(q.get("country", [])) == 2
                  and "SRB" in q["country"])


# ---- navigation --------------------------------------------------------------------------------------------------
def test_path_zooms_to_the_path_and_dims_the_rest(page, store):
    page.open()
    before = page.page.evaluate("() => __entente.scale")
    view = View(limit=40, relations=_specific(), path=("leader:SRB", "technology:0"))
    path = query.subgraph(store, view).graph["path"]
    assert len(path) >= 3
    page.open("path=leader:SRB&path=technology:0")
    page.page.wait_for_function("() => __entente.nodes > 0 && __entente.drawn")
    after = page.page.evaluate("() => __entente.scale")
    assert after > before, (before, after)
    frame = page.page.evaluate("() => __entente.frame().canvas")
    for n in path:
        xy = page.page.evaluate("id => __entente.nodeOnPage(id)", n)
        assert frame["left"] < xy["x"] < frame["right"] and frame["top"] < xy["y"] < frame["bottom"], n
    dimmed = page.page.evaluate("() => __entente.network.body.data.nodes.get().filter(n => n.opacity < 1).length")
    assert dimmed == page.graph()["nodes"] - len(path)
    page.screenshot("legible-path")


def test_the_trail_names_each_node_visited_once(page):
    page.open()
    for node in ("state:SRB", "state:CHN", "state:SRB"):
        _settled(page)   # the panel that opens after a click can move the canvas; click where the node is now
        page.click_node(node)
        page.wait_url(lambda q, n=node: q.get("selected") == [n])
    from playwright.sync_api import expect
    caption = page.page.get_by_text("Visited:", exact=False)
    # the bar is written after the graph and its panel: the last click's trail ends with the node it selected
    expect(caption).to_have_text(re.compile(r"Serbia\s*$"))
    text = caption.inner_text()
    assert text.count("Serbia") == 1 and text.count("China") == 1 and "state:" not in text, text
    assert text.index("China") < text.index("Serbia"), "latest visit last"


def test_a_node_found_outside_the_view_becomes_the_focus_and_back_returns(page, store):
    shown = query.subgraph(store, View(countries=("SRB",), relations=_specific(), limit=40))
    code = next(c for c in LEADERS if f"leader:{c}" not in shown)
    page.open("country=SRB")
    before = page.graph()
    box = page.page.locator('[data-testid="stSidebar"] input[aria-label="Find a node"]')
    box.fill(LEADERS[code])
    box.press("Enter")
    page.wait_url(lambda q: q.get("node") == [f"leader:{code}"])
    page.wait_drawn(gid_not=before["gid"])
    assert page.page.evaluate(f"() => !!__entente.network.body.data.nodes.get('leader:{code}')")
    page.page.get_by_role("button", name="Back").first.click()
    page.wait_url(lambda q: "node" not in q)
    page.wait_drawn(nodes=before["nodes"])


# ---- the page at 1280×800 ----------------------------------------------------------------------------------------
def test_at_1280_by_800_the_graph_and_its_controls_are_in_the_window(page):
    _sized(page, 1280, 800).open()
    frame, previous = page.page.evaluate("() => __entente.frame()"), None
    for _ in range(20):   # the sidebar slides in and the columns settle: read the layout once it is still
        if frame == previous:
            break
        page.page.wait_for_timeout(300)
        previous, frame = frame, page.page.evaluate("() => __entente.frame()")
    canvas = frame["canvas"]
    assert 0 <= canvas["left"] and canvas["right"] <= 1280 and 0 <= canvas["top"] and canvas["bottom"] <= 800
    assert canvas["right"] - canvas["left"] >= 600, "the canvas uses the width it has"
    assert len(frame["controls"]) == 3
    for c in frame["controls"]:
        assert canvas["left"] <= c["left"] and c["right"] <= canvas["right"]
        assert canvas["top"] <= c["top"] and c["bottom"] <= canvas["bottom"]
    legend = page.page.locator(".entente-legend").bounding_box()
    assert legend["y"] + legend["height"] <= 800
    page.screenshot("legible-1280")


@pytest.mark.parametrize("query_", ["country=POL&together=1", "node=state:TUR&together=1&depth=2"])
def test_a_view_too_large_for_the_window_opens_on_the_node_it_is_about(page, query_):
    # a small window: the view cannot be shown whole at a legible zoom, so it opens on its country or focus
    _sized(page, 1000, 640).open(query_)
    _settled(page)
    about = re.search(r"(?:country=|node=state:)([A-Z]{3})", query_).group(1)
    assert _on_canvas(page, f"state:{about}")
    assert _label_px(page) >= 12


def test_fit_keeps_the_country_on_screen_when_the_drawing_cannot_be_shown_whole(page):
    # the country's node far out at the drawing's edge (as a sprawling layout can leave it): Fit, which cannot
    # show all at a legible zoom, still shows the node the view is about, not only the drawing's middle
    _sized(page, 1000, 640).open("country=POL&together=1")
    _settled(page)
    page.page.evaluate("() => { const n = __entente.network, p = n.getPosition('state:POL');"
                       " n.moveNode('state:POL', p.x + 3000, p.y + 2000); }")
    page.page.evaluate("() => __entente.control('Fit')")
    _settled(page)
    assert _on_canvas(page, "state:POL")
    assert _label_px(page) >= 12


def _on_canvas(page_: Page, node: str) -> bool:
    """Whether the node is drawn inside the canvas, once the page has stopped moving (within 5 s: the sidebar
    and the columns settle after a change of window size)."""
    try:
        page_.page.wait_for_function(
            "id => { const at = __entente.nodeOnPage(id), c = __entente.frame().canvas;"
            " return c.left < at.x && at.x < c.right && c.top < at.y && at.y < c.bottom; }", arg=node, timeout=5000)
        return True
    except Exception:  # noqa: BLE001 - a timeout: it is not on the canvas
        return False
