"""The tables under the graph are read and sent only when their tab is open: a Focus or a new country does
not pay for three tables nobody looks at, and the tab the user opened stays open as the view changes."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from graph import detail, export

APP = str(ROOT / "dashboard" / "app.py")
OPEN = "entente_table"   # dashboard.tables.OPEN: which tab is open


@pytest.fixture
def app(dash_db, monkeypatch):
    monkeypatch.setenv("ENTENTE_DB", str(dash_db))
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def reads(monkeypatch):
    """The reads behind the Relations and Articles tables (their evidence excerpts and their articles), from
    empty caches."""
    st.cache_data.clear()
    seen = []
    excerpts, articles = detail.edge_excerpts, export.article_ids
    monkeypatch.setattr(detail, "edge_excerpts", lambda *a, **kw: seen.append("relations") or excerpts(*a, **kw))
    monkeypatch.setattr(export, "article_ids", lambda *a, **kw: seen.append("articles") or articles(*a, **kw))
    return seen


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest) -> set[str]:
    return {d.key for d in at.dataframe}


def table(at: AppTest, key: str):
    return next(d for d in at.dataframe if d.key == key).value


def test_only_the_open_tab_has_a_table(app, reads):
    at = run(app)
    assert tables(at) == {"t_entities"}
    assert reads == [], "the closed Relations and Articles tabs read nothing"
    labels = [t.label for t in at.tabs]
    assert labels[0] == f"Entities ({len(table(at, 't_entities'))})" and labels[2:] == ["Articles", "Export"]
    at.session_state[OPEN] = "relations"   # the user opens the Relations tab
    run(at)
    assert tables(at) == {"t_relations"} and reads == ["relations"]
    assert [t.label for t in at.tabs][1] == f"Relations ({len(table(at, 't_relations'))})"
    at.session_state[OPEN] = "articles"
    run(at)
    assert tables(at) == {"t_articles"} and "articles" in reads


def test_the_open_tab_stays_open_when_the_view_changes(app):
    at = run(app)
    at.session_state[OPEN] = "relations"
    run(at)
    at.multiselect(key="f_country").set_value(["SRB"])
    run(at)
    assert tables(at) == {"t_relations"}
    at.button(key="f_clear").click()
    run(at)
    assert tables(at) == {"t_relations"}


def test_the_export_tab_is_always_ready(app):
    """Its download buttons are small (each file is built when pressed), so they are there in every run."""
    at = run(app)
    assert {b.label for b in at.get("download_button")} >= {"nodes.csv", "edges.csv", "All CSV (zip)", "GraphML"}
