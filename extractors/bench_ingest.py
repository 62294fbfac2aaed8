"""Benchmark: ingest speed in words per second, one process against N, in the same run.

    python -m extractors.bench_ingest FILE_OR_FOLDER [--limit 300] [--processes 2]

Prints words/s for each and the ratio; the baseline is the single-process run on the same articles.
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from graph.store import Store

from .ingest import ingest
from .pipeline import load
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
