"""Topics (defence, technology, economy, ...) for a sentence and for an article, from keyword lemmas in
lexicons/topics.json and from what the relation is about (a technology's own topic)."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from . import lexicons

RELATION_TOPICS = {"visited": "diplomacy", "met_with": "diplomacy", "signed": "diplomacy", "party_to": "diplomacy",
                   "supplies": "defence", "procures": "defence", "sanctions": "security", "conflict_with": "security"}


@lru_cache(None)
def _keywords() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    words, phrases = {}, {}
    for topic, items in lexicons.topics().items():
        for item in items:
            item = item.lower()
            (phrases if " " in item else words).setdefault(item, set()).add(topic)
    return words, phrases


@lru_cache(None)
def _tech_topics() -> dict[str, str]:
    from .mentions import slug
    return {f"tech:{slug(r['name'])}": r.get("topic", "technology") for r in lexicons.technologies()} | {
        f"agreement:{slug(r['name'])}": r.get("topic", "diplomacy") for r in lexicons.agreements()}


def sentence_topics(span) -> Counter:
    words, phrases = _keywords()
    found = Counter()
    for tok in span:
        for t in words.get(tok.lemma_.lower(), set()) | words.get(tok.lower_, set()):
            found[t] += 1
    low = span.text.lower()
    for p, ts in phrases.items():
        if p in low:
            for t in ts:
                found[t] += 1
    return found


def relation_topics(rel: dict, sent_topics: Counter) -> list[str]:
    out = set(sent_topics)
    for key in (rel["source"], rel["target"]):
        if key.startswith("tech:"):
            out.add(_tech_topics().get(key, "technology"))
        elif key in _tech_topics():
            out.add(_tech_topics()[key])
    if rel["relation"] in RELATION_TOPICS:
        out.add(RELATION_TOPICS[rel["relation"]])
    return sorted(out)


def article_topics(per_sentence: list[Counter], relation_lists: list[list[str]]) -> list[str]:
    total = Counter()
    for c in per_sentence:
        total.update(c)
    for ts in relation_lists:
        total.update(ts)
    return sorted(t for t, n in total.items() if n >= 2)
