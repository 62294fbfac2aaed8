"""A view is laid out once: its positions are kept on disk, for the next server process to read back."""
from __future__ import annotations

import json

import networkx as nx

from dashboard import layout_cache, network


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, name in (("state:SRB", "Serbia"), ("state:CHN", "China"), ("leader:xi", "Xi Jinping")):
        g.add_node(n, name=name, type=n.split(":")[0], country="", office="", mentions=3, articles=2, aliases=[])
    g.add_edge("state:SRB", "state:CHN", key="met_with", relation="met_with", weight=2, n_articles=1,
               first_seen="", last_seen="", topics=[], assertions=["asserted"])
    g.add_edge("leader:xi", "state:CHN", key="leader_of", relation="leader_of", weight=1, n_articles=1,
               first_seen="", last_seen="", topics=[], assertions=["asserted"])
    return g


def test_positions_stored_for_a_drawing_are_read_back_by_the_next_process(tmp_path, monkeypatch):
    monkeypatch.setenv("ENTENTE_CACHE", str(tmp_path))
    g = _graph()
    key = network.layout_key(g)
    assert layout_cache.get(key) is None
    pos = network.layout(g)
    layout_cache.put(key, pos)
    assert layout_cache.get(key) == {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def test_the_key_is_what_is_drawn_more_weight_on_a_drawn_line_keeps_the_layout():
    g = _graph()
    heavier = _graph()
    heavier.edges["state:SRB", "state:CHN", "met_with"]["weight"] = 9
    renamed = _graph()
    renamed.nodes["leader:xi"]["name"] = "Xi Jinping, President of the People's Republic"
    assert network.layout_key(heavier) == network.layout_key(g)
    assert network.layout_key(renamed) != network.layout_key(g)   # a longer label needs another box


def test_an_unreadable_or_foreign_file_is_ignored_and_nothing_breaks(tmp_path, monkeypatch):
    monkeypatch.setenv("ENTENTE_CACHE", str(tmp_path))
    layout_cache._file("k").parent.mkdir(parents=True)
    layout_cache._file("k").write_text("{not json", encoding="utf-8")
    assert layout_cache.get("k") is None
    layout_cache._file("k").write_text(json.dumps({"a": "xy"}), encoding="utf-8")
    assert layout_cache.get("k") is None
    monkeypatch.setenv("ENTENTE_CACHE", str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file where the folder should be", encoding="utf-8")
    layout_cache.put("k", {"a": (1.0, 2.0)})   # cannot be written: ignored
    assert layout_cache.get("k") is None
