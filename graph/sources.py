"""Followed feeds and the entries seen in them: the store side of `python -m extractors follow` and of
the dashboard's Sources section (which holds no SQL).

An entry is known before any fetch by its guid (an entry row that gave an article) or by its link (an
article stored with that URL, from any feed or from `ingest URL`), so a poll fetches only new entries.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

FIELDS = ("url", "title", "added", "last_fetched", "last_status", "etag", "last_modified", "entries_seen",
          "entries_added")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_feed_url(url: str) -> str:
    """The URL stripped, or ValueError saying why it cannot be a feed's (only http(s) with a host)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ValueError(f"{url!r} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def feeds(conn: sqlite3.Connection) -> list[dict]:
    """Every followed feed, in the order they were followed."""
    try:
        rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM feeds ORDER BY added, url").fetchall()
    except sqlite3.OperationalError:   # a file from before feeds, opened read-only
        return []
    return [dict(zip(FIELDS, r)) for r in rows]


def listing(db: str | Path) -> list[dict]:
    """`feeds` of a database file, read-only; none when the file does not exist yet."""
    path = Path(db)
    if not path.exists():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return feeds(conn)
    finally:
        conn.close()


def follow(conn: sqlite3.Connection, url: str) -> bool:
    """Follow a feed; False when it already was. ValueError for a URL that is not http(s)."""
    url = check_feed_url(url)
    with conn:
        return conn.execute("INSERT OR IGNORE INTO feeds(url, added) VALUES(?, ?)", (url, now())).rowcount == 1


def unfollow(conn: sqlite3.Connection, url: str) -> bool:
    """Stop following a feed (its articles stay); False when it was not followed."""
    with conn:
        conn.execute("DELETE FROM feed_entries WHERE feed=?", (url,))
        return conn.execute("DELETE FROM feeds WHERE url=?", (url,)).rowcount == 1


def known(conn: sqlite3.Connection, guid: str, link: str) -> str | None:
    """The id of the article an entry already gave, found by its guid or its link; None when new."""
    row = conn.execute("SELECT article_id FROM feed_entries WHERE guid=? AND article_id IS NOT NULL LIMIT 1",
                       (guid,)).fetchone()
    if row is None:
        keys = [k for k in {guid, link} if k]
        if not keys:
            return None
        row = conn.execute(f"SELECT id FROM articles WHERE url IN ({', '.join('?' * len(keys))}) LIMIT 1",
                           keys).fetchone()
    return row[0] if row else None


def record_entry(conn: sqlite3.Connection, feed: str, guid: str, link: str, outcome: str,
                 article_id: str | None) -> None:
    """What became of one entry of a followed feed (stored, already stored, refused)."""
    with conn:
        conn.execute(
            "INSERT INTO feed_entries(feed, guid, link, article_id, outcome, seen) VALUES(?,?,?,?,?,?) "
            "ON CONFLICT(feed, guid) DO UPDATE SET link=excluded.link, "
            "outcome=CASE feed_entries.outcome WHEN 'stored' THEN 'stored' ELSE excluded.outcome END, "
            "article_id=COALESCE(excluded.article_id, feed_entries.article_id)",
            (feed, guid, link, article_id, outcome, now()))


def record_poll(conn: sqlite3.Connection, url: str, status: str, title: str | None = None,
                etag: str | None = None, last_modified: str | None = None) -> None:
    """One poll of a followed feed, in one transaction: when, what came of it, its title, the validators
    for the next conditional request (kept when None), and the entry counts."""
    with conn:
        conn.execute(
            "UPDATE feeds SET last_fetched=?, last_status=?, title=COALESCE(?, title), etag=COALESCE(?, etag), "
            "last_modified=COALESCE(?, last_modified), "
            "entries_seen=(SELECT COUNT(*) FROM feed_entries WHERE feed=feeds.url), "
            "entries_added=(SELECT COUNT(*) FROM feed_entries WHERE feed=feeds.url AND outcome='stored') "
            "WHERE url=?", (now(), status, title, etag, last_modified, url))
