"""What the text asserts makes the graph; what it negates, supposes or reports as denied is kept and shown
on demand (`--assertion all`, `?assertion=all`), and CSV cells stay within a spreadsheet's cell limit."""
import csv
import io
import subprocess
import sys

import pytest

from conftest import ROOT
from graph import Store, View, ViewError, export, query
from graph.export import CELL_LIMIT, HEADERS, SEP, cap_cell

SRB, CHN, RUS, DRONES = "state:SRB", "state:CHN", "state:RUS", "tech:drones"
ENTITIES = [{"id": SRB, "name": "Serbia", "type": "state", "country": "SRB"},
            {"id": CHN, "name": "China", "type": "state", "country": "CHN"},
            {"id": RUS, "name": "Russia", "type": "state", "country": "RUS"},
            {"id": DRONES, "name": "drones", "type": "technology"}]


def rel(source, relation, target, start, sentence, assertion=None):
    r = {"source": source, "target": target, "relation": relation, "start": start, "end": start + len(sentence),
         "sentence": sentence, "topics": ["defence"]}
    if assertion:
        r["assertion"] = assertion
    return r


@pytest.fixture
def db(tmp_path):
    """Serbia buys Chinese drones (said twice), is said not to buy Russian ones, might sign with Russia."""
    path = tmp_path / "g.db"
    graph = {"entities": ENTITIES, "mentions": [], "topics": ["defence"], "relations": [
        rel(SRB, "procures", DRONES, 0, "Serbia bought drones from China."),
        rel(CHN, "supplies", SRB, 0, "Serbia bought drones from China."),
        rel(CHN, "supplies", SRB, 40, "China delivered more drones to Serbia.", "asserted"),
        rel(RUS, "supplies", SRB, 90, "Russia did not sell drones to Serbia.", "negated"),
        rel(SRB, "signed", RUS, 140, "Serbia may sign a pact with Russia.", "hypothetical"),
        rel(SRB, "signed", RUS, 190, "Officials denied that Serbia signed a pact with Russia.", "denied"),
    ]}
    with Store(path) as store:
        store.add_article({"id": "a1", "text": "...", "title": "Drones", "published": "2024-05-01"}, graph)
    return path


def edges(path, **view):
    with Store(path, readonly=True) as store:
        g = query.subgraph(store, View(**view))
    return {(s, r, t): d for s, t, r, d in g.edges(keys=True, data=True)}


def test_evidence_without_an_assertion_is_stored_as_asserted(db):
    with Store(db, readonly=True) as store:
        rows = {(r[0], r[1]): r[2] for r in store.conn.execute("SELECT relation, start, assertion FROM relations")}
    assert rows[("procures", 0)] == "asserted" and rows[("supplies", 90)] == "negated"


def test_only_asserted_evidence_makes_an_edge_and_its_weight_by_default(db):
    e = edges(db)
    assert set(e) == {(SRB, "procures", DRONES), (CHN, "supplies", SRB)}
    assert e[(CHN, "supplies", SRB)]["weight"] == 2
    assert all(ev["assertion"] == "asserted" for d in e.values() for ev in d["evidence"])


def test_assertion_all_adds_negated_hypothetical_and_denied_evidence(db):
    e = edges(db, assertion="all")
    assert e[(RUS, "supplies", SRB)]["assertions"] == ["negated"]
    signed = e[(SRB, "signed", RUS)]
    assert signed["weight"] == 2 and signed["assertions"] == ["hypothetical", "denied"]
    assert {ev["assertion"] for ev in signed["evidence"]} == {"hypothetical", "denied"}


def test_assertion_is_a_url_key_and_a_checked_value():
    assert View.from_query({"assertion": "all"}).assertion == "all"
    assert View(assertion="all").to_query() == {"assertion": "all"}
    assert View().to_query() == {} and View.from_query({}).assertion == "asserted"
    with pytest.raises(ViewError, match="assertion 'maybe': choose asserted .* or all"):
        View.from_query({"assertion": "maybe"})


def export_edges(db, tmp_path, *flags):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(db), "--out", str(out), *flags],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(out / "edges.csv", newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_default_export_keeps_the_contract_columns(db, tmp_path):
    rows = export_edges(db, tmp_path)
    assert rows[0] == HEADERS["edges.csv"]
    assert {r[4] for r in rows[1:]} == {"procures", "supplies"} and len(rows) == 3


def test_export_of_all_assertions_ends_with_an_assertion_column(db, tmp_path):
    rows = export_edges(db, tmp_path, "--assertion", "all")
    assert rows[0] == HEADERS["edges.csv"] + ["assertion"]
    by_edge = {(r[0], r[4], r[1]): r[-1] for r in rows[1:]}
    assert by_edge[(RUS, "supplies", SRB)] == "negated"
    assert by_edge[(SRB, "signed", RUS)] == "hypothetical | denied"
    assert by_edge[(CHN, "supplies", SRB)] == "asserted"


def test_an_unknown_assertion_flag_is_a_clear_error(db, tmp_path):
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(db), "--out", str(tmp_path),
                        "--assertion", "maybe"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "assertion 'maybe'" in r.stderr


def test_graph_files_say_which_sentence_is_which_under_all(db):
    with Store(db, readonly=True) as store:
        flat = export.flat_graph(query.subgraph(store, View(assertion="all")))
        default = export.flat_graph(query.subgraph(store, View()))
    d = flat.edges[SRB, RUS, "signed"]
    assert d["evidence_assertion"].split(SEP) == ["hypothetical", "denied"]
    assert "assertion" not in default.edges[CHN, SRB, "supplies"]


# ---- cells within a spreadsheet's limit ------------------------------------------------------------------
def test_a_long_evidence_cell_keeps_whole_sentences_and_says_how_many_are_left_out():
    sentences = [f"Sentence {i} says that Serbia bought drones from China, again and again." for i in range(2000)]
    cell = cap_cell(SEP.join(sentences), "evidence")
    kept = cell.split(SEP)
    assert len(cell) <= CELL_LIMIT
    assert kept[:-1] == sentences[:len(kept) - 1]
    assert kept[-1] == f"… (+{2000 - (len(kept) - 1)} more sentences)"
    assert cap_cell("One sentence.", "evidence") == "One sentence."


def test_any_other_long_cell_is_cut_to_the_limit():
    assert len(cap_cell("x" * 100_000, "sentence")) == CELL_LIMIT
    assert cap_cell("x" * 100_000, "sentence").endswith("…")


def test_exported_csv_reads_back_with_pythons_default_field_limit(tmp_path):
    """A hub edge with thousands of sentences: edges.csv still reads with csv's 131,072-character limit."""
    path = tmp_path / "g.db"
    sentences = [f"China and Serbia held talks number {i} on the supply of drones." for i in range(3000)]
    graph = {"entities": ENTITIES, "mentions": [], "relations": [
        rel(CHN, "supplies", SRB, 100 * i, s) for i, s in enumerate(sentences)]}
    with Store(path) as store:
        store.add_article({"id": "a1", "text": "...", "published": "2024-05-01"}, graph)
        g = query.subgraph(store, View())
        text = export.csv_tables(g, store, View())["edges.csv"]
        assert g.edges[CHN, SRB, "supplies"]["weight"] == 3000   # the graph and its store keep everything
        assert len(export.as_json(g)) > 3000 * 60
    row = next(csv.DictReader(io.StringIO(text)))
    assert len(row["evidence"]) <= CELL_LIMIT and row["evidence"].endswith("more sentences)")
    assert row["weight"] == "3000"
