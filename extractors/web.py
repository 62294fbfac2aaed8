"""The web as articles: a URL given to `ingest` (a page, or a feed whose entries are read) and the entries
of followed feeds become Articles for the one ingest path, or one refusal line each (URL: reason).

One story is one article, whichever way it comes. An entry is known by its guid or its link before any
fetch (graph/sources.py), and the article it gives is stored under its link: the page's main text
(trafilatura) when the page can be fetched, else the feed's own full text, with a warning saying why
the page was not read. So a story read from its feed and later given as a page URL, or found in two
feeds, is not fetched nor stored again; and the store's content hash catches the same text under
another link before any language work.
"""
from __future__ import annotations

from typing import Iterator

from graph import sources

from . import limits
from .articles import Article, make_article
from .feeds import Entry, Feed, NotAFeed, looks_like_feed, parse
from .fetch import Fetcher, FetchError, Response
from .ingest import Verdict
from .readers import ReadError, html_parts, html_text

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
ANY_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
              "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1")
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
MAX_ENTRIES = 500   # entries read from one feed document (feeds list the newest first)

Item = Article | ReadError | Verdict


def is_url(text: str) -> bool:
    """What `ingest` reads as an address rather than a path: a scheme and '://'."""
    head, sep, _ = text.partition("://")
    return bool(sep) and head[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in head)


def read_urls(urls, store, fetcher: Fetcher) -> Iterator[Item]:
    """For each URL given to `ingest`: its page's article, or its entries' when it is a feed. The kind is
    known only once fetched, so robots.txt is asked for every URL given."""
    for url in urls:
        if sources.known(store.conn, url, url):
            yield Verdict(url, "already stored")
            continue
        try:
            answer = fetcher.get(url, robots=True, accept=ANY_ACCEPT)
        except FetchError as exc:
            yield ReadError(url, str(exc))
            continue
        if looks_like_feed(answer.content_type, answer.body):
            try:
                feed = parse(answer.body, answer.url, answer.content_type)
            except NotAFeed as exc:
                yield ReadError(url, str(exc))
                continue
            yield from entries(feed, store, fetcher)
        else:
            yield page_article(answer, url)


def entries(feed: Feed, store, fetcher: Fetcher) -> Iterator[Item]:
    """Each entry's article, or `already stored` for one known by its guid or link (nothing fetched)."""
    for entry in feed.entries[:MAX_ENTRIES]:
        if sources.known(store.conn, entry.guid, entry.link):
            yield Verdict(where(entry), "already stored", title=entry.title)
        else:
            yield entry_article(entry, feed, fetcher)


def where(entry: Entry) -> str:
    return entry.link or entry.guid


def entry_article(entry: Entry, feed: Feed, fetcher: Fetcher) -> Article | ReadError:
    """The entry's page read for its main text, else the feed's full text, else why neither."""
    problem = "no link to its page"
    if entry.link:
        try:
            item = page_article(fetcher.get(entry.link, robots=True, accept=PAGE_ACCEPT), entry.link, entry, feed)
        except FetchError as exc:
            item = ReadError(entry.link, str(exc))
        if isinstance(item, Article):
            return item
        problem = item.reason
    text = html_text(entry.content) if entry.content else ""
    if not text.strip():
        return ReadError(where(entry), problem + ("" if entry.content else "; the feed has no full text"))
    article = make_article(entry.title, text, url=entry.link, published=entry.published, source=feed.title,
                           meta=_meta(entry, feed), warnings=[f"page not read ({problem}): the feed's full text "
                                                              f"is stored"])
    article.where = where(entry)
    return article


def page_article(answer: Response, url: str, entry: Entry | None = None, feed: Feed | None = None) -> Item:
    """A fetched page's article, stored under `url` (the entry's link or the URL given, whatever the
    redirects): its main text, with the feed's title, date and name before the page's own."""
    if answer.content_type not in HTML_TYPES:
        return ReadError(url, f"not an HTML page ({answer.content_type})")
    raw = decode(answer)
    if len(raw) > limits.max_html_chars():
        return ReadError(url, f"a page longer than {limits.chars(limits.max_html_chars())} "
                              f"(ENTENTE_MAX_HTML_CHARS): not read")
    parts = html_parts(raw, url=answer.url)
    if isinstance(parts, str):
        return ReadError(url, parts)
    title, body = parts.pop("title"), parts.pop("body")
    meta = parts.pop("meta", {})
    parts.pop("url", None)
    if entry is not None:
        title = entry.title or title
        parts["published"] = entry.published or parts.get("published")
        meta.update(_meta(entry, feed))
    if feed is not None and feed.title:
        parts["source"] = feed.title
    if answer.url != url:
        meta["fetched_from"] = answer.url
    article = make_article(title, body, url=url, meta=meta, **parts)
    if not article.text.strip():
        return ReadError(url, "no article text found in the HTML")
    article.where = url
    return article


def _meta(entry: Entry, feed: Feed | None) -> dict:
    meta = {"guid": entry.guid, "author": entry.author, "feed": feed.url if feed else ""}
    return {k: v for k, v in meta.items() if v}


def decode(answer: Response) -> str:
    """The page's text: in the charset its headers declare, else UTF-8, else the best guess."""
    body = answer.body
    if answer.charset:
        try:
            return body.decode(answer.charset, errors="replace")
        except LookupError:
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from trafilatura.utils import detect_encoding
    for guess in detect_encoding(body):
        try:
            return body.decode(guess)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")
