"""Which spelling of a name the store keeps does not depend on the order articles came in: the entity's
name, else a spelling without 'the' ("the Ukraine" and "Ukraine" are one alias key)."""
from __future__ import annotations

import itertools

from graph import Store
from graph.sql import node_attrs


def _article(i: int, aliases: list[str]) -> tuple[dict, dict]:
    graph = {"entities": [{"id": "state:UKR", "name": "Ukraine", "type": "state", "country": "UKR",
                           "aliases": aliases}],
             "mentions": [{"entity": "state:UKR", "text": aliases[0], "start": 0, "end": 5, "sentence": "s"}],
             "relations": []}
    return {"id": f"a{i}", "text": f"text {i}", "published": "2024-01-01"}, graph


def test_the_kept_spelling_is_the_same_in_any_ingest_order(tmp_path):
    readings = [["the Ukraine"], ["Ukraine", "Ukrainian"], ["the Emirates"], ["Emirates", "the Emirates"]]
    kept = set()
    for n, order in enumerate(itertools.permutations(readings)):
        with Store(tmp_path / f"g{n}.db") as store:
            for i, aliases in enumerate(order):
                store.add_article(*_article(i, aliases))
            kept.add(tuple(sorted(r[0] for r in store.conn.execute("SELECT alias FROM aliases"))))
            attrs = node_attrs(store)["state:UKR"]
            assert attrs["name"] == "Ukraine" and "the Ukraine" not in attrs["aliases"]
    assert kept == {("Emirates", "Ukraine", "Ukrainian")}


def test_a_spelling_of_the_name_is_not_listed_as_an_alias(tmp_path):
    """A store written before the spellings were chosen may hold 'the Ukraine' for the name's own key."""
    with Store(tmp_path / "old.db") as store:
        store.add_article(*_article(0, ["Ukrainian"]))
        store.conn.execute("UPDATE aliases SET alias = 'the Ukraine' WHERE norm = 'ukraine'")
        assert node_attrs(store)["state:UKR"]["aliases"] == ["Ukrainian"]
