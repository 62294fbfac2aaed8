"""What views are answered from: per-edge and per-entity totals, kept true in each article's transaction.

A view of a 6,000-article store must not read its half a million evidence sentences to rank 150 nodes.
So the store keeps, beside the evidence:
- `edges`: one row per (source, target, relation) — weights, article counts, first and last seen, topics
  and assertions, for asserted evidence and for all evidence;
- `edge_topics`: the same totals per edge and topic, counting only the evidence of that topic (what a
  topic filter needs without reading the evidence);
- `entity_stats`: per mentioned entity — mentions, articles, first and last seen.
`Store.add_article` and `Store.replace_article` (ingest and reextract) update them in the same
transaction as the article, so a killed run leaves them as true as the rows they sum. `meta.version` is
bumped by every write: readers key their caches on it. An older database gets them built once when it
is opened (`ensure`).

One function (`_sums`) sums evidence rows, whatever they are: one new article's rows (added to the
stored totals), one edge's rows (an article read again: its old edges are summed again from their rows,
found by primary key), or the whole table (building).
"""
from __future__ import annotations

import sqlite3

FORMAT = 2   # bump when the aggregates change meaning: `ensure` then rebuilds them

_TOTALS = """
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
    assertions TEXT NOT NULL DEFAULT '',   -- the assertions its evidence has, in ASSERTIONS order, ',' between
"""
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    relation TEXT NOT NULL,{_TOTALS}
    PRIMARY KEY (source, target, relation)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE INDEX IF NOT EXISTS edges_relation ON edges(relation, weight);
CREATE INDEX IF NOT EXISTS edges_weight ON edges(weight);
CREATE TABLE IF NOT EXISTS edge_topics (   -- the totals of an edge's evidence of one topic
    topic TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    relation TEXT NOT NULL,{_TOTALS}
    PRIMARY KEY (topic, source, target, relation)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_topics_edge ON edge_topics(source, target, relation);
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
CREATE INDEX IF NOT EXISTS relations_edge_date ON relations(source, target, relation, published, article_id, start);   -- an edge's evidence in date order
CREATE INDEX IF NOT EXISTS relations_not_asserted ON relations(assertion) WHERE assertion != 'asserted';
"""

ASSERTION_ORDER = ("asserted", "negated", "hypothetical", "denied")
SEP = " | "
TOTAL_COLUMNS = ("weight", "evidence", "articles", "articles_all", "first_seen", "last_seen", "first_all",
                 "last_all", "topics", "topics_all", "assertions")
_ROWS = "SELECT source, target, relation, article_id, published, topics, assertion FROM relations"


def _topics(joined: str | None) -> set[str]:
    """Topic names from ' | '-joined lists, or GROUP_CONCATs of them (topic names hold no ',' or '|')."""
    return {t.strip() for part in (joined or "").split(",") for t in part.split("|") if t.strip()}


def _join(topics) -> str:
    return SEP.join(sorted(topics))


def _assertions(values) -> str:
    order = {a: i for i, a in enumerate(ASSERTION_ORDER)}
    return ",".join(sorted({v for v in values if v}, key=lambda a: (order.get(a, 9), a)))


def _min(a: str, b: str) -> str:
    """The earlier of two dates, '' meaning none."""
    return min(a, b) if a and b else a or b


class _Totals:
    """Sums of some evidence rows of one edge (or of one edge and topic)."""
    __slots__ = ("w", "n", "aw", "an", "fw", "lw", "fn", "ln", "tw", "tn", "asr")

    def __init__(self):
        self.w = self.n = 0
        self.aw, self.an = set(), set()
        self.fw = self.lw = self.fn = self.ln = ""
        self.tw, self.tn, self.asr = set(), set(), set()

    def add(self, article: str, date: str, topics: set[str], assertion: str) -> None:
        self.n += 1
        self.an.add(article)
        self.fn, self.ln = _min(self.fn, date), max(self.ln, date)
        self.tn |= topics
        self.asr.add(assertion)
        if assertion == "asserted":
            self.w += 1
            self.aw.add(article)
            self.fw, self.lw = _min(self.fw, date), max(self.lw, date)
            self.tw |= topics

    def row(self, stored: tuple | None = None) -> tuple:
        """The totals as stored, added to `stored` (totals of other articles' evidence) when given."""
        w, n, aw, an, fw, lw, fn, ln, tw, tn, asr = stored or (0, 0, 0, 0, "", "", "", "", "", "", "")
        return (w + self.w, n + self.n, aw + len(self.aw), an + len(self.an), _min(fw, self.fw), max(lw, self.lw),
                _min(fn, self.fn), max(ln, self.ln), _join(_topics(tw) | self.tw), _join(_topics(tn) | self.tn),
                _assertions([*asr.split(","), *self.asr]))


def _sums(rows) -> tuple[dict[tuple, _Totals], dict[tuple, _Totals]]:
    """Totals per edge, and per (topic, edge), of evidence rows (source, target, relation, article,
    published, topics, assertion)."""
    edges: dict[tuple, _Totals] = {}
    topical: dict[tuple, _Totals] = {}
    for s, t, rel, article, published, topics, assertion in rows:
        names, date = _topics(topics), published or ""
        key = (s, t, rel)
        (edges.get(key) or edges.setdefault(key, _Totals())).add(article, date, names, assertion)
        for topic in names:
            tkey = (topic, s, t, rel)
            (topical.get(tkey) or topical.setdefault(tkey, _Totals())).add(article, date, names, assertion)
    return edges, topical


_EDGE_KEY = ("source", "target", "relation")
_TOPIC_KEY = ("topic", "source", "target", "relation")


def _put(conn, table: str, key_columns: tuple, rows) -> None:
    cols = (*key_columns, *TOTAL_COLUMNS)
    conn.executemany(f"INSERT OR REPLACE INTO {table}({','.join(cols)}) VALUES({','.join('?' * len(cols))})", rows)


def _merge_topics(stored: str | None, new: str | None) -> str:
    return _join(_topics(stored) | _topics(new))


def _merge_assertions(stored: str | None, new: str | None) -> str:
    return _assertions([*(stored or "").split(","), *(new or "").split(",")])


# An edge's totals with one more article's added, in one statement: the sums and counts add up, the dates keep the
# earlier first and the later last ('' being none), the topics and assertions are the union (SQL functions
# registered on the connection, `_functions`). What `_Totals.row(stored)` computes, without reading the row first.
_ADD = {"weight": "weight + excluded.weight", "evidence": "evidence + excluded.evidence",
        "articles": "articles + excluded.articles", "articles_all": "articles_all + excluded.articles_all",
        **{c: f"CASE WHEN {c} = '' OR (excluded.{c} != '' AND excluded.{c} < {c}) THEN excluded.{c} ELSE {c} END"
           for c in ("first_seen", "first_all")},
        **{c: f"MAX({c}, excluded.{c})" for c in ("last_seen", "last_all")},
        "topics": "entente_topics(topics, excluded.topics)", "topics_all": "entente_topics(topics_all, excluded.topics_all)",
        "assertions": "entente_assertions(assertions, excluded.assertions)"}


def _add(conn, table: str, key_columns: tuple, rows) -> None:
    """Add one article's totals to the stored ones (a new row where there are none)."""
    cols = (*key_columns, *TOTAL_COLUMNS)
    sql = (f"INSERT INTO {table}({','.join(cols)}) VALUES({','.join('?' * len(cols))}) "
           f"ON CONFLICT({','.join(key_columns)}) DO UPDATE SET " + ", ".join(f"{c} = {_ADD[c]}" for c in TOTAL_COLUMNS))
    rows = list(rows)
    try:
        conn.executemany(sql, rows)
    except sqlite3.OperationalError as exc:   # a connection `ensure` did not see
        if "no such function" not in str(exc):
            raise
        functions(conn)
        conn.executemany(sql, rows)


def functions(conn) -> None:
    """Register the SQL functions the aggregates are updated with on a connection."""
    conn.create_function("entente_topics", 2, _merge_topics, deterministic=True)
    conn.create_function("entente_assertions", 2, _merge_assertions, deterministic=True)


# ---- building --------------------------------------------------------------------------------------------
def ensure(conn: sqlite3.Connection) -> None:
    """Create the aggregate tables; build them from the evidence when they are missing or of an older format."""
    conn.executescript(SCHEMA)
    functions(conn)
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
    edges, topical = _sums(conn.execute(_ROWS))
    conn.execute("DELETE FROM edges")
    _put(conn, "edges", _EDGE_KEY, ((*k, *v.row()) for k, v in edges.items()))
    conn.execute("DELETE FROM edge_topics")
    _put(conn, "edge_topics", _TOPIC_KEY, ((*k, *v.row()) for k, v in topical.items()))
    conn.execute("DELETE FROM entity_stats")
    conn.executemany("INSERT INTO entity_stats VALUES (?,?,?,?,?)", (
        (e, m, a, f or "", last or "") for e, m, a, f, last in conn.execute(
            "SELECT m.entity_id, COUNT(*), COUNT(DISTINCT m.article_id), MIN(NULLIF(a.published, '')), "
            "MAX(NULLIF(a.published, '')) FROM mentions m JOIN articles a ON a.id = m.article_id "
            "GROUP BY m.entity_id")))
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
def contribution(conn: sqlite3.Connection, article_id: str) -> tuple[set, dict]:
    """What one article's stored rows touch: its edge keys, and per entity its number of mentions."""
    keys = {tuple(r) for r in conn.execute(
        "SELECT DISTINCT source, target, relation FROM relations WHERE article_id = ?", (article_id,))}
    ents = dict(conn.execute("SELECT entity_id, COUNT(*) FROM mentions WHERE article_id = ? GROUP BY entity_id",
                             (article_id,)).fetchall())
    return keys, ents


def apply(conn: sqlite3.Connection, article_id: str, published: str | None,
          before: tuple[set, dict] = (set(), {})) -> None:
    """Bring the aggregates up to date after an article's rows were written (inside its transaction).

    `before` is the article's `contribution` before its rows were replaced (empty for a new article):
    those edges are summed again from their rows; the others get this article's sums added.
    """
    old_keys, old_ents = before
    edges, topical = _sums(conn.execute(f"{_ROWS} WHERE article_id = ?", (article_id,)))
    _resum(conn, old_keys)
    _add(conn, "edges", _EDGE_KEY, ((*k, *v.row()) for k, v in edges.items() if k not in old_keys))
    _add(conn, "edge_topics", _TOPIC_KEY, ((*k, *v.row()) for k, v in topical.items() if k[1:] not in old_keys))
    ents = dict(conn.execute("SELECT entity_id, COUNT(*) FROM mentions WHERE article_id = ? GROUP BY entity_id",
                             (article_id,)).fetchall())
    for entity in set(ents) | set(old_ents):
        _add_entity(conn, entity, ents.get(entity, 0), old_ents.get(entity, 0), published or "")
    bump(conn)


def _resum(conn, keys) -> None:
    """Sum these edges again from their evidence rows (by primary key); drop those left with none."""
    for key in keys:
        conn.execute("DELETE FROM edges WHERE source = ? AND target = ? AND relation = ?", key)
        conn.execute("DELETE FROM edge_topics WHERE source = ? AND target = ? AND relation = ?", key)
        edges, topical = _sums(conn.execute(f"{_ROWS} WHERE source = ? AND target = ? AND relation = ?", key))
        _put(conn, "edges", _EDGE_KEY, ((*k, *v.row()) for k, v in edges.items()))
        _put(conn, "edge_topics", _TOPIC_KEY, ((*k, *v.row()) for k, v in topical.items()))


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
