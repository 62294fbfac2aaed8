"""What a click opens, read from the store when it is opened: one node, one edge, their neighbours and
evidence sentences, and a page of a view's relations or articles.

Each function reads only the rows it returns (plus indexed counts), so opening the United States in a
large store costs the same as opening any node. Edge filters are those of the view (relation, topic,
date, assertion, min weight), as in the graph the user clicked in.
"""
from __future__ import annotations

from . import sql
from .sql import IDS, KEYS
from .store import Store
from .view import View


def edge_view(view: View) -> View:
    """Only the view's edge filters: what a node's panel lists (all its neighbours, not only those shown)."""
    return View(relations=view.relations, topics=view.topics, since=view.since, until=view.until,
                min_weight=view.min_weight, assertion=view.assertion)


def node_count(store: Store) -> int:
    return store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]


def node(store: Store, node_id: str) -> dict | None:
    """One node's attributes (name, type, country, office, aliases, mentions, articles, first/last seen)."""
    return sql.node_attrs(store, [node_id]).get(node_id)


def edge(store: Store, view: View, key: tuple[str, str, str]) -> dict | None:
    """One edge's totals under the view's edge filters, or None when the filters leave no such edge."""
    base, params = sql.edge_source(edge_view(view))
    row = sql.cursor(store).execute(f"SELECT * FROM ({base}) b WHERE b.source = ? AND b.target = ? AND "
                                    "b.relation = ?", [*params, *key]).fetchone()
    return sql.edge_attrs(row) if row else None


def neighbours(store: Store, view: View, node_id: str, limit: int = 500) -> tuple[list[dict], int]:
    """A node's edges under the view's edge filters, specific relations first (related_to only says
    "mentioned together"), heaviest first, each with the other node's name, type and country; at most
    `limit` of them, and how many there are."""
    base, params = sql.edge_source(edge_view(view))
    cur = sql.cursor(store)
    where = "FROM ({base}) b WHERE b.source = ? OR b.target = ?".format(base=base)
    total = cur.execute(f"SELECT COUNT(*) {where}", [*params, node_id, node_id]).fetchone()[0]
    rows = cur.execute(
        f"SELECT b.source, b.target, b.relation, b.weight, b.assertions, e.name, e.type, e.country FROM ({base}) b "
        "JOIN entities e ON e.id = CASE WHEN b.source = ? THEN b.target ELSE b.source END "
        "WHERE b.source = ? OR b.target = ? "
        "ORDER BY b.relation = 'related_to', b.weight DESC, e.name, b.source, b.target, b.relation LIMIT ?",
        [*params, node_id, node_id, node_id, limit]).fetchall()
    out = []
    for s, t, rel, weight, assertions, name, kind, country in rows:
        other = t if s == node_id else s
        out.append({"dir": "→" if s == node_id else "←", "node": other, "name": name, "type": kind,
                    "country": country or "", "relation": rel,
                    "weight": weight, "assertions": sql.edge_attrs((s, t, rel, weight, "", "", "", 0, assertions))[
                        "assertions"]})
    return out, total


def _evidence_rows(store: Store, view: View, keys_sql: str, key_params: list, limit: int):
    where, params = sql.evidence_filter(view)
    cur = sql.cursor(store)
    seen = (f"SELECT DISTINCT r.article_id, r.start, r.assertion FROM relations r "
            f"WHERE (r.source, r.target, r.relation) IN {keys_sql} AND {where}")
    total = cur.execute(f"SELECT COUNT(*) FROM ({seen})", [*key_params, *params]).fetchone()[0]
    rows = cur.execute(
        f"{sql.EVIDENCE_SQL} WHERE (r.source, r.target, r.relation) IN {keys_sql} AND {where} "
        "ORDER BY r.published DESC, r.article_id DESC, r.start DESC LIMIT ?",
        [*key_params, *params, limit * 4]).fetchall()
    items, done = [], set()
    for s, t, rel, article, sentence, begin, end, published, assertion, title, url in rows:
        if (article, begin, assertion) in done:
            continue
        done.add((article, begin, assertion))
        items.append((rel, {"article_id": article, "sentence": sentence, "start": begin, "end": end,
                            "published": published, "title": title, "url": url, "assertion": assertion}))
        if len(items) >= limit:
            break
    return items, total


def node_evidence(store: Store, view: View, node_id: str, limit: int = 500) -> tuple[list[tuple[str, dict]], int]:
    """The newest evidence sentences of a node's edges (each sentence once per claim), as (relation, row),
    at most `limit`, and how many there are."""
    base, params = sql.edge_source(edge_view(view))
    keys_sql = f"(SELECT b.source, b.target, b.relation FROM ({base}) b WHERE b.source = ? OR b.target = ?)"
    return _evidence_rows(store, view, keys_sql, [*params, node_id, node_id], limit)


def edge_evidence(store: Store, view: View, key: tuple[str, str, str],
                  limit: int = 500) -> tuple[list[tuple[str, dict]], int]:
    """The newest evidence sentences of one edge under the view's filters, and how many there are."""
    return _evidence_rows(store, view, KEYS, [sql.keys([key])], limit)


# ---- pages of a view's tables ------------------------------------------------------------------------
def edge_excerpts(store: Store, view: View, edge_keys, sentences: int = 6, latest: int = 5) -> dict[tuple, dict]:
    """For a page of edges: the first `sentences` evidence sentences (oldest first) and their article ids,
    and the urls of the `latest` newest articles, per edge; read in date order from an index, so a hub
    edge with thousands of sentences costs as little as any other."""
    where, params = sql.evidence_filter(view)
    cur = sql.cursor(store)
    key = "r.source = ? AND r.target = ? AND r.relation = ?"
    order = "r.published {0}, r.article_id {0}, r.start {0}"
    first_sql = (f"SELECT r.sentence, r.article_id FROM relations r WHERE {key} AND {where} "
                 f"ORDER BY {order.format('ASC')} LIMIT ?")
    last_sql = (f"SELECT a.url FROM relations r JOIN articles a ON a.id = r.article_id WHERE {key} AND {where} "
                f"ORDER BY {order.format('DESC')} LIMIT ?")
    out: dict[tuple, dict] = {}
    for edge in edge_keys:
        rows = cur.execute(first_sql, [*edge, *params, sentences]).fetchall()
        out[tuple(edge)] = {"sentences": [r[0] for r in rows], "articles": list(dict.fromkeys(r[1] for r in rows)),
                            "latest": [r[0] for r in cur.execute(last_sql, [*edge, *params, latest])]}
    return out


def article_page(store: Store, article_ids, offset: int, limit: int) -> list[dict]:
    """Rows of articles.csv for one page of a set of articles (None: every article), oldest first."""
    cols = ("id", "title", "url", "published", "source", "path")
    where, params = ("", []) if article_ids is None else (f"WHERE id IN {IDS} ", [sql.ids(article_ids)])
    rows = store.conn.execute(
        f"SELECT {','.join(cols)} FROM articles {where}ORDER BY COALESCE(published, ''), id "
        "LIMIT ? OFFSET ?", [*params, limit, offset])
    return [{k: (r[k] or "") for k in cols} for r in rows]
