"""Aliases in context: a lexicon alias names its entity only where the text uses it as that name.

- A proper name is written as one: "labour productivity" is not the Labour Party.
- An alias is never one word of a longer name: "Liberal Democrats" is not the US Democratic Party and
  "Nikola Tesla Airport" is not Tesla, while "House Democrats" and "Labour leader" keep their entity
  (the words that may qualify an alias are data: extractors/lexicons/aliases.json).
- An alias that several entries share ("Security Council") names the one the rest of the article points
  to: another of its names in the text, else the state the article is most about, else the first listed.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from . import lexicons
from .countries import surface_forms

PLACE_WORDS = {"airport", "square", "street", "avenue", "bridge", "station", "palace", "university", "park",
               "stadium", "boulevard", "institute", "museum", "hospital", "school", "college", "prize", "award",
               "foundation", "cathedral", "hotel", "centre", "center", "arena", "tower", "building", "port"}
NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


@lru_cache(None)
def qualifiers() -> frozenset[str]:
    return frozenset(lexicons.load("aliases.json").get("qualifiers", []))


def written_as_name(span_text: str, row: dict) -> bool:
    """A capitalised alias matches capitalised text only; a lowercase one ("strategic partnership") any case."""
    low = span_text.lower()
    if any(f == f.lower() and f.lower() == low for f in (row["name"], *row.get("aliases", ()))):
        return True
    return span_text[:1].isupper() or span_text[:1].isdigit()


def stands_alone(doc: Doc, start: int, end: int, claimed: set[int], titles: set[str]) -> bool:
    """The alias doc[start:end] is not one word of a longer proper name. `claimed` holds tokens that other
    lexicon entries name (a state, a body: "Texas Democrats"); `titles` the office and modifier words."""
    if start > 0 and _joins_name(doc[start - 1], start, end, claimed, titles):
        return False
    if end < len(doc):
        nxt = doc[end]
        if nxt.is_alpha and nxt.text[:1].isupper() and not nxt.is_upper and not nxt.is_sent_start \
                and nxt.i not in claimed and nxt.lower_ not in titles and nxt.text not in surface_forms() \
                and (nxt.ent_iob_ == "I" and nxt.ent_type_ not in NOT_NAMES or nxt.lower_ in PLACE_WORDS):
            return False   # "Tesla Airport", "Patriot Act Committee": the name goes on
    return True


def _joins_name(prev, start: int, end: int, claimed: set[int], titles: set[str]) -> bool:
    """A capitalised proper noun right before the alias and attached to it ("Liberal Democrats",
    "Nikola Tesla Airport") that no other entry claims and that is no title or qualifier."""
    if not (prev.is_alpha and prev.text[:1].isupper() and not prev.is_upper and prev.pos_ in ("PROPN", "ADJ")):
        return False
    if prev.i in claimed or prev.text in surface_forms() or prev.lower_ in titles or prev.lower_ in qualifiers() \
            or prev.lower_ in STOP_WORDS:
        return False
    if prev.is_sent_start and prev.pos_ != "PROPN":
        return False
    last = prev.doc[end - 1]
    return start <= prev.head.i < end or prev.head.i >= end and prev.head.i == last.head.i


def choose(groups: dict[tuple[int, int], list[dict]], states: Counter) -> dict[tuple[int, int], dict]:
    """For each span the lexicon matched, its entry; where several entries share the span, the one named
    elsewhere in the article by a form of its own, else the one of the state the article is most about,
    else the first listed."""
    named = {rows[0]["name"] for rows in groups.values() if len({r["name"] for r in rows}) == 1}
    top_state = states.most_common(1)[0][0] if states else ""
    out = {}
    for span, rows in groups.items():
        def rank(item):
            order, row = item
            return row["name"] not in named, not (row.get("country") and row.get("country") == top_state), order
        out[span] = min(enumerate(rows), key=rank)[1]
    return out
