"""Benchmark: ingest speed in words per second, one process against a Dask LocalCluster, and against raw spaCy.

    python -m extractors.bench_ingest FILE_OR_FOLDER [--limit 300] [--processes 2]

Prints words/s for each and the ratios, all on the same articles in one run. Baselines: the single-process
ingest (no Dask at all), for the speed-up of a LocalCluster of N workers (the issue's target: >= 1.7x with 2
workers), timed twice: as `python -m extractors ingest` runs it (the cluster started for the run, its workers
loading the pipeline) and on a cluster already started (the steady state a long ingest approaches); and the
bare English model's `nlp.pipe` over the same texts with 1 and N processes, for the cost of Entente's own
components, reading and storing (target: ingest >= 0.85 x raw spaCy, the better of 1 and N processes each).
The machine's load average is printed before and after: other work on the machine slows the parallel runs most.
"""
from __future__ import annotations

import argparse
import itertools
import os
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
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        results = {}

        def run(label: str, **how) -> float:
            with Store(Path(tmp) / f"g{len(results)}.db") as store:
                t0 = time.perf_counter()
                s = ingest([sample], store, progress=False, **how)
                seconds = time.perf_counter() - t0
            results[label] = s.words / seconds
            print(f"{label}: {s.added} articles, {s.words:,} words in {seconds:.1f} s, {results[label]:,.0f} words/s")
            return results[label]

        n = args.processes
        serial = run("1 process (no Dask)", processes=1)
        started = run(f"LocalCluster of {n} workers, started for the run", processes=n)
        from distributed import Client, LocalCluster

        from .cluster import LoadPipeline
        with LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=":0", silence_logs=40) as cluster, \
                Client(cluster) as client:
            client.register_plugin(LoadPipeline())
            steady = run(f"LocalCluster of {n} workers, already started", scheduler=cluster.scheduler_address)
        print(f"ratio {n} workers / 1 process: {started / serial:.2f}x started for the run, "
              f"{steady / serial:.2f}x already started")
        raw = raw_spacy(sample, args.processes)
        best_raw, best = max(raw.values()), max(results.values())
        print(f"raw spaCy nlp.pipe ({MODEL}): " + ", ".join(f"n_process={n}: {v:,.0f} words/s" for n, v in raw.items()))
        print(f"ratio ingest / raw spaCy (best of each): {best / best_raw:.2f}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
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
