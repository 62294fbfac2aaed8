"""Live sources: feeds and pages fetched from a local HTTP server started here (127.0.0.1 only), ingested
through the one ingest path, by a client that is polite and refuses what a server must not fetch.

The feeds and pages under tests/fixtures/feeds are written for these tests. Fetch settings are made
short for the tests (timeout, retries, no wait between requests) through their environment variables.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractors import fetch, web
from extractors.feeds import NotAFeed, parse
from extractors.fetch import Fetcher, FetchError
from graph import sources
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
SHARED = ROOT.parent / "shared" / "corpus"
TIMEOUT = 0.5
FAST = {"ENTENTE_FETCH_TIMEOUT": str(TIMEOUT), "ENTENTE_FETCH_RETRIES": "1", "ENTENTE_FETCH_BACKOFF": "0",
        "ENTENTE_HOST_DELAY": "0", "ENTENTE_MAX_FETCH_BYTES": str(1 << 20),
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}   # a proxy set for the machine


# ---- the local server ------------------------------------------------------------------------------
class Site:
    """What the server serves and what it was asked (path, headers), for the tests to read."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.etag = '"v1"'
        self.flaky = 0          # /feeds/flaky.xml answers 503 this many times first

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


def _handler(site: Site, base: callable):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status: int, body: bytes = b"", kind: str = "text/html; charset=utf-8", **headers):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            self.wfile.write(body)

        def feed(self, name: str, **headers):
            text = (FEEDS / name).read_text().replace("{base}", base())
            self.send(200, text.encode(), "application/rss+xml; charset=utf-8", **headers)

        def do_GET(self):  # noqa: C901  (one route a line)
            site.requests.append((self.path, dict(self.headers)))
            path = self.path
            if path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path.startswith("/feeds/") and (FEEDS / path[len("/feeds/"):]).is_file():
                self.feed(path[len("/feeds/"):])
            elif path.startswith(("/news/", "/private/")) and (FEEDS / "pages" / Path(path).name).is_file():
                self.send(200, (FEEDS / "pages" / Path(path).name).read_bytes())
            elif path == "/moved/atom.xml":
                self.send(301, Location="/feeds/atom.xml")
            elif path == "/moved/loop.xml":
                self.send(302, Location="/moved/loop.xml")
            elif path == "/moved/file":
                self.send(302, Location="file:///etc/passwd")
            elif path == "/broken.xml":
                self.send(500, b"internal error")
            elif path == "/slow.xml":
                time.sleep(TIMEOUT * 4)
                self.send(200, b"<rss version='2.0'><channel><title>late</title></channel></rss>", "text/xml")
            elif path == "/news/huge.html":     # no length given: the client must stop reading by itself
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(64):
                        self.wfile.write(b"<p>" + b"word " * 20000 + b"</p>\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
            elif path == "/etag.xml":
                if self.headers.get("If-None-Match") == site.etag:
                    self.send(304, ETag=site.etag)
                else:
                    self.feed("atom.xml", ETag=site.etag, Last_Modified="Thu, 05 Nov 2026 10:00:00 GMT")
            elif path == "/flaky.xml":
                if site.flaky > 0:
                    site.flaky -= 1
                    self.send(503, b"busy", Retry_After="0")
                else:
                    self.feed("atom.xml")
            elif path == "/news/report.pdf":
                self.send(200, b"%PDF-1.4 not a page", "application/pdf")
            elif path == "/news/empty.html":
                self.send(200, b"<html><head><title>Nothing</title></head><body></body></html>")
            else:
                self.send(404, b"not found")
    return Handler


@pytest.fixture(scope="module")
def server():
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, lambda: base))
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    site.base = base
    yield site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(server):
    server.requests.clear()
    server.etag = '"v1"'
    return server


@pytest.fixture
def fast(monkeypatch):
    for k, v in FAST.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("ENTENTE_ALLOW_PRIVATE", raising=False)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "graph.db"


def run_cli(args, capsys, nlp) -> tuple[int, str, str]:
    """`python -m extractors …` in this process (the spaCy pipeline is loaded once for the session)."""
    from extractors.cli import main
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def verdicts(out: str) -> dict[str, tuple[str, str]]:
    """where -> (outcome, reason or title) from `--verdicts text`."""
    rows = [line.split("\t") for line in out.splitlines() if line.count("\t") == 2]
    return {w: (o, r) for o, w, r in rows}


def articles(db) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    finally:
        conn.close()


# ---- ingest URL… --------------------------------------------------------------------------------------
def test_rss_entries_are_stored_with_the_feeds_title_date_link_and_name_and_a_gone_page_is_one_line(
        site, fast, db, capsys, nlp):
    code, out, err = run_cli(["ingest", f"{site.base}/feeds/rss.xml", "--db", str(db), "--allow-private",
                              "--processes", "1", "--quiet", "--verdicts", "text"], capsys, nlp)
    v = verdicts(out)
    assert v[f"{site.base}/news/fisheries.html"][0] == "stored"
    assert v[f"{site.base}/news/consulate.html"][0] == "stored"
    assert v[f"{site.base}/news/withdrawn.html"] == ("refused", "HTTP 404 Not Found; the feed has no full text")
    assert code == 1     # something was refused
    stored = articles(db)[f"{site.base}/news/fisheries.html"]
    assert stored["title"] == "Talks on the northern fisheries end with a joint statement"
    assert stored["published"] == "2026-11-02"
    assert stored["source"] == "Harbour Ministry Newsroom"
    assert "shared survey of fish stocks" in stored["text"]
    assert json.loads(stored["meta"])["guid"] == "harbour-1001"


def test_atom_feed_and_a_page_url_are_read_beside_files(site, fast, db, tmp_path, capsys, nlp):
    note = tmp_path / "note.txt"
    note.write_text("A local note\n\nThe delegation of Norland visited Estmark on Friday for talks on trade.\n")
    code, out, _ = run_cli(["ingest", str(note), f"{site.base}/feeds/atom.xml", f"{site.base}/news/monitors.html",
                            "--db", str(db), "--allow-private", "--processes", "1", "--quiet", "--verdicts", "text"],
                           capsys, nlp)
    assert code == 0, out
    stored = articles(db)
    assert stored[f"{site.base}/news/crossing.html"]["title"] == "Envoys agree to reopen the river crossing"
    assert stored[f"{site.base}/news/crossing.html"]["published"] == "2026-11-05"
    assert "fewer incidents each week" in stored[f"{site.base}/news/monitors.html"]["text"]
    assert len(stored) == 3


def test_relative_links_are_made_absolute_against_the_feed(site, fast, db, capsys, nlp):
    code, out, _ = run_cli(["ingest", f"{site.base}/feeds/relative.xml", "--db", str(db), "--allow-private",
                            "--processes", "1", "--quiet", "--verdicts", "text"], capsys, nlp)
    assert code == 0, out
    assert f"{site.base}/news/monitors.html" in articles(db)


def test_the_page_is_preferred_and_the_feeds_full_text_stands_in_when_robots_forbid_the_page(
        site, fast, db, capsys, nlp):
    code, out, err = run_cli(["ingest", f"{site.base}/feeds/full.xml", "--db", str(db), "--allow-private",
                              "--processes", "1", "--quiet", "--verdicts", "text"], capsys, nlp)
    assert code == 0, out + err
    stored = articles(db)
    grain = stored[f"{site.base}/news/grain.html"]["text"]
    assert "PAGE COPY" in grain and "FEED COPY" not in grain
    briefing = stored[f"{site.base}/private/briefing.html"]
    assert "briefed reporters" in briefing["text"] and "alert" not in briefing["text"]
    assert "/private/briefing.html" not in site.paths()        # robots.txt: never asked for
    assert "page not read (disallowed by the site's robots.txt: not fetched): the feed's full text is stored" in err


def test_one_story_from_the_feed_and_from_its_page_is_one_article_and_is_not_fetched_again(
        site, fast, db, capsys, nlp):
    run_cli(["ingest", f"{site.base}/feeds/full.xml", "--db", str(db), "--allow-private", "--processes", "1",
             "--quiet"], capsys, nlp)
    site.requests.clear()
    code, out, _ = run_cli(["ingest", f"{site.base}/news/grain.html", f"{site.base}/private/briefing.html",
                            "--db", str(db), "--allow-private", "--processes", "1", "--quiet", "--verdicts", "text"],
                           capsys, nlp)
    assert code == 0
    assert {o for o, _ in verdicts(out).values()} == {"already stored"}
    assert site.paths() == []          # known by link: nothing fetched
    assert len(articles(db)) == 2


def test_a_redirect_is_followed_within_limits_and_its_target_checked_again(site, fast):
    with Fetcher(allow_private=True) as f:
        assert f.get(f"{site.base}/moved/atom.xml").url == f"{site.base}/feeds/atom.xml"
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(f"{site.base}/moved/loop.xml")
        with pytest.raises(FetchError, match="only http and https URLs are fetched, not 'file'"):
            f.get(f"{site.base}/moved/file")


def test_a_slow_answer_times_out_an_oversized_page_is_cut_off_and_each_is_one_line(site, fast, db, capsys, nlp):
    code, out, _ = run_cli(["ingest", f"{site.base}/slow.xml", f"{site.base}/news/huge.html",
                            f"{site.base}/news/report.pdf", f"{site.base}/news/empty.html",
                            f"{site.base}/feeds/atom.xml", "--db", str(db), "--allow-private", "--processes", "1",
                            "--quiet", "--verdicts", "text"], capsys, nlp)
    v = verdicts(out)
    assert v[f"{site.base}/slow.xml"] == ("refused", f"no answer within {TIMEOUT:g} s (after 2 tries)")
    assert v[f"{site.base}/news/huge.html"] == ("refused", "larger than the limit of 1 MB (ENTENTE_MAX_FETCH_BYTES): "
                                                           "not read")
    assert v[f"{site.base}/news/report.pdf"] == ("refused", "not an HTML page (application/pdf)")
    assert v[f"{site.base}/news/empty.html"] == ("refused", "no article text found in the HTML")
    assert v[f"{site.base}/news/crossing.html"][0] == "stored"     # the others go on
    assert code == 1


def test_private_addresses_and_other_schemes_are_refused_unless_allowed(site, fast, db, capsys, nlp, monkeypatch):
    code, out, _ = run_cli(["ingest", f"{site.base}/feeds/atom.xml", "http://localhost:9/feed", "file:///etc/passwd",
                            "--db", str(db), "--processes", "1", "--quiet", "--verdicts", "text"], capsys, nlp)
    v = verdicts(out)
    assert v[f"{site.base}/feeds/atom.xml"][0] == "refused"
    assert "127.0.0.1 is a private, loopback or link-local address (127.0.0.1): not fetched" in \
        v[f"{site.base}/feeds/atom.xml"][1]
    assert "is a private, loopback or link-local address" in v["http://localhost:9/feed"][1]
    assert v["file:///etc/passwd"] == ("refused", "only http and https URLs are fetched, not 'file'")
    assert site.paths() == [] and code == 1
    monkeypatch.setenv("ENTENTE_ALLOW_PRIVATE", "1")     # the setting does what --allow-private does
    with Fetcher() as f:
        assert f.get(f"{site.base}/feeds/atom.xml").status == 200


def test_an_address_that_turns_private_after_the_check_is_refused_on_connecting(site, fast, monkeypatch):
    monkeypatch.setattr(fetch, "check_url", lambda url, allow_private=False: None)   # as if DNS said "public"
    with Fetcher(allow_private=False) as f, pytest.raises(FetchError, match="private, loopback or link-local"):
        f.get(f"{site.base}/feeds/atom.xml")
    assert site.paths() == []


def test_every_request_names_entente_and_waits_its_turn_per_host(site, fast):
    slept, now = [], [100.0]
    with Fetcher(allow_private=True, host_delay=5, sleep=slept.append, clock=lambda: now[0]) as f:
        f.get(f"{site.base}/feeds/atom.xml")
        now[0] += 1.5
        f.get(f"{site.base}/feeds/rss.xml")
    assert slept == [pytest.approx(3.5)]
    assert all(h["User-Agent"].startswith("Entente/") for _, h in site.requests)


def test_a_busy_server_is_asked_again_after_a_back_off(site, fast):
    site.flaky, slept = 1, []
    with Fetcher(allow_private=True, retries=2, backoff=0.25, sleep=slept.append) as f:
        assert f.get(f"{site.base}/flaky.xml").status == 200
    assert slept == [0.25] and site.paths() == ["/flaky.xml", "/flaky.xml"]


# ---- follow --------------------------------------------------------------------------------------------
def _poll(db, url, nlp, on_verdict=None):
    from extractors.follow import poll
    with Store(db) as store, Fetcher(allow_private=True) as f:
        sources.follow(store.conn, url)
        result = poll(store, url, f, nlp=nlp, on_verdict=on_verdict)
        return result, next(r for r in sources.feeds(store.conn) if r["url"] == url)


def test_a_followed_feed_is_asked_conditionally_and_an_unchanged_one_costs_one_request(site, fast, db, nlp):
    first, record = _poll(db, f"{site.base}/etag.xml", nlp)
    assert first.status == "ok: 1 entry, 1 added, 0 already stored, 0 refused"
    assert record["etag"] == '"v1"' and record["entries_seen"] == 1 and record["entries_added"] == 1
    assert record["title"] == "Coastal Affairs Bulletin" and record["last_fetched"]
    site.requests.clear()
    second, record = _poll(db, f"{site.base}/etag.xml", nlp)
    assert second.status == record["last_status"] == "not modified"
    assert site.paths() == ["/etag.xml"] and site.requests[0][1]["If-None-Match"] == '"v1"'
    assert site.requests[0][1]["If-Modified-Since"] == "Thu, 05 Nov 2026 10:00:00 GMT"
    site.etag, site.requests[:] = '"v2"', []     # changed: read again, its known entry not fetched
    third, record = _poll(db, f"{site.base}/etag.xml", nlp)
    assert third.counts["already stored"] == 1 and site.paths() == ["/etag.xml"]
    assert record["etag"] == '"v2"' and record["entries_added"] == 1


def test_a_feed_that_fails_is_recorded_with_its_reason(site, fast, db, nlp):
    seen = []
    result, record = _poll(db, f"{site.base}/broken.xml", nlp, seen.append)
    assert record["last_status"] == "failed: HTTP 500 Internal Server Error (after 2 tries)"
    assert [(v.where, v.outcome) for v in seen] == [(f"{site.base}/broken.xml", "refused")]
    result, record = _poll(db, f"{site.base}/news/consulate.html", nlp)
    assert record["last_status"] == "failed: not a feed (an HTML page)"


def test_stopped_half_way_a_poll_leaves_whole_articles_and_the_next_one_goes_on(site, fast, db, nlp):
    def stop_after_first(verdict):
        if verdict.outcome == "stored":
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        _poll(db, f"{site.base}/feeds/rss.xml", nlp, stop_after_first)
    with Store(db) as store:
        record = sources.feeds(store.conn)[0]
        assert record["last_fetched"] is None and record["etag"] == ""      # nothing of the poll recorded
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(articles(db)) == 1
    result, record = _poll(db, f"{site.base}/feeds/rss.xml", nlp)
    assert (result.counts["already stored"], result.counts["stored"], result.counts["refused"]) == (1, 1, 1)
    assert len(articles(db)) == 2 and record["entries_added"] == 2 and record["entries_seen"] == 3


def test_follow_once_as_a_command_polls_every_followed_feed_and_reports_each(site, db):
    env = dict(os.environ, **FAST, PYTHONPATH=str(ROOT))
    env.pop("ENTENTE_ALLOW_PRIVATE", None)
    proc = subprocess.run([sys.executable, "-m", "extractors", "follow", f"{site.base}/feeds/atom.xml",
                           f"{site.base}/broken.xml", "--once", "--db", str(db), "--allow-private", "--quiet"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert f"refused: {site.base}/broken.xml: HTTP 500 Internal Server Error (after 2 tries)" in proc.stderr
    assert f"feed: {site.base}/feeds/atom.xml: ok: 1 entry, 1 added" in proc.stderr
    assert "2 feeds polled: 1 read, 0 not modified, 1 failed; entries: 1 added" in proc.stdout
    with Store(db) as store:
        assert {f["url"]: f["entries_added"] for f in sources.feeds(store.conn)} == {
            f"{site.base}/feeds/atom.xml": 1, f"{site.base}/broken.xml": 0}


def test_follow_stops_cleanly_on_ctrl_c_between_polls(site, db):
    env = dict(os.environ, **FAST, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "extractors", "follow", f"{site.base}/etag.xml", "--every",
                             "1h", "--db", str(db), "--allow-private", "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()       # the first pass's summary
        assert "1 feed polled: 1 read" in line
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "stopped: every article stored so far is whole" in err
    assert "Traceback" not in err


# ---- parsing ---------------------------------------------------------------------------------------
def test_a_document_that_is_no_feed_is_told_apart():
    with pytest.raises(NotAFeed, match="not a feed"):
        parse(b"<html><body><p>Hello</p></body></html>", "http://example.org/")
    assert web.is_url("https://example.org/feed") and not web.is_url("data/articles")


def test_rss_0_9x_and_1_0_are_read_and_a_malformed_feed_that_can_be_read_says_so():
    rdf = parse(b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="http://example.org/"><title>Desk</title><link>http://example.org/</link></channel>
        <item rdf:about="http://example.org/a"><title>A</title><link>http://example.org/a</link>
        <dc:date>2026-10-01T08:00:00Z</dc:date></item></rdf:RDF>""", "http://example.org/rdf")
    assert (rdf.version, rdf.entries[0].link, rdf.entries[0].published) == ("rss10", "http://example.org/a",
                                                                           "2026-10-01")
    old = parse(b"""<rss version="0.91"><channel><title>Old</title><item><title>B</title>
        <link>http://example.org/b</link></item></channel></rss>""", "http://example.org/old")
    assert old.version.startswith("rss09") and old.entries[0].guid == "http://example.org/b"
    bad = parse(b"""<rss version="2.0"><channel><title>Bad & Co</title><item><title>C</title>
        <link>http://example.org/c</link></item></channel></rss>""", "http://example.org/bad")
    assert bad.problem.endswith("not well-formed (invalid token)") and bad.entries[0].title == "C"


def test_a_feed_never_expands_an_entity_bomb_nor_reads_a_local_file():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = parse(f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]><rss version="2.0"><channel>
        <title>&l9;</title><item><title>T</title><link>http://example.org/t</link></item></channel></rss>""".encode(),
                 "http://example.org/bomb")
    assert len(bomb.title) < 100 and bomb.entries[0].link == "http://example.org/t"
    secret = Path(__file__).resolve()       # any local file: its text must not come through
    xxe = parse(f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><rss version="2.0">
        <channel><title>&x;</title><item><title>T</title><link>http://example.org/t</link></item></channel>
        </rss>""".encode(), "http://example.org/xxe")
    assert "import" not in xxe.title


@pytest.mark.parametrize("corpus", ["state-dept", "white-house"])
def test_the_real_feeds_of_the_shared_corpora_are_read(corpus):
    path = SHARED / corpus / "data.rss"
    if not path.exists():
        pytest.skip(f"{path} is not here (a fresh clone)")
    from extractors.readers import html_text
    feed = parse(path.read_bytes(), "https://example.org/feed/", "application/rss+xml")
    assert feed.version == "rss20" and feed.title and len(feed.entries) >= 5
    texts = [html_text(entry.content) for entry in feed.entries]
    for entry, text in zip(feed.entries, texts):
        assert entry.link.startswith("https://") and entry.guid and entry.title and entry.published
        assert text.strip() and "jQuery" not in text      # full text, no script in it
    assert sum(len(text.split()) > 100 for text in texts) >= len(texts) / 2


def test_sources_follow_and_unfollow(db):
    with Store(db) as store:
        assert sources.follow(store.conn, " https://example.org/feed ")
        assert not sources.follow(store.conn, "https://example.org/feed")
        with pytest.raises(ValueError, match="not an http"):
            sources.follow(store.conn, "file:///etc/passwd")
        assert [f["url"] for f in sources.listing(db)] == ["https://example.org/feed"]
        assert sources.unfollow(store.conn, "https://example.org/feed")
        assert sources.feeds(store.conn) == []


# ---- dashboard ---------------------------------------------------------------------------------------
def _plain(text: str) -> str:
    import re
    return re.sub(r"\s+", " ", re.sub(r"\\(.)", r"\1", text.replace("\u2060", ""))).strip()


def test_the_sidebar_follows_a_feed_fetches_it_now_and_stops_following(site, fast, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("ENTENTE_DB", str(tmp_path / "graph.db"))
    monkeypatch.setenv("ENTENTE_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("ENTENTE_ALLOW_PRIVATE", "1")     # the server's setting: this test's feeds are local
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)

    def run():
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return [_plain(m.value) for m in at.markdown] + [_plain(c.value) for c in at.caption]

    assert any("No feed is followed yet" in t for t in run())
    at.text_input(key="src_url").input("file:///etc/passwd")
    at.button(key="src_follow").click()
    run()
    assert any("is not an http(s) URL" in _plain(e.value) for e in at.error)
    url = f"{site.base}/feeds/atom.xml"
    at.text_input(key="src_url").input(url)
    at.button(key="src_follow").click()
    texts = run()
    assert any(_plain(s.value) == f"Following {url}" for s in at.success)
    assert any(t == "not fetched yet · 0 entries seen, 0 added" for t in texts), texts
    at.button(key="src_fetch").click()
    texts = run()
    assert any("1 feed polled: 1 read, 0 not modified, 0 failed; entries: 1 added" in _plain(s.value)
               for s in at.success), [s.value for s in at.success]
    assert any(t.startswith("ok: 1 entry, 1 added") and t.endswith("1 entry seen, 1 added") for t in texts)
    assert any("Coastal Affairs Bulletin" in t for t in texts)
    assert len(articles(tmp_path / "graph.db")) == 1
    at.selectbox(key="src_pick").select(url)
    run()
    at.button(key="src_stop").click()
    texts = run()
    assert any("No feed is followed yet" in t for t in texts)
    assert len(articles(tmp_path / "graph.db")) == 1     # its articles stay
