"""Shared fixtures: the real spaCy pipeline, and a real database built once from the fixture articles."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
sys.path.insert(0, str(ROOT))
# layouts the dashboard stores on disk (dashboard/layout_cache.py) go to a folder of this run, for it and the
# servers it starts: a test never reads a layout another run stored
os.environ["ENTENTE_CACHE"] = tempfile.mkdtemp(prefix="entente-test-cache-")


@pytest.fixture(scope="session")
def nlp():
    from extractors.pipeline import load
    return load()


@pytest.fixture(scope="session")
def extract(nlp):
    """Text in, the article's graph out (entities by name, relations as (source, relation, target) names)."""
    from extractors.articles import make_article
    from extractors.graphify import doc_graph
    from extractors.ingest import prepare

    def run(text: str, date: str | None = None) -> dict:
        article = make_article("", text, published=date)
        g = doc_graph(nlp(prepare(nlp, article)))
        names = {e["id"]: e["name"] for e in g["entities"]}
        g["by_name"] = {e["name"]: e for e in g["entities"]}
        g["triples"] = {(names[r["source"]], r["relation"], names[r["target"]]) for r in g["relations"]}
        return g
    return run


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory, nlp):
    """A graph database ingested from tests/fixtures/articles (every input format)."""
    from extractors.ingest import ingest
    from graph.store import Store
    path = tmp_path_factory.mktemp("db") / "graph.db"
    with Store(path) as store:
        summary = ingest([FIXTURES], store, progress=False, nlp=nlp)
    assert not summary.errors, summary.errors
    return path


# ---- dashboard (tests/test_dashboard.py, tests/test_browser.py) --------------------------------------------
@pytest.fixture(scope="session")
def dash_db(tmp_path_factory, nlp):
    """A small graph database for the dashboard tests, built once per session (see dashboard_corpus.py)."""
    from dashboard_corpus import build_db
    root = tmp_path_factory.mktemp("dash")
    return build_db(root / "articles", root / "graph.db", nlp=nlp)
