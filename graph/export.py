"""Exports of a view: four CSV tables (the contract other tools read), GraphML, GEXF and JSON.

Each writer returns text so the dashboard can offer it as a download and the CLI can write it to disk.
CSV cells are capped at a spreadsheet's cell limit (`cap_cell`): a hub edge can join thousands of
evidence sentences, which neither Excel nor Python's csv module (131,072 characters) reads back.
GraphML, GEXF and JSON keep every value whole; the store keeps every sentence.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx

from . import sql
from .cells import is_formula, neutral
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
CELL_LIMIT = 32_767   # characters in one cell (Excel's limit, in UTF-16 units; LibreOffice allows more)
LIST_CELLS = {"aliases": "", "topics": "", "evidence": " sentence", "article_ids": " article", "assertion": ""}


def _units(text: str) -> int:
    """Length as a spreadsheet counts it (UTF-16 code units)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cap_cell(text: str, column: str = "", limit: int = CELL_LIMIT) -> str:
    """A CSV cell cut to at most `limit` characters.

    A cell of several values joined with ` | ` (evidence sentences, article ids, aliases) keeps whole
    values, in order, and ends with a value saying how many were left out: `… (+N more sentences)`.
    Any other text is cut and ends with `…`.
    """
    text = str(text)
    if len(text) <= limit // 2 or _units(text) <= limit:
        return text
    if column not in LIST_CELLS:
        return _cut(text, limit - 1) + "…"
    items = text.split(SEP)

    def marker(n: int) -> str:
        noun = LIST_CELLS[column]
        return f"… (+{n} more{noun}{'s' if noun and n != 1 else ''})"

    room = limit - len(SEP) - len(marker(len(items)))   # what the kept values may take beside the marker
    kept, size = [], 0
    for item in items:
        size += (len(SEP) if kept else 0) + _units(item)
        if size > room:
            break
        kept.append(item)
    if not kept:   # the first value alone is longer than a cell: its beginning stands for it
        kept = [_cut(items[0], room - 1) + "…"]
    return SEP.join(kept + [marker(len(items) - len(kept))])


def _cut(text: str, units: int) -> str:
    """The longest beginning of `text` within `units` UTF-16 code units."""
    out, size = [], 0
    for ch in text[:units]:
        size += _units(ch)
        if size > units:
            break
        out.append(ch)
    return "".join(out)


def _cell(text) -> str:
    return " ".join(str(text).replace(SEP, " / ").split())


def node_row(n: str, d: dict) -> dict:
    """One node's row of nodes.csv (also what the streamed whole-graph export writes: graph/stream.py)."""
    return {"id": n, "name": d["name"], "type": d["type"], "country": d["country"], "office": d["office"],
            "aliases": SEP.join(d["aliases"]), "mentions": d["mentions"], "articles": d["articles"]}


def node_rows(g: nx.Graph) -> list[dict]:
    return [node_row(n, d) for n, d in sorted(g.nodes(data=True), key=lambda x: (-x[1]["mentions"], x[0]))]


def all_assertions(g: nx.Graph) -> bool:
    """True when the graph holds every piece of evidence (view `assertion=all`), not only asserted."""
    return g.graph.get("assertion") == "all"


def columns(name: str, g: nx.Graph) -> list[str]:
    """The columns of one CSV file: the contract's, plus a final `assertion` column in edges.csv when
    the view includes negated, hypothetical and denied evidence."""
    return HEADERS[name] + (["assertion"] if name == "edges.csv" and all_assertions(g) else [])


def edge_row(s: str, t: str, d: dict, names: tuple[str, str], extra: bool) -> dict:
    """One edge's row of edges.csv, from its attributes with evidence; `extra`: under `assertion=all`."""
    row = {"source": s, "target": t, "source_name": names[0], "target_name": names[1],
           "relation": d["relation"], "topics": SEP.join(d["topics"]), "weight": d["weight"],
           "first_seen": d["first_seen"], "last_seen": d["last_seen"],
           "evidence": SEP.join(dict.fromkeys(_cell(e["sentence"]) for e in d["evidence"])),
           "article_ids": SEP.join(d["articles"])}
    if extra:
        row["assertion"] = SEP.join(d.get("assertions") or ("asserted",))
    return row


def edge_rows(g: nx.Graph) -> list[dict]:
    """One row per edge; under `assertion=all` each row also says which assertions its evidence has."""
    extra = all_assertions(g)
    rows = [edge_row(s, t, d, (g.nodes[s]["name"], g.nodes[t]["name"]), extra) for s, t, d in g.edges(data=True)]
    return sorted(rows, key=lambda r: (-r["weight"], r["source"], r["target"], r["relation"]))


def article_ids(g: nx.Graph, store: Store, view: View) -> set[str] | None:
    """The articles of a view: exactly those giving evidence for its edges (under its filters); None, meaning
    every article, when nothing narrows the view."""
    if view.unfiltered:
        return None
    edges = list(g.edges(keys=True, data=True))
    if all("articles" in d and "evidence" in d for *_, d in edges):
        return {a for *_, d in edges for a in d["articles"]}
    return sql.article_ids(store, view, [(s, t, k) for s, t, k, _ in edges])


def _chunks(values, size=20_000):
    values = sorted(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def mention_rows(g: nx.Graph, store: Store, view: View, arts: set[str] | None = ...) -> list[dict]:
    """Mentions of the view's nodes in the view's articles (every mention when nothing narrows the view)."""
    cols = HEADERS["mentions.csv"]
    return [dict(zip(cols, row)) for row in mention_tuples(g, store, view, arts)]


def mention_tuples(g: nx.Graph, store: Store, view: View, arts: set[str] | None = ...):
    """The rows of `mention_rows` as tuples in the file's column order (what the CSV writer takes fastest)."""
    arts = article_ids(g, store, view) if arts is ... else arts
    cols = "m.entity_id, m.article_id, m.text, m.start, m.end, m.sentence"
    cur = sql.cursor(store)   # plain tuples
    if arts is None:
        rows = cur.execute(f"SELECT {cols} FROM mentions m ORDER BY m.article_id, m.start, m.entity_id")
    else:
        rows = (r for chunk in _chunks(arts) for r in sql.cursor(store).execute(
            f"SELECT {cols} FROM mentions m WHERE m.article_id IN {sql.IDS} ORDER BY m.article_id, m.start, "
            "m.entity_id", [sql.ids(chunk)]))
    cells: dict[str, str] = {}   # a sentence naming several nodes is cleaned once
    for node, article, text, start, end, sentence in rows:
        if node in g:
            cell = cells.get(sentence)
            if cell is None:
                cell = cells[sentence] = _cell(sentence)
            yield node, article, text, start, end, cell


def article_rows(g: nx.Graph, store: Store, view: View, arts: set[str] | None = ...) -> list[dict]:
    """The view's articles (see `article_ids`), oldest first."""
    arts = article_ids(g, store, view) if arts is ... else arts
    cols = "id,title,url,published,source,path"
    if arts is None:
        rows = store.conn.execute(f"SELECT {cols} FROM articles").fetchall()
    else:
        rows = [r for chunk in _chunks(arts) for r in store.conn.execute(
            f"SELECT {cols} FROM articles WHERE id IN {sql.IDS}", [sql.ids(chunk)])]
    return sorted(({k: (r[k] or "") for k in HEADERS["articles.csv"]} for r in rows),
                  key=lambda r: (r["published"], r["id"]))


def write_csv(stream, name: str, rows, fieldnames: list[str] | None = None) -> int:
    """Write one CSV file to a text stream, row by row (rows may be a generator; each a dict by column, or a
    tuple of the cells in column order), every cell capped (`cap_cell`); `fieldnames` default to the
    contract's. Returns the number of rows."""
    fields = fieldnames or HEADERS[name]
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(fields)
    n = 0
    for row in rows:
        if isinstance(row, tuple):   # the cells themselves, in the columns' order
            writer.writerow([_safe(v, k) for k, v in zip(fields, row)])
        else:
            if not n and row.keys() - set(fields):   # rows of one file all have the same keys
                raise ValueError(f"{name}: fields not in the header: {sorted(row.keys() - set(fields))}")
            writer.writerow([_safe(row.get(k, ""), k) for k in fields])
        n += 1
    return n


def _safe(value, column: str):
    """A cell as written: text capped (`cap_cell`) and never read as a formula (graph/cells.py)."""
    if not isinstance(value, str):
        return value
    if not value or (value[0].isalnum() and len(value) <= CELL_LIMIT // 2):   # most cells: as they are
        return value
    return neutral(cap_cell(value, column, CELL_LIMIT - is_formula(value)))


def to_csv(name: str, rows: list[dict], fieldnames: list[str] | None = None) -> str:
    """CSV text of one file (see `write_csv`)."""
    buf = io.StringIO()
    write_csv(buf, name, rows, fieldnames)
    return buf.getvalue()


def csv_file(name: str, g: nx.Graph, store: Store | None = None, view: View | None = None) -> str:
    """One CSV file of a view, as the CLI writes it and the dashboard offers it (store and view are
    needed for mentions.csv and articles.csv only)."""
    rows = {"nodes.csv": lambda: node_rows(g), "edges.csv": lambda: edge_rows(g),
            "mentions.csv": lambda: mention_rows(g, store, view),
            "articles.csv": lambda: article_rows(g, store, view)}[name]()
    return to_csv(name, rows, columns(name, g))


def csv_tables(g: nx.Graph, store: Store, view: View) -> dict[str, str]:
    """The four CSV files of a view, by file name (its articles found once for mentions and articles)."""
    arts = article_ids(g, store, view)
    return {"nodes.csv": csv_file("nodes.csv", g), "edges.csv": csv_file("edges.csv", g),
            "mentions.csv": to_csv("mentions.csv", mention_rows(g, store, view, arts)),
            "articles.csv": to_csv("articles.csv", article_rows(g, store, view, arts))}


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
        flat.add_node(n, **flat_node(d))
    extra = all_assertions(g)
    for s, t, k, d in g.edges(keys=True, data=True):
        flat.add_edge(s, t, key=k, **flat_edge(d, extra))
    return flat


def flat_node(d: dict) -> dict:
    """A node's attributes as GraphML and GEXF take them (scalars, lists joined)."""
    return {k: (SEP.join(v) if isinstance(v, (list, tuple)) else v) for k, v in d.items()
            if isinstance(v, (str, int, float, bool, list, tuple))}


def flat_edge(d: dict, extra: bool) -> dict:
    """An edge's attributes (with its evidence) as GraphML and GEXF take them; `extra`: under assertion=all."""
    return {"relation": d["relation"], "weight": d["weight"], "topics": SEP.join(d["topics"]),
            "first_seen": d["first_seen"], "last_seen": d["last_seen"],
            "evidence": SEP.join(_cell(e["sentence"]) for e in d["evidence"]),
            "article_ids": SEP.join(d["articles"]),
            # under assertion=all: the edge's assertions, and each sentence's in evidence order
            **({"assertion": SEP.join(d.get("assertions") or ("asserted",)),
                "evidence_assertion": SEP.join(e.get("assertion", "asserted") for e in d["evidence"])}
               if extra else {})}


def graphml(g: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(flat_graph(g)))


def gexf(g: nx.Graph) -> str:
    return "\n".join(nx.generate_gexf(flat_graph(g)))


def as_json(g: nx.Graph) -> str:
    return json.dumps(nx.node_link_data(flat_graph(g), edges="edges"), ensure_ascii=False, indent=1)


def write(g: nx.Graph, store: Store, view: View, out: Path, fmt: str = "csv") -> list[Path]:
    """Write the view to folder `out` in one format; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":   # each file written as its rows are made (the same text as `csv_tables`)
        arts = article_ids(g, store, view)
        rows = {"nodes.csv": lambda: node_rows(g), "edges.csv": lambda: edge_rows(g),
                "mentions.csv": lambda: mention_tuples(g, store, view, arts),
                "articles.csv": lambda: article_rows(g, store, view, arts)}
        files = {name: (lambda f, name=name: write_csv(f, name, rows[name](), columns(name, g))) for name in rows}
    else:
        text = {"graphml": graphml, "gexf": gexf, "json": as_json}[fmt](g)
        files = {f"graph.{fmt}": lambda f: f.write(text)}
    paths = []
    for name, writer in files.items():
        path = out / name
        tmp = path.with_suffix(path.suffix + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            writer(f)
        tmp.replace(path)
        paths.append(path)
    return paths
