"""What views are answered from: per-edge and per-entity totals, kept true in each article's transaction.

A view of a 6,000-article store must not read its half a million evidence sentences to rank 150 nodes.
So the store keeps, beside the evidence, one row per edge (`edges`: source, target, relation, weights,
first and last seen, topics, article counts, for asserted evidence and for all evidence) and one per
mentioned entity (`entity_stats`: mentions, articles, first and last seen). `Store.add_article` and
`Store.replace_article` (ingest and reextract) update them in the same transaction as the article, so a
killed run leaves them as true as the rows they sum. `meta.version` is bumped by every write: readers
key their caches on it. An older database gets them built once when it is opened (`ensure`).

Evidence an article adds only adds to totals; an article read again (reextract) has the edges it had
before summed again from their evidence rows (by primary key, a few rows each).
"""
from __future__ import annotations

import sqlite3

FORMAT = 1   # bump when the aggregates change meaning: `ensure` then rebuilds them

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    relation TEXT NOT NULL,
    weight INTEGER NOT NULL,               -- asserted evidence sentences (what a default view counts)
    evidence INTEGER NOT NULL,             -- all evidence sentences: asserted, negated, hypothetical, denied
    articles INTEGER NOT NULL,             -- articles giving asserted evidence
    articles_all INTEGER NOT NULL,         -- articles giving any evidence
    first_seen TEXT NOT NULL DEFAULT '',   -- dates of asserted evidence
    last_seen TEXT NOT NULL DEFAULT '',
    first_all TEXT NOT NULL DEFAULT '',    -- dates of any evidence
    last_all TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',       -- of asserted evidence, sorted, ' | ' between
    topics_all TEXT NOT NULL DEFAULT '',
    assertions TEXT NOT NULL DEFAULT '',   -- the assertions its evidence has, in ASSERTIONS order
    PRIMARY KEY (source, target, relation)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE INDEX IF NOT EXISTS edges_relation ON edges(relation, weight);
CREATE INDEX IF NOT EXISTS edges_weight ON edges(weight);
CREATE TABLE IF NOT EXISTS entity_stats (
    entity_id TEXT PRIMARY KEY,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    first_seen TEXT NOT NULL DEFAULT '',
    last_seen TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_country ON entities(country);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);
CREATE INDEX IF NOT EXISTS relations_published ON relations(published);
CREATE INDEX IF NOT EXISTS relations_not_asserted ON relations(assertion) WHERE assertion != 'asserted';
"""

ASSERTION_ORDER = ("asserted", "negated", "hypothetical", "denied")
SEP = " | "

# one edge's totals summed from its evidence rows (the whole table, or one key: see _EDGE_WHERE)
_EDGE_SUMS = """
SELECT source, target, relation,
       SUM(assertion = 'asserted'), COUNT(*),
       COUNT(DISTINCT CASE WHEN assertion = 'asserted' THEN article_id END), COUNT(DISTINCT article_id),
       MIN(CASE WHEN assertion = 'asserted' THEN NULLIF(published, '') END),
       MAX(CASE WHEN assertion = 'asserted' THEN NULLIF(published, '') END),
       MIN(NULLIF(published, '')), MAX(NULLIF(published, '')),
       GROUP_CONCAT(DISTINCT CASE WHEN assertion = 'asserted' THEN NULLIF(topics, '') END),
       GROUP_CONCAT(DISTINCT NULLIF(topics, '')),
       GROUP_CONCAT(DISTINCT assertion)
FROM relations {where} GROUP BY source, target, relation
"""
_EDGE_COLUMNS = ("source", "target", "relation", "weight", "evidence", "articles", "articles_all", "first_seen",
                 "last_seen", "first_all", "last_all", "topics", "topics_all", "assertions")
_UPSERT_EDGE = (f"INSERT OR REPLACE INTO edges({','.join(_EDGE_COLUMNS)}) "
                f"VALUES({','.join('?' * len(_EDGE_COLUMNS))})")
_ENTITY_SUMS = """
SELECT m.entity_id, COUNT(*), COUNT(DISTINCT m.article_id), MIN(NULLIF(a.published, '')), MAX(NULLIF(a.published, ''))
FROM mentions m JOIN articles a ON a.id = m.article_id {where} GROUP BY m.entity_id
"""


def _topics(joined: str | None) -> set[str]:
    """Topic names from GROUP_CONCAT of ' | '-joined lists (topic names hold no ',' or '|')."""
    return {t.strip() for part in (joined or "").split(",") for t in part.split("|") if t.strip()}


def _join(topics) -> str:
    return SEP.join(sorted(topics))


def _assertions(values) -> str:
    order = {a: i for i, a in enumerate(ASSERTION_ORDER)}
    return ",".join(sorted(set(values), key=lambda a: (order.get(a, 9), a)))


def _edge_row(r) -> tuple:
    s, t, rel, w, n, aw, an, fw, lw, fn, ln, tw, tn, asr = r
    return (s, t, rel, w, n, aw, an, fw or "", lw or "", fn or "", ln or "", _join(_topics(tw)), _join(_topics(tn)),
            _assertions((asr or "").split(",")))


# ---- building --------------------------------------------------------------------------------------------
def ensure(conn: sqlite3.Connection) -> None:
    """Create the aggregate tables; build them from the evidence when they are missing or of an older format."""
    conn.executescript(SCHEMA)
    if _format(conn) == FORMAT:
        return
    conn.execute("BEGIN IMMEDIATE")   # one process builds; another opening the same file waits, then sees it
    try:
        if _format(conn) != FORMAT:
            rebuild(conn)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('aggregates', ?)", (FORMAT,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def missing(conn: sqlite3.Connection) -> bool:
    """True when a (read-only) database has no aggregates of this format yet."""
    try:
        return _format(conn) != FORMAT
    except sqlite3.OperationalError:
        return True


def _format(conn) -> int | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'aggregates'").fetchone()
    return int(row[0]) if row else None


def rebuild(conn: sqlite3.Connection) -> None:
    """Sum every edge and every entity again from the evidence and mention rows (inside the caller's
    transaction). Also what a writer that bypassed `Store` calls afterwards."""
    conn.execute("DELETE FROM edges")
    conn.executemany(_UPSERT_EDGE, (_edge_row(r) for r in conn.execute(_EDGE_SUMS.format(where=""))))
    conn.execute("DELETE FROM entity_stats")
    conn.executemany("INSERT INTO entity_stats VALUES (?,?,?,?,?)",
                     ((e, m, a, f or "", last or "") for e, m, a, f, last in
                      conn.execute(_ENTITY_SUMS.format(where=""))))
    bump(conn)


def bump(conn: sqlite3.Connection) -> None:
    """A new data version (inside the writer's transaction)."""
    conn.execute("INSERT INTO meta(key, value) VALUES ('version', 1) "
                 "ON CONFLICT(key) DO UPDATE SET value = value + 1")


def version(conn: sqlite3.Connection) -> int:
    """The data version: changes with every committed write, and only then."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0]) if row else 0


# ---- one article ------------------------------------------------------------------------------------------
def contribution(conn: sqlite3.Connection, article_id: str) -> tuple[dict, dict]:
    """What one article's stored rows add: per edge key (asserted count, count, asserted topics, topics,
    assertions), and per entity the number of mentions."""
    edges: dict[tuple, list] = {}
    for s, t, rel, assertion, topics in conn.execute(
            "SELECT source, target, relation, assertion, topics FROM relations WHERE article_id = ?", (article_id,)):
        c = edges.setdefault((s, t, rel), [0, 0, set(), set(), set()])
        names = _topics(topics)
        c[0] += assertion == "asserted"
        c[1] += 1
        if assertion == "asserted":
            c[2] |= names
        c[3] |= names
        c[4].add(assertion)
    ents = dict(conn.execute("SELECT entity_id, COUNT(*) FROM mentions WHERE article_id = ? GROUP BY entity_id",
                             (article_id,)).fetchall())
    return edges, ents


def apply(conn: sqlite3.Connection, article_id: str, published: str | None,
          before: tuple[dict, dict] = ({}, {})) -> None:
    """Bring the aggregates up to date after an article's rows were written (inside its transaction).

    `before` is the article's `contribution` before its rows were replaced (empty for a new article).
    """
    edges, ents = contribution(conn, article_id)
    date = published or ""
    old_edges, old_ents = before
    if old_edges:
        _recompute_edges(conn, list(old_edges))
    for key, (w, n, tw, tn, asr) in edges.items():
        if key not in old_edges:
            _add_edge(conn, key, w, n, tw, tn, asr, date)
    for entity in set(ents) | set(old_ents):
        _add_entity(conn, entity, ents.get(entity, 0), old_ents.get(entity, 0), date)
    bump(conn)


def _recompute_edges(conn, keys) -> None:
    for s, t, rel in keys:
        row = conn.execute(_EDGE_SUMS.format(where="WHERE source = ? AND target = ? AND relation = ?"),
                           (s, t, rel)).fetchone()
        if row is None:
            conn.execute("DELETE FROM edges WHERE source = ? AND target = ? AND relation = ?", (s, t, rel))
        else:
            conn.execute(_UPSERT_EDGE, _edge_row(row))


def _add_edge(conn, key, w, n, tw, tn, asr, date) -> None:
    row = conn.execute("SELECT weight, evidence, articles, articles_all, first_seen, last_seen, first_all, last_all,"
                       " topics, topics_all, assertions FROM edges WHERE source = ? AND target = ? AND relation = ?",
                       key).fetchone()
    ow, on, oaw, oan, ofw, olw, ofn, oln, otw, otn, oasr = row or (0, 0, 0, 0, "", "", "", "", "", "", "")
    dated_w = date if (w and date) else ""
    conn.execute(_UPSERT_EDGE, (
        *key, ow + w, on + n, oaw + (w > 0), oan + 1,
        _min(ofw, dated_w), max(olw, dated_w), _min(ofn, date), max(oln, date),
        _join(_topics(otw) | tw), _join(_topics(otn) | tn), _assertions([*filter(None, oasr.split(",")), *asr])))


def _min(a: str, b: str) -> str:
    """The earlier of two dates, '' meaning none."""
    return min(a, b) if a and b else a or b


def _add_entity(conn, entity: str, mentions: int, old_mentions: int, date: str) -> None:
    row = conn.execute("SELECT mentions, articles, first_seen, last_seen FROM entity_stats WHERE entity_id = ?",
                       (entity,)).fetchone()
    m, a, first, last = row or (0, 0, "", "")
    m += mentions - old_mentions
    a += (mentions > 0) - (old_mentions > 0)
    if m <= 0:
        conn.execute("DELETE FROM entity_stats WHERE entity_id = ?", (entity,))
        return
    if not mentions and date and date in (first, last):   # lost this article, which bounded its dates
        first, last = conn.execute(
            "SELECT MIN(NULLIF(a.published, '')), MAX(NULLIF(a.published, '')) FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?", (entity,)).fetchone()
        first, last = first or "", last or ""
    elif mentions and date:
        first, last = _min(first, date), max(last, date)
    conn.execute("INSERT OR REPLACE INTO entity_stats VALUES (?,?,?,?,?)", (entity, m, a, first, last))
