"""What an article is once read: text, title, date, source and metadata, with an id that is a hash of its
normalised text (so the same article read twice, from any format, is the same article).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

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
    warnings: list[str] = field(default_factory=list)   # what was read around (a date that is no date, ...)
    where: str = ""                # the file, and line or record, it was read from (for its verdict)
    _id: tuple = field(default=(None, ""), init=False, repr=False, compare=False)   # (text, its id), once

    @property
    def id(self) -> str:
        """article_id(text), worked out once per text (an ingest asks for it several times an article)."""
        text, known = self._id
        if text is not self.text:
            known = article_id(self.text)
            self._id = (self.text, known)
        return known

    def record(self) -> dict:
        return {"id": self.id, "text": self.text, "title": self.title, "url": self.url,
                "published": self.published, "source": self.source, "path": self.path, "meta": self.meta}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).lower()


def article_id(text: str) -> str:
    """A stable id for an article: 16 hex digits of the SHA-1 of its normalised text."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]


FIRST_YEAR = 1800     # a date before this, or after next year, is no article's date


def parse_date(value) -> str | None:
    """ISO date (YYYY-MM-DD) from the date forms found in feeds and files, or None."""
    return checked_date(value)[0]


def checked_date(value) -> tuple[str | None, str | None]:
    """(ISO date, None), or (None, why the value given is no date); (None, None) when none was given.

    Numbers are Unix times (seconds, or milliseconds above 1e11); a year outside 1800 .. next year is
    absurd for a news article, so it is no date rather than a wrong one."""
    if value in (None, ""):
        return None, None
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
    parsed = None
    if isinstance(value, dt.datetime | dt.date):
        parsed = value
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        return None, f"date {shown} is not a date"
    elif isinstance(value, int | float) or re.fullmatch(r"\s*-?\d{9,}(\.\d*)?\s*", value):
        try:
            number = float(value)
            parsed = dt.datetime.fromtimestamp(number / 1000 if abs(number) > 1e11 else number, dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None, f"date {shown} is not a date (out of range)"
    else:
        text = value.strip()
        if len(text) > 100:
            return None, f"date {shown} is not a date"
        try:
            parsed = dateparser.parse(text, default=dt.datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            return None, f"date {shown} is not a date"
        if parsed is None or (parsed.year == 1900 and "1900" not in text):
            return None, f"date {shown} is not a date"
    if not FIRST_YEAR <= parsed.year <= dt.date.today().year + 1:
        return None, f"date {shown} is not a plausible date (year {parsed.year})"
    return parsed.strftime("%Y-%m-%d"), None


# characters no article means: NUL stops SQLite's length() and substr(), the others are terminal controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def clean(text: str, warnings: list[str] | None = None, what: str = "text") -> str:
    """The text without NUL and other control characters (tab, line breaks and form feed stay)."""
    if not isinstance(text, str):
        text = str(text)
    cleaned, n = _CONTROL.subn("", text)
    if n and warnings is not None:
        nul = text.count("\x00")
        kind = "NUL" if nul == n else "control"
        warnings.append(f"{n:,} {kind} character{'s' if n != 1 else ''} removed from the {what}")
    return cleaned


def make_article(title: str, body: str, **fields) -> Article:
    """Join title and body into the processed text (the title once, even when the body repeats it).

    NUL and control characters are removed (with a warning in `warnings`); a date given that is no
    date is dropped with a warning, and the text's own dateline is used instead when it has one."""
    warnings = fields.pop("warnings", None) or []
    title = " ".join(clean(title or "", warnings, "title").split())
    body = clean(body or "", warnings).strip("\n")
    for key in ("url", "source", "path"):
        if key in fields:
            fields[key] = clean(fields[key] or "")
    if title and not body.lstrip().startswith(title):
        text = f"{title}\n\n{body}" if body.strip() else title
    else:
        text = body
    # the file's date, else the one the text gives itself in a dateline or publication line
    published, problem = checked_date(fields.pop("published", None))
    if problem:
        warnings.append(problem + "; stored without that date")
    if not published:   # a dateline opens the body, a publication line is near either end: no need to scan more
        published = dateline_date(body if len(body) < 20_000 else f"{body[:10_000]}\n{body[-5_000:]}", title)
        if published:   # the reader says where the date came from
            fields["meta"] = {**(fields.get("meta") or {}), "date_from": "dateline"}
    return Article(text=text, title=title or first_line(text), published=published, warnings=warnings, **fields)


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
        for pattern, needs in _credits_tested():
            if all(need(body) for need in needs):   # else the pattern cannot match (extractors/prefilter.py)
                body = pattern.sub(_blanked, body)
        out.append(body + ending)
    return "".join(out)


def _blanked(m: re.Match) -> str:
    """A credit pattern's match with spaces for its group named `blank` (when it has one: the text around it
    was only matched to recognise it), else for the whole of it."""
    if "blank" not in m.re.groupindex:
        return " " * len(m.group(0))
    a, b = m.span("blank")
    start = m.start()
    return m.group(0)[:a - start] + " " * (b - a) + m.group(0)[b - start:]


_BULLET = re.compile(r"^(\s*)[•·▪●◦‣*]\s")


@lru_cache(None)
def _credits_tested() -> list[tuple[re.Pattern, list]]:
    """Each photo-credit pattern, with the searches for what any match of it must contain."""
    from .prefilter import needs
    return [(p, needs(p)) for p in _credits()]


@lru_cache(None)
def _credits() -> list[re.Pattern]:
    """The photo-credit patterns, those opening with `\\s*` told not to start inside a run of white space.

    The same matches (a match starting inside a run is found from the run's start), but a line padded with
    thousands of spaces (PDF conversions) is read in linear time, not quadratic (minutes for one article)."""
    return [re.compile(r"(?<!\s)(?:" + p.pattern + ")", p.flags) if p.pattern.startswith(r"\s*") else p
            for p in lexicons.credits()]
