"""Benchmark: ingest speed in words per second, one process against N, and against raw spaCy, in one run.

    python -m extractors.bench_ingest FILE_OR_FOLDER [--limit 300] [--processes 2]

Prints words/s for each and the ratios. Two baselines run on the same articles in the same process:
the single-process ingest (for the speed-up of N processes), and the bare English model's `nlp.pipe`
over the same texts with 1 and N processes (for the cost of Entente's own components, reading and
storing: the issue's target is ingest >= 0.85 x raw spaCy, the better of 1 and N processes each).
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from graph.store import Store

from .ingest import ingest
from .pipeline import MODEL, load
from .readers import ReadError, read_paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=300, help="articles to ingest (default 300)")
    ap.add_argument("--processes", type=int, default=2)
    args = ap.parse_args(argv)
    load()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        import json
        arts = (a for a in read_paths([args.path]) if not isinstance(a, ReadError))
        with sample.open("w", encoding="utf-8") as fh:
            for a in itertools.islice(arts, args.limit):
                fh.write(json.dumps({"title": a.title, "text": a.text, "date": a.published, "url": a.url}) + "\n")
        results = {}
        for n in (1, args.processes):
            with Store(Path(tmp) / f"g{n}.db") as store:
                t0 = time.perf_counter()
                s = ingest([sample], store, progress=False, processes=n)
                results[n] = s.words / (time.perf_counter() - t0)
                print(f"processes={n}: {s.added} articles, {s.words:,} words, {results[n]:,.0f} words/s")
        print(f"ratio {args.processes} processes / 1 process: {results[args.processes] / results[1]:.2f}x")
        raw = raw_spacy(sample, args.processes)
        best_raw, best = max(raw.values()), max(results.values())
        print(f"raw spaCy nlp.pipe ({MODEL}): " + ", ".join(f"n_process={n}: {v:,.0f} words/s" for n, v in raw.items()))
        print(f"ratio ingest / raw spaCy (best of each): {best / best_raw:.2f}")
    return 0


def raw_spacy(sample: Path, processes: int) -> dict[int, float]:
    """Words/s of the bare model's nlp.pipe over the sample's texts (read and parsed, nothing stored)."""
    import json

    import spacy
    texts = [json.loads(line)["text"] for line in sample.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(MODEL)
    out = {}
    for n in dict.fromkeys((1, processes)):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=32, n_process=n):
            pass
        out[n] = words / (time.perf_counter() - t0)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
