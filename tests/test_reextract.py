"""Upgrading Entente improves an existing graph: `reextract` re-reads the articles an older extractor read,
replacing each article's mentions and relations at once, and removes what no article supports any more."""
import subprocess
import sys

import pytest

from conftest import ROOT
from extractors import reextract as rx
from extractors.ingest import ingest
from extractors.version import EXTRACTOR_VERSION
from graph import Store

OLD = ("---\ntitle: Drones for Serbia\ndate: 2024-05-08\n---\nDrones for Serbia\n\n"
       "Serbian President Aleksandar Vucic met Chinese President Xi Jinping in Belgrade on Wednesday. "
       "Serbia bought drones from China last year.\n")
NEW = ("---\ntitle: Talks in New Delhi\ndate: 2023-03-02\n---\nTalks in New Delhi\n\n"
       "Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in New Delhi. "
       "India bought S-400 air defence systems from Russia.\n")


def relations(store, article_id):
    return sorted(tuple(r) for r in store.conn.execute(
        "SELECT source, target, relation, start, sentence, assertion FROM relations WHERE article_id=?",
        (article_id,)))


def mentions(store, article_id):
    return sorted(tuple(r) for r in store.conn.execute(
        "SELECT entity_id, start, end FROM mentions WHERE article_id=?", (article_id,)))


def article_id(store, title):
    return store.conn.execute("SELECT id FROM articles WHERE title=?", (title,)).fetchone()[0]


@pytest.fixture
def db(tmp_path, nlp):
    """Two articles as the current extractor reads them, then the first one made to look like an older
    reading: a wrong relation to an entity only it knows, and one of its relations missing."""
    (tmp_path / "old.md").write_text(OLD)
    (tmp_path / "new.md").write_text(NEW)
    path = tmp_path / "g.db"
    with Store(path) as store:
        ingest([tmp_path], store, progress=False, nlp=nlp)
        old, new = article_id(store, "Drones for Serbia"), article_id(store, "Talks in New Delhi")
        fresh = {a: (relations(store, a), mentions(store, a)) for a in (old, new)}
        with store.conn:
            store.conn.execute("UPDATE articles SET extractor_version=0 WHERE id=?", (old,))
            store.conn.execute("INSERT INTO entities(id, name, type) VALUES ('person:ghost', 'Ghost', 'person')")
            store.conn.execute("INSERT INTO aliases VALUES ('person:ghost', 'Ghost', 'ghost')")
            for a in (old, new):
                store.conn.execute("INSERT INTO relations(source, target, relation, article_id, sentence, start, end) "
                                   "VALUES ('person:ghost', 'state:SRB', 'visited', ?, 'A ghost visited.', 999, 1000)",
                                   (a,))
            store.conn.execute("DELETE FROM relations WHERE rowid IN (SELECT rowid FROM relations "
                               "WHERE article_id=? AND relation != 'visited' LIMIT 1)", (old,))
    return path, old, new, fresh


def test_an_article_read_by_an_older_version_is_read_again(db, nlp):
    path, old, new, fresh = db
    with Store(path) as store:
        summary = rx.reextract(store, progress=False, nlp=nlp)
        assert (summary.stale, summary.reread) == (1, 1)
        assert (relations(store, old), mentions(store, old)) == fresh[old]
        version = store.conn.execute("SELECT extractor_version FROM articles WHERE id=?", (old,)).fetchone()[0]
        assert version == EXTRACTOR_VERSION


def test_an_article_read_by_this_version_is_not_touched(db, nlp):
    path, old, new, fresh = db
    with Store(path) as store:
        rx.reextract(store, progress=False, nlp=nlp)
        assert ("person:ghost", "state:SRB", "visited", 999, "A ghost visited.", "asserted") in relations(store, new)
        again = rx.reextract(store, progress=False, nlp=nlp)
        assert (again.stale, again.reread) == (0, 0)


def test_all_rereads_every_article(db, nlp):
    path, old, new, fresh = db
    with Store(path) as store:
        summary = rx.reextract(store, progress=False, force=True, nlp=nlp)
        assert summary.reread == 2
        assert relations(store, new) == fresh[new][0]


def test_entities_no_article_supports_any_more_are_removed(db, nlp):
    path, old, new, fresh = db
    with Store(path) as store:
        summary = rx.reextract(store, progress=False, force=True, nlp=nlp)
        assert summary.removed == 1
        assert store.conn.execute("SELECT COUNT(*) FROM entities WHERE id='person:ghost'").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM aliases WHERE entity_id='person:ghost'").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM entities WHERE id='state:SRB'").fetchone()[0] == 1


def test_a_failed_rereading_leaves_the_article_as_it_was(db, nlp, monkeypatch):
    """A run that stops in the middle of an article (killed, or an error) keeps its old reading whole."""
    path, old, new, fresh = db
    real = rx.link_across_articles
    seen = []

    def breaks_on_the_second(store, graph):
        seen.append(1)
        graph = real(store, graph)
        if len(seen) == 2:   # a relation the store cannot write: the transaction fails half-way
            graph["relations"].append({"source": "state:SRB"})
        return graph
    monkeypatch.setattr(rx, "link_across_articles", breaks_on_the_second)
    with Store(path) as store:
        before = relations(store, new), mentions(store, new)
        with pytest.raises(KeyError):
            rx.reextract(store, progress=False, force=True, nlp=nlp)
        assert (relations(store, old), mentions(store, old)) == fresh[old]
        assert (relations(store, new), mentions(store, new)) == before
        versions = dict(store.conn.execute("SELECT id, extractor_version FROM articles").fetchall())
        assert versions[old] == EXTRACTOR_VERSION


def test_reextract_command_shows_progress_and_a_summary(db):
    path, *_ = db
    r = subprocess.run([sys.executable, "-m", "extractors", "reextract", "--db", str(path), "--processes", "1"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "reextract" in r.stderr and "words/s" in r.stderr
    assert r.stdout.startswith("1 of 2 articles re-read (1 read by an extractor older than version")
    assert "0 entities no longer found removed" in r.stdout   # the ghost still has a relation in the other


def test_reextract_of_a_missing_database_is_a_clear_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "extractors", "reextract", "--db", str(tmp_path / "nope.db")],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "nope.db: no such database" in r.stderr and not (tmp_path / "nope.db").exists()
