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


def _word_topics(lemma: str, lower: str) -> tuple[str, ...]:
    words = _keywords()[0]
    return tuple(words.get(lemma.lower(), set()) | words.get(lower, set()))


def token_topics(doc) -> list[tuple[str, ...]]:
    """The keyword topics of each token of a Doc, read once from its lemma and lowercase arrays (no Token
    objects, each distinct word looked up once): `sentence_topics(span, these)` for every span of the Doc
    then counts without reading its tokens again."""
    from spacy.attrs import LEMMA, LOWER
    strings, seen = doc.vocab.strings, _SEEN
    out = []
    array = doc.to_array([LEMMA, LOWER])
    for pair in zip(array[:, 0].tolist(), array[:, 1].tolist()):
        topics = seen.get(pair)
        if topics is None:
            topics = seen[pair] = _word_topics(strings[pair[0]], strings[pair[1]])
        out.append(topics)
    if len(seen) > 200_000:     # a long ingest of many vocabularies: start again
        seen.clear()
    return out


_SEEN: dict[tuple[int, int], tuple[str, ...]] = {}   # (lemma, lowercase) hashes -> topics, across Docs


def sentence_topics(span, tokens: list[tuple[str, ...]] | None = None, text: str | None = None) -> Counter:
    """Topic counts of a span: a keyword (lemma or lowercase word) counts once per token, a phrase once if
    it occurs. When several spans of one Doc are counted: `tokens`, the Doc's `token_topics`, and `text`, the
    Doc's text (the span's is sliced from it, the same string `span.text` joins token by token)."""
    _words, phrases = _keywords()
    found = Counter()
    per_token = tokens[span.start:span.end] if tokens is not None else (
        _word_topics(tok.lemma_, tok.lower_) for tok in span)
    for topics in per_token:
        for t in topics:
            found[t] += 1
    low = (text[span.start_char:span.end_char] if text is not None else span.text).lower()
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
