"""Readers: files and folders in, Article objects out, one at a time, in bounded memory.

Every problem is a ReadError naming the file (and line or record) and the reason, and the caller goes
on with the next record or file: a bad input never stops the others. What is read is capped before it
is held (extractors/limits.py): a whole-file format (.txt, .md, .html) is read up to its limit and
refused beyond it; JSON, JSON Lines and CSV are streamed record by record, each record capped; gzip is
decompressed as it streams and refused once it grows past a compression bomb's ratio. Only regular
files are opened (a FIFO or a device would block or never end), and symbolic link loops are reported.
"""
from __future__ import annotations

import codecs
import csv
import errno
import gzip
import io
import json
import os
import re
import stat
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from . import limits
from .articles import Article, make_article

PLAIN = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")
SUFFIXES = PLAIN + tuple(p + ".gz" for p in PLAIN)   # gzip-compressed files are read as they stream
TEXT_KEYS = ("text", "body", "content", "article", "maintext")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "published_at", "publish_date", "pubdate", "date_publish")
KNOWN = set(TEXT_KEYS) | set(TITLE_KEYS) | set(DATE_KEYS) | {"url", "link", "source", "id"}
CHUNK = 1 << 16


@dataclass
class ReadError:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class Refused(Exception):
    """A file (or the rest of it) cannot be read; the message is the reason."""


# ---- names -----------------------------------------------------------------------------------------
_UNSHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def shown(path) -> str:
    """A path as it may be printed and stored: undecodable bytes and control or bidi characters escaped
    (a file name can hold a newline, an escape sequence or a right-to-left override)."""
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNSHOWN.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


# ---- which files -----------------------------------------------------------------------------------
def iter_files(paths, skipped: list | None = None) -> Iterator[Path | ReadError]:
    """Files to read under the given paths, recursively and in a stable order.

    Folders reached twice through symbolic links (a loop) are reported once and not read again. Files
    of other types inside folders are passed over (counted in `skipped` when given)."""
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except OSError as exc:
            yield ReadError(shown(path), _why(exc, path))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, {(info.st_dev, info.st_ino)}, skipped)
        elif not stat.S_ISREG(info.st_mode):
            yield ReadError(shown(path), _not_regular(info.st_mode))
        elif path.name.lower().endswith(SUFFIXES):
            yield path
        else:
            yield ReadError(shown(path), f"unsupported file type {shown(path.suffix or '(none)')!r}; "
                                         f"expected one of {', '.join(PLAIN)} (or the same with .gz)")


def _walk(folder: Path, seen: set, skipped: list | None) -> Iterator[Path | ReadError]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield ReadError(shown(folder), _why(exc, folder))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()   # follows a symbolic link
        except OSError:
            is_dir = False
        if is_dir:
            try:
                info = path.stat()
            except OSError as exc:
                yield ReadError(shown(path), _why(exc, path))
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                yield ReadError(shown(path), "symbolic link loop: this folder is already being read")
                continue
            yield from _walk(path, seen | {key}, skipped)
        elif entry.name.lower().endswith(SUFFIXES):
            yield path
        elif skipped is not None:
            skipped.append(shown(path))


def _why(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if path.is_symlink() else "no such file or folder"
    return exc.strerror or str(exc)


def _not_regular(mode: int) -> str:
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    return f"not a regular file ({kind}): not read"


# ---- reading ---------------------------------------------------------------------------------------
def read_paths(paths, skipped: list | None = None) -> Iterator[Article | ReadError]:
    for item in iter_files(paths, skipped):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield from read_file(item)
        except Refused as exc:
            yield ReadError(shown(item), str(exc))
        except UnicodeDecodeError as exc:
            yield ReadError(shown(item), f"not UTF-8 text ({exc.reason})")
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield ReadError(shown(item), f"truncated or corrupt compressed file ({exc or 'unexpected end'})")
        except OSError as exc:
            yield ReadError(shown(item), _why(exc, item))
        except RecursionError:
            yield ReadError(shown(item), "nested too deeply to read")
        except MemoryError:
            yield ReadError(shown(item), "too large to read in memory")
        except Exception as exc:  # noqa: BLE001  (a reader's bug must not stop the other files)
            yield ReadError(shown(item), f"could not be read ({type(exc).__name__}: {exc})")


def read_file(path: Path) -> Iterator[Article | ReadError]:
    suffix = kind(path)
    reader = {".txt": read_text, ".md": read_text, ".html": read_html, ".htm": read_html, ".json": read_json,
              ".jsonl": read_jsonl, ".csv": read_csv}[suffix]
    for item in reader(path):
        if isinstance(item, Article) and not item.text.strip():
            item = ReadError(item.meta.pop("_where", shown(item.path)), "no text")
        elif isinstance(item, Article):
            item.where = item.meta.pop("_where", None) or item.path
        yield item


def kind(path: Path) -> str:
    """The format's suffix, looking through a .gz ending."""
    name = path.name.lower().removesuffix(".gz")
    return "." + name.rsplit(".", 1)[-1]


class _Trickle:
    """A file read at most 16 KiB at a time, so what gzip has consumed of it is known to 16 KiB."""

    def __init__(self, raw):
        self.raw = raw

    def read(self, n: int = -1) -> bytes:
        return self.raw.read(16384 if n is None or n < 0 else min(n, 16384))

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Inflated(io.RawIOBase):
    """A gzip stream that refuses to grow past the compression-bomb ratio of what it has read."""

    def __init__(self, raw):
        self.raw = raw
        self.gz = gzip.GzipFile(fileobj=_Trickle(raw), mode="rb")
        self.out = 0
        self.ratio = limits.max_gzip_ratio()

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.gz.read(len(b))
        n = len(data)
        b[:n] = data
        self.out += n
        if self.out > limits.GZIP_RATIO_AFTER and self.out > self.ratio * max(self.raw.tell(), 1):
            raise Refused(f"decompresses to more than {self.ratio:g} times its size (a compression bomb?): "
                          f"not read further")
        return n

    def close(self) -> None:
        self.gz.close()
        self.raw.close()
        super().close()


def open_binary(path: Path):
    """The file's bytes, decompressed when it ends in .gz; refused unless it is a regular file (opened
    without blocking, so a FIFO that appeared after the listing cannot hang the run)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Refused(_not_regular(mode))
        raw = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    if path.name.lower().endswith(".gz"):
        return io.BufferedReader(_Inflated(raw), CHUNK)
    return raw


def _encoding(stream) -> str:
    """The text encoding a byte-order mark announces (skipping a UTF-8 one), else UTF-8."""
    head = stream.peek(4)[:4]
    if head.startswith(codecs.BOM_UTF8):
        stream.read(3)
        return "utf-8"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def _decode(data: bytes, encoding: str, where: str = "") -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(f"not {encoding.upper()} text ({exc.reason} at byte {exc.start:,}{where or f', line {line:,}'}); "
                      f"save it as UTF-8") from None


def read_all(path: Path, cap: int, too_long: str) -> str:
    """The whole file as text, universal newlines; refused with `too_long` when longer than `cap`
    characters (read no further than needed to know: a compression bomb stops there)."""
    with open_binary(path) as fh:
        stream = fh if hasattr(fh, "peek") else io.BufferedReader(fh)
        encoding = _encoding(stream)
        data = stream.read(4 * cap + 4)
        if len(data) > 4 * cap:
            raise Refused(too_long)
    text = _decode(data, encoding)
    del data
    if len(text) > cap:
        raise Refused(too_long)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_long(what: str, cap: int, variable: str) -> str:
    return f"{what} longer than the limit of {limits.chars(cap)} ({variable}): not read"


def iter_lines(path: Path, cap: int, blank: bool = True) -> Iterator[tuple[int, str | None, str, int]]:
    """(line number, text with its line break, problem, quotes) for each line, never more than `cap`
    characters held. A longer line comes as (n, None, reason, quotes) and is not kept; a line that is
    not valid text comes decoded with replacement characters and a reason. `quotes` counts '"'.
    Blank lines are left out unless `blank` (a CSV field may hold them)."""
    too_long = (f"a line longer than the limit of {limits.chars(cap)} (a record holds at most an article of "
                f"ENTENTE_MAX_ARTICLE_CHARS, escaped): not read")
    with open_binary(path) as fh:
        stream = fh if hasattr(fh, "peek") else io.BufferedReader(fh)
        encoding = _encoding(stream)
        if encoding == "utf-8":
            read, newline, limit = stream.read, b"\n", 4 * cap
        else:
            wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
            read, newline, limit = wrapper.read, "\n", cap
        quote = b'"' if newline == b"\n" else '"'
        empty = newline[:0]
        lineno, pending, size, over, over_quotes = 0, [], 0, False, 0
        while True:
            chunk = read(1 << 20)
            if chunk and newline not in chunk:   # the middle of a line: kept until it is too long
                if over:
                    over_quotes += chunk.count(quote)
                else:
                    pending.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        over, over_quotes = True, sum(p.count(quote) for p in pending)
                        pending, size = [], 0
                continue
            parts = empty.join(pending + [chunk]).split(newline) if chunk else [empty.join(pending)]
            last = parts.pop() if chunk else empty
            pending, size = ([last], len(last)) if last else ([], 0)
            if over:                             # the end of an overlong line
                lineno += 1
                yield lineno, None, too_long, over_quotes + parts[0].count(quote)
                over, parts = False, parts[1:]
            for part in parts:
                lineno += 1
                if len(part) <= 1 and (not part or part in (b"\r", "\r")):
                    if blank:
                        yield lineno, "\n", "", 0
                    continue
                if len(part) > limit:
                    yield lineno, None, too_long, part.count(quote)
                    continue
                if isinstance(part, bytes):
                    try:
                        text, problem = part.decode("utf-8"), ""
                    except UnicodeDecodeError as exc:
                        text = part.decode("utf-8", "replace")
                        problem = f"not UTF-8 text ({exc.reason} at byte {exc.start:,} of the line); save it as UTF-8"
                else:
                    text, problem = part, ""
                if len(text) > cap:
                    yield lineno, None, too_long, part.count(quote)
                    continue
                yield lineno, text + "\n", problem, part.count(quote)
            if size > limit:
                over, over_quotes, pending, size = True, last.count(quote), [], 0
            if not chunk:
                if over:
                    lineno += 1
                    yield lineno, None, too_long, over_quotes
                return


# ---- text and Markdown -----------------------------------------------------------------------------
_FRONT_KEY = re.compile(r"^\s*([A-Za-z_][\w -]{0,40}):(.*)$")


def _front_matter(text: str) -> tuple[dict, str, str]:
    """`---` / key: value / `---` at the top of a text or Markdown file: (fields, body, warning).

    An opening `---` never closed gives the `key: value` lines that follow it, up to the first other
    line, and a warning; the rest is the body."""
    if not text.lstrip(" \t").startswith("---"):
        return {}, text, ""
    lines = text.split("\n", 200)
    if lines[0].strip() != "---":
        return {}, text, ""
    meta = {}
    for i, line in enumerate(lines[1:200], 1):
        if line.strip() == "---":
            return meta, "\n".join(lines[i + 1:]), ""
        m = _FRONT_KEY.match(line)
        if not m:
            return meta, "\n".join(lines[i:]), "front matter opened by '---' is never closed: read up to line " \
                                                 f"{i + 1}"
        meta[m.group(1).strip().lower()] = m.group(2).strip().strip('"\'')
    return meta, "", "front matter opened by '---' is never closed"


def read_text(path: Path):
    raw = read_all(path, limits.max_article_chars() + 65_536,   # room for a front matter
                   _too_long("an article", limits.max_article_chars(), "ENTENTE_MAX_ARTICLE_CHARS"))
    meta, body, problem = _front_matter(raw)
    if not body.replace("\x00", "").strip():
        yield ReadError(shown(path), "no text" + (" (only front matter)" if meta else ""))
        return
    yield _from_record({**meta, "text": body}, shown(path), shown(path), title_from_body=not meta.get("title"),
                       warnings=[problem] if problem else [])


# ---- HTML ------------------------------------------------------------------------------------------
TOO_DEEP = 200   # lxml stops building a tree about here, and the main text found by trafilatura is lost


class _PageText(HTMLParser):
    """The plain text of a page (no script, style or template), its title, and how deep its tags nest."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
            "wbr", "keygen", "command", "basefont", "frame", "isindex"}
    HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
    AUTO_CLOSE = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody", "thead"}
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
             "pre", "table", "ul", "ol", "header", "footer", "main", "dd", "dt", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.depth = 0
        self.hidden = 0
        self.parts: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "title":
            self.in_title = True
        if tag in self.VOID:
            return
        if tag in self.AUTO_CLOSE and tag in self.stack[-3:]:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
        self.stack.append(tag)
        self.depth = max(self.depth, len(self.stack))
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")
        top = self.stack[-64:]
        if tag in top:
            cut = len(self.stack) - 1 - top[::-1].index(tag)
            self.hidden -= sum(1 for t in self.stack[cut:] if t in self.HIDDEN)
            del self.stack[cut:]

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n\n".join(line for line in lines if line)


def read_html(path: Path):
    raw = read_all(path, limits.max_html_chars(), _too_long("a page", limits.max_html_chars(), "ENTENTE_MAX_HTML_CHARS"))
    parts = html_parts(raw)
    if isinstance(parts, str):
        yield ReadError(shown(path), parts)
        return
    yield make_article(parts.pop("title"), parts.pop("body"), path=shown(path), **parts)


def html_parts(raw: str, url: str | None = None) -> dict | str:
    """A page's main text and metadata, as `make_article` takes them ({"title", "body", ...}), or why there
    is none (a str). Shared by HTML files and fetched pages (`url` helps trafilatura read the metadata)."""
    page = _parsed(raw)
    if page.depth > TOO_DEEP:
        text = page.text()
        if not text.strip():
            return "no article text found in the HTML"
        return {"title": " ".join(page.title), "body": text, "warnings": [
            f"tags nested {page.depth:,} deep: the page's plain text is kept, not its main text alone"]}
    import trafilatura
    try:
        doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as exc:  # noqa: BLE001  (lxml and trafilatura fail in many ways on hostile pages)
        text = page.text()
        if not text.strip():
            return f"no article text found in the HTML ({type(exc).__name__})"
        return {"title": " ".join(page.title), "body": text,
                "warnings": [f"the page could not be parsed for its main text ({type(exc).__name__}): "
                             f"its plain text is kept"]}
    if doc is None or not (doc.text or "").strip():
        return "no article text found in the HTML"
    return {"title": doc.title or "", "body": doc.text, "url": doc.url or "", "published": doc.date,
            "source": doc.sitename or "",
            "meta": {k: v for k, v in {"author": doc.author, "description": doc.description}.items() if v}}


def html_text(raw: str) -> str:
    """The plain text of an HTML fragment (a feed's full text), paragraphs apart, no script or style."""
    return _parsed(raw).text()


def _parsed(raw: str) -> _PageText:
    page = _PageText()
    for i in range(0, len(raw), CHUNK):
        page.feed(raw[i:i + CHUNK])
    page.close()
    return page


# ---- JSON ------------------------------------------------------------------------------------------
class _JsonStream:
    """A JSON file read a value at a time: a list of records is never held whole."""

    def __init__(self, fh, encoding: str, cap: int):
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.fh, self.cap = fh, cap
        self.buf, self.pos, self.eof = "", 0, False
        self.bytes_read = 0
        self.line = 1          # line number of buf[0]
        self.json = json.JSONDecoder()

    def more(self, size: int = CHUNK) -> bool:
        if self.eof:
            return False
        if self.pos > CHUNK:   # forget what is read
            self.line += self.buf.count("\n", 0, self.pos)
            self.buf, self.pos = self.buf[self.pos:], 0
        data = self.fh.read(size)
        try:
            self.buf += self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise Refused(f"not UTF-8 text ({exc.reason} at byte {self.bytes_read + exc.start:,}): not read further; "
                          f"save it as UTF-8") from None
        self.bytes_read += len(data)
        self.eof = not data
        return True

    def peek(self) -> str | None:
        """The next character that is not white space (not consumed), or None at the end."""
        while True:
            m = _WS.match(self.buf, self.pos)
            self.pos = m.end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return None

    def where(self, pos: int) -> str:
        line = self.line + self.buf.count("\n", 0, pos)
        col = pos - (self.buf.rfind("\n", 0, pos) + 1) + 1
        return f"line {line:,}, column {col:,}"

    def value(self):
        """The next JSON value; Refused when it is invalid, nested too deeply or longer than the cap."""
        size = CHUNK
        while True:
            try:
                obj, end = self.json.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof or not isinstance(obj, int | float):
                    self.pos = end
                    return obj
            except json.JSONDecodeError as exc:
                if self.eof or len(self.buf) - self.pos > self.cap:
                    if not self.eof:
                        raise Refused(f"a record longer than {limits.chars(self.cap)} (the limit) at "
                                      f"{self.where(self.pos)}: the rest of the file is not read") from None
                    raise Refused(f"invalid JSON at {self.where(exc.pos)}: {exc.msg}") from None
            except RecursionError:
                raise Refused(f"nested too deeply at {self.where(self.pos)}: the rest of the file is not read") \
                    from None
            size = min(max(size, len(self.buf) - self.pos), 1 << 24)
            self.more(size)


_WS = re.compile(r"[ \t\n\r]*")


def read_json(path: Path):
    """An object, or a list of objects, streamed: each record is read and refused on its own."""
    with open_binary(path) as fh:
        stream = fh if hasattr(fh, "peek") else io.BufferedReader(fh)
        js = _JsonStream(stream, _encoding(stream), limits.max_record_chars())
        first = js.peek()
        if first is None:
            yield ReadError(shown(path), "no text (an empty file)")
            return
        if first != "[":
            value = js.value()
            if not isinstance(value, dict):
                yield ReadError(shown(path), f"not a JSON object or list of objects ({_type(value)})")
                return
            if js.peek() is not None:
                yield ReadError(shown(path), f"invalid JSON at {js.where(js.pos)}: extra data after the object")
                return
            yield _from_record(value, shown(path), shown(path))
            return
        js.pos += 1
        i = 0
        while True:
            c = js.peek()
            if c == "]":
                js.pos += 1
                break
            if c is None:
                yield ReadError(shown(path), "invalid JSON: the list is never closed (a truncated file?)")
                return
            if i and c == ",":
                js.pos += 1
                c = js.peek()
            elif i:
                yield ReadError(shown(path), f"invalid JSON at {js.where(js.pos)}: expected ',' or ']': "
                                             f"the rest of the file is not read")
                return
            i += 1
            where = f"{shown(path)}[{i}]"
            try:
                value = js.value()
            except Refused as exc:
                yield ReadError(where, str(exc))
                return
            yield _from_record(value, where, shown(path)) if isinstance(value, dict) else \
                ReadError(where, f"not a JSON object ({_type(value)})")
        if js.peek() is not None:
            yield ReadError(shown(path), f"invalid JSON at {js.where(js.pos)}: extra data after the list (not read)")


def _type(value) -> str:
    """'a list', 'an object', 'a number' ..."""
    name = {list: "list", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null",
            dict: "object"}.get(type(value), type(value).__name__)
    return ("an " if name[0] in "aeiou" else "a ") + name


def read_jsonl(path: Path):
    for lineno, line, problem, _q in iter_lines(path, limits.max_record_chars(), blank=False):
        where = f"{shown(path)}:{lineno}"
        if line is None or problem:
            yield ReadError(where, problem)
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield ReadError(where, "nested too deeply to read")
            continue
        yield _from_record(rec, where, shown(path)) if isinstance(rec, dict) else \
            ReadError(where, f"not a JSON object ({_type(rec)})")


# ---- CSV -------------------------------------------------------------------------------------------
class _TooLong(Exception):
    pass


class _Lines:
    """The lines of a CSV file as the csv module pulls them, with what the current record spans: its
    first line, its raw lines (up to the cap), its quotes, whether a line was bad, whether the end came."""

    def __init__(self, path: Path, cap: int, begin: int):
        self.it = iter_lines(path, cap)
        self.cap, self.begin = cap, begin
        self.eof = False
        self.start_record()

    def start_record(self) -> None:
        self.first, self.raw, self.size, self.quotes, self.problem, self.last = None, [], 0, 0, "", None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        for lineno, text, problem, quotes in self.it:
            if lineno < self.begin:
                continue
            self.first = self.first or lineno
            self.last = lineno
            self.quotes += quotes
            if text is None:
                self.problem = problem
                raise _TooLong(problem)
            self.problem = self.problem or problem
            self.size += len(text)
            if self.size > self.cap:
                raise _TooLong(f"a record longer than {limits.chars(self.cap)} (the limit): not read")
            self.raw.append(text.replace("\x00", ""))
            return self.raw[-1]
        self.eof = True
        raise StopIteration

    def skip_record(self) -> bool:
        """Read on to the end of a record too long to keep (its quotes balance); False at the end of the file."""
        self.raw = []
        while self.quotes % 2:
            for _lineno, _text, _problem, quotes in self.it:
                self.quotes += quotes
                break
            else:
                self.eof = True
                return False
        return True


def read_csv(path: Path):
    """A `text` column (and `title`, `url`, `date` or `published`, `source`), a record at a time.

    A record with an unterminated quote would swallow every row after it: it is refused, and the lines
    after its first are read again as records."""
    cap = limits.max_record_chars()
    csv.field_size_limit(cap + 1)
    fields, begin = None, 1
    for _restart in range(50):
        lines = _Lines(path, cap, begin)
        reader = csv.reader(lines)
        resume = None
        while resume is None:
            lines.start_record()
            try:
                row = next(reader)
            except StopIteration:
                break
            except _TooLong as exc:
                start = lines.first
                if not lines.skip_record():
                    yield ReadError(f"{shown(path)}:{start}", "unterminated quote: this record is not read; "
                                                              "the lines after it are read as records")
                    resume = start + 1
                    continue
                yield ReadError(f"{shown(path)}:{start}", str(exc))
                continue
            except csv.Error as exc:
                yield ReadError(f"{shown(path)}:{lines.first}", f"malformed CSV ({exc})")
                continue
            start = lines.first
            if lines.eof and len(lines.raw) > 1 and not _terminated("".join(lines.raw)):
                yield ReadError(f"{shown(path)}:{start}", "unterminated quote: this record is not read; "
                                                          "the lines after it are read as records")
                resume = start + 1
                continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if fields is None:
                fields = [f.replace("\x00", "").strip().lower() for f in row]
                if "text" not in fields:
                    yield ReadError(shown(path), f"no 'text' column (columns: {', '.join(fields) or 'none'})")
                    return
                continue
            if lines.problem:
                yield ReadError(f"{shown(path)}:{start}", lines.problem)
                continue
            rec = {k: v for k, v in zip(fields, row) if k}
            yield _from_record(rec, f"{shown(path)}:{start}", shown(path))
        if resume is None:
            if fields is None:
                yield ReadError(shown(path), "no text (no header row)")
            return
        begin = resume
    yield ReadError(shown(path), "more than 50 unterminated quotes: the rest of the file is not read")


def _terminated(record: str) -> bool:
    try:
        list(csv.reader(io.StringIO(record), strict=True))
    except csv.Error as exc:
        return "unexpected end of data" not in str(exc)
    return True


# ---- records ---------------------------------------------------------------------------------------
def _pick(rec: dict, keys):
    for k in keys:
        if rec.get(k) not in (None, ""):
            return rec[k]
    return ""


def _scalar(rec: dict, keys, name: str, warnings: list[str]) -> str:
    value = _pick(rec, keys)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        if value not in (None, ""):
            warnings.append(f"the '{name}' field is {_type(value)}, not text: left out")
        return ""
    return str(value)


def _depth(value, stop: int) -> int:
    """How deep a JSON value nests, counted without recursion up to `stop`."""
    depth, level = 0, [value]
    while level and depth < stop:
        depth += 1
        level = [v for x in level if isinstance(x, dict | list) for v in (x.values() if isinstance(x, dict) else x)]
    return depth if not level else stop + 1


def _from_record(rec: dict, where: str, path: str = "", title_from_body: bool = False,
                 warnings: list[str] | None = None) -> Article | ReadError:
    warnings = list(warnings or [])
    body = _pick(rec, TEXT_KEYS)
    if body in (None, ""):
        present = [k for k in TEXT_KEYS if k in rec]
        return ReadError(where, f"no text (the '{present[0]}' field is empty)" if present else
                         f"no text (no {', '.join(repr(k) for k in TEXT_KEYS[:3])} field)")
    if not isinstance(body, str):
        return ReadError(where, f"the 'text' field is {_type(body)}, not text")
    if not body.strip() or not body.replace("\x00", "").strip():
        return ReadError(where, "no text (the 'text' field is blank)")
    if len(body) > limits.max_article_chars():
        return ReadError(where, f"an article of {limits.chars(len(body))}: "
                                + _too_long("", limits.max_article_chars(), "ENTENTE_MAX_ARTICLE_CHARS").lstrip())
    title = "" if title_from_body else _scalar(rec, TITLE_KEYS, "title", warnings)
    meta = {}
    for k, v in rec.items():
        if k in KNOWN or v in (None, ""):
            continue
        if isinstance(v, dict | list) and _depth(v, limits.META_DEPTH) > limits.META_DEPTH:
            warnings.append(f"the '{shown(k)[:40]}' field nests more than {limits.META_DEPTH} deep: left out")
            continue
        if isinstance(v, str | dict | list) and len(v if isinstance(v, str) else json.dumps(v)) > limits.META_CHARS:
            warnings.append(f"the '{shown(k)[:40]}' field is longer than {limits.chars(limits.META_CHARS)}: left out")
            continue
        meta[shown(k)] = v
    if rec.get("id") not in (None, ""):
        meta["source_id"] = rec["id"]
    meta["_where"] = where
    date = _pick(rec, DATE_KEYS)
    return make_article(title, body, url=_scalar(rec, ("url", "link"), "url", warnings), published=date or None,
                        source=_scalar(rec, ("source",), "source", warnings), path=path or where, meta=meta,
                        warnings=warnings)
