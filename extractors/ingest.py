"""Ingest: read articles, run the pipeline in batches, store each article in its own transaction.

Already-stored articles are skipped before any NLP work, so ingesting a folder again is cheap and
changes nothing. Unreadable files are reported (file and reason) and the rest go on.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from itertools import chain, islice

from graph.store import Store

from .articles import Article, blank_furniture
from .speakers import is_transcript
from .readers import ReadError, read_paths
from .version import EXTRACTOR_VERSION
from .writer_lock import WriterLock, in_turns

BATCH = 32


@dataclass
class Verdict:
    """What became of one input: `stored`, `already stored` or `refused` (with the reason), and warnings."""
    where: str            # file, file:line or file[record]
    outcome: str
    reason: str = ""
    title: str = ""
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason or self.outcome}"


@dataclass
class Summary:
    added: int = 0
    skipped: int = 0      # already stored
    refused: int = 0      # articles, records or files that could not be read or stored
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)     # the first KEEP refusals, "where: reason"
    warnings: list[str] = field(default_factory=list)   # the first KEEP warnings, "where: warning"
    other_files: int = 0  # files of other types passed over inside folders
    KEEP = 1000

    @property
    def read(self) -> int:
        return self.added + self.skipped + self.refused

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def count(self, verdict: Verdict) -> None:
        if verdict.outcome == "stored":
            self.added += 1
        elif verdict.outcome == "already stored":
            self.skipped += 1
        else:
            self.refused += 1
            if len(self.errors) < self.KEEP:
                self.errors.append(str(verdict))
        for w in verdict.warnings:
            if len(self.warnings) < self.KEEP:
                self.warnings.append(f"{verdict.where}: {w}")

    def line(self) -> str:
        """'12 articles read: 10 added, 1 already stored, 1 refused; …' (a file that cannot be read at all
        counts as one)."""
        def n(k, word):
            return f"{k:,} {word}{'s' if k != 1 else ''}"
        text = (f"{n(self.read, 'article')} read: {self.added:,} added, {self.skipped:,} already stored, "
                f"{self.refused:,} refused; {n(self.words, 'word')} in {self.seconds:.1f} s "
                f"({self.words_per_second:,.0f} words/s)")
        if self.warnings:
            text += f"; {n(len(self.warnings), 'warning')}" + ("+" if len(self.warnings) >= self.KEEP else "")
        if self.other_files:
            text += f"; {n(self.other_files, 'file')} of other types not read"
        return text


def _batches(items, size, chars: int | None = None):
    """Lists of at most `size` items and, when `chars` is given, of at most that much article text (an
    article longer than that alone): a batch of long articles is never held whole at once."""
    if chars is None:
        it = iter(items)
        while batch := list(islice(it, size)):
            yield batch
        return
    batch, total = [], 0
    for item in items:
        if batch and (len(batch) >= size or total + len(item.text) > chars):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += len(item.text)
    if batch:
        yield batch


def prepare(nlp, article: Article):
    """A Doc ready for the pipeline: furniture blanked out (offsets unchanged), the article's date (ISO,
    `doc._.date`) and year set, so offices are read as they stood that day."""
    doc = nlp.make_doc(blank_furniture(article.text))
    doc._.year = int(article.published[:4]) if article.published else None
    doc._.date = article.published[:10] if article.published else None
    doc._.url = article.url or None     # whose release it is: "we" in a government's statement
    # speaker labels are blanked as furniture: whether the text is a transcript is read before that
    doc.user_data["entente_transcript"] = is_transcript(article.text)
    return doc


def task_batches(articles, size: int | None = None):
    """The batches the pipeline reads at a time, here or as one Dask task: at most `size` (BATCH) articles
    and two pieces' worth of text (a longer article alone)."""
    from . import limits
    from .pieces import BATCH_PIECES
    return _batches(articles, size or BATCH, BATCH_PIECES * limits.piece_chars())


def _graphs_serial(nlp, articles):
    """(article, graph) pairs: a long article is read in pieces, each within its time budget; an article
    the pipeline cannot read gets a graph that says why, `graph["refused"]` (extractors/pieces.py)."""
    from .pieces import read_articles
    for batch in task_batches(articles):
        yield from read_articles(nlp, batch)


def default_workers() -> int:
    """Worker processes when none are asked for: one per core, at most 4."""
    import os
    return max(1, min(os.cpu_count() or 1, 4))


SMALL = 2 * BATCH   # with the default number of processes, fewer fresh articles than this are read here:
                    # a local cluster takes longer to start than the pipeline takes to read them
SMALL_CHARS = 1_000_000   # ... unless their text is longer than this (minutes of work)


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
        head, chars = [], 0
        for article in it:   # at most SMALL articles, and no more text than a cluster would be started for
            head.append(article)
            chars += len(article.text)
            if len(head) >= SMALL or chars > SMALL_CHARS:
                break
        it = chain(head, it)
        if len(head) < SMALL and chars <= SMALL_CHARS:
            processes = 1
    if not scheduler and processes <= 1:
        from .pipeline import load
        yield from _graphs_serial(nlp or load(), it)
        return
    from .cluster import graphs
    yield from graphs(it, scheduler=scheduler, workers=processes, on_start=on_start)


def ingest(paths, store: Store, progress: bool = True, on_error=None, on_article=None, nlp=None,
           processes: int = 1, scheduler: str | None = None, on_wait=None, on_verdict=None,
           articles=None) -> Summary:
    """Ingest files and folders into the store; returns what happened.

    Every input gets a verdict (`on_verdict(Verdict)`): stored, already stored, or refused with the
    reason (also `on_error("where: reason")`); nothing one input does stops the others. With processes > 1
    (0: one per core, at most 4) or a Dask `scheduler` address the NLP runs on Dask workers; writing
    stays in this process, an article a transaction. Two ingests on one database take turns a batch at a
    time (extractors/writer_lock.py), and neither reads an article the other is reading
    (extractors/claims.py); when this one waits it says so (`on_wait(message)`, else on stderr).
    `articles` adds an iterable of Article, ReadError or Verdict (one decided before any reading, such
    as a feed entry already stored) after the paths' (extractors/web.py reads URLs so).
    """
    from tqdm import tqdm

    from . import limits
    from .claims import Claims

    summary = Summary()
    start = time.perf_counter()
    bar = tqdm(desc="articles read", disable=not progress, file=sys.stderr, dynamic_ncols=True,
               bar_format="{desc}: {n_fmt} [{elapsed}{postfix}]")   # right for 1 as for 2 (no "1 articles")
    seen: set[str] = set()
    claims = Claims(store.path)
    aside: list = []          # articles another live ingest is reading
    other: list[str] = []

    def verdict(v: Verdict) -> None:
        summary.count(v)
        if v.outcome == "refused" and on_error:
            on_error(str(v))
        if on_verdict:
            on_verdict(v)
        bar.update(1)

    def fresh(items):
        for item in items:
            if isinstance(item, Verdict):
                verdict(item)
                continue
            if isinstance(item, ReadError):
                verdict(Verdict(item.path, "refused", item.reason))
                continue
            if len(item.text) > limits.max_article_chars():
                verdict(Verdict(item.where or item.path, "refused", f"an article of {limits.chars(len(item.text))}: "
                                f"longer than the limit of {limits.chars(limits.max_article_chars())} "
                                f"(ENTENTE_MAX_ARTICLE_CHARS): not read", item.title, item.warnings))
                continue
            if item.id in seen or store.has_article(item.id):
                verdict(Verdict(item.where or item.path, "already stored", title=item.title, warnings=item.warnings))
                continue
            if claims.claim(item.id):
                aside.append(item)
                continue
            seen.add(item.id)
            yield item

    def waited():
        """The articles put aside, once their claimant stored them (already stored) or died (read here)."""
        told = 0.0
        while aside:
            for item in list(aside):
                if store.has_article(item.id):
                    aside.remove(item)
                    verdict(Verdict(item.where or item.path, "already stored", title=item.title,
                                    warnings=item.warnings))
                elif claims.holder(item.id) is None and claims.claim(item.id) is None:
                    aside.remove(item)
                    seen.add(item.id)
                    yield item
            if aside:
                if time.monotonic() - told > 60:
                    told = time.monotonic()
                    say(f"waiting for another ingest to store {len(aside)} article{'s' if len(aside) != 1 else ''} "
                        f"it is reading")
                time.sleep(0.2)

    def say(message: str) -> None:
        (on_wait or (lambda m: bar.write(f"ingest: {m}", file=sys.stderr)))(message)

    def write(pairs) -> None:
        for article, graph in in_turns(pairs, lock, BATCH // 2):
            where = article.where or article.path
            if graph.get("refused"):
                verdict(Verdict(where, "refused", graph["refused"], article.title, article.warnings))
                continue
            try:
                graph = link_across_articles(store, graph)
                stored = store.add_article(dict(article.record(), extractor_version=EXTRACTOR_VERSION), graph)
            except Exception as exc:  # noqa: BLE001  (one article that cannot be written must not stop the run)
                verdict(Verdict(where, "refused", f"could not be stored ({type(exc).__name__}: {exc})",
                                article.title, article.warnings))
                continue
            if stored:
                summary.words += len(article.text.split())
            # else another ingest stored it since it was found fresh
            verdict(Verdict(where, "stored" if stored else "already stored", title=article.title,
                            warnings=article.warnings))
            elapsed = time.perf_counter() - start
            bar.set_postfix_str(f"{summary.words / elapsed:,.0f} words/s", refresh=False)
            if on_article:
                on_article(summary)

    lock = WriterLock(store.path, on_wait=lambda message: _waiting(bar, lock, message, on_wait))
    try:
        on_start = lambda where: progress and tqdm.write(f"reading on {where}", file=sys.stderr)  # noqa: E731
        items = read_paths(paths, other) if articles is None else chain(read_paths(paths, other), articles)
        write(_graphs(fresh(items), nlp, processes, scheduler, on_start=on_start))
        if aside:
            write(_graphs(waited(), nlp, 1 if not scheduler else processes, scheduler))
    finally:
        lock.close()
        claims.close()
        bar.close()
    summary.other_files = len(other)
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
