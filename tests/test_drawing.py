"""What the browser gets is what it shows: a view draws at most a few lines per node, one line per node
pair (its tooltip lists the pair's relations), `related_to` only where nothing more specific links the
pair, no evidence text; the page says how much is not drawn; and a click that only selects sends the
selection, not the drawing again.
"""
from __future__ import annotations

import itertools
import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from graph import Store, View, query

APP = str(ROOT / "dashboard" / "app.py")
STATES = ["SRB", "CHN", "FRA", "IND", "RUS", "USA", "HUN", "JPN", "DEU", "GBR", "ITA", "ESP"]


@pytest.fixture(scope="module")
def dense_db(tmp_path_factory):
    """Twelve states, every pair mentioned together; some pairs also met, and Serbia and China met (four times in all),
    signed and traded (several relations of one pair, in both directions)."""
    db = tmp_path_factory.mktemp("dense") / "dense.db"
    ents = [{"id": f"state:{c}", "name": f"State {c}", "type": "state", "country": c} for c in STATES]
    rels = []
    for i, (a, b) in enumerate(itertools.combinations(STATES, 2)):
        rels.append((a, "related_to", b, 1 + i % 3))
        if i % 4 == 0:
            rels.append((a, "met_with", b, 1))
    rels += [("SRB", "met_with", "CHN", 3), ("CHN", "supplies", "SRB", 5), ("SRB", "procures", "CHN", 2)]
    with Store(db) as store:
        for n, (a, rel, b, times) in enumerate(rels):
            for k in range(times):
                sentence = f"Sentence {n}.{k}: State {a} {rel} State {b}, a long evidence sentence."
                store.add_article(
                    {"id": f"a{n}-{k}", "text": sentence, "title": f"Article {n}.{k}", "published": "2024-03-01"},
                    {"entities": [e for e in ents if e["id"] in (f"state:{a}", f"state:{b}")], "mentions": [],
                     "relations": [{"source": f"state:{a}", "target": f"state:{b}", "relation": rel,
                                    "sentence": sentence, "start": 0, "end": len(sentence)}]})
    return db


@pytest.fixture(scope="module")
def dense(dense_db):
    with Store(dense_db, readonly=True) as s:
        return query.subgraph(s, View(limit=150), evidence=False)


def _drawn(g, **kw):
    from dashboard import network
    return network.build(g, network.layout(g), **kw)


def test_a_view_draws_at_most_three_lines_per_node(dense):
    from dashboard import network
    net = _drawn(dense)
    pairs = {frozenset((s, t)) for s, t in dense.edges()}
    assert len(pairs) > network.EDGES_PER_NODE * len(dense), "the fixture has more pairs than the limit"
    assert len(net.edges) == network.EDGES_PER_NODE * len(dense)
    assert net.counts["pairs_hidden"] == len(pairs) - len(net.edges)
    assert len(_drawn(dense, max_edges=5).edges) == 5


def test_one_line_per_node_pair_listing_its_relations(dense):
    net = _drawn(dense)
    drawn_pairs = [frozenset((e["from"], e["to"])) for e in net.edges]
    assert len(drawn_pairs) == len(set(drawn_pairs)), "two lines between the same nodes"
    line = next(e for e in net.edges if {e["from"], e["to"]} == {"state:SRB", "state:CHN"})
    assert line["id"] == "state:CHN~state:SRB~supplies", "named after the heaviest relation"
    assert line["arrows"] == "to, from", "relations run both ways"
    for words in ("→ supplies: 5 sentences", "← met with: 4 sentences", "← procures: 2 sentences",
                  "also mentioned together"):
        assert words in line["title"], line["title"]


def test_related_to_is_drawn_only_where_nothing_more_specific_links_the_pair(dense):
    from dashboard.network import RELATION_COLOUR
    net = _drawn(dense, max_edges=10_000)
    specific = {frozenset((s, t)) for s, t, k in dense.edges(keys=True) if k != "related_to"}
    for e in net.edges:
        relation = e["id"].split("~")[2]
        assert (relation == "related_to") == (frozenset((e["from"], e["to"])) not in specific)
    # pairs with a specific relation come first when the limit cuts
    limited = _drawn(dense, max_edges=len(specific))
    assert {frozenset((e["from"], e["to"])) for e in limited.edges} == specific
    assert all(e["color"] != RELATION_COLOUR["related_to"] for e in limited.edges)


def test_the_drawing_holds_no_evidence_text_and_is_the_same_bytes_each_time(dense):
    from dashboard import network
    d1 = network.drawing(_drawn(dense))
    d2 = network.drawing(_drawn(dense))
    p1 = network.payload(d1, network.legend(), 640)
    assert p1 == network.payload(d2, network.legend(), 640) and d1["gid"] == d2["gid"]
    assert b"evidence sentence" not in p1
    gid, body = p1.split(b"\n", 1)
    assert gid.decode() == d1["gid"] and json.loads(body)["counts"] == d1["counts"]


def _component(at, key):
    return next(e for e in at.get("bidi_component") if e.proto.id.endswith(key) or getattr(e, "key", None) == key)


def test_the_page_says_how_many_relations_are_not_drawn(dense_db, monkeypatch, dense):
    from dashboard import network
    monkeypatch.setenv("ENTENTE_DB", str(dense_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["together"] = "1"   # with the mentioned-together links, which the dashboard hides by default
    at.run()
    assert not at.exception
    _drawn_, counts = network.drawn_pairs(dense)
    captions = " ".join(str(c.value) for c in at.caption)
    assert f"{counts['pairs_hidden']} pairs of nodes ({counts['relations_hidden']} relations) not drawn" in captions


def test_a_click_that_only_selects_sends_the_selection_not_the_drawing(dense_db, monkeypatch):
    monkeypatch.setenv("ENTENTE_DB", str(dense_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    drawing = _component(at, "graph").proto.SerializeToString(deterministic=True)
    at.session_state["graph"] = {"click": {"kind": "node", "id": "state:SRB", "n": 1}}
    at.run()
    assert not at.exception
    assert at.query_params["selected"] in ("state:SRB", ["state:SRB"])
    assert _component(at, "graph").proto.SerializeToString(deterministic=True) == drawing, \
        "the same element: Streamlit sends the browser a reference to the copy it holds"
    selection = json.loads(_component(at, "graph_selection").proto.json)
    assert selection["selected"] == "state:SRB"
    at.session_state["graph"] = {"click": {"kind": "edge", "id": "state:SRB~state:CHN~met_with", "n": 2}}
    at.run()
    assert _component(at, "graph").proto.SerializeToString(deterministic=True) == drawing
    assert json.loads(_component(at, "graph_selection").proto.json)["selected"] == "state:SRB~state:CHN~met_with"
