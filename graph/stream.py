"""The whole graph's export, read from SQL as it is written: memory stays flat however large the store.

`python -m graph export` with nothing that narrows the view (no country, topic, type, relation, date,
weight, search, focus, limit or path) exports everything. Building that graph in networkx first held every
evidence sentence at once (2.7 GB for 6,327 articles). Here each file is written row by row from a cursor:
nodes by mentions, edges by weight (each edge's evidence read by its own indexed query, so only one edge's
sentences are held at a time), mentions and articles in the in-memory export's order. The rows are made by
the same functions as that export (`export.node_row`, `edge_row`, `flat_node`, `flat_edge`, `write_csv`),
so the files are the same: CSV and GraphML. GEXF and JSON are built in memory (`export.write`).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from . import export, sql
from .store import Store
from .view import View

STREAMED = ("csv", "graphml")


def streams(view: View, fmt: str) -> bool:
    """True when an export is of the whole graph in a format written row by row."""
    return view.unfiltered and not view.path and fmt in STREAMED


# ---- rows ---------------------------------------------------------------------------------------------------
def nodes(store: Store, by_mentions: bool = True) -> Iterator[tuple[str, dict]]:
    """Every entity with its attributes (as `sql.node_attrs` gives them): most mentioned first, then by id
    (nodes.csv), or by id (the graph files)."""
    cur, aliases = sql.cursor(store), sql.cursor(store)
    order = "COALESCE(s.mentions, 0) DESC, e.id" if by_mentions else "e.id"
    for r in cur.execute(f"{sql.NODE_SQL} ORDER BY {order}"):
        names = [a for (a,) in aliases.execute("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias",
                                               (r[0],)) if a != r[1]]
        yield r[0], {"name": r[1], "type": r[2], "country": r[3], "office": r[4], "aliases": names,
                     "mentions": r[5], "articles": r[6], "first_seen": r[7], "last_seen": r[8]}


def edges(store: Store, view: View, by_weight: bool = True) -> Iterator[tuple[str, str, dict, tuple[str, str]]]:
    """Every edge the view keeps with its evidence rows oldest first and its articles (as
    `query.attach_evidence` gives them), and its ends' names: heaviest first, then by source, target and
    relation (edges.csv), or by source, target and relation (the graph files)."""
    base, params = sql.edge_source(view)
    where, eparams = sql.evidence_filter(view)
    cur, rows = sql.cursor(store), sql.cursor(store)
    ordered = cur.execute(
        f"SELECT {', '.join('b.' + c for c in sql.EDGE_COLUMNS)}, s.name, t.name FROM ({base}) b "
        "JOIN entities s ON s.id = b.source JOIN entities t ON t.id = b.target "
        f"ORDER BY {'b.weight DESC, ' if by_weight else ''}b.source, b.target, b.relation", params)
    evidence = (f"SELECT r.sentence, r.article_id, r.published, r.assertion FROM relations r WHERE r.source = ? "
                f"AND r.target = ? AND r.relation = ? AND {where} ORDER BY r.published, r.article_id, r.start")
    for row in ordered:
        d = sql.edge_attrs(row)
        d["evidence"] = [{"sentence": sentence, "article_id": article, "published": published,
                          "assertion": assertion}
                         for sentence, article, published, assertion in rows.execute(evidence, [*row[:3], *eparams])]
        d["articles"] = list(dict.fromkeys(e["article_id"] for e in d["evidence"]))   # by date, then id
        yield row[0], row[1], d, (row[-2], row[-1])


def mention_rows(store: Store) -> Iterator[dict]:
    """Every mention of a stored entity, by article, offset and entity (as `export.mention_rows`)."""
    for r in sql.cursor(store).execute(
            "SELECT m.entity_id, m.article_id, m.text, m.start, m.end, m.sentence FROM mentions m "
            "WHERE m.entity_id IN (SELECT id FROM entities) ORDER BY m.article_id, m.start, m.entity_id"):
        yield {"node_id": r[0], "article_id": r[1], "text": r[2], "start": r[3], "end": r[4],
               "sentence": export._cell(r[5])}


def article_rows(store: Store) -> Iterator[dict]:
    """Every article, oldest first (undated first), then by id (as `export.article_rows`)."""
    cols = export.HEADERS["articles.csv"]
    for r in sql.cursor(store).execute(
            f"SELECT {','.join(cols)} FROM articles ORDER BY COALESCE(published, ''), id"):
        yield {k: (v or "") for k, v in zip(cols, r)}


# ---- files --------------------------------------------------------------------------------------------------
class Tally:
    """Counts the nodes and edges passing through (for the command line's summary)."""

    def __init__(self):
        self.nodes = self.edges = 0

    def count(self, rows, kind: str):
        for row in rows:
            setattr(self, kind, getattr(self, kind) + 1)
            yield row


def write(store: Store, view: View, out: Path, fmt: str = "csv") -> tuple[list[Path], int, int]:
    """Write the whole graph to folder `out` in one format (CSV or GraphML), streaming; returns the files
    written and the numbers of nodes and edges."""
    out.mkdir(parents=True, exist_ok=True)
    seen = Tally()
    extra = view.assertion == "all"
    if fmt == "csv":
        node_rows = (export.node_row(n, d) for n, d in seen.count(nodes(store), "nodes"))
        edge_rows = (export.edge_row(s, t, d, names, extra) for s, t, d, names in seen.count(edges(store, view),
                                                                                               "edges"))
        files = {"nodes.csv": lambda f: export.write_csv(f, "nodes.csv", node_rows),
                 "edges.csv": lambda f: export.write_csv(
                     f, "edges.csv", edge_rows, export.HEADERS["edges.csv"] + (["assertion"] if extra else [])),
                 "mentions.csv": lambda f: export.write_csv(f, "mentions.csv", mention_rows(store)),
                 "articles.csv": lambda f: export.write_csv(f, "articles.csv", article_rows(store))}
    elif fmt == "graphml":
        files = {"graph.graphml": lambda f: graphml(f, store, view, seen)}
    else:
        raise ValueError(f"{fmt}: not a streamed format ({', '.join(STREAMED)})")
    paths = []
    for name, writer in files.items():
        path = out / name
        tmp = path.with_suffix(path.suffix + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            writer(f)
        tmp.replace(path)
        paths.append(path)
    return paths, seen.nodes, seen.edges


# ---- GraphML, as networkx writes it (nx.generate_graphml of export.flat_graph), an element at a time ---------
ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
NODE_ATTRS = {"name": str, "type": str, "country": str, "office": str, "aliases": str, "mentions": int,
              "articles": int, "first_seen": str, "last_seen": str}
EDGE_ATTRS = {"relation": str, "weight": int, "topics": str, "first_seen": str, "last_seen": str, "evidence": str,
              "article_ids": str}
EXTRA_ATTRS = {"assertion": str, "evidence_assertion": str}
XML_TYPES = {str: "string", int: "long"}


def _element(tag: str, attrs: dict, data: dict, keys: dict) -> str:
    """One <node> or <edge> with its <data>, indented as networkx indents it (two levels down)."""
    el = Element(tag, attrs)
    for name, value in data.items():
        SubElement(el, "data", key=keys[name]).text = str(value)
    if len(el):
        el.text = "\n      "
        for child in el:
            child.tail = "\n      "
        el[-1].tail = "\n    "
    return "    " + tostring(el).decode("ascii")   # non-ASCII as character references, like networkx


def graphml(f, store: Store, view: View, seen: Tally | None = None) -> None:
    """The whole graph as GraphML, written to a text stream as it is read: nodes by id, edges by source,
    target and relation (the order of `query.full_graph`). Key ids are numbered as networkx numbers them
    (node attributes first, in their order, then edge attributes) and listed last first."""
    seen = seen or Tally()
    has_nodes = _exists(store.conn, "SELECT 1 FROM entities")
    has_edges = has_nodes and next(edges(store, view, by_weight=False), None) is not None
    declared = {**(NODE_ATTRS if has_nodes else {})}
    edge_attrs = {**EDGE_ATTRS, **(EXTRA_ATTRS if view.assertion == "all" else {})} if has_edges else {}
    node_keys = {name: f"d{i}" for i, name in enumerate(declared)}
    edge_keys = {name: f"d{len(node_keys) + i}" for i, name in enumerate(edge_attrs)}
    specs = [("node", n, t, node_keys[n]) for n, t in declared.items()]
    specs += [("edge", n, t, edge_keys[n]) for n, t in edge_attrs.items()]
    f.write(ROOT + "\n")
    for scope, name, kind, key in reversed(specs):
        f.write("  " + tostring(Element("key", {"id": key, "for": scope, "attr.name": name,
                                               "attr.type": XML_TYPES[kind]})).decode("ascii") + "\n")
    if not (has_nodes or has_edges):
        f.write('  <graph edgedefault="directed" />\n</graphml>')
        return
    f.write('  <graph edgedefault="directed">\n')
    for n, d in seen.count(nodes(store, by_mentions=False), "nodes"):
        f.write(_element("node", {"id": n}, export.flat_node(d), node_keys) + "\n")
    extra = view.assertion == "all"
    for s, t, d, _names in seen.count(edges(store, view, by_weight=False), "edges"):
        f.write(_element("edge", {"source": s, "target": t, "id": d["relation"]}, export.flat_edge(d, extra),
                         edge_keys) + "\n")
    f.write("  </graph>\n</graphml>")


def _exists(conn: sqlite3.Connection, query: str) -> bool:
    return conn.execute(query + " LIMIT 1").fetchone() is not None
