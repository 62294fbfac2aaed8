"""Ingest: read articles, run the pipeline in batches, store each article in its own transaction.

Already-stored articles are skipped before any NLP work, so ingesting a folder again is cheap and
changes nothing. Unreadable files are reported (file and reason) and the rest go on.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from itertools import islice

from graph.store import Store

from .articles import Article, blank_furniture
from .readers import ReadError, read_paths
from .version import EXTRACTOR_VERSION
from .writer_lock import WriterLock, in_turns

BATCH = 32


@dataclass
class Summary:
    read: int = 0
    added: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"{self.read} articles read: {self.added} added, {self.skipped} already stored; "
                f"{self.words:,} words in {self.seconds:.1f} s ({self.words_per_second:,.0f} words/s); "
                f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}")


def _batches(items, size):
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def prepare(nlp, article: Article):
    """A Doc ready for the pipeline: furniture blanked out (offsets unchanged), the article's date (ISO,
    `doc._.date`) and year set, so offices are read as they stood that day."""
    doc = nlp.make_doc(blank_furniture(article.text))
    doc._.year = int(article.published[:4]) if article.published else None
    doc._.date = article.published[:10] if article.published else None
    return doc


def _graphs_serial(nlp, articles):
    from .graphify import doc_graph
    for batch in _batches(articles, BATCH):
        docs = nlp.pipe((prepare(nlp, a) for a in batch), batch_size=BATCH)
        for article, doc in zip(batch, docs):
            yield article, doc_graph(doc)


def default_workers() -> int:
    """Worker processes when none are asked for: one per core, at most 4."""
    import os
    return max(1, min(os.cpu_count() or 1, 4))


SMALL = 2 * BATCH   # with the default number of processes, fewer fresh articles than this are read here:
                    # a local cluster takes longer to start than the pipeline takes to read them


def _graphs(articles, nlp=None, processes: int = 1, scheduler: str | None = None, on_start=None):
    """(article, graph) pairs, in input order: in this process with `processes` 1 (no Dask at all), else on
    Dask workers: a cluster's at `scheduler`, or a LocalCluster of `processes` workers (0: the default
    number, and a small input stays in this process). Nothing starts when no article is fresh."""
    from itertools import chain
    it = iter(articles)
    first = next(it, None)
    if first is None:
        return
    it = chain([first], it)
    if not scheduler and processes == 0:
        processes = default_workers()
        head = list(islice(it, SMALL))
        it = chain(head, it)
        if len(head) < SMALL:
            processes = 1
    if not scheduler and processes <= 1:
        from .pipeline import load
        yield from _graphs_serial(nlp or load(), it)
        return
    from .cluster import graphs
    yield from graphs(it, scheduler=scheduler, workers=processes, batch=BATCH // 2, on_start=on_start)


def ingest(paths, store: Store, progress: bool = True, on_error=None, on_article=None, nlp=None,
           processes: int = 1, scheduler: str | None = None, on_wait=None) -> Summary:
    """Ingest files and folders into the store; returns what happened.

    With processes > 1 (0: one per core, at most 4) or a Dask `scheduler` address the NLP runs on Dask
    workers; writing stays in this process, an article a transaction. Two ingests on one database take
    turns a batch at a time (extractors/writer_lock.py); the first time this one waits it says so
    (`on_wait(message)`, else on stderr).
    """
    from tqdm import tqdm

    summary = Summary()
    start = time.perf_counter()
    bar = tqdm(desc="ingest", unit=" articles", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    seen: set[str] = set()

    def fresh(items):
        for item in items:
            if isinstance(item, ReadError):
                summary.errors.append(str(item))
                if on_error:
                    on_error(str(item))
                continue
            summary.read += 1
            if item.id in seen or store.has_article(item.id):
                summary.skipped += 1
                bar.update(1)
                continue
            seen.add(item.id)
            yield item

    articles = fresh(read_paths(paths))
    graphs = _graphs(articles, nlp, processes, scheduler,
                     on_start=lambda where: progress and tqdm.write(f"reading on {where}", file=sys.stderr))
    lock = WriterLock(store.path, on_wait=lambda message: _waiting(bar, lock, message, on_wait))
    for article, graph in in_turns(graphs, lock, BATCH // 2):
        graph = link_across_articles(store, graph)
        if store.add_article(dict(article.record(), extractor_version=EXTRACTOR_VERSION), graph):
            summary.added += 1
            summary.words += len(article.text.split())
        else:   # another ingest stored it since it was found fresh
            summary.skipped += 1
        bar.update(1)
        elapsed = time.perf_counter() - start
        bar.set_postfix_str(f"{summary.words / elapsed:,.0f} words/s", refresh=False)
        if on_article:
            on_article(summary)
    lock.close()
    bar.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _waiting(bar, lock, message: str, on_wait=None) -> None:
    """Another ingest is writing to the same database: say so the first time, then in the progress bar."""
    if lock.waits == 1:
        (on_wait or (lambda m: bar.write(f"ingest: {m}", file=sys.stderr)))(message)
    bar.set_postfix_str("waiting for another ingest", refresh=True)


def link_across_articles(store: Store, graph: dict) -> dict:
    """A person named only by one word ("Merkel") joins the one stored person known by that word."""
    remap = {}
    for ent in graph["entities"]:
        if ent["id"].startswith("person:") and len(ent["name"].split()) == 1:
            ids = store.entities_by_alias(ent["name"])
            if len(ids) == 1 and ids[0] != ent["id"]:
                remap[ent["id"]] = ids[0]
    if not remap:
        return graph
    for ent in graph["entities"]:
        if ent["id"] in remap:
            row = store.conn.execute("SELECT name FROM entities WHERE id=?", (remap[ent["id"]],)).fetchone()
            ent["id"], ent["name"] = remap[ent["id"]], row[0]
    for m in graph["mentions"]:
        m["entity"] = remap.get(m["entity"], m["entity"])
    for r in graph["relations"]:
        r["source"], r["target"] = remap.get(r["source"], r["source"]), remap.get(r["target"], r["target"])
    merged = {}
    for ent in graph["entities"]:
        if ent["id"] in merged:
            merged[ent["id"]]["aliases"] = sorted(set(merged[ent["id"]]["aliases"]) | set(ent["aliases"]))
        else:
            merged[ent["id"]] = ent
    graph["entities"] = list(merged.values())
    return graph
