"""From a folder of articles, through the command line, to the nodes, edges and evidence an analyst reads."""
import csv
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    db, out = tmp / "graph.db", tmp / "out"
    r = subprocess.run([sys.executable, "-m", "extractors", "ingest", str(FIXTURES), "--db", str(db)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "6 added" in r.stdout
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(db), "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

    def table(name):
        with open(out / name, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    return {n: table(n) for n in ("nodes.csv", "edges.csv", "mentions.csv", "articles.csv")}


def node(exported, name):
    return next(n for n in exported["nodes.csv"] if n["name"] == name)


def edge(exported, source, relation, target):
    for e in exported["edges.csv"]:
        if e["relation"] == relation and {e["source_name"], e["target_name"]} == {source, target}:
            return e
    raise AssertionError(f"no edge {source} {relation} {target}")


def test_leaders_and_their_states(exported):
    xi = node(exported, "Xi Jinping")
    assert (xi["type"], xi["country"], xi["office"]) == ("leader", "CHN", "President")
    e = edge(exported, "Xi Jinping", "leader_of", "China")
    assert "Chinese President Xi Jinping" in e["evidence"]


def test_one_leader_across_articles(exported):
    modi = [n for n in exported["nodes.csv"] if "Modi" in n["name"]]
    assert len(modi) == 1 and int(modi[0]["articles"]) == 2


def test_arms_purchase_with_evidence_and_date(exported):
    e = edge(exported, "Russia", "supplies", "S-400")
    assert "S-400 missile systems" in e["evidence"] and e["first_seen"] == "2021-12-06"
    assert "defence" in e["topics"]


def test_agreements_signed_by_both_states(exported):
    # generic wording is told apart by its parties (and date, when the article has one)
    assert edge(exported, "Serbia", "signed", "China–Serbia joint statement")
    assert edge(exported, "China", "party_to", "China–Serbia comprehensive strategic partnership")


def test_mentions_point_into_the_article_text(exported):
    rows = [m for m in exported["mentions.csv"] if m["text"] == "Sergei Lavrov"]
    assert rows and all(int(m["end"]) - int(m["start"]) == len("Sergei Lavrov") for m in rows)


def test_articles_table_has_titles_urls_and_dates(exported):
    arts = {a["title"]: a for a in exported["articles.csv"]}
    assert arts["New START extended for five years"]["published"] == "2021-02-03"
    assert arts["Quad leaders meet in Washington"]["url"].startswith("https://www.whitehouse.gov/")
