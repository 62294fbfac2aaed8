"""The limits that keep one ingest bounded in memory and time, whatever it is given.

Each has a default and an environment variable, read when it is used (so a test, or a user with a
bigger machine, can set it for one run). The README's **Limits** section lists them.
"""
from __future__ import annotations

import os

DEFAULTS = {
    # an article (its title and body) longer than this is refused, never cut
    "ENTENTE_MAX_ARTICLE_CHARS": 3_000_000,
    # the language pipeline reads an article in pieces of at most this many characters, cut between paragraphs
    "ENTENTE_PIECE_CHARS": 30_000,
    # seconds one piece may take in the language pipeline before its article is refused
    "ENTENTE_PIECE_SECONDS": 60,
    # a compressed file whose content grows more than this many times over its compressed size is a bomb
    "ENTENTE_MAX_GZIP_RATIO": 100,
    # an HTML page longer than this (characters of markup) is refused
    "ENTENTE_MAX_HTML_CHARS": 12_000_000,
}

GZIP_RATIO_AFTER = 4 * 1024 * 1024   # the ratio is judged once this many bytes have come out of the file
JSON_ESCAPE = 6                      # a character may take 6 in JSON (\u00e9): a record's raw text cap
META_DEPTH = 16                      # metadata nested deeper than this is dropped (with a warning)
META_CHARS = 100_000                 # one metadata value longer than this (as JSON) is dropped


def limit(name: str) -> float:
    """The variable's value if it is a positive number, else the default."""
    try:
        number = float(os.environ.get(name, ""))
    except ValueError:
        return DEFAULTS[name]
    return number if number > 0 else DEFAULTS[name]


def max_article_chars() -> int:
    return int(limit("ENTENTE_MAX_ARTICLE_CHARS"))


def piece_chars() -> int:
    return max(1000, int(limit("ENTENTE_PIECE_CHARS")))


def piece_seconds() -> float:
    return float(limit("ENTENTE_PIECE_SECONDS"))


def max_gzip_ratio() -> float:
    return float(limit("ENTENTE_MAX_GZIP_RATIO"))


def max_html_chars() -> int:
    return int(limit("ENTENTE_MAX_HTML_CHARS"))


def max_record_chars() -> int:
    """The raw text of one JSON, JSON Lines or CSV record: room for an article at the limit, escaped."""
    return JSON_ESCAPE * max_article_chars() + 65_536


def chars(n: int) -> str:
    """'3,000,000 characters', '1 character'."""
    return f"{n:,} character{'s' if n != 1 else ''}"
