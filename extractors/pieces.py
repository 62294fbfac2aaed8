"""The language pipeline over articles of any length, in bounded memory and time.

spaCy's memory grows faster than an article (a 200,000-character Doc peaks near 700 MB, and takes
three times as long as ten 20,000-character ones), so a long article is read in pieces of at most
`ENTENTE_PIECE_CHARS`, cut between paragraphs. Each piece is a slice of the article's text: the
offsets of its mentions and evidence, shifted by the slice's start, point into the whole article,
and its sentences are the article's own. The pieces' graphs are joined into one (entities merged,
topics counted over all sentences), so a long article is stored like any other.

Each piece has a time budget (`ENTENTE_PIECE_SECONDS` for a full piece): an article whose reading runs
over it, or makes a component fail, is refused with that reason and the others go on. A refused
article's graph is `{"refused": reason}` with empty lists, so it travels like any graph (to and from
Dask workers) and the writer tells it apart.
"""
from __future__ import annotations

import ctypes
import threading
import time
from collections import Counter
from dataclasses import dataclass

from . import limits
from .articles import Article

BATCH = 32                # pieces read together by the pipeline (nlp.pipe's batch)
BATCH_PIECES = 2          # at most this many full pieces' worth of characters in one batch


@dataclass
class Piece:
    key: int              # which article of the chunk
    index: int            # which piece of it
    count: int            # how many pieces it has
    start: int            # where the piece starts in the article's text
    end: int
    article: Article

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]

    @property
    def size(self) -> int:
        return self.end - self.start


class Overtime(Exception):
    """The pipeline took longer than its time budget."""


def cut(text: str, size: int) -> list[tuple[int, int]]:
    """Spans of at most `size` characters covering the text, each ending after a blank line when one is
    in its second half, else after a line break, a sentence's end or a space (a hard cut if none)."""
    spans, start, n = [], 0, len(text)
    while n - start > size:
        end, low = start + size, start + size // 2
        for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
            at = text.rfind(sep, low, end - len(sep) + 1)
            if at >= 0:
                end = at + len(sep)
                break
        spans.append((start, end))
        start = end
    spans.append((start, n))
    return spans


def pieces(key: int, article: Article, size: int | None = None) -> list[Piece]:
    spans = cut(article.text, size or limits.piece_chars())
    return [Piece(key, i, len(spans), s, e, article) for i, (s, e) in enumerate(spans)]


def budget(chars: int) -> float:
    """Seconds the pipeline may take over this many characters: a full piece's budget per piece's worth."""
    return limits.piece_seconds() * max(1.0, chars / limits.piece_chars())


def batches(items: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped for nlp.pipe: at most BATCH of them and BATCH_PIECES full pieces' worth of text."""
    out, size, cap = [], 0, BATCH_PIECES * limits.piece_chars()
    for p in items:
        if out and (len(out[-1]) >= BATCH or size + p.size > cap):
            out.append([])
            size = 0
        if not out:
            out.append([])
        out[-1].append(p)
        size += p.size
    return out


class _Watchdog:
    """Raises Overtime in the thread that runs the pipeline once its time is up, wherever that thread
    is (the main thread, a Dask worker's or a Streamlit session's): an asynchronous exception, delivered
    at the next Python instruction the thread runs, and withdrawn if the work ends first."""

    def __init__(self, seconds: float):
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.active, self.fired = True, False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.active:
                self.fired = True
                _async_raise(self.thread, Overtime)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        with self.lock:
            self.active = False
            if self.fired:
                _async_raise(self.thread, None)   # not delivered yet: withdrawn
        return False


def _async_raise(thread: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


def run(nlp, docs: list, seconds: float) -> list:
    """The pipeline's components over a batch of Docs, one component at a time, within `seconds`."""
    deadline = time.monotonic() + seconds
    with _Watchdog(seconds):
        for _name, proc in nlp.pipeline:
            docs = list(proc.pipe(docs, batch_size=len(docs))) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            if time.monotonic() > deadline:
                raise Overtime
    return docs


def read_batch(nlp, batch: list[Piece]) -> list[tuple[int, int, dict | str, Counter | None]]:
    """(key, index, graph or the reason it failed, sentence topics) for each piece of a batch. A batch
    that fails or runs over is read again a piece at a time, so only the piece at fault fails."""
    from .graphify import doc_graph
    from .ingest import prepare
    try:
        docs = [prepare(nlp, p.article if p.count == 1 else
                        Article(text=p.text, published=p.article.published, url=p.article.url)) for p in batch]
        docs = run(nlp, docs, budget(sum(p.size for p in batch)))
        out = []
        for p, doc in zip(batch, docs):
            graph = shift(doc_graph(doc), p.start)
            out.append((p.key, p.index, graph, _sentence_topics(doc) if p.count > 1 else None))
        return out
    except Exception as exc:  # noqa: BLE001  (a component's failure on one text must not stop a run)
        if len(batch) > 1:
            return [r for p in batch for r in read_batch(nlp, [p])]
        p = batch[0]
        return [(p.key, p.index, _why(exc, p), None)]


def _why(exc: BaseException, p: Piece) -> str:
    where = f" (characters {p.start:,}-{p.end:,})" if p.count > 1 else ""
    if isinstance(exc, Overtime):
        return (f"the language pipeline took longer than its time budget of {budget(p.size):g} s"
                f"{where} (ENTENTE_PIECE_SECONDS)")
    if isinstance(exc, MemoryError):
        return f"the language pipeline ran out of memory{where}"
    return f"the language pipeline failed{where}: {type(exc).__name__}: {str(exc)[:200]}"


def _sentence_topics(doc) -> Counter:
    from .mentions import doc_text
    from .topics import sentence_topics, token_topics
    tokens, text = token_topics(doc), doc_text(doc)   # read once for all sentences, as graphify.doc_graph does
    total = Counter()
    for sent in doc.sents:
        total.update(sentence_topics(sent, tokens, text))
    return total


def shift(graph: dict, offset: int) -> dict:
    """A piece's graph with its character offsets moved to where the piece starts in the article."""
    if offset:
        for m in graph["mentions"]:
            m["start"] += offset
            m["end"] += offset
        for r in graph["relations"]:
            r["start"] += offset
            r["end"] += offset
    return graph


def join(parts: list[tuple[dict, Counter | None]]) -> dict:
    """One article's graph from its pieces' graphs, in order."""
    if len(parts) == 1:
        return parts[0][0]
    from .topics import article_topics
    entities: dict[str, dict] = {}
    mentions, relations = [], []
    for graph, _topics in parts:
        for ent in graph["entities"]:
            have = entities.get(ent["id"])
            if have is None:
                entities[ent["id"]] = dict(ent, aliases=list(ent.get("aliases", [])))
                continue
            if ent.get("type") == "leader":
                have["type"] = "leader"
            have["country"] = have.get("country") or ent.get("country", "")
            have["office"] = have.get("office") or ent.get("office", "")
            have["aliases"] = sorted(set(have["aliases"]) | set(ent.get("aliases", [])))
        mentions += graph["mentions"]
        relations += graph["relations"]
    topics = article_topics([t for _g, t in parts if t is not None],
                            [r["topics"] for r in relations if r["relation"] != "related_to"])
    return {"entities": list(entities.values()), "mentions": mentions, "relations": relations, "topics": topics}


def refused(reason: str) -> dict:
    return {"refused": reason, "entities": [], "mentions": [], "relations": [], "topics": []}


def read_articles(nlp, articles: list[Article]):
    """(article, graph) for each article, in order, as soon as its pieces are read; a refused article's
    graph says why (`refused`)."""
    items = [p for key, a in enumerate(articles) for p in pieces(key, a)]
    size = Counter(p.key for p in items)
    done: dict[int, list] = {}
    ready = 0
    for batch in batches(items):
        for key, index, graph, topics in read_batch(nlp, batch):
            done.setdefault(key, []).append((index, graph, topics))
        while ready < len(articles) and len(done.get(ready, ())) == size[ready]:
            parts = [(g, t) for _i, g, t in sorted(done.pop(ready), key=lambda x: x[0])]
            failed = next((g for g, _t in parts if isinstance(g, str)), None)
            yield articles[ready], refused(failed) if failed else join(parts)
            ready += 1
