"""The dashboard's Python side with Streamlit's AppTest: the URL is the view; filters, clicks, Focus, Back,
Path and search change it; panels, tables and exports show exactly that view; article text stays text.

Expected values are computed with the graph API on the same database, so these tests follow the
extractors as they improve instead of pinning today's entities.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard_corpus import ARTICLES, XSS_ID, XSS_NAME, XSS_TITLE
from graph import Store, View, export, query

APP = str(ROOT / "dashboard" / "app.py")
DEFAULT_LIMIT = 40   # the dashboard's default node limit (dashboard/settings.py)


@pytest.fixture
def app(dash_db, monkeypatch):
    """An AppTest of dashboard/app.py on the test database; `run()` returns it after checking for errors."""
    monkeypatch.setenv("ENTENTE_DB", str(dash_db))
    at = AppTest.from_file(APP, default_timeout=60)
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def store(dash_db):
    with Store(dash_db, readonly=True) as s:
        yield s


def view_graph(store, together: bool = False, **kw):
    """The graph the dashboard shows for these filters: its default node limit, and mentioned-together
    (related_to) links only with `together` (the URL's together=1) or when the relation filter names them."""
    from dashboard.state import effective
    return query.subgraph(store, effective(View(**kw), together=together))


def node_id(store, name):
    return query.resolve_node(query.full_graph(store), name)


def table(at: AppTest, key: str):
    """A table's rows, its tab opened first when closed (only the open tab's table is built)."""
    if not any(d.key == key for d in at.dataframe):
        at.session_state["entente_table"] = key.removeprefix("t_")   # what clicking its tab does
        run(at)
    return next(d for d in at.dataframe if d.key == key).value


def markdown_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown) + "\n".join(str(c.value) for c in at.caption)


def click(at: AppTest, kind: str, ref: str | None, n: int):
    """What the graph component reports when the user clicks (its state, as the browser would set it)."""
    at.session_state["graph"] = {"click": {"kind": kind, "id": ref, "n": n}}
    return run(at)


def params(at: AppTest) -> dict:
    return {k: (v if isinstance(v, list) else [v]) for k, v in at.query_params.items()}


# ---- start ---------------------------------------------------------------------------------------------
def test_opens_on_the_whole_graph_with_counts(app, store):
    at = run(app)
    g = view_graph(store)
    assert f"Showing **{len(g)} of {len(g)} nodes**" in markdown_text(at)
    assert set(table(at, "t_entities")["id"]) == set(g)
    assert len(table(at, "t_relations")) == g.number_of_edges()
    assert "Click a node or an edge" in markdown_text(at)
    assert not at.error


def test_limit_control_shows_n_of_m(app, store):
    at = run(app)
    at.number_input(key="f_limit").set_value(5)
    run(at)
    total = len(view_graph(store))
    assert params(at)["limit"] == ["5"]
    assert f"Showing **5 of {total} nodes**" in markdown_text(at)
    assert set(table(at, "t_entities")["id"]) == set(view_graph(store, limit=5))


def test_missing_database_is_built_from_the_data_folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    name = "04-india-s400.md"
    (data / name).write_text(ARTICLES[name], encoding="utf-8")
    db = tmp_path / "new" / "graph.db"
    monkeypatch.setenv("ENTENTE_DB", str(db))
    monkeypatch.setenv("ENTENTE_DATA", str(data))
    at = run(AppTest.from_file(APP, default_timeout=120))
    assert db.exists()
    # the banner and progress bar shown while building are gone once it is built; a toast says it was
    assert not any("building it from the articles" in str(i.value) for i in at.info)
    assert not at.get("progress")
    assert any("Database built: 1 article read" in str(t.value) for t in at.toast)
    with Store(db, readonly=True) as s:
        assert s.counts()["articles"] == 1
        assert set(table(at, "t_entities")["id"]) == set(query.subgraph(s, View(limit=DEFAULT_LIMIT)))


def test_empty_data_folder_gives_an_empty_graph_and_a_hint(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("ENTENTE_DB", str(tmp_path / "graph.db"))
    monkeypatch.setenv("ENTENTE_DATA", str(tmp_path / "data"))
    at = run(AppTest.from_file(APP, default_timeout=120))
    assert any("No articles found" in str(w.value) for w in at.warning)
    assert any("No nodes in this view" in str(i.value) for i in at.info)
    assert len(table(at, "t_entities")) == 0


# ---- the URL is the view ---------------------------------------------------------------------------------
def test_unknown_focus_node_falls_back_to_the_whole_view(app, store):
    app.query_params = {"node": "Atlantis", "country": "IND"}
    at = run(app)
    assert any("no node named 'Atlantis'" in _md_plain(str(w.value)) for w in at.warning)
    assert set(table(at, "t_entities")["id"]) == set(view_graph(store, countries=("IND",)))


def test_query_parameters_restore_a_view(app, store):
    app.query_params = {"country": "IND", "min_weight": "1", "selected": "state:IND"}
    at = run(app)
    assert at.multiselect(key="f_country").value == ["IND"]
    g = view_graph(store, countries=("IND",))
    assert set(table(at, "t_entities")["id"]) == set(g)
    assert "state:SRB" not in set(table(at, "t_entities")["id"])
    assert "### India" in markdown_text(at)


def test_country_filter_changes_graph_tables_and_url(app, store):
    at = run(app)
    at.multiselect(key="f_country").set_value(["SRB"])
    run(at)
    assert params(at)["country"] == ["SRB"]
    g = view_graph(store, countries=("SRB",))
    assert set(table(at, "t_entities")["id"]) == set(g)
    assert "state:IND" not in set(g)
    arts = set(table(at, "t_articles")["id"])
    assert arts == {r["id"] for r in export.article_rows(g, store, View(countries=("SRB",)))}


def test_two_countries_any_of_them_or_between_them(app, store, downloads):
    at = run(app)
    at.multiselect(key="f_country").set_value(["SRB", "CHN"])
    run(at)
    assert at.radio(key="f_mode").value == "either"
    either = view_graph(store, countries=("SRB", "CHN"))
    assert set(table(at, "t_entities")["id"]) == set(either)
    at.radio(key="f_mode").set_value("between")
    run(at)
    assert params(at)["mode"] == ["between"]
    between = view_graph(store, countries=("SRB", "CHN"), mode="between")
    assert set(table(at, "t_entities")["id"]) == set(between) and len(between) < len(either)
    assert "state:FRA" not in set(between) and "--mode between" in "\n".join(c.value for c in at.code)


def test_topic_type_relation_and_weight_filters(app, store):
    at = run(app)
    at.multiselect(key="f_type").set_value(["state"])
    at.multiselect(key="f_relation").set_value(["supplies", "procures"])
    at.number_input(key="f_min_weight").set_value(1)
    run(at)
    assert params(at)["type"] == ["state"] and params(at)["relation"] == ["supplies", "procures"]
    g = view_graph(store, types=("state",), relations=("supplies", "procures"))
    assert set(table(at, "t_entities")["id"]) == set(g)
    assert set(table(at, "t_relations")["relation"]) <= {"supplies", "procures"}
    at.multiselect(key="f_topic").set_value(["diplomacy"])
    run(at)
    assert params(at)["topic"] == ["diplomacy"]


def test_date_range_filter(app, store):
    import datetime as dt
    at = run(app)
    at.date_input(key="f_since").set_value(dt.date(2024, 1, 1))
    run(at)
    assert params(at)["since"] == ["2024-01-01"]
    g = view_graph(store, since="2024-01-01")
    assert set(table(at, "t_entities")["id"]) == set(g)
    assert all(r >= "2024-01-01" for r in table(at, "t_relations")["first_seen"])


def test_bad_parameter_is_reported_and_ignored(app, store):
    app.query_params = {"topic": "astrology", "country": "SRB"}
    at = run(app)
    assert any("astrology" in str(e.value) for e in at.error)
    assert set(table(at, "t_entities")["id"]) == set(view_graph(store, countries=("SRB",)))


def test_clear_filters_keeps_the_selection(app, store):
    app.query_params = {"country": "SRB", "selected": "state:SRB"}
    at = run(app)
    at.button(key="f_clear").click()
    run(at)
    assert params(at) == {"selected": ["state:SRB"]}
    assert at.multiselect(key="f_country").value == []


# ---- clicking through the graph --------------------------------------------------------------------------
def test_click_node_opens_panel_with_neighbours_and_evidence(app, store):
    at = run(app)
    click(at, "node", "state:SRB", 1)
    assert params(at)["selected"] == ["state:SRB"]
    text = markdown_text(at)
    assert "### Serbia" in text and "**Country:** Serbia \\(SRB\\)" in text
    full = query.full_graph(store)
    neighbours = table(at, "nbrs_state:SRB")
    expected = {full.nodes[n]["name"] for n in set(full.successors("state:SRB")) | set(full.predecessors("state:SRB"))}
    assert set(neighbours["node"]) == expected
    some_sentence = next(iter(full.edges("state:SRB", data=True)))[2]["evidence"][0]["sentence"]
    assert _md_plain(some_sentence)[:40] in _md_plain(text)
    # the same click again is not a new click; an empty click clears the selection
    click(at, "node", "state:SRB", 1)
    assert params(at)["selected"] == ["state:SRB"]
    click(at, "none", None, 2)
    assert "selected" not in params(at)


def test_click_edge_shows_its_evidence(app, store):
    full = query.full_graph(store)
    s, t, rel, d = next((s, t, k, d) for s, t, k, d in full.edges(keys=True, data=True)
                        if s.startswith("state:") and t.startswith("state:") and k != "related_to")
    at = run(app)
    click(at, "edge", f"{s}~{t}~{rel}", 1)
    text = markdown_text(at)
    assert f"relation {_md(rel)}" in text
    for ev in d["evidence"]:
        assert _md_plain(ev["sentence"]) in _md_plain(text)
    at.button(key="e_tgt").click()
    run(at)
    assert params(at)["selected"] == [t]


def test_focus_expand_and_back(app, store):
    at = run(app)
    click(at, "node", "state:SRB", 1)
    at.segmented_control(key="p_depth").set_value(1)
    at.button(key="p_focus").click()
    run(at)
    assert params(at)["node"] == ["state:SRB"]
    focused = view_graph(store, node="state:SRB")
    assert set(table(at, "t_entities")["id"]) == set(focused)
    assert "Focused on **Serbia**" in markdown_text(at)

    other = next(n for n in focused if n != "state:SRB" and n.startswith("state:"))
    click(at, "node", other, 2)
    at.button(key="p_expand").click()
    run(at)
    assert params(at)["expand"] == [other]
    assert set(table(at, "t_entities")["id"]) == set(view_graph(store, node="state:SRB", expand=(other,)))

    at.button(key="v_back").click()  # undo Expand
    run(at)
    assert "expand" not in params(at) and params(at)["selected"] == [other]
    at.button(key="v_back").click()  # undo the click on `other`
    run(at)
    assert params(at)["selected"] == ["state:SRB"] and params(at)["node"] == ["state:SRB"]
    at.button(key="v_back").click()  # undo Focus
    run(at)
    assert "node" not in params(at) and params(at)["selected"] == ["state:SRB"]
    assert "Visited:" not in markdown_text(at) or at.button(key="v_back").disabled is False


def test_double_click_focuses(app, store):
    at = run(app)
    click(at, "focus", "state:IND", 1)
    assert params(at)["node"] == ["state:IND"] and params(at)["selected"] == ["state:IND"]
    assert set(table(at, "t_entities")["id"]) == set(view_graph(store, node="state:IND"))


def test_path_between_two_nodes(app, store):
    at = run(app)
    click(at, "node", "state:HUN", 1)
    at.selectbox(key="p_path_target").set_value("state:FRA")
    at.button(key="p_path").click()
    run(at)
    assert params(at)["path"] == ["state:HUN", "state:FRA"]
    g = view_graph(store, path=("state:HUN", "state:FRA"))
    nodes = g.graph["path"]
    assert nodes[0] == "state:HUN" and nodes[-1] == "state:FRA" and len(nodes) >= 3
    assert "Path: " + " → ".join(f"**{_md(g.nodes[n]['name'])}**" for n in nodes) in markdown_text(at)
    assert set(nodes) <= set(table(at, "t_entities")["id"])
    at.button(key="v_path").click()
    run(at)
    assert "path" not in params(at)


def test_no_path_is_said_plainly(app):
    app.query_params = {"path": ["state:IND", "state:FRA"]}  # the two clusters of the test corpus
    at = run(app)
    assert "no path between **India** and **France**" in markdown_text(at)


def test_search_box_jumps_to_a_node_by_alias(app, store):
    at = run(app)
    at.text_input(key="f_find").input("Vucic")
    run(at)
    vucic = node_id(store, "Aleksandar Vucic")
    assert params(at)["selected"] == [vucic]
    assert at.session_state["entente_jump"]["id"] == vucic
    assert "### " + _md(query.full_graph(store).nodes[vucic]["name"]) in markdown_text(at)


# ---- exports ---------------------------------------------------------------------------------------------
class Downloads(dict):
    """Download buttons by file name → the data the app passed (callables are called: deferred data)."""

    def file(self, suffix: str):
        data = next(v for k, v in self.items() if k.endswith(suffix))
        return data() if callable(data) else data


@pytest.fixture
def downloads(monkeypatch):
    seen = Downloads()
    original = DeltaGenerator.download_button

    def spy(self, label, data, *args, **kwargs):
        seen[kwargs.get("file_name") or label] = data
        return original(self, label, data, *args, **kwargs)
    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    return seen


def test_exports_are_the_view(app, store, downloads):
    rels = ["met_with", "supplies", "visited", "procures", "leader_of"]
    app.query_params = {"country": "SRB", "relation": rels}
    at = run(app)
    view = View(countries=("SRB",), relations=tuple(rels), limit=DEFAULT_LIMIT)
    g = query.subgraph(store, view)
    assert downloads.file("nodes.csv") == export.to_csv("nodes.csv", export.node_rows(g))
    edges = downloads.file("edges.csv")
    assert edges == export.to_csv("edges.csv", export.edge_rows(g))
    assert next(csv.reader(io.StringIO(edges))) == export.HEADERS["edges.csv"]
    assert {r["relation"] for r in csv.DictReader(io.StringIO(edges))} <= set(rels)
    with zipfile.ZipFile(io.BytesIO(downloads.file(".zip"))) as z:
        assert sorted(z.namelist()) == sorted(export.HEADERS)
        assert z.read("edges.csv").decode() == edges
        assert z.read("articles.csv").decode() == export.csv_tables(g, store, view)["articles.csv"]
    ml = downloads.file(".graphml")
    assert ml.startswith("<graphml") and "Serbia" in ml and ml.count("<node ") == len(g)
    _assert_offline_page(downloads.file(".html"))
    code = "\n".join(c.value for c in at.code)  # the command line that writes the same files
    assert "--country SRB" in code and "--relation met_with" in code and f"--limit {DEFAULT_LIMIT}" in code


def _assert_offline_page(page: str):
    assert "<script>" in page and "vis.Network" in page and "new vis.DataSet" in page
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=\"?https?:", page, re.I)
    assert "popup.innerHTML" not in page
    assert "Content-Security-Policy" in page


def test_standalone_page_keeps_hostile_names_as_data(store):
    from dashboard import exports, network
    g = view_graph(store, countries=("SRB",))
    assert XSS_ID in g
    page = exports.standalone_html(g, network.layout(g), 'country=SRB <script>alert("caption")</script>')
    _assert_offline_page(page)
    assert XSS_NAME not in page, "the hostile name must only appear JSON-escaped inside the script"
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "&lt;script&gt;alert(&#34;caption&#34;)&lt;/script&gt;" in page or \
           "&lt;script&gt;alert(&quot;caption&quot;)&lt;/script&gt;" in page


# ---- safety ----------------------------------------------------------------------------------------------
def test_hostile_text_is_escaped_everywhere(app, store):
    app.query_params = {"selected": XSS_ID}
    at = run(app)
    text = markdown_text(at)
    assert "### " + _md(XSS_NAME) in text
    assert XSS_NAME not in text, "raw name would be Markdown/HTML"
    assert "](javascript" not in text
    for el in at.get("html"):
        body = el.proto.body
        assert "<img" not in body and "<script" not in body
    # the component gets the name as data only, for vis-network to draw and show with innerText
    # tables show it as a cell value
    assert XSS_NAME in set(table(at, "t_entities")["name"])
    arts = table(at, "t_articles")
    assert XSS_TITLE in set(arts["title"])
    assert arts.loc[arts["title"] == XSS_TITLE, "url"].isna().all(), "javascript: URLs are not links"


def test_article_reader_marks_entities_as_escaped_html(dash_db):
    from dashboard.text import marked_html
    with Store(dash_db, readonly=True) as s:
        art = s.conn.execute("SELECT id, text FROM articles WHERE title=?", (XSS_TITLE,)).fetchone()
        spans = [dict(r) for r in s.conn.execute(
            "SELECT m.entity_id, m.start, m.end, e.name, e.type FROM mentions m JOIN entities e ON e.id=m.entity_id "
            "WHERE m.article_id=?", (art["id"],))]
    page = marked_html(art["text"], spans, {"person": "#ff7f0e"})
    assert '&lt;img src=x onerror=alert(1)&gt;</mark>' in page
    assert "<img" not in page and "title=\"&lt;img src=x onerror=alert(1)&gt; (person)\"" in page
    assert page.count("<mark") >= 2


# ---- add articles ----------------------------------------------------------------------------------------
def test_upload_ingests_good_files_and_names_bad_ones(tmp_path, monkeypatch, dash_db):
    import shutil
    db = tmp_path / "upload.db"
    shutil.copy(dash_db, db)
    monkeypatch.setenv("ENTENTE_DB", str(db))
    at = run(AppTest.from_file(APP, default_timeout=120))
    before = len(table(at, "t_entities"))
    good = ("Putin met Recep Tayyip Erdogan in Ankara. Turkey bought S-400 air defence systems from Russia.\n")
    jsonl = json.dumps({"title": "Turkey buys S-400", "date": "2019-07-12", "text": good}) + "\n{not json\n"
    at.file_uploader(key="u_files_0").set_value([
        ("turkey.jsonl", jsonl.encode(), "application/json"),
        ("empty.md", b"", "text/markdown"),
        ("broken.json", b"{", "application/json"),
        ("latin1.txt", "Caf\xe9 talks in Paris".encode("latin-1"), "text/plain"),
    ])
    run(at)
    at.button(key="u_go").click()
    run(at)
    errors = [_md_plain(str(e.value)) for e in at.error]
    assert any(e.startswith("turkey.jsonl:2") and "invalid JSON" in e for e in errors), errors
    assert any(e.startswith("empty.md") and "no text" in e for e in errors), errors
    assert any(e.startswith("broken.json") and "invalid JSON" in e for e in errors), errors
    assert any(e.startswith("latin1.txt") and "not UTF-8" in e for e in errors), errors
    with Store(db, readonly=True) as s:
        assert s.counts()["articles"] == len(ARTICLES) + 1
    assert len(table(at, "t_entities")) > before
    assert "state:TUR" in set(table(at, "t_entities")["id"])


# ---- helpers ---------------------------------------------------------------------------------------------
def _md(text: str) -> str:
    from dashboard.text import md
    return md(text)


def _md_plain(text: str) -> str:
    """Text with Markdown escapes and whitespace removed, to compare escaped page text with the source."""
    return re.sub(r"\s+", " ", re.sub(r"\\(.)", r"\1", text)).strip()


def test_relations_table_cuts_long_evidence_but_the_csv_keeps_it():
    from dashboard.tables import EXCERPT, _excerpt
    joined = export.SEP.join(f"Sentence number {i} says that Serbia bought drones from China." for i in range(50))
    cell = _excerpt(joined)
    assert len(cell) < EXCERPT + 100 and cell.startswith("Sentence number 0") and "+4" in cell
    assert _excerpt("One short sentence.") == "One short sentence."


# ---- claims the articles do not assert ---------------------------------------------------------------
@pytest.fixture
def claims_db(tmp_path):
    """Serbia buys drones from China (asserted) and is said not to buy them from Russia (negated)."""
    db = tmp_path / "claims.db"
    ents = [{"id": "state:SRB", "name": "Serbia", "type": "state", "country": "SRB"},
            {"id": "state:CHN", "name": "China", "type": "state", "country": "CHN"},
            {"id": "state:RUS", "name": "Russia", "type": "state", "country": "RUS"}]
    said, denied = "China sold drones to Serbia.", "Russia did not sell drones to Serbia."
    rels = [{"source": "state:CHN", "target": "state:SRB", "relation": "supplies", "sentence": said, "start": 0,
             "end": len(said)},
            {"source": "state:RUS", "target": "state:SRB", "relation": "supplies", "sentence": denied, "start": 40,
             "end": 40 + len(denied), "assertion": "negated"}]
    with Store(db) as store:
        store.add_article({"id": "c1", "text": said + " " + denied, "title": "Drones", "published": "2024-05-01"},
                          {"entities": ents, "mentions": [], "relations": rels})
    return db


def test_negated_claims_show_only_on_demand_dashed_and_labelled(claims_db, monkeypatch, downloads):
    monkeypatch.setenv("ENTENTE_DB", str(claims_db))
    at = run(AppTest.from_file(APP, default_timeout=60))
    assert at.toggle(key="f_assertion").value is False
    assert set(table(at, "t_relations")["source_name"]) == {"China"}
    assert next(csv.reader(io.StringIO(downloads.file("edges.csv")))) == export.HEADERS["edges.csv"]

    at.toggle(key="f_assertion").set_value(True)
    run(at)
    assert params(at)["assertion"] == ["all"]
    rels = table(at, "t_relations")
    assert dict(zip(rels["source_name"], rels["assertion"])) == {"China": "asserted", "Russia": "negated"}
    assert next(csv.reader(io.StringIO(downloads.file("edges.csv"))))[-1] == "assertion"
    assert "--assertion all" in "\n".join(c.value for c in at.code)
    click(at, "edge", "state:RUS~state:SRB~supplies", 1)
    text = markdown_text(at)
    assert "**negated** · *supplies" in text and "claims: negated" in text

    at.toggle(key="f_assertion").set_value(False)
    run(at)
    assert "assertion" not in params(at)
    assert set(table(at, "t_relations")["source_name"]) == {"China"}


def test_edges_no_sentence_asserts_are_drawn_dashed(claims_db):
    from dashboard import network
    with Store(claims_db, readonly=True) as s:
        g = query.subgraph(s, View(assertion="all"))
    net = network.build(g, network.layout(g))
    dashed = {e["id"]: bool(e.get("dashes")) for e in net.edges}
    assert dashed == {"state:CHN~state:SRB~supplies": False, "state:RUS~state:SRB~supplies": True}
    assert network.legend(True)[-1]["label"].startswith("not asserted")


def test_a_link_with_all_claims_opens_with_the_toggle_on(claims_db, monkeypatch):
    monkeypatch.setenv("ENTENTE_DB", str(claims_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params = {"assertion": "all"}
    run(at)
    assert at.toggle(key="f_assertion").value is True
    assert set(table(at, "t_relations")["source_name"]) == {"China", "Russia"}


# ---- writes beside a running dashboard -------------------------------------------------------------------
def test_an_ingest_beside_the_dashboard_keeps_what_it_did_not_touch(tmp_path, monkeypatch, dash_db):
    """A view the new article does not change keeps its drawing and tables; a view it changes shows it."""
    import shutil

    from dashboard import network
    db = tmp_path / "beside.db"
    shutil.copy(dash_db, db)
    monkeypatch.setenv("ENTENTE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params = {"country": "IND"}
    run(at)
    before = set(table(at, "t_entities")["id"])
    drawn = []
    build = network.build
    monkeypatch.setattr(network, "build", lambda *a, **kw: drawn.append(1) or build(*a, **kw))

    def add(article_id, source, target):
        ents = [{"id": n, "name": n.split(":")[1], "type": "state", "country": n.split(":")[1]} for n in (source, target)]
        sentence = f"{source} met {target}."
        with Store(db) as s:
            version = s.data_version()
            s.add_article({"id": article_id, "text": sentence, "title": article_id, "published": "2024-10-01"},
                          {"entities": ents, "mentions": [], "relations": [
                              {"source": source, "target": target, "relation": "met_with", "sentence": sentence,
                               "start": 0, "end": len(sentence)}]})
            assert s.data_version() > version

    add("elsewhere", "state:NOR", "state:SWE")   # nothing to do with India
    run(at)
    assert drawn == [] and set(table(at, "t_entities")["id"]) == before
    add("india", "state:IND", "state:NOR")
    run(at)
    assert drawn == [1] and set(table(at, "t_entities")["id"]) == before | {"state:NOR"}
