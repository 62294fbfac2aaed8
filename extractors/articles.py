"""What an article is once read: text, title, date, source and metadata, with an id that is a hash of its
normalised text (so the same article read twice, from any format, is the same article).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from dateutil import parser as dateparser

from . import lexicons
from .datelines import dateline_date


@dataclass
class Article:
    text: str                      # what is processed: the title, a blank line, then the body
    title: str = ""
    url: str = ""
    published: str | None = None   # ISO date
    source: str = ""
    path: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return article_id(self.text)

    def record(self) -> dict:
        return {"id": self.id, "text": self.text, "title": self.title, "url": self.url,
                "published": self.published, "source": self.source, "path": self.path, "meta": self.meta}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).lower()


def article_id(text: str) -> str:
    """A stable id for an article: 16 hex digits of the SHA-1 of its normalised text."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]


def parse_date(value) -> str | None:
    """ISO date (YYYY-MM-DD) from the date forms found in feeds and files, or None."""
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%d")
    text = str(value).strip()
    try:
        parsed = dateparser.parse(text, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == 1900 and "1900" not in text:
        return None
    return parsed.strftime("%Y-%m-%d")


def make_article(title: str, body: str, **fields) -> Article:
    """Join title and body into the processed text (the title once, even when the body repeats it)."""
    title = " ".join((title or "").split())
    body = (body or "").strip("\n")
    if title and not body.lstrip().startswith(title):
        text = f"{title}\n\n{body}" if body.strip() else title
    else:
        text = body
    # the file's date, else the one the text gives itself in a dateline or publication line
    published = parse_date(fields.pop("published", None)) or dateline_date(body, title)
    return Article(text=text, title=title or first_line(text), published=published, **fields)


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return ""


def blank_furniture(text: str) -> str:
    """The text with page furniture, photo credits and repeated lines overwritten by spaces.

    The result has the same length as the input, so character offsets found in it point into the
    original text and evidence can be quoted from what the user supplied.
    """
    out, seen = [], set()
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        stripped = body.strip()
        key = normalise(stripped)
        if stripped and (any(p.fullmatch(stripped) for p in lexicons.furniture()) or (len(key) > 40 and key in seen)):
            out.append(" " * len(body) + ending)
            continue
        seen.add(key)
        body = _BULLET.sub(lambda m: m.group(1) + "  ", body)
        for pattern in lexicons.credits():
            body = pattern.sub(lambda m: " " * len(m.group(0)), body)
        out.append(body + ending)
    return "".join(out)


_BULLET = re.compile(r"^(\s*)[•·▪●◦‣*]\s")
