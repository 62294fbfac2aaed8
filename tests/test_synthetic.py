"""The synthetic store builder (`python -m graph.synthetic`) writes what an ingest writes — articles,
entities, mentions, evidence, offices and totals that are true to the evidence — from the shapes of a
sample store, the same store for the same seed, so anyone can measure at 50k articles without a news set."""
from __future__ import annotations

import sqlite3

import pytest

from graph import Store, View, query, synthetic
from test_sql_views import assert_totals_true

ENTITIES = {
    "state:SRB": {"name": "Serbia", "type": "state", "country": "SRB"},
    "state:CHN": {"name": "China", "type": "state", "country": "CHN"},
    "region:BAL": {"name": "the Balkans", "type": "region", "country": ""},
    "leader:vucic": {"name": "Aleksandar Vucic", "type": "leader", "country": "SRB", "office": "President",
                     "aliases": ["Vucic"]},
    "org:nis": {"name": "Northern Industrial Syndicate", "type": "organization", "country": "SRB"},
    "tech:fk3": {"name": "FK-3", "type": "technology", "country": "CHN"},
    "person:ana": {"name": "Ana Novak", "type": "person", "country": "SRB"},
}


def sample_article(i: int) -> tuple[dict, dict]:
    """A sample article written for the test: Vucic leads Serbia; China supplies Serbia the FK-3 (one
    sentence, two relations); a denied visit; a person and a company mentioned."""
    one = "Aleksandar Vucic leads Serbia."
    two = "China supplies Serbia with the FK-3 system."
    three = "Serbia denied that Ana Novak visited China."
    text = " ".join([one, two, three, "Northern Industrial Syndicate signed with China."])
    at2, at3 = len(one) + 1, len(one) + len(two) + 2
    rels = [("leader:vucic", "state:SRB", "leader_of", one, 0, "", "asserted"),
            ("state:CHN", "state:SRB", "supplies", two, at2, "defence", "asserted"),
            ("state:CHN", "tech:fk3", "related_to", two, at2, "defence | technology", "asserted"),
            ("person:ana", "state:CHN", "visited", three, at3, "diplomacy", "negated" if i % 2 else "asserted"),
            ("org:nis", "state:CHN", "signed", text[at3 + len(three) + 1:], at3 + len(three) + 1, "economy",
             "asserted"),
            ("region:BAL", "state:SRB", "related_to", one, 0, "", "asserted")]
    mentions = [{"entity": e, "text": ENTITIES[e]["name"], "start": text.find(ENTITIES[e]["name"]),
                 "end": text.find(ENTITIES[e]["name"]) + len(ENTITIES[e]["name"]), "sentence": one}
                for e in ENTITIES if e != "region:BAL"]
    return ({"id": f"sample-{i}", "text": text, "title": f"Sample {i}", "published": f"2024-0{i + 1}-01",
             "source": "Test Wire"},
            {"entities": [{"id": k, **v} for k, v in ENTITIES.items()], "mentions": mentions,
             "topics": ["defence", "diplomacy"],
             "relations": [{"source": s, "target": t, "relation": r, "sentence": sent, "start": start,
                            "end": start + len(sent), "topics": [x for x in topics.split(" | ") if x],
                            "assertion": assertion} for s, t, r, sent, start, topics, assertion in rels]})


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with Store(path) as store:
        for i in range(3):
            store.add_article(*sample_article(i))
    return path


@pytest.fixture(scope="module")
def synth_db(sample_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "synth.db"
    synthetic.main(["--articles", "50", "--out", str(path), "--sample", str(sample_db), "--seed", "3"])
    return path


def rows(path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_it_writes_every_table_an_ingest_writes_with_true_totals(synth_db):
    counts = {t: rows(synth_db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in (
        "articles", "entities", "aliases", "mentions", "relations", "edges", "edge_topics", "entity_stats",
        "offices", "article_offices")}
    assert counts["articles"] == 50 and all(counts.values()), counts
    assert_totals_true(synth_db)   # per-edge, per-topic and per-entity totals equal sums of the rows


def test_its_articles_have_the_sample_shapes(synth_db):
    rels = {r[0] for r in rows(synth_db, "SELECT DISTINCT relation FROM relations")}
    assert rels <= {"leader_of", "supplies", "related_to", "visited", "signed"} and "supplies" in rels
    assert {r[0] for r in rows(synth_db, "SELECT DISTINCT assertion FROM relations")} == {"asserted", "negated"}
    assert rows(synth_db, "SELECT COUNT(*) FROM entities WHERE type = 'state'")[0][0] == 2, "states stay themselves"
    new = rows(synth_db, "SELECT type, country FROM entities WHERE id LIKE 'syn:%'")
    assert new and {t for t, _ in new} <= {"leader", "organization", "technology", "person"}
    years = {r[0][:4] for r in rows(synth_db, "SELECT published FROM articles")}
    assert len(years) >= 3, "dates spread over years"
    for text, start, end, name in rows(synth_db, "SELECT a.text, m.start, m.end, m.text FROM mentions m "
                                                 "JOIN articles a ON a.id = m.article_id"):
        assert text[start:end] == name, "mentions point at their names in the text"
    for text, start, end, sentence in rows(synth_db, "SELECT a.text, r.start, r.end, r.sentence FROM relations r "
                                                     "JOIN articles a ON a.id = r.article_id"):
        assert text[start:end] == sentence, "evidence sentences are where they say in the text"


def test_the_same_seed_builds_the_same_store_and_a_rerun_goes_on(synth_db, sample_db, tmp_path):
    again = tmp_path / "again.db"
    synthetic.build(again, 30, sample_db, seed=3)
    synthetic.build(again, 50, sample_db, seed=3)   # stopped at 30, then asked for 50
    sql = "SELECT source, target, relation, article_id, start, sentence, published FROM relations ORDER BY 1,2,3,4,5"
    assert rows(again, sql) == rows(synth_db, sql)
    assert rows(again, "SELECT id, name, type, country FROM entities ORDER BY id") == rows(
        synth_db, "SELECT id, name, type, country FROM entities ORDER BY id")


def test_views_and_exports_read_it(synth_db):
    with Store(synth_db, readonly=True) as s:
        g = query.subgraph(s, View(limit=150), evidence=False)
        assert len(g) and g.number_of_edges()
        assert query.subgraph(s, View(countries=("SRB",), limit=150), evidence=False).number_of_edges()
