"""Re-extraction: read stored articles again with this version of the extractors.

Each article records the extractor version that read it (extractors/version.py). Upgrading Entente
then improves an existing graph without deleting it: `python -m extractors reextract --db DB` re-reads
the articles an older version read (text, title, date and metadata as stored), through the same
pipeline as ingest, and replaces each article's mentions and relations in one transaction, so a run
that is killed leaves every article either as it was or as it is now. Entities that no mention or
relation points at any more are removed at the end (a later run cleans up after a killed one).
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass

from graph.store import Store

from .articles import Article
from .ingest import BATCH, _graphs, link_across_articles
from .version import EXTRACTOR_VERSION
from .writer_lock import WriterLock, in_turns


@dataclass
class StoredArticle(Article):
    """An article as the store holds it, keeping its stored id (whatever the id rule is now)."""
    stored_id: str = ""

    @property
    def id(self) -> str:
        return self.stored_id


@dataclass
class Summary:
    stored: int = 0       # articles in the store
    stale: int = 0        # articles to re-read
    reread: int = 0
    words: int = 0
    removed: int = 0      # entities left with no mention and no relation
    seconds: float = 0.0
    forced: bool = False

    def line(self) -> str:
        which = "all articles" if self.forced else f"read by an extractor older than version {EXTRACTOR_VERSION}"
        rate = self.words / self.seconds if self.seconds else 0.0
        articles, words = ("article" if self.stored == 1 else "articles"), ("word" if self.words == 1 else "words")
        return (f"{self.reread} of {self.stored} {articles} re-read ({self.stale} {which}); {self.words:,} {words} in "
                f"{self.seconds:.1f} s ({rate:,.0f} words/s); {self.removed} entit{'y' if self.removed == 1 else 'ies'}"
                f" no longer found removed")


def stored_article(store: Store, article_id: str) -> StoredArticle | None:
    row = store.conn.execute("SELECT id,title,url,published,source,path,text,meta FROM articles WHERE id=?",
                             (article_id,)).fetchone()
    if row is None:
        return None
    try:
        meta = json.loads(row["meta"] or "{}")
    except ValueError:
        meta = {}
    return StoredArticle(text=row["text"], title=row["title"], url=row["url"], published=row["published"],
                         source=row["source"], path=row["path"], meta=meta, stored_id=row["id"])


def reextract(store: Store, progress: bool = True, force: bool = False, nlp=None, processes: int = 1,
              on_article=None, scheduler: str | None = None) -> Summary:
    """Re-read the articles an older extractor read (every article with `force`); returns what happened."""
    from tqdm import tqdm

    start = time.perf_counter()
    ids = store.stale_articles(None if force else EXTRACTOR_VERSION)
    summary = Summary(stored=store.counts_articles(), stale=len(ids), forced=force)
    bar = tqdm(total=len(ids), desc="reextract", disable=not progress, file=sys.stderr, dynamic_ncols=True,
               bar_format="{desc}: article {n_fmt} of {total_fmt} [{elapsed}{postfix}]")   # no "1 articles"
    articles = (a for a in (stored_article(store, i) for i in ids) if a is not None)
    if ids:
        graphs = _graphs(articles, nlp, processes, scheduler)
        lock = WriterLock(store.path, on_wait=lambda message: lock.waits == 1 and bar.write(f"reextract: {message}",
                                                                                          file=sys.stderr))
        for article, graph in in_turns(graphs, lock, BATCH // 2):   # beside an ingest, in turns
            if graph.get("refused"):   # the pipeline failed or ran over its time (pieces.py): keep the old reading
                bar.write(f"reextract: {article.id}: {graph['refused']}; its earlier reading is kept", file=sys.stderr)
                continue
            graph = link_across_articles(store, graph)
            if store.replace_article(article.id, graph, EXTRACTOR_VERSION):
                summary.reread += 1
                summary.words += len(article.text.split())
            bar.update(1)
            bar.set_postfix_str(f"{summary.words / (time.perf_counter() - start):,.0f} words/s", refresh=False)
            if on_article:
                on_article(summary)
    bar.close()
    summary.removed = store.remove_orphans()
    summary.seconds = time.perf_counter() - start
    return summary
