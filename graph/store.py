"""The embedded store: one SQLite file that holds articles, entities, aliases, mentions, relations and
dated offices (who held which office when, or was reported as a former holder).

Why SQLite: one file an analyst can copy, WAL mode so the dashboard can read while an ingest writes,
and one transaction per article so a crash never leaves half an article behind.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import aggregate

DEFAULT_DB = Path(os.environ.get("ENTENTE_DB", "data/graph.db"))

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    published TEXT,
    source TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    topics TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}',
    extractor_version INTEGER NOT NULL DEFAULT 0   -- the extractor that read it (extractors/version.py)
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    office TEXT NOT NULL DEFAULT '',
    office_date TEXT NOT NULL DEFAULT ''    -- date of the article that gave the office
);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (entity_id, norm)
);
CREATE INDEX IF NOT EXISTS aliases_norm ON aliases(norm);
CREATE TABLE IF NOT EXISTS mentions (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    PRIMARY KEY (entity_id, article_id, start)
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS relations (
    source TEXT NOT NULL REFERENCES entities(id),
    target TEXT NOT NULL REFERENCES entities(id),
    relation TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    published TEXT,
    topics TEXT NOT NULL DEFAULT '',
    assertion TEXT NOT NULL DEFAULT 'asserted',  -- asserted, negated, hypothetical or denied
    PRIMARY KEY (source, target, relation, article_id, start)
);
CREATE INDEX IF NOT EXISTS relations_article ON relations(article_id);
CREATE TABLE IF NOT EXISTS article_offices (   -- the office each article gives a person
    article_id TEXT NOT NULL REFERENCES articles(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    office TEXT NOT NULL,                     -- its name, without "Former"
    country TEXT NOT NULL DEFAULT '',
    former INTEGER NOT NULL DEFAULT 0,        -- 1: no longer held on the article's date
    state TEXT NOT NULL DEFAULT '',           -- what the person leads in that article (leader_of), if anything
    published TEXT,
    PRIMARY KEY (article_id, entity_id, office, country, former)
);
CREATE INDEX IF NOT EXISTS article_offices_key ON article_offices(entity_id, office, country, former);
CREATE TABLE IF NOT EXISTS offices (           -- dated offices: when articles show each held, or as former
    entity_id TEXT NOT NULL REFERENCES entities(id),
    office TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    former INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT '',           -- the state (or region) led, as the latest article says
    first_seen TEXT,                          -- the earliest and latest dated articles that say so
    last_seen TEXT,
    articles INTEGER NOT NULL DEFAULT 0,      -- how many articles say so (dated or not)
    PRIMARY KEY (entity_id, office, country, former)
);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);   -- a feed entry's link is looked up before any fetch
CREATE TABLE IF NOT EXISTS feeds (             -- feeds followed (extractors follow, the dashboard's Sources)
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL DEFAULT '',           -- when it was first followed (UTC, ISO)
    last_fetched TEXT,                        -- the last poll (UTC, ISO) and what came of it: ok, not modified,
    last_status TEXT NOT NULL DEFAULT '',     -- or failed: the reason
    etag TEXT NOT NULL DEFAULT '',            -- the validators sent with the next conditional request
    last_modified TEXT NOT NULL DEFAULT '',
    entries_seen INTEGER NOT NULL DEFAULT 0,  -- distinct entries seen in it, and the articles they added
    entries_added INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feed_entries (      -- each entry seen, so its guid is known before any fetch
    feed TEXT NOT NULL,
    guid TEXT NOT NULL,                       -- its guid or id, else its link
    link TEXT NOT NULL DEFAULT '',
    article_id TEXT,                          -- the article it gave; NULL: refused, tried again next poll
    outcome TEXT NOT NULL DEFAULT '',         -- stored, already stored or refused
    seen TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (feed, guid)
);
CREATE INDEX IF NOT EXISTS feed_entries_guid ON feed_entries(guid);
"""

TYPE_RANK = {"leader": 3, "person": 1}
ASSERTIONS = ("asserted", "negated", "hypothetical", "denied")   # what the text says of a piece of evidence
COLUMNS_ADDED = (  # (table, column, definition) added since the first schema; _migrate adds what is missing
    ("entities", "office_date", "TEXT NOT NULL DEFAULT ''"),
    ("relations", "assertion", "TEXT NOT NULL DEFAULT 'asserted'"),
    ("articles", "extractor_version", "INTEGER NOT NULL DEFAULT 0"),
)


# Spellings of one name that share a key (norm: "the Ukraine", "Ukraine") keep one row; which one must not
# depend on the order articles came in: the entity's name, else a spelling without "the", else the first
# in sort order.
def _spelling(alias: str, entity: str) -> str:
    return (f"(CASE WHEN {alias} = (SELECT name FROM entities WHERE id = {entity}) THEN 0 "
            f"WHEN {alias} LIKE 'the %' THEN 2 ELSE 1 END)")


ALIAS_UPSERT = ("INSERT INTO aliases(entity_id,alias,norm) VALUES(?,?,?) ON CONFLICT(entity_id, norm) DO UPDATE SET "
                f"alias = excluded.alias WHERE ({_spelling('excluded.alias', 'excluded.entity_id')}, excluded.alias) < "
                f"({_spelling('aliases.alias', 'aliases.entity_id')}, aliases.alias)")


@lru_cache(maxsize=1 << 16)   # a writer keys the same few thousand names again and again
def norm(text: str) -> str:
    """The key aliases are matched on: accents folded, lower case, single spaces, no leading 'the'."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    text = re.sub(r"[’`]", "'", text.lower())
    text = re.sub(r"\s+", " ", text).strip(" .,;:")
    return re.sub(r"^the ", "", text)


def assertion_of(relation: dict) -> str:
    """What the text says of one piece of evidence; evidence without the key is asserted."""
    value = relation.get("assertion") or "asserted"
    if value not in ASSERTIONS:
        raise ValueError(f"unknown assertion {value!r}: one of {', '.join(ASSERTIONS)}")
    return value


class StoreError(Exception):
    """The database file cannot be opened or is not an Entente store."""


class Store:
    """A connection to one graph database file."""

    def __init__(self, path: str | os.PathLike = DEFAULT_DB, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (build it first: "
                             f"`.venv/bin/python -m extractors ingest FOLDER --db {self.path}`)")
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.conn = sqlite3.connect(uri, uri=readonly, check_same_thread=False, timeout=30)
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                self._retry_locked(self._prepare_file)
            else:
                self.conn.execute("SELECT 1 FROM articles LIMIT 1")
                if self._missing_columns() or aggregate.missing(self.conn):   # an earlier version's file:
                    # upgrade it once, then read it
                    self.conn.close()
                    self._upgrade_file()
                    self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
                    self.conn.row_factory = sqlite3.Row
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not an Entente database ({exc})") from exc

    def _prepare_file(self) -> None:
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)
        self._migrate()
        aggregate.ensure(self.conn)   # the per-edge and per-entity totals views read (built once)

    @staticmethod
    def _retry_locked(step, seconds: float = 30.0) -> None:
        """Run a setup step, waiting while another process holds the file: two processes opening a new
        file at once both read, then both want to write, and SQLite answers one of them 'locked' at
        once rather than wait (its busy timeout does not cover that upgrade)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return step()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _missing_columns(self) -> list[tuple[str, str, str]]:
        missing = []
        for table, column, definition in COLUMNS_ADDED:
            cols = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            if cols and column not in cols:
                missing.append((table, column, definition))
        return missing

    def _migrate(self) -> None:
        """Bring a database written by an earlier version up to this schema (columns with defaults)."""
        for table, column, definition in self._missing_columns():
            with self.conn:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    def _upgrade_file(self) -> None:
        try:
            Store(self.path).close()
        except (StoreError, sqlite3.DatabaseError) as exc:
            raise StoreError(f"{self.path}: written by an earlier version of Entente and cannot be upgraded "
                             f"here ({exc}); open it once with write access") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- reads used while writing -------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def entities_by_alias(self, alias: str, types=("leader", "person")) -> list[str]:
        """Ids of entities of the given types that carry this alias (used to join later mentions)."""
        marks = ",".join("?" * len(types))
        rows = self.conn.execute(
            f"SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id=a.entity_id "
            f"WHERE a.norm=? AND e.type IN ({marks})", (norm(alias), *types))
        return [r[0] for r in rows]

    # ---- writes -------------------------------------------------------------------------------
    def add_article(self, article: dict, graph: dict) -> bool:
        """Store one article with its entities, mentions and relations in one transaction.

        `article["extractor_version"]` records which extractor read it (0 when not given).
        Returns False (and writes nothing) when the article is already stored.
        """
        with self.conn:
            if self.has_article(article["id"]):
                return False
            self.conn.execute(
                "INSERT INTO articles(id,title,url,published,source,path,text,words,topics,meta,extractor_version) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                (article["id"], article.get("title", ""), article.get("url", ""), article.get("published"),
                 article.get("source", ""), article.get("path", ""), article["text"],
                 len(article["text"].split()), " | ".join(graph.get("topics", [])),
                 json.dumps(article.get("meta", {}), ensure_ascii=False, default=str),
                 int(article.get("extractor_version") or 0)))
            self._write_graph(article["id"], article.get("published"), graph)
            aggregate.apply(self.conn, article["id"], article.get("published"))
        return True

    def replace_article(self, article_id: str, graph: dict, version: int) -> bool:
        """Replace what was read from a stored article (its mentions, relations and topics) by a new
        reading, in one transaction: a crash leaves the old reading or the new one, never half.

        Entities are merged as at ingest; those left with nothing pointing at them are removed by
        `remove_orphans`. Returns False when the article is not stored.
        """
        with self.conn:
            row = self.conn.execute("SELECT published FROM articles WHERE id=?", (article_id,)).fetchone()
            if row is None:
                return False
            before = aggregate.contribution(self.conn, article_id)
            self.conn.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
            self.conn.execute("DELETE FROM relations WHERE article_id=?", (article_id,))
            self.conn.execute("UPDATE articles SET topics=?, extractor_version=? WHERE id=?",
                              (" | ".join(graph.get("topics", [])), int(version), article_id))
            self._write_graph(article_id, row["published"], graph)
            aggregate.apply(self.conn, article_id, row["published"], before)
        return True

    def _write_graph(self, article_id: str, published: str | None, graph: dict) -> None:
        for ent in graph["entities"]:
            self._upsert_entity(ent, published or "")
        self._write_offices(article_id, published, graph)
        self.conn.executemany(
            "INSERT OR IGNORE INTO mentions(entity_id,article_id,text,start,end,sentence) VALUES(?,?,?,?,?,?)",
            [(m["entity"], article_id, m["text"], m["start"], m["end"], m["sentence"]) for m in graph["mentions"]])
        self.conn.executemany(
            "INSERT OR IGNORE INTO relations(source,target,relation,article_id,sentence,start,end,published,topics,"
            "assertion) VALUES(?,?,?,?,?,?,?,?,?,?)",
            [(r["source"], r["target"], r["relation"], article_id, r["sentence"], r["start"], r["end"], published,
              " | ".join(r.get("topics", [])), assertion_of(r)) for r in graph["relations"]])

    def _write_offices(self, article_id: str, published: str | None, graph: dict) -> None:
        """What this article says of people's offices ("Prime Minister" of GBR, or "Former President"),
        replacing what an earlier reading of it said, and the dated `offices` rows those touch."""
        led = {r["source"]: r["target"] for r in graph["relations"]
               if r["relation"] == "leader_of" and assertion_of(r) == "asserted"}
        rows = set()
        for ent in graph["entities"]:
            office = (ent.get("office") or "").strip()
            if not office or ent.get("type") not in ("leader", "person"):
                continue
            former = office.lower().startswith("former ")
            name = office[len("former "):].strip() if former else office
            rows.add((ent["id"], name, ent.get("country", ""), int(former), "" if former else led.get(ent["id"], "")))
        keys = {tuple(r) for r in self.conn.execute(
            "SELECT entity_id, office, country, former FROM article_offices WHERE article_id=?", (article_id,))}
        self.conn.execute("DELETE FROM article_offices WHERE article_id=?", (article_id,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO article_offices(article_id,entity_id,office,country,former,state,published) "
            "VALUES(?,?,?,?,?,?,?)", [(article_id, *r, published) for r in rows])
        for key in keys | {r[:4] for r in rows}:
            self._sum_office(key)

    def _sum_office(self, key: tuple) -> None:
        """The dated `offices` row of (entity, office, country, former) summed again from what articles say."""
        self.conn.execute("DELETE FROM offices WHERE entity_id=? AND office=? AND country=? AND former=?", key)
        self.conn.execute(
            "INSERT INTO offices(entity_id,office,country,former,state,first_seen,last_seen,articles) "
            "SELECT entity_id, office, country, former, "
            "(SELECT state FROM article_offices b WHERE b.entity_id=a.entity_id AND b.office=a.office AND "
            " b.country=a.country AND b.former=a.former ORDER BY b.published IS NULL, b.published DESC LIMIT 1), "
            "MIN(published), MAX(published), COUNT(DISTINCT article_id) FROM article_offices a "
            "WHERE entity_id=? AND office=? AND country=? AND former=? GROUP BY entity_id", key)

    def remove_orphans(self) -> int:
        """Delete entities (and their aliases) that no mention and no relation points at; returns how many.

        Re-extraction leaves such entities behind when a new reading no longer finds them."""
        orphans = ("SELECT id FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions) "
                   "AND id NOT IN (SELECT source FROM relations) AND id NOT IN (SELECT target FROM relations)")
        with self.conn:
            self.conn.execute(f"DELETE FROM aliases WHERE entity_id IN ({orphans})")
            removed = self.conn.execute(f"DELETE FROM entities WHERE id IN ({orphans})").rowcount
            if removed:
                aggregate.bump(self.conn)
            return removed

    def data_version(self) -> int:
        """A number that changes with every committed write (articles added or read again, entities
        removed), and only then: what readers key their caches on."""
        return aggregate.version(self.conn)

    def refresh_aggregates(self) -> None:
        """Sum the per-edge and per-entity totals again from the stored rows: for a writer that added rows
        with its own SQL instead of `add_article`."""
        with self.conn:
            aggregate.rebuild(self.conn)

    def correct_date(self, article_id: str, date: str | None) -> bool:
        """Give an article the date a person read in it (None: undated), in one transaction with everything
        dated by it: its evidence rows, the offices it gives, the totals of its edges (first and last seen)
        and of its entities. Its meta keeps the mark `date_corrected` (the date read at ingest, and when it
        was corrected). False when the article is not stored; ValueError for a date that is no YYYY-MM-DD."""
        import datetime as dt
        date = dt.date.fromisoformat(str(date)).isoformat() if date else None
        with self.conn:
            row = self.conn.execute("SELECT published, meta FROM articles WHERE id=?", (article_id,)).fetchone()
            if row is None:
                return False
            try:
                meta = json.loads(row["meta"] or "{}")
            except ValueError:
                meta = {}
            meta = meta if isinstance(meta, dict) else {}
            read = (meta.get("date_corrected") or {}).get("read", row["published"])
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            meta["date_corrected"] = {"read": read, "at": now}
            before = aggregate.contribution(self.conn, article_id)
            self.conn.execute("UPDATE articles SET published=?, meta=? WHERE id=?",
                              (date, json.dumps(meta, ensure_ascii=False, default=str), article_id))
            self.conn.execute("UPDATE relations SET published=? WHERE article_id=?", (date, article_id))
            self.conn.execute("UPDATE article_offices SET published=? WHERE article_id=?", (date, article_id))
            for key in self.conn.execute("SELECT entity_id, office, country, former FROM article_offices "
                                         "WHERE article_id=?", (article_id,)).fetchall():
                self._sum_office(tuple(key))
            aggregate.apply(self.conn, article_id, date, before)   # its edges summed again from their rows
            for entity in before[1]:   # its entities' first and last seen, which the old date may have bounded
                first, last = self.conn.execute(
                    "SELECT MIN(NULLIF(a.published, '')), MAX(NULLIF(a.published, '')) FROM mentions m "
                    "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?", (entity,)).fetchone()
                self.conn.execute("UPDATE entity_stats SET first_seen=?, last_seen=? WHERE entity_id=?",
                                  (first or "", last or "", entity))
        return True

    def stale_articles(self, version: int | None) -> list[str]:
        """Ids of the articles read by an extractor older than `version` (all when None), oldest reading
        first, then in the order they were stored."""
        sql = "SELECT id FROM articles" + (" WHERE extractor_version < ?" if version is not None else "")
        return [r[0] for r in self.conn.execute(sql + " ORDER BY extractor_version, rowid",
                                                () if version is None else (int(version),))]

    def counts_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def _upsert_entity(self, ent: dict, date: str = "") -> None:
        """Insert an entity or merge what this article says of it: a leader outranks a person, and the
        office (with its state) of the most recent article wins."""
        office, country = ent.get("office", ""), ent.get("country", "")
        row = self.conn.execute("SELECT type,country,office,office_date FROM entities WHERE id=?",
                                (ent["id"],)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO entities(id,name,type,country,office,office_date) VALUES(?,?,?,?,?,?)",
                              (ent["id"], ent["name"], ent["type"], country, office, date if office else ""))
        else:
            new_type = ent["type"] if TYPE_RANK.get(ent["type"], 0) > TYPE_RANK.get(row["type"], 0) else row["type"]
            newer = bool(office) and (not row["office"] or (date and date >= row["office_date"]))
            self.conn.execute(
                "UPDATE entities SET type=?, country=?, office=?, office_date=? WHERE id=?",
                (new_type, country if (newer and country) or not row["country"] else row["country"],
                 office if newer else row["office"], date if newer else row["office_date"], ent["id"]))
        self.conn.executemany(ALIAS_UPSERT, [(ent["id"], a, norm(a)) for a in {ent["name"], *ent.get("aliases", ())}
                                             if norm(a)])

    # ---- summary ------------------------------------------------------------------------------
    def counts(self) -> dict:
        c = self.conn
        return {
            "articles": c.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "words": c.execute("SELECT COALESCE(SUM(words),0) FROM articles").fetchone()[0],
            "entities": dict(c.execute("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY 2 DESC").fetchall()),
            "mentions": c.execute("SELECT COALESCE(SUM(mentions),0) FROM entity_stats").fetchone()[0],
            "relations": dict(c.execute(   # edges made by asserted evidence, as the default view shows them
                "SELECT relation, COUNT(*) FROM edges WHERE weight > 0 GROUP BY relation ORDER BY 2 DESC").fetchall()),
            "evidence": c.execute("SELECT COALESCE(SUM(weight),0) FROM edges").fetchone()[0],
            "not_asserted": dict(c.execute(   # evidence kept but not asserted: negated, hypothetical, denied
                "SELECT assertion, COUNT(*) FROM relations WHERE assertion!='asserted' "
                "GROUP BY assertion ORDER BY 2 DESC").fetchall()),
        }
