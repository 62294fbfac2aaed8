"""A store of N synthetic-but-realistic articles, to measure Entente at 10k, 50k or 100k articles without a
news set:

    .venv/bin/python -m graph.synthetic --articles 50000 --out synth50k.db [--seed 1] [--sample data/graph.db]

It learns from a store of the sample corpus (data/articles, ingested as the dashboard's first run does):
each synthetic article copies the shape of a sample article picked at random — its mentions, its relations
with their types, assertions, topics and evidence sentences (several relations may share one sentence, of
the same length), its length in words and its topics — and is dated at random over `--years` years.
States and regions stay themselves (they are the hubs of every real store). Other entities recur as in
news: a well-known one (the sample's own) a tenth of the time, otherwise one of the synthetic entities of
that type, picked in proportion to how often it was picked before, or a new one with a probability that
falls as the type gets crowded (a Pitman-Yor process per type and country), calibrated on the news set:
from data/articles it makes 7,200 entities at 1,000 articles and 28,500 at 6,327 (the news set: 7,808 and
29,440). New entities keep the type and country of the one they stand for. Text is made of the entities'
names and filler words (no corpus text is copied).

Articles are written through `Store.add_article`, as an ingest writes them: articles, entities, aliases,
mentions, relations, offices and the aggregates (per-edge, per-topic and per-entity totals), one article a
transaction. No spaCy: `graph` never imports it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from .store import DEFAULT_DB, Store, StoreError

KEEP_TYPES = ("state", "region")   # always themselves
KNOWN_SHARE = 0.1                  # other entities: the sample's own this often
DISCOUNT, CONCENTRATION = 0.72, 60.0   # Pitman-Yor: entities grow like n^DISCOUNT (calibrated below)
FILLER = ("the", "said", "on", "talks", "with", "officials", "a", "new", "plan", "after", "meeting", "for",
          "and", "to", "in", "its", "of", "week", "on", "security", "trade", "government", "statement", "that",
          "would", "region", "minister", "visit", "from", "year", "agreement", "support", "over", "report")
VERBS = {"met_with": "met", "visited": "visited", "signed": "signed", "supplies": "supplies",
         "procures": "buys from", "leader_of": "leads", "member_of": "is a member of", "related_to": "and"}


class Sample:
    """What the builder copies from a store of the sample corpus: its articles' shapes and its entities."""

    def __init__(self, store: Store):
        c = store.conn
        self.entities = {r[0]: {"id": r[0], "name": r[1], "type": r[2], "country": r[3], "office": r[4]}
                         for r in c.execute("SELECT id, name, type, country, office FROM entities")}
        for entity, alias in c.execute("SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias"):
            self.entities[entity].setdefault("aliases", []).append(alias)
        self.articles = []
        for art_id, words, topics, source in c.execute(
                "SELECT id, words, topics, source FROM articles ORDER BY id"):
            mentions = [r[0] for r in c.execute(
                "SELECT entity_id FROM mentions WHERE article_id = ? ORDER BY start, entity_id", (art_id,))]
            relations = [tuple(r) for r in c.execute(
                "SELECT source, target, relation, start, LENGTH(sentence), topics, assertion FROM relations "
                "WHERE article_id = ? ORDER BY start, source, target, relation", (art_id,))]
            self.articles.append({"words": words, "topics": topics, "source": source, "mentions": mentions,
                                  "relations": relations})
        if not self.articles:
            raise StoreError(f"{store.path}: no articles to learn from")
        self.version = c.execute("SELECT COALESCE(MAX(extractor_version), 0) FROM articles").fetchone()[0]
        self.names: dict[str, list[list[str]]] = {}   # words of the names of each type, to make new names from
        for e in self.entities.values():
            self.names.setdefault(e["type"], []).append(e["name"].split())


class Pool:
    """The synthetic entities of one type: pick one in proportion to its picks so far, or a new one."""

    def __init__(self):
        self.picks: list[str] = []   # one item per pick: choosing uniformly is choosing by popularity
        self.count = 0

    def pick(self, rng: random.Random, new) -> str:
        n = len(self.picks)
        if not n or rng.random() < (CONCENTRATION + DISCOUNT * self.count) / (n + CONCENTRATION):
            self.count += 1
            chosen = new()
        else:
            chosen = rng.choice(self.picks)
        self.picks.append(chosen)
        return chosen


class Builder:
    def __init__(self, sample: Sample, seed: int = 1, years: int = 10, until: str = "2025-12-31"):
        self.sample, self.rng = sample, random.Random(seed)
        self.last = dt.date.fromisoformat(until)
        self.days = 365 * years
        self.pools: dict[str, Pool] = {}
        self.made: dict[str, dict] = {}   # synthetic entity id -> entity

    def _new(self, like: dict) -> str:
        """A new entity like `like` (its type and country), named from words of names of that type."""
        k = len(self.made) + 1
        names = self.sample.names[like["type"]]
        name = f"{self.rng.choice(names)[0]} {self.rng.choice(names)[-1]} {k}"
        eid = f"syn:{like['type']}:{k}"
        self.made[eid] = {"id": eid, "name": name, "type": like["type"], "country": like["country"]}
        return eid

    def entity(self, original: str, mapping: dict) -> dict:
        """The entity a sample entity stands for in one article (the same within the article)."""
        if original not in mapping:
            e = self.sample.entities[original]
            if e["type"] in KEEP_TYPES or self.rng.random() < KNOWN_SHARE:
                mapping[original] = e
            else:
                pool = self.pools.setdefault(f"{e['type']}|{e['country']}", Pool())
                mapping[original] = self.made[pool.pick(self.rng, lambda: self._new(e))]
        return mapping[original]

    def _words(self, n: int) -> str:
        return " ".join(self.rng.choice(FILLER) for _ in range(max(n, 1)))

    def article(self, i: int) -> tuple[dict, dict]:
        """The i-th synthetic article and its graph (as `Store.add_article` takes them)."""
        shape = self.rng.choice(self.sample.articles)
        published = (self.last - dt.timedelta(days=self.rng.randrange(self.days))).isoformat()
        mapping: dict[str, dict] = {}
        text, mentions, relations = [], [], []
        at = 0

        def sentence(body: str, names: list[dict]) -> tuple[int, str]:
            nonlocal at
            start, s = at, body.rstrip(" .") + "."
            text.append(s)
            for e in names:
                offset = s.find(e["name"])
                if offset >= 0:
                    mentions.append({"entity": e["id"], "text": e["name"], "start": start + offset,
                                     "end": start + offset + len(e["name"]), "sentence": s})
            at += len(s) + 1
            return start, s

        groups: dict[int, list[tuple]] = {}   # relations that share a sentence in the sample share one here
        for row in shape["relations"]:
            groups.setdefault(row[3], []).append(row)
        for rows in groups.values():
            ends = [(self.entity(s, mapping), self.entity(t, mapping), rel) for s, t, rel, *_ in rows]
            names = list({e["id"]: e for pair in ends for e in pair[:2]}.values())
            head = f"{ends[0][0]['name']} {VERBS.get(ends[0][2], ends[0][2].replace('_', ' '))} {ends[0][1]['name']}"
            body = " ".join([head, *(e["name"] for e in names[2:])])
            body += " " + self._words(max(0, (rows[0][4] - len(body)) // 5))
            start, s = sentence(body, names)
            for (src, tgt, rel), (*_, topics, assertion) in zip(ends, rows):
                if src["id"] != tgt["id"]:
                    relations.append({"source": src["id"], "target": tgt["id"], "relation": rel, "sentence": s,
                                      "start": start, "end": start + len(s), "assertion": assertion,
                                      "topics": [t for t in (topics or "").split(" | ") if t]})
        told = {m["entity"] for m in mentions}
        for original in shape["mentions"]:
            e = self.entity(original, mapping)
            if e["id"] in told and self.rng.random() < 0.5:
                continue   # a name said again is a mention too, but not every time
            told.add(e["id"])
            sentence(f"{e['name']} {self._words(self.rng.randint(6, 20))}", [e])
        said = sum(len(s.split()) for s in text)
        if shape["words"] > said:
            text.append(self._words(shape["words"] - said) + ".")
        ents = []
        for e in {e["id"]: e for e in mapping.values()}.values():
            ent = {k: e[k] for k in ("id", "name", "type", "country")}
            if e["id"] in self.sample.entities:   # the sample's own: its office and names too
                ent["office"] = e.get("office") or ""
                ent["aliases"] = e.get("aliases", [])
            ents.append(ent)
        title = f"Synthetic {i}: " + " and ".join(e["name"] for e in list(mapping.values())[:2])
        article = {"id": f"synthetic-{i:06d}", "title": title, "url": f"https://example.org/synthetic/{i}",
                   "published": published, "source": shape["source"], "path": "synthetic", "text": " ".join(text),
                   "meta": {"synthetic": True}, "extractor_version": self.sample.version}
        topics = [t for t in (shape["topics"] or "").split(" | ") if t]
        return article, {"entities": ents, "mentions": mentions, "relations": relations, "topics": topics}


def build(out: Path, n: int, sample_db: Path, seed: int = 1, years: int = 10, progress=None) -> dict:
    """Add synthetic articles to the store at `out` until it holds `n` of them (a rerun goes on where a
    stopped one ended: the same seed gives the same articles). Returns the store's counts."""
    with Store(sample_db, readonly=True) as s:
        sample = Sample(s)
    builder = Builder(sample, seed=seed, years=years)
    with Store(out) as store:
        store.conn.execute("PRAGMA synchronous=OFF")   # a file made to measure with: no fsync per article
        for i in range(n):
            article, graph = builder.article(i)   # built even when stored, so the random draws stay the same
            store.add_article(article, graph)
            if progress and (i + 1) % 1000 == 0:
                progress(i + 1)
        return store.counts()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m graph.synthetic", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, required=True, metavar="N", help="articles the store should hold")
    ap.add_argument("--out", required=True, metavar="DB", help="database file to write (made when missing)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1): the same seed, the same store")
    ap.add_argument("--years", type=int, default=10, help="dates spread over this many years up to 2025 (default 10)")
    ap.add_argument("--sample", default=str(DEFAULT_DB), metavar="DB",
                    help=f"a store of the sample corpus to learn from (default {DEFAULT_DB}; make it with "
                         "`.venv/bin/python -m extractors ingest data/articles --db data/graph.db`)")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles: at least 1")
    started = time.perf_counter()
    try:
        counts = build(Path(args.out), args.articles, Path(args.sample), args.seed, args.years,
                       progress=lambda k: print(f"{k:,} articles ({time.perf_counter() - started:.0f} s)",
                                                file=sys.stderr, flush=True))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {counts['articles']:,} articles, {sum(counts['entities'].values()):,} entities, "
          f"{sum(counts['relations'].values()):,} edges, {counts['evidence']:,} evidence sentences, "
          f"{counts['mentions']:,} mentions in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
