"""Exporting the whole graph writes it as it reads it: the same files the in-memory export wrote, from
cursors that are iterated (never fetched whole), one edge's evidence at a time, so memory stays flat as the
store grows. (Peak memory is measured by people, not asserted: see README, Benchmarks.)"""
from __future__ import annotations

import pytest

from conftest import ROOT
from graph import Store, View, export, query, stream
from graph.cli import main as cli


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, nlp):
    """The sample corpus (data/articles) ingested as a user's first run would."""
    from extractors.ingest import ingest
    path = tmp_path_factory.mktemp("sample") / "graph.db"
    with Store(path) as store:
        summary = ingest([ROOT / "data" / "articles"], store, progress=False, nlp=nlp)
    assert not summary.errors, summary.errors
    return path


def in_memory(db, view: View, out, fmt: str) -> dict[str, str]:
    """What the export wrote before it streamed: the whole graph with its evidence in networkx, then files."""
    with Store(db, readonly=True) as s:
        paths = export.write(query.subgraph(s, view), s, view, out, fmt)
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


@pytest.mark.parametrize("assertion", ["asserted", "all"])
@pytest.mark.parametrize("fmt", ["csv", "graphml"])
def test_the_streamed_whole_export_is_the_export_of_the_whole_graph(sample_db, tmp_path, fmt, assertion, capsys):
    view = View(assertion=assertion)
    assert stream.streams(view, fmt)
    expected = in_memory(sample_db, view, tmp_path / "before", fmt)
    assert cli(["export", "--db", str(sample_db), "--out", str(tmp_path / "now"), "--format", fmt,
                "--assertion", assertion]) == 0
    with Store(sample_db, readonly=True) as s:
        g = query.full_graph(s, view)
    assert f"{len(g):,} nodes, {g.number_of_edges():,} edges" in capsys.readouterr().out
    for name, text in expected.items():
        assert (tmp_path / "now" / name).read_text(encoding="utf-8") == text, name
    assert len(expected) == (4 if fmt == "csv" else 1)


def test_a_narrowed_view_is_not_streamed():
    assert not stream.streams(View(countries=("SRB",)), "csv")
    assert not stream.streams(View(limit=150), "csv")
    assert not stream.streams(View(path=("a", "b")), "graphml")
    assert not stream.streams(View(), "gexf")


# ---- reads are streamed ---------------------------------------------------------------------------------------
class Recorder:
    """A connection that records each query and refuses to fetch all rows of one at once."""

    def __init__(self, conn, log: list):
        self._conn, self._log = conn, log

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def execute(self, sql, params=()):
        return self.cursor().execute(sql, params)

    def cursor(self):
        return RecordingCursor(self._conn.cursor(), self._log)


class RecordingCursor:
    def __init__(self, cur, log):
        self.__dict__.update(_cur=cur, _log=log)

    def __getattr__(self, name):
        return getattr(self._cur, name)

    def __setattr__(self, name, value):
        setattr(self._cur, name, value)

    def execute(self, sql, params=()):
        self._log.append(" ".join(sql.split()))
        self._cur.execute(sql, params)
        return self

    def __iter__(self):
        return iter(self._cur)

    def fetchone(self):
        return self._cur.fetchone()

    def fetchall(self):
        raise AssertionError(f"fetchall on {self._log[-1][:80]}")

    fetchmany = fetchall


def test_the_whole_export_iterates_cursors_and_reads_one_edge_at_a_time(sample_db, tmp_path):
    log: list[str] = []
    with Store(sample_db, readonly=True) as s:
        s.conn = Recorder(s.conn, log)
        edges = stream.edges(s, View())
        first = next(edges)
        evidence_reads = [q for q in log if q.startswith("SELECT r.sentence")]
        assert len(evidence_reads) == 1, "the first edge comes with its own evidence, before any other edge's"
        assert first[2]["evidence"] and first[2]["weight"] == max(
            w for (w,) in s.conn._conn.execute("SELECT weight FROM edges"))
        edges.close()
        for fmt in ("csv", "graphml"):   # no fetchall anywhere (Recorder raises)
            stream.write(s, View(), tmp_path / fmt, fmt)
    assert any("FROM mentions" in q for q in log) and any("FROM articles" in q for q in log)
