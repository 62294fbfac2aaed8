"""Views are answered in SQL from totals the store keeps, and mean what a user expects.

- Over many random views, the SQL answer holds exactly the nodes and edges (with their weights, dates,
  topics and article counts) that a plain networkx reading of the same meanings gives, computed from the
  evidence as it was written (not from the store).
- The per-edge and per-entity totals stay true after ingest, re-ingest, re-reading and a killed ingest.
- A country view holds that country's relations only; `between` holds what connects the countries;
  a view's articles are exactly those giving evidence for its edges; an export of no filter is everything.
"""
from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from graph import Store, View, aggregate, export, query
from graph.store import norm

# ---- a small corpus written for these tests -------------------------------------------------------------
ENTITIES = {   # id: (name, type, country, aliases)
    "state:SRB": ("Serbia", "state", "SRB", ["Serbian"]),
    "state:CHN": ("China", "state", "CHN", ["Chinese", "PRC"]),
    "state:RUS": ("Russia", "state", "RUS", ["Russian"]),
    "state:USA": ("United States", "state", "USA", ["US"]),
    "state:UKR": ("Ukraine", "state", "UKR", []),
    "leader:vucic": ("Aleksandar Vucic", "leader", "SRB", ["Vucic"]),
    "leader:xi": ("Xi Jinping", "leader", "CHN", ["Xi"]),
    "leader:putin": ("Vladimir Putin", "leader", "RUS", ["Putin"]),
    "person:envoy": ("Ana Envoy", "person", "", []),
    "org:defmin": ("Serbian Defence Ministry", "organization", "SRB", []),
    "org:un": ("United Nations", "organization", "", ["UN"]),
    "agreement:pact": ("Belgrade Pact", "agreement", "", []),
    "tech:fk3": ("FK-3", "technology", "", ["FK-3 air defence"]),
    "tech:drones": ("drones", "technology", "", ["UAV"]),
    "region:europe": ("Europe", "region", "", []),
    "person:lonely": ("Lonely Person", "person", "", []),   # mentioned, never related
}
RELATIONS = ("met_with", "visited", "signed", "party_to", "supplies", "procures", "cooperates_with",
             "conflict_with", "sanctions", "member_of", "related_to")
TOPICS = ("defence", "diplomacy", "economy", "energy")
ASSERTIONS = ("asserted", "asserted", "asserted", "negated", "hypothetical", "denied")
DATES = (None, "2020-03-01", "2021-06-15", "2022-01-10", "2022-09-30", "2023-05-05", "2024-02-29")


def entity(eid: str) -> dict:
    name, kind, country, aliases = ENTITIES[eid]
    return {"id": eid, "name": name, "type": kind, "country": country, "office": "", "aliases": aliases}


def corpus(seed: int = 7, n: int = 60) -> list[tuple[dict, dict]]:
    """Articles with random relations among the entities above: (article, graph) as add_article takes them."""
    rng = random.Random(seed)
    ids = [e for e in ENTITIES if e != "person:lonely"]
    out = []
    for i in range(n):
        date = rng.choice(DATES)
        rels, used = [], set()
        for j in range(rng.randint(1, 7)):
            s, t = rng.sample(ids[:9] if rng.random() < 0.6 else ids, 2)   # some pairs meet often
            rel = {"source": s, "target": t, "relation": rng.choice(RELATIONS[:4] * 3 + RELATIONS), "start": 100 * j,
                   "end": 100 * j + 40, "sentence": f"Sentence {j} of article {i} about {s} and {t}.",
                   "topics": rng.sample(TOPICS, rng.randint(0, 2)), "assertion": rng.choice(ASSERTIONS)}
            rels.append(rel)
            used |= {s, t}
        if i % 9 == 0:
            used.add("person:lonely")
        mentions = [{"entity": e, "text": ENTITIES[e][0], "start": 10 * k, "end": 10 * k + 5, "sentence": "s"}
                    for k, e in enumerate(sorted(used)) for _ in range(rng.randint(1, 2))]
        mentions = [dict(m, start=m["start"] + 1000 * idx) for idx, m in enumerate(mentions)]
        art = {"id": f"a{i:02d}", "title": f"Article {i}", "text": f"text {i}", "published": date}
        out.append((art, {"entities": [entity(e) for e in sorted(used)], "mentions": mentions, "relations": rels,
                          "topics": sorted({t for r in rels for t in r["topics"]})}))
    # an article with no relation at all: in an export of everything, not in any filtered view
    out.append(({"id": "quiet", "title": "Quiet", "text": "quiet", "published": "2021-01-01"},
                {"entities": [entity("person:lonely")], "relations": [], "topics": [],
                 "mentions": [{"entity": "person:lonely", "text": "Lonely", "start": 0, "end": 6, "sentence": "s"}]}))
    return out


CORPUS = corpus()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "g.db"
    with Store(path) as store:
        for art, graph in CORPUS:
            store.add_article(art, graph)
    return path


@pytest.fixture(scope="module")
def store(db):
    with Store(db, readonly=True) as s:
        yield s


# ---- the same meanings, read plainly in networkx from the evidence as written -----------------------------
def evidence_rows():
    for art, graph in CORPUS:
        for r in graph["relations"]:
            yield dict(r, article_id=art["id"], published=art["published"])


def reference(view: View) -> tuple[nx.MultiDiGraph, int]:
    """The view computed the plain way: every edge from its evidence, then each step of graph.query's
    docstring on a networkx graph. Returns the graph and its node count before the node limit."""
    typed = {e for e, (_, kind, _, _) in ENTITIES.items() if not view.types or kind in view.types}
    edges: dict[tuple, dict] = {}
    for r in evidence_rows():
        if view.assertion == "asserted" and r["assertion"] != "asserted":
            continue
        if view.relations and r["relation"] not in view.relations:
            continue
        if view.since and not (r["published"] and r["published"] >= view.since):
            continue
        if view.until and not (r["published"] and r["published"] <= view.until):
            continue
        if view.topics and not set(view.topics) & set(r["topics"]):
            continue
        if r["source"] not in typed or r["target"] not in typed:
            continue
        e = edges.setdefault((r["source"], r["target"], r["relation"]),
                             {"weight": 0, "dates": [], "topics": set(), "articles": set(), "assertions": set()})
        e["weight"] += 1
        e["dates"] += [r["published"]] if r["published"] else []
        e["topics"] |= set(r["topics"])
        e["articles"].add(r["article_id"])
        e["assertions"].add(r["assertion"])
    G = nx.MultiDiGraph()
    G.add_nodes_from(typed)
    for (s, t, rel), e in edges.items():
        if e["weight"] >= view.min_weight:
            G.add_edge(s, t, key=rel, weight=e["weight"], first_seen=min(e["dates"], default=""),
                       last_seen=max(e["dates"], default=""), topics=sorted(e["topics"]),
                       n_articles=len(e["articles"]), assertions=sorted(e["assertions"], key=ASSERTIONS.index))
    country = {e: c for e, (_, _, c, _) in ENTITIES.items()}
    kind = {e: k for e, (_, k, _, _) in ENTITIES.items()}
    all_edges = set(G.edges(keys=True))

    # countries
    if view.countries:
        own = {n for n in G if country[n] in view.countries}
        states = {n for n in own if kind[n] == "state"}
        if view.mode == "between" and len(view.countries) >= 2:
            kept = {e for e in all_edges if e[0] in own and e[1] in own and country[e[0]] != country[e[1]]}
            for m in G:
                if m in own or country[m] or kind[m] in ("state", "region"):
                    continue
                legs = [e for e in all_edges if m in e[:2] and e[2] != "related_to" and
                        (e[0] if e[1] == m else e[1]) in own]
                if len({country[e[0] if e[1] == m else e[1]] for e in legs}) >= 2:
                    kept |= set(legs)
        else:
            kept = {e for e in all_edges if e[0] in own or e[1] in own}
            states = states if view.edge_filtered else own
        nodes = {n for e in kept for n in e[:2]} | states
    else:
        kept = all_edges
        nodes = {n for e in kept for n in e[:2]} if view.edge_filtered else set(G)

    def view_graph(node_set, extra=frozenset()):
        H = nx.MultiDiGraph()
        H.add_nodes_from(node_set)
        H.add_edges_from((s, t, k, G.edges[s, t, k]) for s, t, k in kept | set(extra)
                         if s in node_set and t in node_set)
        return H

    # search
    if view.search:
        key = norm(view.search)
        und = view_graph(nodes).to_undirected(as_view=True)
        hits = {n for n in nodes if key in norm(ENTITIES[n][0]) or any(key in norm(a) for a in ENTITIES[n][3])}
        nodes = hits | {m for n in hits for m in und[n]}
    # focus
    if view.node:
        if view.node not in G:
            raise KeyError(view.node)
        und = view_graph(nodes | {view.node}).to_undirected(as_view=True)
        nodes = set(nx.single_source_shortest_path_length(und, view.node, cutoff=view.depth))
    # expand
    extra = set()
    for n in view.expand:
        if n in G:
            extra |= {e for e in all_edges if n in e[:2]}
            nodes |= {n} | set(G.to_undirected(as_view=True)[n])
    # path
    path = None
    if view.path:
        if not set(view.path) <= set(G):
            raise KeyError(view.path)
        und = nx.Graph()
        und.add_nodes_from(sorted(G))
        und.add_edges_from(sorted({tuple(sorted((s, t))) for s, t in G.edges()}))
        try:
            path = nx.shortest_path(und, *view.path)
        except nx.NetworkXNoPath:
            path = []
        steps = set(zip(path, path[1:])) | set(zip(path[1:], path))
        extra |= {e for e in all_edges if e[:2] in steps}
        nodes |= set(path)
    H = view_graph(nodes, extra)
    total = len(H)
    if view.limit and len(H) > view.limit:
        mentions = reference_mentions()
        must = set(path or ())
        for name in (view.node, view.selected, *view.expand):
            if name in H:
                must.add(name)
        und = H.to_undirected(as_view=True)
        must |= {m for n in view.expand if n in H for m in und[n]}
        ranked = sorted(H, key=lambda x: (x not in must, -H.degree(x, weight="weight"), -mentions.get(x, 0), x))
        H = H.subgraph(ranked[:max(view.limit, len(must & set(H)))])
    H.graph["path"] = path
    return H, total


def reference_mentions() -> dict[str, int]:
    out: dict[str, int] = {}
    for _, graph in CORPUS:
        for m in graph["mentions"]:
            out[m["entity"]] = out.get(m["entity"], 0) + 1
    return out


NAMES = sorted(ENTITIES)


def sometimes(strategy, default=()):
    """The default three times in four: a random view narrows by a few filters at once, not all of them."""
    return st.one_of(st.just(default), st.just(default), st.just(default), strategy)


views = st.builds(
    View,
    countries=sometimes(st.lists(st.sampled_from(["SRB", "CHN", "RUS", "USA", "UKR"]), min_size=1, max_size=3,
                                 unique=True).map(tuple)),
    mode=st.sampled_from(["either", "between"]),
    topics=sometimes(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True).map(tuple)),
    types=sometimes(st.lists(st.sampled_from(["state", "leader", "person", "organization", "agreement", "technology",
                                              "region"]), min_size=2, max_size=5, unique=True).map(tuple)),
    relations=sometimes(st.lists(st.sampled_from(RELATIONS), min_size=1, max_size=5, unique=True).map(tuple)),
    since=sometimes(st.sampled_from(["2021-01-01", "2022-06-01"]), None),
    until=sometimes(st.sampled_from(["2022-12-31", "2024-01-01"]), None),
    min_weight=sometimes(st.integers(2, 3), 1),
    assertion=st.sampled_from(["asserted", "all"]),
    search=sometimes(st.sampled_from(["serb", "xi", "un", "drones"]), None),
    node=sometimes(st.sampled_from(NAMES), None),
    depth=st.integers(1, 2),
    expand=sometimes(st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True).map(tuple)),
    path=sometimes(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), None),
    limit=sometimes(st.integers(1, 12), None),
    selected=sometimes(st.sampled_from(NAMES), None),
)


bilateral = st.builds(lambda v, countries: v.with_(countries=countries, mode="between"), views,
                      st.lists(st.sampled_from(["SRB", "CHN", "RUS", "USA"]), min_size=2, max_size=3,
                               unique=True).map(tuple))
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


@SETTINGS
@given(view=views)
def test_sql_views_hold_what_the_networkx_reading_of_the_same_meaning_holds(store, view):
    assert_same_as_reference(store, view)


@SETTINGS
@given(view=bilateral)
def test_bilateral_views_hold_what_the_networkx_reading_holds(store, view):
    assert_same_as_reference(store, view)


def assert_same_as_reference(store, view):
    try:
        want, total = reference(view)
    except KeyError:
        with pytest.raises(KeyError):
            query.subgraph(store, view)
        return
    got = query.subgraph(store, view)
    assert set(got) == set(want)
    assert set(got.edges(keys=True)) == set(want.edges(keys=True))
    for s, t, k, d in want.edges(keys=True, data=True):
        e = got.edges[s, t, k]
        assert (e["weight"], e["first_seen"], e["last_seen"], e["topics"], e["n_articles"], e["assertions"]) == \
               (d["weight"], d["first_seen"], d["last_seen"], d["topics"], d["n_articles"], d["assertions"])
        assert len(e["evidence"]) == e["weight"]
    assert got.graph["total"] == total
    if view.path:
        assert got.graph["path"] == want.graph["path"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(view=st.one_of(views, bilateral))
def test_the_hidden_mentioned_together_links_are_those_the_view_would_hold_between_its_nodes(store, view):
    """What "N mentioned-together links not shown" counts: the related_to edges between the nodes a view shows
    that the same view, letting related_to in, would hold (its other filters and its country rule apply)."""
    view = view.with_(relations=tuple(r for r in view.relations if r != "related_to") or ("met_with", "signed"))
    try:
        shown = query.subgraph(store, view, evidence=False)
        with_links = query.subgraph(store, view.with_(relations=("related_to",), limit=None, node=None, search=None,
                                                      path=None), evidence=False)
    except KeyError:
        return
    want = sum(1 for *_e, k in with_links.subgraph(shown.nodes).edges(keys=True) if k == "related_to")
    assert query.links_among(store, view, shown) == want


def test_node_totals_are_mentions_articles_and_dates_of_the_articles_naming_them(store):
    g = query.subgraph(store, View())
    mentions = reference_mentions()
    for n, d in g.nodes(data=True):
        arts = [a["id"] for a, graph in CORPUS if any(m["entity"] == n for m in graph["mentions"])]
        dates = [a["published"] for a, graph in CORPUS if a["id"] in arts and a["published"]]
        assert (d["mentions"], d["articles"], d["first_seen"], d["last_seen"]) == \
               (mentions.get(n, 0), len(arts), min(dates, default=""), max(dates, default=""))


# ---- the totals stay true ----------------------------------------------------------------------------------
def summed(conn) -> tuple[dict, dict, dict]:
    """The per-edge, per-edge-and-topic and per-entity totals summed again, in Python, from the stored rows."""
    edges: dict[tuple, dict] = {}
    for s, t, rel, art, published, topics, assertion in conn.execute(
            "SELECT source, target, relation, article_id, published, topics, assertion FROM relations"):
        names = {x for x in (topics or "").split(" | ") if x}
        for key in [(s, t, rel)] + [(topic, s, t, rel) for topic in names]:
            e = edges.setdefault(key, {"w": 0, "n": 0, "aw": set(), "an": set(), "dw": [], "dn": [],
                                       "tw": set(), "tn": set(), "asr": set()})
            e["n"] += 1
            e["an"].add(art)
            e["dn"] += [published] if published else []
            e["tn"] |= names
            e["asr"].add(assertion)
            if assertion == "asserted":
                e["w"] += 1
                e["aw"].add(art)
                e["dw"] += [published] if published else []
                e["tw"] |= names
    want = {k: (e["w"], e["n"], len(e["aw"]), len(e["an"]), min(e["dw"], default=""), max(e["dw"], default=""),
                min(e["dn"], default=""), max(e["dn"], default=""), " | ".join(sorted(e["tw"])),
                " | ".join(sorted(e["tn"])), ",".join(sorted(e["asr"], key=aggregate.ASSERTION_ORDER.index)))
            for k, e in edges.items()}
    ents: dict[str, list] = {}
    for entity, art, published in conn.execute(
            "SELECT m.entity_id, m.article_id, a.published FROM mentions m JOIN articles a ON a.id = m.article_id"):
        e = ents.setdefault(entity, [0, set(), []])
        e[0] += 1
        e[1].add(art)
        e[2] += [published] if published else []
    want_ents = {k: (m, len(a), min(d, default=""), max(d, default="")) for k, (m, a, d) in ents.items()}
    return ({k: v for k, v in want.items() if len(k) == 3}, {k: v for k, v in want.items() if len(k) == 4},
            want_ents)


def stored(conn) -> tuple[dict, dict, dict]:
    totals = ", ".join(aggregate.TOTAL_COLUMNS)
    edges = {tuple(r[:3]): tuple(r[3:]) for r in conn.execute(f"SELECT source, target, relation, {totals} FROM edges")}
    topical = {tuple(r[:4]): tuple(r[4:]) for r in conn.execute(
        f"SELECT topic, source, target, relation, {totals} FROM edge_topics")}
    ents = {r[0]: tuple(r[1:]) for r in conn.execute("SELECT * FROM entity_stats")}
    return edges, topical, ents


def assert_totals_true(path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert stored(conn) == summed(conn)
    finally:
        conn.close()


def test_totals_are_true_after_ingest_and_unchanged_by_ingesting_again(db, tmp_path):
    assert_totals_true(db)
    copy = tmp_path / "again.db"
    with Store(db, readonly=True) as s:
        s.conn.execute("VACUUM INTO ?", (str(copy),))
    with Store(copy) as store:
        before, version = stored(store.conn), store.data_version()
        assert not any(store.add_article(art, graph) for art, graph in CORPUS)
        assert stored(store.conn) == before and store.data_version() == version


def test_totals_are_true_after_articles_are_read_again_and_orphans_removed(db, tmp_path):
    copy = tmp_path / "reread.db"
    with Store(db, readonly=True) as s:
        s.conn.execute("VACUUM INTO ?", (str(copy),))
    other = corpus(seed=99, n=len(CORPUS) - 1)
    with Store(copy) as store:
        version = store.data_version()
        for (art, _), (_, graph) in zip(CORPUS, other):   # each article read anew, differently
            assert store.replace_article(art["id"], graph, version=2)
        store.replace_article("a03", {"entities": [], "mentions": [], "relations": [], "topics": []}, version=2)
        store.remove_orphans()
        assert store.data_version() > version
    assert_totals_true(copy)


def test_totals_are_built_for_a_store_written_before_they_existed(db, tmp_path):
    old = tmp_path / "old.db"
    with Store(db, readonly=True) as s:
        s.conn.execute("VACUUM INTO ?", (str(old),))
    conn = sqlite3.connect(old)
    conn.executescript("DROP TABLE edges; DROP TABLE edge_topics; DROP TABLE entity_stats; DROP TABLE meta;")
    conn.close()
    with Store(old, readonly=True) as store:   # `graph export` opens read-only: the file is upgraded first
        assert query.subgraph(store, View()).number_of_edges() > 0
    assert_totals_true(old)


SENTENCES = [  # articles of our own for a real ingest: {a} and {b} are states, {p} a leader
    "{p} visited {b} on Monday. {a} agreed to buy drones from {b}. {a} and {b} signed a trade agreement.",
    "{a} imposed sanctions on {b}. {p} met the leaders of {b} in Geneva.",
]
STATES = ["Serbia", "China", "France", "India", "Japan", "Brazil", "Kenya", "Norway", "Chile", "Egypt"]


def write_articles(folder, n: int):
    folder.mkdir()
    for i in range(n):
        a, b = STATES[i % len(STATES)], STATES[(3 * i + 1) % len(STATES)]
        if a == b:
            b = STATES[(i + 5) % len(STATES)]
        text = SENTENCES[i % 2].format(a=a, b=b, p="Emmanuel Macron" if i % 3 else "Narendra Modi")
        (folder / f"{i:03d}.md").write_text(f"---\ntitle: Story {i}\ndate: 2023-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
                                            f"---\nStory {i}\n\n{text} Report number {i}.\n")


def test_totals_are_true_after_a_killed_ingest_and_after_reextract(tmp_path):
    write_articles(tmp_path / "in", 120)
    db = tmp_path / "g.db"
    proc = subprocess.Popen([sys.executable, "-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(db),
                             "--quiet", "--processes", "1"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        stored_now = 0
        while time.time() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                        stored_now = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    stored_now = 0
            if stored_now >= 5:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest finished before it could be stopped"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    with Store(db) as store:
        killed_at = store.counts_articles()
    assert 5 <= killed_at < 120
    assert_totals_true(db)
    r = subprocess.run([sys.executable, "-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(db), "--quiet",
                        "--processes", "1"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert_totals_true(db)
    r = subprocess.run([sys.executable, "-m", "extractors", "reextract", "--db", str(db), "--all", "--quiet",
                        "--processes", "1"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert_totals_true(db)
    with Store(db, readonly=True) as store:
        assert store.counts_articles() == 120


# ---- what the filters mean -------------------------------------------------------------------------------------
def rel(s, relation, t, start, topics=("defence",)):
    return {"source": s, "target": t, "relation": relation, "start": start, "end": start + 10,
            "sentence": f"{s} {relation} {t} ({start}).", "topics": list(topics)}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Serbia and China with their leaders, a pact, an air-defence system and a region; Russia, Ukraine and
    the United States around them."""
    path = tmp_path_factory.mktemp("world") / "g.db"
    ents = [entity(e) for e in ENTITIES]
    articles = [
        ("w1", "2024-05-08", [rel("leader:xi", "visited", "state:SRB", 0), rel("state:CHN", "supplies", "state:SRB", 20),
                              rel("state:SRB", "signed", "agreement:pact", 40),
                              rel("state:CHN", "signed", "agreement:pact", 60)]),
        ("w2", "2024-06-01", [rel("state:SRB", "procures", "tech:fk3", 0), rel("state:CHN", "supplies", "tech:fk3", 20),
                              rel("state:SRB", "related_to", "region:europe", 40),
                              rel("state:CHN", "related_to", "region:europe", 60),
                              rel("state:SRB", "related_to", "org:un", 80), rel("state:CHN", "related_to", "org:un", 100),
                              rel("state:SRB", "cooperates_with", "region:europe", 120),
                              rel("state:CHN", "cooperates_with", "region:europe", 140)]),
        ("w3", "2024-07-01", [rel("state:RUS", "conflict_with", "state:UKR", 0),
                              rel("state:USA", "sanctions", "state:RUS", 20),
                              rel("leader:vucic", "met_with", "leader:putin", 40),
                              rel("state:SRB", "met_with", "state:RUS", 60),
                              rel("state:RUS", "met_with", "state:CHN", 80)]),
        ("w4", "2024-08-01", [rel("state:USA", "cooperates_with", "state:UKR", 0, ("economy",))]),
    ]
    with Store(path) as store:
        for aid, date, rels in articles:
            used = {n for r in rels for n in (r["source"], r["target"])}
            store.add_article({"id": aid, "title": aid, "text": aid, "published": date},
                              {"entities": [e for e in ents if e["id"] in used], "relations": rels, "topics": [],
                               "mentions": [{"entity": n, "text": n, "start": i, "end": i + 1, "sentence": "s"}
                                            for i, n in enumerate(sorted(used))]})
        # an article that names Serbia but says nothing about it
        store.add_article({"id": "w5", "title": "w5", "text": "w5", "published": "2024-09-01"},
                          {"entities": [entity("state:SRB")], "relations": [], "topics": [],
                           "mentions": [{"entity": "state:SRB", "text": "Serbia", "start": 0, "end": 6,
                                         "sentence": "s"}]})
    return path


def edges_of(path, **kw):
    with Store(path, readonly=True) as store:
        return {(s, r, t) for s, t, r in query.subgraph(store, View(**kw)).edges(keys=True)}


def test_a_country_view_holds_its_own_nodes_relations_not_those_between_other_parties(world):
    edges = edges_of(world, countries=("SRB",))
    assert ("leader:vucic", "met_with", "leader:putin") in edges          # its leader's meeting
    assert ("state:CHN", "supplies", "state:SRB") in edges
    assert ("state:SRB", "met_with", "state:RUS") in edges
    assert ("state:RUS", "conflict_with", "state:UKR") not in edges        # Russia is in the view, but not this
    assert ("state:RUS", "met_with", "state:CHN") not in edges
    assert all("SRB" in (ENTITIES[s][2], ENTITIES[t][2]) for s, _, t in edges)


def test_a_bilateral_view_holds_what_connects_the_two_countries(world):
    edges = edges_of(world, countries=("CHN", "SRB"), mode="between")
    assert edges == {("leader:xi", "visited", "state:SRB"), ("state:CHN", "supplies", "state:SRB"),
                     ("state:SRB", "signed", "agreement:pact"), ("state:CHN", "signed", "agreement:pact"),
                     ("state:SRB", "procures", "tech:fk3"), ("state:CHN", "supplies", "tech:fk3")}
    # not through a third state, a region, or two mentions of the same organisation
    either = edges_of(world, countries=("CHN", "SRB"))
    assert {("state:SRB", "met_with", "state:RUS"), ("state:SRB", "related_to", "org:un"),
            ("state:SRB", "cooperates_with", "region:europe")} <= either


def test_mode_is_a_url_key_and_a_command_line_flag(world, tmp_path):
    view = View(countries=("CHN", "SRB"), mode="between")
    assert view.to_query() == {"country": ["CHN", "SRB"], "mode": "between"}
    assert View.from_query(view.to_query()) == view and View().to_query() == {}
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(world), "--out", str(tmp_path),
                        "--country", "CHN", "--country", "SRB", "--mode", "between"], cwd=ROOT, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "edges.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6 and {r["relation"] for r in rows} == {"visited", "supplies", "signed", "procures"}
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(world), "--out", str(tmp_path),
                        "--mode", "sideways"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "sideways" in r.stderr


def test_topic_and_relation_filters_select_edges_and_the_nodes_they_touch(world):
    with Store(world, readonly=True) as store:
        g = query.subgraph(store, View(topics=("economy",)))
        assert set(g.edges(keys=True)) == {("state:USA", "state:UKR", "cooperates_with")}
        assert set(g) == {"state:USA", "state:UKR"}
        g = query.subgraph(store, View(relations=("signed",)))
        assert set(g) == {"state:SRB", "state:CHN", "agreement:pact"}


def test_the_articles_of_a_view_are_exactly_those_giving_evidence_for_its_edges(world):
    with Store(world, readonly=True) as store:
        view = View(countries=("SRB",))
        g = query.subgraph(store, view)
        ids = {r["id"] for r in export.article_rows(g, store, view)}
        assert ids == {a for *_, d in g.edges(data=True) for a in d["articles"]} == {"w1", "w2", "w3"}
        lean = query.subgraph(store, view, evidence=False)     # the dashboard's graph: the same from SQL
        assert export.article_ids(lean, store, view) == ids
        view = View(countries=("CHN", "SRB"), mode="between", relations=("signed",))
        g = query.subgraph(store, view)
        assert {r["id"] for r in export.article_rows(g, store, view)} == {"w1"}
        mentions = export.mention_rows(g, store, view)
        assert {m["article_id"] for m in mentions} == {"w1"} and {m["node_id"] for m in mentions} <= set(g)


def test_an_export_with_no_filter_is_everything(db, tmp_path):
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(db), "--out", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

    def rows(name):
        with open(tmp_path / name, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    with Store(db, readonly=True) as store:
        c = store.conn
        assert {r["id"] for r in rows("nodes.csv")} == {x[0] for x in c.execute("SELECT id FROM entities")}
        assert {(r["source"], r["target"], r["relation"]) for r in rows("edges.csv")} == {
            tuple(x) for x in c.execute("SELECT DISTINCT source, target, relation FROM relations "
                                        "WHERE assertion = 'asserted'")}
        assert {r["id"] for r in rows("articles.csv")} == {x[0] for x in c.execute("SELECT id FROM articles")}
        assert len(rows("mentions.csv")) == c.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    assert "quiet" in {r["id"] for r in rows("articles.csv")} and "person:lonely" in {r["id"] for r in rows("nodes.csv")}


def test_evidence_is_read_only_when_asked_for(world):
    with Store(world, readonly=True) as store:
        lean = query.subgraph(store, View(countries=("SRB",)), evidence=False)
        assert not any("evidence" in d for *_, d in lean.edges(data=True))
        full = query.with_evidence(store, View(countries=("SRB",)), lean)
        assert all(len(d["evidence"]) == d["weight"] for *_, d in full.edges(data=True))
