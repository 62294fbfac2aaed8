"""Feeds: RSS 0.9x, 1.0 and 2.0 and Atom read by feedparser into entries (guid, absolute link, title,
date, full text when the feed carries it).

A feed's own full text (`content:encoded`, Atom `content`, or a description long enough to be the
article rather than a teaser) is kept, to be stored when the entry's page cannot be fetched.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
FULL_TEXT_WORDS = 150   # a description at least this long is the article, not a teaser
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
                         re.S | re.I)


class NotAFeed(Exception):
    """The document is not a feed, or too malformed to read; the message says which."""


@dataclass
class Entry:
    guid: str             # the entry's id (guid), else its link: what it is known by
    link: str             # absolute
    title: str = ""
    published: str | None = None    # ISO date
    content: str = ""     # full text as HTML, when the feed carries it
    author: str = ""


@dataclass
class Feed:
    url: str              # where it was read from (after redirects)
    title: str = ""
    version: str = ""     # rss20, atom10, ...
    entries: list[Entry] = field(default_factory=list)
    problem: str = ""     # what was wrong with a feed still read (a malformed one feedparser recovered)


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """A feed by its declared type or, for a page served as something else, by its first element."""
    if content_type in FEED_TYPES:
        return True
    return bool(_FEED_START.match(body[:4096]))


def parse(body: bytes, url: str, content_type: str = "") -> Feed:
    """Entries of a feed document; relative links are made absolute against `url` (or the feed's
    xml:base). NotAFeed when it is none."""
    import feedparser
    if content_type in ("text/html", "application/xhtml+xml") and not looks_like_feed(content_type, body):
        raise NotAFeed("not a feed (an HTML page)")
    parsed = feedparser.parse(body, response_headers={"content-location": url,
                                                      "content-type": content_type or "application/xml"})
    problem = _problem(parsed.get("bozo_exception")) if parsed.get("bozo") else ""
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed(f"not a feed ({problem})" if problem else "not a feed (no RSS or Atom in it)")
    feed = Feed(url=url, title=_clean(parsed.feed.get("title", "")), version=parsed.get("version", ""),
                problem=problem)
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        link = urljoin(url, link) if link else ""
        guid = (item.get("id") or "").strip() or link
        if not guid:
            continue    # neither id nor link: nothing to know it by, nor to fetch
        feed.entries.append(Entry(guid=guid, link=link, title=_clean(item.get("title", "")),
                                  published=_date(item.get("published_parsed") or item.get("updated_parsed")),
                                  content=full_text(item), author=_clean(item.get("author", ""))))
    return feed


def full_text(item) -> str:
    """The entry's full text as HTML: its longest content, else a description long enough to be it."""
    contents = [c.get("value", "") for c in item.get("content") or [] if c.get("value")]
    if contents:
        return max(contents, key=len)
    summary = item.get("summary") or ""
    return summary if len(re.sub(r"<[^>]*>", " ", summary).split()) >= FULL_TEXT_WORDS else ""


def _date(parsed) -> str | None:
    """feedparser's parsed date (UTC) as ISO, or None."""
    try:
        return dt.date(*parsed[:3]).isoformat() if parsed else None
    except (TypeError, ValueError):
        return None


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _problem(exc) -> str:
    text = " ".join(str(exc or "malformed").split())
    return text if len(text) <= 200 else text[:200] + "…"
