"""The timeline counts the view's evidence by week or month and relation family; a date corrected by hand
is stored with its mark and leaves every total (first and last seen of edges, entities and offices) as
true as a rebuild from the evidence rows."""
from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from graph import RELATIONS, Store, View, aggregate, query, sql


def copy_db(src, dst) -> str:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return str(dst)


def small_store(path, dates: list[str]) -> Store:
    """One article a date, each saying Serbia visited China and China supplied Serbia (SQL of our own)."""
    store = Store(path)
    with store.conn as c:
        c.executemany("INSERT INTO entities(id,name,type,country) VALUES(?,?,?,?)",
                      [("state:SRB", "Serbia", "state", "SRB"), ("state:CHN", "China", "state", "CHN")])
        for i, day in enumerate(dates):
            c.execute("INSERT INTO articles(id,title,published,text) VALUES(?,?,?,?)", (f"a{i}", f"T{i}", day, "t"))
            c.executemany("INSERT INTO relations(source,target,relation,article_id,sentence,start,end,published) "
                          "VALUES(?,?,?,?,?,?,?,?)",
                          [("state:SRB", "state:CHN", "visited", f"a{i}", "s", 0, 1, day),
                           ("state:SRB", "state:CHN", "visited", f"a{i}", "s", 5, 6, day),
                           ("state:CHN", "state:SRB", "supplies", f"a{i}", "s", 9, 10, day)])
    store.refresh_aggregates()
    return store


def test_every_relation_is_in_exactly_one_family():
    families = query.relation_families()
    listed = Counter(rel for f in families for rel in f["relations"])
    assert set(listed) == set(RELATIONS) and set(listed.values()) == {1}
    assert len({f["colour"] for f in families}) == len(families)


@pytest.mark.parametrize("filters", [{}, {"assertion": "all"}, {"topics": ("defence",)},
                                     {"relations": ("signed", "leader_of"), "countries": ("CHN",)}])
def test_the_timeline_counts_the_views_evidence_whatever_its_dates(fixture_db, filters):
    with Store(fixture_db, readonly=True) as store:
        view = View(limit=150, since="2024-01-01", until="2024-03-01", **filters)
        t = query.timeline(store, view)
        undated = view.with_(since=None, until=None)
        assert t == query.timeline(store, undated), "the view's own dates do not narrow its timeline"
        g = query.subgraph(store, undated)
        rows = [ev for *_k, d in g.edges(keys=True, data=True) for ev in d["evidence"]]
        by_relation = Counter(k for s_, t_, k, d in g.edges(keys=True, data=True) for _ in d["evidence"]
                              if _["published"])
        counted = Counter()
        for r in t["rows"]:
            counted[r["relation"]] += r["evidence"]
        assert counted == by_relation
        assert t["undated"] == sum(1 for ev in rows if not ev["published"])
        if t["period"] == "month":
            assert all(r["start"].endswith("-01") for r in t["rows"])
        family = {rel: f["name"] for f in query.relation_families() for rel in f["relations"]}
        assert all(r["family"] == family[r["relation"]] for r in t["rows"])


def test_a_short_span_is_counted_by_week_a_long_one_by_month(tmp_path):
    with small_store(tmp_path / "w.db", ["2024-05-06", "2024-05-08", "2024-05-13", "2024-06-30"]) as store:
        t = query.timeline(store, View())
        assert t["period"] == "week"
        visits = {r["start"]: r["evidence"] for r in t["rows"] if r["relation"] == "visited"}
        assert visits == {"2024-05-06": 4, "2024-05-13": 2, "2024-06-24": 2}   # weeks start on Monday
        assert [r["family"] for r in t["rows"][:2]] == ["meetings & visits", "trade & technology"]
    with small_store(tmp_path / "m.db", ["2023-01-31", "2024-05-08", "2024-05-20"]) as store:
        t = query.timeline(store, View(relations=("supplies",)))
        assert t["period"] == "month"
        assert [(r["start"], r["relation"], r["evidence"]) for r in t["rows"]] == \
               [("2023-01-01", "supplies", 1), ("2024-05-01", "supplies", 2)]


def _totals(store: Store) -> tuple:
    c = store.conn
    return (sorted(map(tuple, c.execute("SELECT * FROM edges"))),
            sorted(map(tuple, c.execute("SELECT * FROM edge_topics"))),
            sorted(map(tuple, c.execute("SELECT * FROM entity_stats"))),
            sorted(map(tuple, c.execute("SELECT * FROM offices"))))


def test_a_date_corrected_by_hand_is_marked_and_every_total_stays_true(fixture_db, tmp_path):
    with Store(copy_db(fixture_db, tmp_path / "g.db")) as store:
        c = store.conn
        # the article that bounds the most edges' first or last seen: its correction moves them
        article, read = c.execute(
            "SELECT a.id, a.published FROM articles a JOIN relations r ON r.article_id = a.id "
            "WHERE a.published IS NOT NULL GROUP BY a.id ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
        version = store.data_version()
        assert store.correct_date(article, "1999-12-31")
        assert store.data_version() > version, "readers' caches see the change"
        row = c.execute("SELECT published, meta FROM articles WHERE id = ?", (article,)).fetchone()
        assert row[0] == "1999-12-31"
        mark = json.loads(row[1])["date_corrected"]
        assert mark["read"] == read and mark["at"]
        assert {r[0] for r in c.execute("SELECT DISTINCT published FROM relations WHERE article_id = ?",
                                        (article,))} == {"1999-12-31"}
        assert c.execute("SELECT MIN(first_seen) FROM edges WHERE first_seen != ''").fetchone()[0] == "1999-12-31"
        corrected = _totals(store)
        with c:
            aggregate.rebuild(c)
            for key in c.execute("SELECT entity_id, office, country, former FROM article_offices").fetchall():
                store._sum_office(tuple(key))
        assert corrected == _totals(store), "the same totals as a rebuild from the evidence rows"
        # corrected again, then undated: the mark keeps the date read at ingest
        assert store.correct_date(article, None)
        assert json.loads(c.execute("SELECT meta FROM articles WHERE id = ?", (article,)).fetchone()[0]
                          )["date_corrected"]["read"] == read
        assert c.execute("SELECT COUNT(*) FROM relations WHERE article_id = ? AND published IS NOT NULL",
                         (article,)).fetchone()[0] == 0
        undated = _totals(store)
        with c:
            aggregate.rebuild(c)
        assert undated[:3] == _totals(store)[:3]


def test_a_correction_refuses_a_non_date_and_an_unknown_article(fixture_db, tmp_path):
    with Store(copy_db(fixture_db, tmp_path / "g.db")) as store:
        article = store.conn.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
        with pytest.raises(ValueError):
            store.correct_date(article, "14 March")
        assert store.correct_date("no-such-article", "2024-01-01") is False


def test_an_uploaded_text_with_a_dateline_is_dated_by_it(tmp_path):
    """Through the upload path (the ingest child process of dashboard/upload.py): stored with its date,
    marked as read from the dateline, and its evidence dated (so date filters keep it)."""
    from dashboard import upload
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "manila.txt").write_text(
        "Philippines and Japan sign defence pact\n\n"
        "MANILA, 14 March 2025 — Philippine President Ferdinand Marcos Jr. met Japanese Prime Minister "
        "Shigeru Ishiba in Manila, and the Philippines and Japan signed a defence cooperation agreement.\n",
        encoding="utf-8")
    db = tmp_path / "g.db"
    result = upload.run_ingest(["manila.txt"], folder, db)
    assert [v["outcome"] for v in result["verdicts"]] == ["stored"], result
    with Store(db, readonly=True) as store:
        published, meta = store.conn.execute("SELECT published, meta FROM articles").fetchone()
        assert published == "2025-03-14" and json.loads(meta)["date_from"] == "dateline"
        dates = {r[0] for r in store.conn.execute("SELECT DISTINCT published FROM relations")}
        assert dates == {"2025-03-14"}
        assert query.subgraph(store, View(since="2025-03-01", until="2025-03-31")).number_of_edges() > 0
        assert sql.by_evidence(View(since="2025-03-01"))


def test_a_brush_on_the_timeline_takes_whole_weeks_or_months():
    from dashboard.timeline import brushed_range

    def ms(day: str, hours: int = 0) -> float:
        import datetime as dt
        return (dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp() + hours * 3600) * 1000
    # Wednesday 8 May to the Monday 00:00 that ends the week of 13 May: whole weeks, not the next one
    assert brushed_range([ms("2024-05-08", 5), ms("2024-05-20")], "week") == ("2024-05-06", "2024-05-19")
    assert brushed_range([ms("2024-06-01", 5), ms("2023-12-15")], "month") == ("2023-12-01", "2024-06-30")
    assert brushed_range([ms("2024-02-10")], "month") is None and brushed_range(None, "week") is None
