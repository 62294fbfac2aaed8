"""The polite HTTP client every web fetch goes through (feeds, their pages, robots.txt).

Why one client: a feed follower runs unattended against other people's servers, and the dashboard lets
any user name a URL the server then fetches. So every request here names Entente in its User-Agent,
has timeouts, retries with back-off, waits its turn per host, follows at most a few redirects (each
target checked again), stops reading past a size cap, fetches only http(s), and refuses private,
loopback and link-local addresses unless allowed (`--allow-private`, or ENTENTE_ALLOW_PRIVATE=1). The
address is checked before connecting and again on the connected socket, so a name that resolves to a
public address for the check and a private one for the connection (DNS rebinding) is still refused.
Page fetches (`robots=True`) respect the site's robots.txt and its Crawl-delay.

The numbers are settings read when a Fetcher is made (environment variables, README "Following feeds").
"""
from __future__ import annotations

import ipaddress
import os
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from .version import EXTRACTOR_VERSION

AGENT = "Entente"    # the token robots.txt rules are matched on
SETTINGS = {         # name: (default, what it is); each read from the environment when a Fetcher is made
    "ENTENTE_FETCH_TIMEOUT": (20.0, "seconds to connect, and to wait for each piece of an answer"),
    "ENTENTE_FETCH_RETRIES": (2, "tries after the first on a timeout, a lost connection, 429 or 5xx"),
    "ENTENTE_FETCH_BACKOFF": (2.0, "seconds before the first retry, doubled each time (or the server's "
                                   "Retry-After, up to a minute)"),
    "ENTENTE_HOST_DELAY": (1.0, "seconds between two requests to one host (more if robots.txt asks)"),
    "ENTENTE_MAX_FETCH_BYTES": (10 * 2**20, "bytes of one download (after decompression); stopped beyond"),
}
MAX_REDIRECTS = 5
MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0
MAX_RETRY_AFTER = 60.0
RETRY_STATUS = {429, 500, 502, 503, 504}
REDIRECT_STATUS = {301, 302, 303, 307, 308}
DOWNLOAD_TIMES = 5   # a whole download may take this many timeouts (a server that trickles bytes)


def setting(name: str) -> float:
    """The variable's value if it is a number >= 0, else the default."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return float(SETTINGS[name][0])
    return value if value >= 0 else float(SETTINGS[name][0])


def allow_private_setting() -> bool:
    """ENTENTE_ALLOW_PRIVATE=1 (or true, yes) lets every fetch reach private addresses."""
    return os.environ.get("ENTENTE_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes", "on")


def user_agent() -> str:
    """'Entente/2 (+…)': who is asking, and where to read about it; ENTENTE_CONTACT adds an address."""
    contact = os.environ.get("ENTENTE_CONTACT", "").strip()
    return (f"{AGENT}/{EXTRACTOR_VERSION} (knowledge-graph explorer for international-relations news; "
            f"feed follower, see README 'Following feeds'{'; ' + contact if contact else ''})")


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason, `status` the HTTP status if any."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.status = status


@dataclass
class Response:
    url: str                      # after redirects
    status: int                   # 200, or 304 for a conditional request that found nothing new
    headers: dict = field(default_factory=dict)   # case-insensitive (requests' own)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.headers.get("Content-Type") or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


# ---- addresses -------------------------------------------------------------------------------------
def is_public(address: str) -> bool:
    """True for a global unicast address; private, loopback, link-local, multicast, reserved are not."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _private_reason(host: str, address: str) -> str:
    return (f"{host} is a private, loopback or link-local address ({address}): not fetched "
            f"(allowed by --allow-private or ENTENTE_ALLOW_PRIVATE=1)")


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse (FetchError) a URL that is not http(s), has no host, or names a non-public address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise FetchError("no host in the URL")
    if parts.username or parts.password:
        raise FetchError("a URL with a user name or password is not fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or (443 if parts.scheme.lower() == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {parts.hostname} ({exc})") from None
    for info in infos:
        if not is_public(info[4][0]):
            raise FetchError(_private_reason(parts.hostname, info[4][0]))


class PrivateAddress(NewConnectionError):
    """The socket connected to a non-public address (the name resolved differently after the check)."""


def _guarded(base):
    class Guarded(base):
        def _new_conn(self):
            sock = super()._new_conn()
            address = sock.getpeername()[0]
            if not is_public(address):
                sock.close()
                raise PrivateAddress(self, _private_reason(self.host, address))
            return sock
    Guarded.__name__ = f"Guarded{base.__name__}"
    return Guarded


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _guarded(HTTPConnection)


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _guarded(HTTPSConnection)


class _GuardedAdapter(HTTPAdapter):
    """Connections that check the address they reached (direct connections; a proxy's is its own)."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


# ---- the client ------------------------------------------------------------------------------------
class Fetcher:
    """One polite client: a session, the time of each host's last request, and each site's robots.txt."""

    def __init__(self, allow_private: bool | None = None, *, timeout: float | None = None,
                 retries: int | None = None, backoff: float | None = None, host_delay: float | None = None,
                 max_bytes: int | None = None, sleep=time.sleep, clock=time.monotonic):
        self.allow_private = allow_private_setting() if allow_private is None else allow_private
        self.timeout = timeout if timeout is not None else setting("ENTENTE_FETCH_TIMEOUT") or 20.0
        self.retries = int(retries if retries is not None else setting("ENTENTE_FETCH_RETRIES"))
        self.backoff = backoff if backoff is not None else setting("ENTENTE_FETCH_BACKOFF")
        self.host_delay = host_delay if host_delay is not None else setting("ENTENTE_HOST_DELAY")
        self.max_bytes = int(max_bytes if max_bytes is not None else setting("ENTENTE_MAX_FETCH_BYTES")) or 1
        self.sleep, self.clock = sleep, clock
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        if not self.allow_private:
            for prefix in ("http://", "https://"):
                self.session.mount(prefix, _GuardedAdapter())
        self._last: dict[str, float] = {}        # host -> when its last request started
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def get(self, url: str, headers: dict | None = None, robots: bool = False, max_bytes: int | None = None,
            accept: str | None = None) -> Response:
        """The body of `url` after at most MAX_REDIRECTS redirects, or a 304 Response for a conditional
        request (`headers` If-None-Match / If-Modified-Since). Raises FetchError with the reason: a refused
        URL or address, robots.txt (when `robots`), a timeout, an HTTP error, a body over the cap."""
        headers = dict(headers or {})
        if accept:
            headers["Accept"] = accept
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, self.allow_private)
            if robots and not self.allowed(url):
                raise FetchError("disallowed by the site's robots.txt: not fetched")
            answer = self._request(url, headers)
            location = answer.headers.get("Location")
            if answer.status_code in REDIRECT_STATUS and location:
                answer.close()
                url = urljoin(url, location.strip())
                continue
            if answer.status_code == 304:
                answer.close()
                return Response(answer.url, 304, answer.headers)
            if answer.status_code >= 400 or answer.status_code < 200:
                answer.close()
                tries = f" (after {answer.tries} tries)" if answer.tries > 1 else ""
                raise FetchError(f"HTTP {answer.status_code} {answer.reason or ''}".strip() + tries, answer.status_code)
            return Response(answer.url, answer.status_code, answer.headers, self._read(answer, max_bytes))
        raise FetchError(f"more than {MAX_REDIRECTS} redirects: not followed")

    def _request(self, url: str, headers: dict) -> requests.Response:
        host = (urlsplit(url).hostname or "").lower()
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            wait = self.backoff * 2 ** attempt
            try:
                answer = self.session.get(url, headers=headers, timeout=(self.timeout, self.timeout), stream=True,
                                          allow_redirects=False)
            except requests.exceptions.Timeout:
                problem = f"no answer within {self.timeout:g} s"
            except requests.exceptions.SSLError as exc:
                raise FetchError(f"TLS error ({_short(exc)})") from None
            except requests.exceptions.ConnectionError as exc:
                reason = getattr(exc.args[0], "reason", None) if exc.args else None
                if isinstance(reason, PrivateAddress):
                    raise FetchError(str(reason).split(": ", 1)[-1]) from None
                problem = f"cannot connect ({_short(exc)})"
            except requests.exceptions.RequestException as exc:
                raise FetchError(f"request failed ({_short(exc)})") from None
            else:
                if answer.status_code not in RETRY_STATUS or attempt == self.retries:
                    answer.tries = attempt + 1
                    return answer
                answer.close()
                problem = f"HTTP {answer.status_code}"
                wait = max(wait, _retry_after(answer.headers.get("Retry-After")))
            if attempt == self.retries:
                raise FetchError(problem + (f" (after {attempt + 1} tries)" if attempt else ""))
            self.sleep(min(wait, MAX_RETRY_AFTER))
        raise AssertionError("unreachable")

    def _wait_turn(self, host: str) -> None:
        """Wait until this host's last request is `host_delay` (or its robots.txt Crawl-delay) ago."""
        delay = max(self.host_delay, self._crawl_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None and delay > 0:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _read(self, answer: requests.Response, max_bytes: int | None = None) -> bytes:
        """The body, streamed: stopped as soon as it passes the cap or takes too long."""
        cap = max_bytes or self.max_bytes
        try:
            length = int(answer.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        too_big = f"larger than the limit of {_size(cap)} (ENTENTE_MAX_FETCH_BYTES): not read"
        if length > cap and not answer.headers.get("Content-Encoding"):
            answer.close()
            raise FetchError(too_big)
        deadline = self.clock() + DOWNLOAD_TIMES * self.timeout
        parts, total = [], 0
        try:
            for chunk in answer.iter_content(65536):
                total += len(chunk)
                if total > cap:
                    raise FetchError(too_big)
                if self.clock() > deadline:
                    raise FetchError(f"download took longer than {DOWNLOAD_TIMES * self.timeout:g} s: stopped")
                parts.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"download failed ({_short(exc)})") from None
        finally:
            answer.close()
        return b"".join(parts)

    # ---- robots.txt --------------------------------------------------------------------------------
    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets Entente fetch `url` (read once per site, RFC 9309: a missing
        file allows all; 401/403, a server error or no answer allow nothing)."""
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._robots.get(site)
        if rules is None:
            rules = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                text = self.get(site + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES).body
                rules.parse(text.decode("utf-8", "replace").splitlines())
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403):
                    rules.allow_all = True
                else:
                    rules.disallow_all = True
            delay = rules.crawl_delay(AGENT)
            if delay:
                try:
                    self._crawl_delay[(parts.hostname or "").lower()] = min(float(delay), MAX_CRAWL_DELAY)
                except ValueError:
                    pass
            self._robots[site] = rules
        return rules.can_fetch(AGENT, url)


def _retry_after(value: str | None) -> float:
    try:
        return max(float(value), 0.0) if value else 0.0
    except ValueError:
        return 0.0   # an HTTP date: the back-off is used instead


def _short(exc: Exception) -> str:
    text = str(getattr(exc.args[0], "reason", None) or exc) if exc.args else type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n / 2**10:g} KB" if n >= 1024 else f"{n} bytes"
