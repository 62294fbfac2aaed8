"""Benchmark: ingest speed in words per second, one process against a Dask LocalCluster, and against raw spaCy.

    python -m extractors.bench_ingest FILE_OR_FOLDER [--limit 300] [--processes 2] [--rounds 1]
    python -m extractors.bench_ingest FILE_OR_FOLDER --one-article DB [--repeat 5]

Prints words/s for each and the ratios, all on the same articles in one run. Baselines: the single-process
ingest (no Dask at all), for the speed-up of a LocalCluster of N workers (the issue's target: >= 1.7x with 2
workers), timed twice: as `python -m extractors ingest` runs it (the cluster started for the run: its workers
forked from this process, whose pipeline is loaded, or, where processes cannot fork, spawned and loading their
own) and on a cluster already started (the steady state a long ingest approaches). The single process's
pipeline is loaded before it is timed; a fresh `python -m extractors ingest` command, with one process as with
a local cluster, also spends the time a new process takes to import and load it, which is measured in a child
process and printed, with the ratio of two such commands. And the bare English model's `nlp.pipe` over the same texts
with 1 and N processes, for the cost of Entente's own components, reading and storing (target: ingest >=
0.85 x raw spaCy, the better of 1 and N processes on each side; the one-process ratio is printed too), in
words per wall second and per CPU second of the process (the CPU figure is the one other work on the machine
disturbs least). Each run says how many cores other work on the machine used
meanwhile (Linux): other work slows the parallel runs most; `--rounds R` measures everything R times and
prints the median of each ratio.

With `--one-article DB`: the whole `python -m extractors ingest` command, as a user runs it, adding one article
(the first of FILE_OR_FOLDER the store does not hold) to a copy of the store DB (the store itself is only read),
`--repeat` times, each into a fresh copy; prints each run's wall and CPU seconds and the median. The first run
after a change of the lexicons or the extractors also stores the lexicons' patterns (extractors/pattern_cache.py).
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
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
    ap.add_argument("--rounds", type=int, default=1,
                    help="measure everything this many times and print the median of each ratio (on a machine "
                         "other work also uses, each round's runs are close in time, so their ratios are fairer)")
    ap.add_argument("--one-article", metavar="DB", help="time a one-article ingest into a copy of this store")
    ap.add_argument("--repeat", type=int, default=5, help="runs of --one-article (default 5)")
    args = ap.parse_args(argv)
    if args.one_article:
        return one_article(args.path, Path(args.one_article), args.repeat)
    start_cost = pipeline_start_seconds()
    load()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        import json
        arts = (a for a in read_paths([args.path]) if not isinstance(a, ReadError))
        with sample.open("w", encoding="utf-8") as fh:
            for a in itertools.islice(arts, args.limit):
                fh.write(json.dumps({"title": a.title, "text": a.text, "date": a.published, "url": a.url}) + "\n")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        print(f"a new process imports and loads the pipeline in {start_cost:.1f} s")
        rounds = []
        for r in range(args.rounds):
            if args.rounds > 1:
                print(f"-- round {r + 1} of {args.rounds}")
            rounds.append(one_round(sample, Path(tmp) / f"round{r}", args.processes, start_cost))
        if args.rounds > 1:
            print("median of the rounds' ratios: " + "; ".join(
                f"{key} {statistics.median(r[key] for r in rounds):.2f}" for key in rounds[0]))
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def one_round(sample: Path, folder: Path, n: int, start_cost: float) -> dict[str, float]:
    """Every run once, printed; returns the ratios."""
    folder.mkdir()
    results, seconds, cpus = {}, {}, {}

    def run(label: str, helpers=lambda: 0.0, **how) -> float:
        with Store(folder / f"g{len(results)}.db") as store:
            t0, c0, o0, h0, m0 = time.perf_counter(), time.process_time(), own_cpu(), helpers(), machine_cpu()
            s = ingest([sample], store, progress=False, **how)
            seconds[label] = time.perf_counter() - t0
            cpus[label] = cpu = time.process_time() - c0
            others = (machine_cpu() - m0) - (own_cpu() - o0) - (helpers() - h0)
        results[label] = s.words / seconds[label]
        print(f"{label}: {s.added} articles, {s.words:,} words in {seconds[label]:.1f} s, "
              f"{results[label]:,.0f} words/s ({s.words / cpu:,.0f} per CPU-s of this process); "
              f"other work on the machine used {others / seconds[label]:.2f} cores meanwhile")
        return results[label]

    serial_label = "1 process (no Dask)"
    serial = run(serial_label, processes=1)
    words = serial * seconds[serial_label]
    serial_cpu = words / cpus[serial_label]
    started_label = f"LocalCluster of {n} workers, started for the run"
    started = run(started_label, processes=n)
    from distributed import Client

    from .cluster import LoadPipeline, local_cluster
    with local_cluster(n) as cluster, Client(cluster) as client:
        client.register_plugin(LoadPipeline())

        def workers_cpu() -> float:
            return sum(client.run(time.process_time).values())
        before = workers_cpu()
        label = f"LocalCluster of {n} workers, already started"
        steady = run(label, helpers=workers_cpu, scheduler=cluster.scheduler_address)
        busy = workers_cpu() - before
    print(f"  its workers: {busy:.1f} CPU-s in all, {words / busy:,.0f} words per CPU-s; they had "
          f"{busy / seconds[label]:.2f} of the {n} cores they could use (less: other work on the machine, "
          f"or workers waiting)")
    with_start = words / (seconds[serial_label] + start_cost)
    from .cluster import forks
    # a command's local cluster forks its workers from its own process, which loads the pipeline first (this
    # one had it loaded before the clock started); spawned workers load theirs in the timed run
    command = words / (seconds[started_label] + (start_cost if forks() else 0.0))
    raw, raw_cpu, raw_others = raw_spacy(sample, n)
    print(f"raw spaCy nlp.pipe ({MODEL}): " + "; ".join(
        f"n_process={k}: {v:,.0f} words/s, {raw_cpu[k]:,.0f} per CPU-s (other work: {raw_others[k]:.2f} cores)"
        for k, v in raw.items()))
    ratios = {f"{n} workers / 1 process, started for the run": started / serial,
              f"{n} workers / 1 process, already started": steady / serial,
              "as two ingest commands compare (each loading its pipeline)": command / with_start,
              f"raw spaCy {n} processes / 1": raw[n] / raw[1],
              "ingest / raw spaCy in 1 process, per wall second": serial / raw[1],
              "per CPU second": serial_cpu / raw_cpu[1],
              f"ingest / raw spaCy in {n} processes": started / raw[n],
              # the relations issue's target: the better of 1 and N processes on each side
              f"ingest / raw spaCy, the better of 1 and {n} processes": max(serial, started) / max(raw.values())}
    print("ratios: " + "; ".join(f"{key} {value:.2f}" for key, value in ratios.items()))
    return ratios


def own_cpu() -> float:
    """CPU seconds of this process and of its children that ended (a LocalCluster's workers, once stopped)."""
    import resource
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def machine_cpu() -> float:
    """CPU seconds the whole machine has spent busy (Linux /proc/stat; 0 elsewhere), time stolen by the
    host included: what other work took is this less what the benchmark's own processes took."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def pipeline_start_seconds() -> float:
    """Seconds a new Python process takes to import and load the pipeline (what a single-process ingest
    spends before its first article, and each Dask worker when it starts)."""
    import subprocess
    import sys
    code = ("import time; t = time.perf_counter(); from extractors.pipeline import load; load(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    return float(out.stdout.split()[-1])


def one_article(path: str, db: Path, repeat: int) -> int:
    """Time `python -m extractors ingest ARTICLE --db COPY` in a new process, each time into a fresh copy of db."""
    import json
    import resource
    import sqlite3
    import subprocess
    import sys
    from contextlib import closing
    if not db.exists():
        print(f"error: {db}: no such database", file=sys.stderr)
        return 2
    with _read_only(db) as conn:
        article = next((a for a in read_paths([path]) if not isinstance(a, ReadError)
                        and not conn.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone()), None)
    if article is None:
        print(f"error: every article of {path} is already in {db}", file=sys.stderr)
        return 2
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        sample, copy = Path(tmp) / "one.jsonl", Path(tmp) / "copy.db"
        sample.write_text(json.dumps({"title": article.title, "text": article.text, "date": article.published,
                                      "url": article.url}) + "\n", encoding="utf-8")
        print(f"one article of {len(article.text.split()):,} words ({article.title[:60]!r}) into a copy of {db} "
              f"({db.stat().st_size / 1e6:,.0f} MB)")
        for run in range(repeat):
            for leftover in Path(tmp).glob("copy.db*"):
                leftover.unlink()
            with _read_only(db) as src, closing(sqlite3.connect(copy)) as dst:
                src.backup(dst)
            with copy.open("rb+") as fh:   # on disk before the clock starts: the ingest's own fsync must not wait
                os.fsync(fh.fileno())      # for the copy's hundreds of megabytes
            c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "extractors", "ingest", str(sample), "--db", str(copy),
                                   "--quiet"], cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime)
            if done.returncode or "1 added" not in done.stderr + done.stdout:
                print(f"error: the ingest did not add the article:\n{done.stderr[-2000:]}", file=sys.stderr)
                return 1
            print(f"run {run + 1}: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} CPU-s")
    print(f"median: {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} CPU-s")
    return 0


def _read_only(db: Path):
    import sqlite3
    from contextlib import closing
    return closing(sqlite3.connect(f"file:{db.resolve()}?mode=ro", uri=True))


def raw_spacy(sample: Path, processes: int) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """Words/s of the bare model's nlp.pipe over the sample's texts (read and parsed, nothing stored), with 1
    and `processes` processes; words per CPU-second (its processes' in all); cores other work used meanwhile."""
    import json

    import spacy
    texts = [json.loads(line)["text"] for line in sample.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(MODEL)
    out, per_cpu, others = {}, {}, {}
    for n in dict.fromkeys((1, processes)):
        t0, o0, m0 = time.perf_counter(), own_cpu(), machine_cpu()
        for _doc in nlp.pipe(texts, batch_size=32, n_process=n):
            pass
        wall = time.perf_counter() - t0
        out[n] = words / wall
        others[n] = ((machine_cpu() - m0) - (own_cpu() - o0)) / wall
        per_cpu[n] = words / (own_cpu() - o0)
    return out, per_cpu, others


if __name__ == "__main__":
    raise SystemExit(main())
