"""Following feeds: poll every feed the database follows, ingest the new entries, and keep a record of
each feed (graph/sources.py), once (`--once`, for cron and tests) or every so often.

A poll asks with the validators of the last one (If-None-Match / If-Modified-Since), so an unchanged
feed costs one short answer. New entries go through the one ingest path (extractors/ingest.py): writer
turns, content-hash dedupe, one transaction per article, a verdict each. The feed's record (status,
counts, validators) is written in one transaction after its entries, so a poll stopped half-way (Ctrl-C)
leaves every stored article whole and the next poll reads the feed again from the start, fetching only
what is not stored yet. Validators are kept only after a complete poll: an entry refused then (a page
gone, a timeout) is tried again when the feed next changes.
"""
from __future__ import annotations

import json
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from graph import sources

from . import web
from .articles import Article
from .feeds import NotAFeed, parse
from .fetch import Fetcher, FetchError
from .ingest import Verdict, ingest

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = 60.0   # seconds: no feed is polled more often than once a minute


def parse_every(text: str) -> float:
    """'15m', '1h', '90s', '2d' or a number of seconds; ValueError below a minute or unreadable."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not found:
        raise ValueError(f"{text!r} is not a duration (e.g. 15m, 1h, 900)")
    seconds = float(found.group(1)) * UNITS[found.group(2) or "s"]
    if seconds < MIN_EVERY:
        raise ValueError(f"{text!r} is less than a minute: polling more often would not be polite")
    return seconds


@dataclass
class Poll:
    """What one poll of one feed did."""
    url: str
    status: str = ""
    entries: int = 0
    counts: Counter = field(default_factory=Counter)    # verdicts of its entries

    @property
    def failed(self) -> bool:
        return self.status.startswith("failed")


def poll(store, url: str, fetcher: Fetcher, nlp=None, on_verdict=None, on_feed=None, progress=False) -> Poll:
    """Fetch one followed feed (conditionally) and ingest its new entries; record the poll."""
    row = next((f for f in sources.feeds(store.conn) if f["url"] == url), None) or {}
    headers = {}
    if row.get("etag"):
        headers["If-None-Match"] = row["etag"]
    if row.get("last_modified"):
        headers["If-Modified-Since"] = row["last_modified"]
    result = Poll(url)
    tell = on_feed or (lambda event: None)

    def failed(reason: str) -> Poll:
        result.status = f"failed: {reason}"
        sources.record_poll(store.conn, url, result.status)
        if on_verdict:
            on_verdict(Verdict(url, "refused", reason))
        tell({"feed": url, "status": result.status})
        return result

    try:
        answer = fetcher.get(url, headers=headers, accept=web.FEED_ACCEPT)
    except FetchError as exc:
        return failed(str(exc))
    if answer.status == 304:
        result.status = "not modified"
        sources.record_poll(store.conn, url, result.status)
        tell({"feed": url, "status": result.status})
        return result
    try:
        feed = parse(answer.body, answer.url, answer.content_type)
    except NotAFeed as exc:
        return failed(str(exc))
    result.entries = min(len(feed.entries), web.MAX_ENTRIES)
    tell({"feed": url, "title": feed.title, "entries": result.entries})
    by_where = {web.where(e): e for e in feed.entries[:web.MAX_ENTRIES]}
    ids: dict[str, str] = {}

    def items():
        for item in web.entries(feed, store, fetcher):
            if isinstance(item, Article):
                ids[item.where] = item.id
            yield item

    def verdict(v: Verdict) -> None:
        result.counts[v.outcome] += 1
        entry = by_where.get(v.where)
        if entry is not None:
            article_id = None if v.outcome == "refused" else (
                ids.get(v.where) or sources.known(store.conn, entry.guid, entry.link))
            sources.record_entry(store.conn, url, entry.guid, entry.link, v.outcome, article_id)
        if on_verdict:
            on_verdict(v)

    ingest([], store, progress=progress, nlp=nlp, processes=1, on_verdict=verdict, articles=items())
    c = result.counts
    n = result.entries
    result.status = (f"ok: {n} entr{'y' if n == 1 else 'ies'}, {c['stored']} added, {c['already stored']} already "
                     f"stored, {c['refused']} refused" + (f" (malformed feed: {feed.problem})" if feed.problem else ""))
    sources.record_poll(store.conn, url, result.status, title=feed.title or None,
                        etag=answer.headers.get("ETag") or "", last_modified=answer.headers.get("Last-Modified") or "")
    tell({"feed": url, "status": result.status})
    return result


def poll_all(store, fetcher: Fetcher | None = None, nlp=None, on_verdict=None, on_feed=None,
             progress=False) -> list[Poll]:
    """One pass over every followed feed; each feed's failure is its own and the others go on."""
    followed = [f["url"] for f in sources.feeds(store.conn)]
    if on_feed:
        on_feed({"feeds": len(followed)})
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        return [poll(store, url, fetcher, nlp, on_verdict, on_feed, progress) for url in followed]
    finally:
        if own:
            fetcher.close()


def follow(store, every: float | None, allow_private: bool | None = None, on_verdict=None, on_feed=None,
           on_pass=None, progress=False, sleep=time.sleep) -> list[Poll]:
    """Poll every followed feed now and then every `every` seconds (once when None); returns the last
    pass. Each pass has a fresh client, so robots.txt is read again."""
    while True:
        started = time.monotonic()
        with Fetcher(allow_private) as fetcher:
            polls = poll_all(store, fetcher, on_verdict=on_verdict, on_feed=on_feed, progress=progress)
        if on_pass:
            on_pass(polls)
        if every is None:
            return polls
        sleep(max(every - (time.monotonic() - started), 0.0))


def run(args, store, on_verdict, on_feed) -> int:
    """`python -m extractors follow`: add the FEEDs given, then poll every followed feed (once with
    `--once`); exit 1 when a feed or an entry was refused, 130 when interrupted, 2 on a bad argument."""
    try:
        every = None if args.once else parse_every(args.every)
        for url in args.feeds:
            sources.follow(store.conn, url)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not sources.feeds(store.conn):
        print("error: no feed is followed yet: give a feed's URL (python -m extractors follow URL)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _interrupt)   # `kill` (a service stopping) stops as cleanly as Ctrl-C
    last: list[Poll] = []

    def summary(polls: list[Poll]) -> None:
        last[:] = polls
        counts = Counter()
        for p in polls:
            counts.update(p.counts)
        states = Counter("failed" if p.failed else p.status.split(":")[0] for p in polls)
        line = (f"{len(polls)} feed{'s' if len(polls) != 1 else ''} polled: {states['ok']} read, "
                f"{states['not modified']} not modified, {states['failed']} failed; entries: {counts['stored']} added, "
                f"{counts['already stored']} already stored, {counts['refused']} refused")
        if args.verdicts == "json":
            print(json.dumps({"summary": line, "stored": counts["stored"], "already_stored": counts["already stored"],
                              "refused": counts["refused"], "failed_feeds": states["failed"]}), flush=True)
        else:
            print(f"{sources.now()} {line}", flush=True)

    try:
        follow(store, every, allow_private=args.allow_private or None, on_verdict=on_verdict, on_feed=on_feed,
               on_pass=summary, progress=not args.quiet and args.verdicts != "json")
    except KeyboardInterrupt:
        print("stopped: every article stored so far is whole; the next poll goes on from there", file=sys.stderr)
        return 130
    return 1 if any(p.failed or p.counts["refused"] for p in last) else 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
