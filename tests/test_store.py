"""The store keeps each article whole, once, and a view filters, focuses and exports the graph."""
import csv
import sqlite3
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from extractors.ingest import ingest
from graph import Store, View, ViewError
from graph import export, query
from graph.export import HEADERS


def test_ingesting_again_changes_nothing(tmp_path, nlp):
    db = tmp_path / "g.db"
    with Store(db) as store:
        first = ingest([FIXTURES], store, progress=False, nlp=nlp)
        counts = store.counts()
        again = ingest([FIXTURES, FIXTURES / "visit.txt"], store, progress=False, nlp=nlp)
        assert store.counts() == counts
    assert first.added == 6 and again.added == 0 and again.skipped == 7


def test_the_same_article_in_two_formats_is_stored_once(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Serbia buys drones\n\nSerbia bought Chinese drones.")
    (tmp_path / "b.json").write_text('{"title": "Serbia buys drones", "text": "Serbia bought Chinese drones."}')
    with Store(tmp_path / "g.db") as store:
        s = ingest([tmp_path], store, progress=False, nlp=nlp)
    assert (s.added, s.skipped) == (1, 1)


def test_database_uses_wal_and_a_crash_leaves_no_half_article(tmp_path):
    db = tmp_path / "g.db"
    with Store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        article = {"id": "a1", "text": "t"}
        graph = {"entities": [{"id": "state:SRB", "name": "Serbia", "type": "state"}],
                 "mentions": [{"entity": "state:SRB", "text": "Serbia", "start": 0, "end": 6, "sentence": "s"}],
                 "relations": [{"source": "state:SRB", "relation": "visited", "sentence": "s", "start": 0, "end": 1}]}
        with pytest.raises(KeyError):  # a failure after the article, entity and mention rows were written
            store.add_article(article, graph)
        assert store.counts()["articles"] == 0 and store.counts()["mentions"] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 0


def test_export_writes_four_csv_files_with_the_contract_headers(fixture_db, tmp_path):
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(fixture_db), "--out", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for name, header in HEADERS.items():
        with open(tmp_path / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == header
        assert len(rows) > 1, name


@pytest.mark.parametrize("fmt,name", [("graphml", "graph.graphml"), ("gexf", "graph.gexf"), ("json", "graph.json")])
def test_export_other_formats(fixture_db, tmp_path, fmt, name):
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(fixture_db), "--out", str(tmp_path),
                        "--format", fmt], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / name).stat().st_size > 200


def test_stats_counts_what_is_stored(fixture_db):
    r = subprocess.run([sys.executable, "-m", "graph", "stats", "--db", str(fixture_db)], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0 and "6 articles" in r.stdout and "state" in r.stdout


def test_export_of_a_missing_database_is_a_clear_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(tmp_path / "nope.db"), "--out",
                        str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "nope.db: no such database" in r.stderr


def test_a_view_is_a_url_and_back():
    v = View(countries=("Serbia", "CHN"), topics=("defence",), since="2024-01-01", node="state:SRB", depth=2,
             path=("a", "b"), limit=50)
    assert v.countries == ("SRB", "CHN")
    assert View.from_query(v.to_query()) == v
    assert View.from_query({"country": "china,Russian Federation"}).countries == ("CHN", "RUS")


@pytest.mark.parametrize("kwargs,message", [({"countries": ("Atlantis",)}, "unknown country 'Atlantis'"),
                                            ({"topics": ("cooking",)}, "unknown topic"),
                                            ({"since": "May 2024"}, "not a date"),
                                            ({"min_weight": 0}, "min weight")])
def test_bad_filter_values_say_what_is_wrong(kwargs, message):
    with pytest.raises(ViewError, match=message):
        View(**kwargs)


def test_country_filter_keeps_the_country_and_its_neighbours(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        g = query.subgraph(store, View(countries=("IND",)))
        names = {d["name"] for _, d in g.nodes(data=True)}
        assert {"India", "Narendra Modi", "Russia"} <= names
        assert "Serbia" not in names


def test_focus_depth_and_path(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        one = query.subgraph(store, View(node="Serbia", depth=1))
        two = query.subgraph(store, View(node="Serbia", depth=2))
        assert "state:SRB" in one and len(two) > len(one)
        p = query.subgraph(store, View(node="Serbia", path=("Aleksandar Vucic", "India")))
        path = p.graph["path"]
        assert path[0] == "person:aleksandar-vucic" and path[-1] == "state:IND"
        assert all(p.nodes[n]["on_path"] for n in path)


def test_relation_topic_and_date_filters(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        g = query.subgraph(store, View(relations=("leader_of",)))
        assert g.number_of_edges() and {d["relation"] for *_, d in g.edges(data=True)} == {"leader_of"}
        g = query.subgraph(store, View(topics=("defence",)))
        assert all("defence" in d["topics"] for *_, d in g.edges(data=True))
        g = query.subgraph(store, View(since="2021-01-01", until="2021-12-31"))
        assert all("2021-01-01" <= d["first_seen"] <= "2021-12-31" for *_, d in g.edges(data=True))
        assert "state:IND" in g and "state:SRB" not in g


def test_limit_keeps_the_heaviest_nodes(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        full = query.subgraph(store, View())
        top = query.subgraph(store, View(limit=5))
        assert len(top) == 5 < len(full)
        weights = sorted((full.degree(n, weight="weight") for n in full), reverse=True)
        assert sorted((full.degree(n, weight="weight") for n in top), reverse=True) == weights[:5]


def test_search_finds_names_and_aliases(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        g = query.full_graph(store)
        assert query.search_nodes(g, "UAV")[0] == query.resolve_node(g, "unmanned aerial vehicles")
        assert "state:CHN" in query.search_nodes(g, "chinese")


def test_exported_edges_carry_their_evidence(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        view = View(countries=("SRB",))
        g = query.subgraph(store, view)
        tables = export.csv_tables(g, store, view)
    rows = list(csv.DictReader(tables["edges.csv"].splitlines()))
    assert rows and all(r["evidence"] and r["article_ids"] and int(r["weight"]) >= 1 for r in rows)
    assert len(rows) == g.number_of_edges()


def test_worker_processes_store_the_same_graph(tmp_path, fixture_db):
    with Store(tmp_path / "g.db") as store:
        s = ingest([FIXTURES], store, progress=False, processes=2)
        parallel = store.counts()
    with Store(fixture_db, readonly=True) as store:
        assert parallel == store.counts() and s.added == 6


def test_progress_bar_shows_articles_and_words_per_second(tmp_path):
    r = subprocess.run([sys.executable, "-m", "extractors", "ingest", str(FIXTURES / "visit.txt"),
                        "--db", str(tmp_path / "g.db")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0
    assert "articles" in r.stderr and "words/s" in r.stderr


def test_a_search_text_with_a_comma_survives_the_url():
    v = View(search="Korea, Republic of", countries=("KOR",))
    assert View.from_query(v.to_query()) == v


def test_expanded_nodes_keep_their_neighbours_under_the_limit(fixture_db):
    with Store(fixture_db, readonly=True) as store:
        full = query.full_graph(store)
        g = query.subgraph(store, View(expand=("state:IND",), limit=3))
        assert set(full.to_undirected(as_view=True)["state:IND"]) <= set(g)


def test_a_leaders_office_is_the_one_of_the_latest_article(tmp_path, nlp):
    (tmp_path / "a.md").write_text("---\ntitle: Old\ndate: 2015-03-01\n---\nOld\n\nVice President Joe Biden "
                                   "visited Kyiv.")
    (tmp_path / "b.md").write_text("---\ntitle: New\ndate: 2022-03-01\n---\nNew\n\nUS President Joe Biden "
                                   "visited Warsaw.")
    with Store(tmp_path / "g.db") as store:
        ingest([tmp_path / "b.md"], store, progress=False, nlp=nlp)
        ingest([tmp_path / "a.md"], store, progress=False, nlp=nlp)
        row = store.conn.execute("SELECT office, country FROM entities WHERE id='person:joe-biden'").fetchone()
    assert tuple(row) == ("President", "USA")


def test_a_database_from_an_earlier_version_is_brought_up_to_date(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, "
                "country TEXT NOT NULL DEFAULT '', office TEXT NOT NULL DEFAULT '')")
    con.execute("INSERT INTO entities VALUES ('state:SRB', 'Serbia', 'state', 'SRB', '')")
    con.commit()
    con.close()
    with Store(db) as store:
        assert store.conn.execute("SELECT name, office_date FROM entities").fetchone()[:] == ("Serbia", "")


def test_evidence_and_articles_of_an_earlier_database_are_asserted_and_read_by_version_0(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(
        "CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', "
        "published TEXT, source TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, "
        "words INTEGER NOT NULL DEFAULT 0, topics TEXT NOT NULL DEFAULT '', meta TEXT NOT NULL DEFAULT '{}');"
        "CREATE TABLE relations (source TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL, "
        "article_id TEXT NOT NULL, sentence TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, "
        "published TEXT, topics TEXT NOT NULL DEFAULT '', PRIMARY KEY (source, target, relation, article_id, start));"
        "INSERT INTO articles(id, text) VALUES ('a1', 'Serbia visited China.');"
        "INSERT INTO relations VALUES ('state:SRB', 'state:CHN', 'visited', 'a1', 'Serbia visited China.', 0, 21, "
        "NULL, '');")
    con.commit()
    con.close()
    with Store(db, readonly=True) as store:   # `graph export` opens read-only: the file is upgraded first
        assert tuple(store.conn.execute("SELECT assertion FROM relations").fetchone()) == ("asserted",)
        assert tuple(store.conn.execute("SELECT extractor_version FROM articles").fetchone()) == (0,)
