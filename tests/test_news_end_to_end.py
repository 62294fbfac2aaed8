"""From a folder of news-style articles (tests/fixtures/news, written for these tests) through the command
line to the specific edges an analyst reads: the facts each article states, and none of the edges a
literal reading of its lists, negations, plans, places and turns of phrase would make up."""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NEWS = Path(__file__).resolve().parent / "fixtures" / "news"


def _export(db, out, *flags):
    r = subprocess.run([sys.executable, "-m", "graph", "export", "--db", str(db), "--out", str(out), *flags],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(out / "edges.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("news")
    db = tmp / "graph.db"
    r = subprocess.run([sys.executable, "-m", "extractors", "ingest", str(NEWS), "--db", str(db)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return {"asserted": _export(db, tmp / "out"), "all": _export(db, tmp / "all", "--assertion", "all")}


def pairs(rows, relation=None):
    return {frozenset((e["source_name"], e["target_name"])) for e in rows
            if e["relation"] != "related_to" and (relation is None or e["relation"] == relation)}


def test_the_facts_each_article_states_are_edges(edges):
    rows = edges["asserted"]
    assert frozenset(("Chile", "Peru")) in pairs(rows, "met_with")
    assert frozenset(("Chile", "Peru")) in pairs(rows, "cooperates_with")
    assert frozenset(("Germany", "Lithuania")) in pairs(rows, "supplies")
    assert frozenset(("Australia", "North Korea")) in pairs(rows, "sanctions")
    assert frozenset(("Japan", "Tonga")) in pairs(rows, "supplies")


def test_a_list_of_recipients_is_not_a_clique(edges):
    specific = pairs(edges["all"])
    islands = {"Fiji", "Tonga", "Samoa", "Vanuatu", "Kiribati", "Tuvalu", "Nauru", "Palau", "Solomon Islands",
               "Papua New Guinea"}
    assert not {p for p in specific if p <= islands}
    invited = {"Chile", "Peru", "Bolivia", "Argentina", "Ecuador", "Colombia", "Uruguay", "Paraguay", "Brazil",
               "Venezuela"}
    from_the_invitation = [e for e in edges["all"] if e["relation"] != "related_to"
                           and "regional conference" in e["evidence"]]
    assert not from_the_invitation, from_the_invitation
    assert not {p for p in specific if p <= invited} - {frozenset(("Chile", "Peru"))} \
        - {frozenset(("Peru", "Venezuela"))}


def test_the_place_of_a_meeting_is_not_a_participant(edges):
    assert not {p for p in pairs(edges["all"], "met_with") if "Lima" in p}


def test_a_refused_meeting_and_a_denied_delivery_are_kept_but_not_asserted(edges):
    assert frozenset(("Peru", "Venezuela")) not in pairs(edges["asserted"])
    assert frozenset(("Norway", "Belarus")) not in pairs(edges["asserted"])
    marked = {(frozenset((e["source_name"], e["target_name"])), e["relation"]): e["assertion"] for e in edges["all"]}
    assert marked[(frozenset(("Peru", "Venezuela")), "met_with")] == "negated"
    assert marked[(frozenset(("Norway", "Belarus")), "supplies")] == "denied"


def test_a_purchase_only_considered_is_hypothetical(edges):
    assert not {p for p in pairs(edges["asserted"]) if "Chile" in p and "procures" in str(p)}
    hypothetical = [e for e in edges["all"] if e["assertion"] == "hypothetical" and e["source_name"] == "Chile"]
    assert any(e["relation"] == "procures" for e in hypothetical)


def test_turns_of_phrase_are_not_rivalry_or_war(edges):
    rows = edges["all"]
    assert not pairs(rows, "conflict_with") & {frozenset(("Poland", "Lithuania"))}
    assert not [e for e in rows if e["relation"] == "competes_with" and "compete more effectively" in e["evidence"]]


def test_confronting_a_third_state_together_is_not_cooperating_with_it(edges):
    coop = pairs(edges["all"], "cooperates_with")
    assert frozenset(("Japan", "Australia")) in coop
    assert not {p for p in coop if "North Korea" in p}


def test_a_thanked_supplier_is_not_the_thankers_delivery(edges):
    assert not [e for e in edges["all"] if e["source_name"] == "Estonia" and e["relation"] == "supplies"]


def test_the_default_export_keeps_the_contract_columns(edges):
    assert list(edges["asserted"][0]) == ["source", "target", "source_name", "target_name", "relation", "topics",
                                          "weight", "first_seen", "last_seen", "evidence", "article_ids"]
    assert list(edges["all"][0])[-1] == "assertion"
