"""Exports of a view: four CSV tables (the contract other tools read), GraphML, GEXF and JSON.

Each writer returns text so the dashboard can offer it as a download and the CLI can write it to disk.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx

from .store import Store
from .view import View

SEP = " | "
HEADERS = {
    "nodes.csv": ["id", "name", "type", "country", "office", "aliases", "mentions", "articles"],
    "edges.csv": ["source", "target", "source_name", "target_name", "relation", "topics", "weight", "first_seen",
                  "last_seen", "evidence", "article_ids"],
    "mentions.csv": ["node_id", "article_id", "text", "start", "end", "sentence"],
    "articles.csv": ["id", "title", "url", "published", "source", "path"],
}
FORMATS = ("csv", "graphml", "gexf", "json")


def _cell(text) -> str:
    return " ".join(str(text).replace(SEP, " / ").split())


def node_rows(g: nx.Graph) -> list[dict]:
    return [{"id": n, "name": d["name"], "type": d["type"], "country": d["country"], "office": d["office"],
             "aliases": SEP.join(d["aliases"]), "mentions": d["mentions"], "articles": d["articles"]}
            for n, d in sorted(g.nodes(data=True), key=lambda x: (-x[1]["mentions"], x[0]))]


def edge_rows(g: nx.Graph) -> list[dict]:
    rows = []
    for s, t, d in g.edges(data=True):
        rows.append({"source": s, "target": t, "source_name": g.nodes[s]["name"], "target_name": g.nodes[t]["name"],
                     "relation": d["relation"], "topics": SEP.join(d["topics"]), "weight": d["weight"],
                     "first_seen": d["first_seen"], "last_seen": d["last_seen"],
                     "evidence": SEP.join(dict.fromkeys(_cell(e["sentence"]) for e in d["evidence"])),
                     "article_ids": SEP.join(d["articles"])})
    return sorted(rows, key=lambda r: (-r["weight"], r["source"], r["target"], r["relation"]))


def article_ids(g: nx.Graph, store: Store, view: View) -> set[str]:
    """Articles behind the view: those giving evidence for its edges or mentioning its nodes."""
    ids = {a for *_, d in g.edges(data=True) for a in d["articles"]}
    if not (view.edge_filtered or view.node or view.search):
        ids |= {r[0] for r in _mention_rows(store, list(g), view, "m.article_id")}
    return ids


def _mention_rows(store, nodes, view, cols):
    out = []
    for i in range(0, len(nodes), 500):
        chunk = nodes[i:i + 500]
        sql = (f"SELECT {cols} FROM mentions m JOIN articles a ON a.id=m.article_id "
               f"WHERE m.entity_id IN ({','.join('?' * len(chunk))})")
        params = list(chunk)
        if view.since:
            sql += " AND a.published >= ?"
            params.append(view.since)
        if view.until:
            sql += " AND a.published <= ?"
            params.append(view.until)
        out += store.conn.execute(sql + " ORDER BY m.article_id, m.start", params).fetchall()
    return out


def mention_rows(g: nx.Graph, store: Store, view: View) -> list[dict]:
    arts = article_ids(g, store, view)
    return [{"node_id": r[0], "article_id": r[1], "text": r[2], "start": r[3], "end": r[4], "sentence": _cell(r[5])}
            for r in _mention_rows(store, list(g), view, "m.entity_id, m.article_id, m.text, m.start, m.end, m.sentence")
            if r[1] in arts]


def article_rows(g: nx.Graph, store: Store, view: View) -> list[dict]:
    ids = sorted(article_ids(g, store, view))
    rows = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += store.conn.execute(
            f"SELECT id,title,url,published,source,path FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
            chunk).fetchall()
    return sorted(({k: (r[k] or "") for k in HEADERS["articles.csv"]} for r in rows),
                  key=lambda r: (r["published"], r["id"]))


def to_csv(name: str, rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADERS[name], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def csv_tables(g: nx.Graph, store: Store, view: View) -> dict[str, str]:
    """The four CSV files of a view, by file name."""
    return {"nodes.csv": to_csv("nodes.csv", node_rows(g)), "edges.csv": to_csv("edges.csv", edge_rows(g)),
            "mentions.csv": to_csv("mentions.csv", mention_rows(g, store, view)),
            "articles.csv": to_csv("articles.csv", article_rows(g, store, view))}


def csv_zip(g: nx.Graph, store: Store, view: View) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in csv_tables(g, store, view).items():
            z.writestr(name, text)
    return buf.getvalue()


def flat_graph(g: nx.Graph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (lists joined), as GraphML and GEXF require."""
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **{k: (SEP.join(v) if isinstance(v, (list, tuple)) else v) for k, v in d.items()
                            if isinstance(v, (str, int, float, bool, list, tuple))})
    for s, t, k, d in g.edges(keys=True, data=True):
        flat.add_edge(s, t, key=k, relation=d["relation"], weight=d["weight"], topics=SEP.join(d["topics"]),
                      first_seen=d["first_seen"], last_seen=d["last_seen"],
                      evidence=SEP.join(_cell(e["sentence"]) for e in d["evidence"]),
                      article_ids=SEP.join(d["articles"]))
    return flat


def graphml(g: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(flat_graph(g)))


def gexf(g: nx.Graph) -> str:
    return "\n".join(nx.generate_gexf(flat_graph(g)))


def as_json(g: nx.Graph) -> str:
    return json.dumps(nx.node_link_data(flat_graph(g), edges="edges"), ensure_ascii=False, indent=1)


def write(g: nx.Graph, store: Store, view: View, out: Path, fmt: str = "csv") -> list[Path]:
    """Write the view to folder `out` in one format; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        files = csv_tables(g, store, view)
    else:
        files = {f"graph.{fmt}": {"graphml": graphml, "gexf": gexf, "json": as_json}[fmt](g)}
    paths = []
    for name, text in files.items():
        path = out / name
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        paths.append(path)
    return paths
