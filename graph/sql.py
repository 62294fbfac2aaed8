"""The SQL a view is answered with: which edges its filters keep, and the rows behind what a user opens.

Edges come from the aggregate (`graph.aggregate`: one row per edge, indexed) unless the view filters by
topic or date, which only the evidence rows can answer: then they are summed from `relations` for the
filter (by the published-date index for dates). Sets of node ids and edge keys are passed to SQLite as
one JSON parameter (`json_each`), so a query is one statement whatever the size of the set, and the
connection can be shared between threads (no temporary tables).
"""
from __future__ import annotations

import functools
import json
import sqlite3

from .aggregate import ASSERTION_ORDER, _topics
from .store import Store, norm
from .view import View

IDS = "(SELECT value FROM json_each(?))"
KEYS = ("(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') "
        "FROM json_each(?))")
EDGE_COLUMNS = ("source", "target", "relation", "weight", "first_seen", "last_seen", "topics", "articles",
                "assertions")


def ids(values) -> str:
    """A set of ids as the JSON parameter of an `IN {IDS}` clause."""
    return json.dumps(sorted(values), ensure_ascii=False)


def keys(values) -> str:
    """A set of (source, target, relation) keys as the JSON parameter of an `IN {KEYS}` clause."""
    return json.dumps(sorted(map(list, values)), ensure_ascii=False)


def by_evidence(view: View) -> bool:
    """True when the view's weights must be counted from the evidence rows: dates, or several topics (one
    topic is answered by the per-topic totals)."""
    return bool(view.since or view.until or len(view.topics) > 1)


def evidence_filter(view: View, alias: str = "r") -> tuple[str, list]:
    """The WHERE terms (joined by AND, or '1') that keep the evidence rows a view counts."""
    where, params = [], []
    if view.assertion == "asserted":
        where.append(f"{alias}.assertion = 'asserted'")
    if view.relations:
        where.append(f"{alias}.relation IN ({','.join('?' * len(view.relations))})")
        params += view.relations
    if view.since:
        where.append(f"{alias}.published >= ?")
        params.append(view.since)
    if view.until:
        where.append(f"{alias}.published <= ?")
        params.append(view.until)
    if view.topics:
        where.append("(" + " OR ".join(f"(' | ' || {alias}.topics || ' | ') LIKE ?" for _ in view.topics) + ")")
        params += [f"% | {t} | %" for t in view.topics]
    return " AND ".join(where) or "1", params


def edge_source(view: View) -> tuple[str, list]:
    """A subquery of the edges the view's edge filters keep (relation, topic, date, assertion, weight, node
    type), with the columns EDGE_COLUMNS; weights and dates count only the evidence the view keeps.

    Read from the per-edge totals, or from the per-edge-and-topic totals for one topic; with dates or
    several topics, summed from the evidence rows (those in the date range by the date index; for several
    topics, a scan of the evidence: the one slow filter left)."""
    typed, tparams = "1", []
    if view.types:
        marks = ",".join("?" * len(view.types))
        typed = (f"source IN (SELECT id FROM entities WHERE type IN ({marks})) "
                 f"AND target IN (SELECT id FROM entities WHERE type IN ({marks}))")
        tparams = [*view.types, *view.types]
    if by_evidence(view):
        where, params = evidence_filter(view)
        sql = ("SELECT source, target, relation, COUNT(*) AS weight, COALESCE(MIN(NULLIF(published, '')), '') AS "
               "first_seen, COALESCE(MAX(NULLIF(published, '')), '') AS last_seen, "
               "GROUP_CONCAT(DISTINCT NULLIF(topics, '')) AS topics, COUNT(DISTINCT article_id) AS articles, "
               "GROUP_CONCAT(DISTINCT assertion) AS assertions "
               f"FROM relations r WHERE {where} AND {typed} "
               "GROUP BY +source, +target, +relation HAVING COUNT(*) >= ?")   # '+': the date index, then a sort
        return sql, [*params, *tparams, view.min_weight]
    table, tcond, tparam = ("edges", "1", []) if not view.topics else ("edge_topics", "topic = ?", [view.topics[0]])
    rel, rparams = "1", []
    if view.relations:
        rel, rparams = f"relation IN ({','.join('?' * len(view.relations))})", list(view.relations)
    if view.assertion == "asserted":
        cols = "weight, first_seen, last_seen, topics, articles, 'asserted' AS assertions"
        weight = "weight"
    else:
        cols = ("evidence AS weight, first_all AS first_seen, last_all AS last_seen, topics_all AS topics, "
                "articles_all AS articles, assertions")
        weight = "evidence"
    sql = (f"SELECT source, target, relation, {cols} FROM {table} WHERE {tcond} AND {weight} >= ? AND {rel} AND "
           f"{typed}")
    return sql, [*tparam, max(view.min_weight, 1), *rparams, *tparams]


def edge_attrs(row) -> dict:
    """An edge's attributes from one EDGE_COLUMNS row (topics and assertions as sorted lists)."""
    return {"relation": row[2], "weight": row[3], "first_seen": row[4] or "", "last_seen": row[5] or "",
            "topics": list(_topic_list(row[6] or "")), "n_articles": row[7],
            "assertions": list(_assertion_list(row[8] or "asserted"))}


@functools.lru_cache(maxsize=4096)
def _topic_list(joined: str) -> tuple[str, ...]:
    return tuple(sorted(_topics(joined)))


@functools.lru_cache(maxsize=256)
def _assertion_list(joined: str) -> tuple[str, ...]:
    order = {a: i for i, a in enumerate(ASSERTION_ORDER)}
    return tuple(sorted({a for a in joined.split(",") if a}, key=lambda a: (order.get(a, 9), a)))


def cursor(store: Store) -> sqlite3.Cursor:
    """A cursor giving plain tuples (these loops may see many rows), with `entente_norm()` available."""
    store.conn.create_function("entente_norm", 1, norm, deterministic=True)
    cur = store.conn.cursor()
    cur.row_factory = None
    return cur


# ---- nodes --------------------------------------------------------------------------------------------
NODE_SQL = ("SELECT e.id, e.name, e.type, e.country, e.office, COALESCE(s.mentions, 0), COALESCE(s.articles, 0), "
            "COALESCE(s.first_seen, ''), COALESCE(s.last_seen, '') FROM entities e "
            "LEFT JOIN entity_stats s ON s.entity_id = e.id")


def node_attrs(store: Store, node_ids=None) -> dict[str, dict]:
    """Entities (all, or those in node_ids) with their aliases, mentions, articles and first and last seen."""
    cur = cursor(store)
    where, params = ("", []) if node_ids is None else (f" WHERE e.id IN {IDS}", [ids(node_ids)])
    nodes = {r[0]: {"name": r[1], "type": r[2], "country": r[3], "office": r[4], "aliases": [], "mentions": r[5],
                    "articles": r[6], "first_seen": r[7], "last_seen": r[8]}
             for r in cur.execute(NODE_SQL + where, params)}
    where = "" if node_ids is None else f" WHERE entity_id IN {IDS}"
    for entity, alias, key in cur.execute(f"SELECT entity_id, alias, norm FROM aliases{where} ORDER BY alias", params):
        # the name's own key is the name, however a store written before spellings were chosen spelt it
        if entity in nodes and key != norm(nodes[entity]["name"]):
            nodes[entity]["aliases"].append(alias)
    return nodes


def find(store: Store, text: str, types=()) -> list[str]:
    """Entities whose name or an alias contains the text (case and accents ignored), best known first."""
    key = norm(text)
    if not key:
        return []
    cur = cursor(store)
    typed = f" AND e.type IN ({','.join('?' * len(types))})" if types else ""
    rows = cur.execute(
        "SELECT e.id, entente_norm(e.name), COALESCE(s.mentions, 0) FROM entities e "
        "LEFT JOIN entity_stats s ON s.entity_id = e.id "
        f"WHERE (e.id IN (SELECT entity_id FROM aliases WHERE instr(norm, ?) > 0) OR instr(entente_norm(e.name), ?) > 0)"
        f"{typed}", (key, key, *types)).fetchall()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1] != key, -r[2], r[0]))]


def resolve(store: Store, name: str, types=(), within=None) -> str:
    """Node id for an id, a name or an alias (the best known when several share it), among entities of
    the given types and, when given, the ids in `within`; KeyError with a helpful message when unknown.

    Names are found through the aliases table, which holds every name the store was given for an entity."""
    cur = cursor(store)
    typed = f" AND type IN ({','.join('?' * len(types))})" if types else ""

    def allowed(node_id):
        return within is None or node_id in within

    if allowed(name) and cur.execute(f"SELECT 1 FROM entities WHERE id = ?{typed}", (name, *types)).fetchone():
        return name
    key = norm(name)
    rows = cur.execute(
        "SELECT e.id, entente_norm(e.name), COALESCE(s.mentions, 0) FROM entities e "
        "LEFT JOIN entity_stats s ON s.entity_id = e.id "
        f"WHERE e.id IN (SELECT entity_id FROM aliases WHERE norm = ?){typed.replace('type', 'e.type')}",
        (key, *types)).fetchall()
    rows = [r for r in rows if allowed(r[0])]
    exact = [r for r in rows if r[1] == key] or rows
    if not exact:
        raise KeyError(f"no node named {name!r}")
    return min(exact, key=lambda r: (-r[2], r[0]))[0]


# ---- evidence -----------------------------------------------------------------------------------------
EVIDENCE_SQL = ("SELECT r.source, r.target, r.relation, r.article_id, r.sentence, r.start, r.end, r.published, "
                "r.assertion, a.title, a.url FROM relations r JOIN articles a ON a.id = r.article_id")


def evidence(store: Store, view: View, edge_keys, limit: int | None = None) -> dict[tuple, list[dict]]:
    """The evidence rows the view keeps for these edges, per edge, oldest first (by date, article, offset).

    With `limit`, at most that many rows per edge (the oldest), for table cells and tooltips."""
    where, params = evidence_filter(view)
    out: dict[tuple, list[dict]] = {}
    cur = cursor(store)
    sql = (f"{EVIDENCE_SQL} WHERE (r.source, r.target, r.relation) IN {KEYS} AND {where} "
           "ORDER BY r.source, r.target, r.relation, r.published, r.article_id, r.start")
    for s, t, rel, article, sentence, begin, end, published, assertion, title, url in cur.execute(
            sql, [keys(edge_keys), *params]):
        rows = out.setdefault((s, t, rel), [])
        if limit is None or len(rows) < limit:
            rows.append({"article_id": article, "sentence": sentence, "start": begin, "end": end,
                         "published": published, "title": title, "url": url, "assertion": assertion})
    return out


def article_ids(store: Store, view: View, edge_keys) -> set[str]:
    """The articles giving the view's evidence for these edges."""
    where, params = evidence_filter(view)
    return {r[0] for r in cursor(store).execute(
        f"SELECT DISTINCT r.article_id FROM relations r WHERE (r.source, r.target, r.relation) IN {KEYS} AND {where}",
        [keys(edge_keys), *params])}
