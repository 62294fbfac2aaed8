"""The language pipeline on a Dask cluster: workers read the articles, the calling process writes them.

Workers load the pipeline once (a worker plugin warms it up; `pipeline.load` is cached per process; a local
cluster's workers are forked from a process that has loaded it, see `local_cluster`) and turn a batch of articles into plain graph dicts, the rows `graphify.doc_graph` makes. The caller stores
them, an article a transaction, so a killed run loses nothing that was written and writes nothing twice.

A task is one of the batches a single-process ingest reads at a time (ingest._batches: at most BATCH
articles and two pieces' worth of text), so the pipeline reads the same texts together either way. The
input is read a window at a time: each worker thread has IN_FLIGHT tasks submitted to it, and a new one
is submitted as soon as any finishes, whatever its place in the input, so no worker waits on a slower
one's batch; results are handed on in input order (at most AHEAD tasks done but not yet handed on), so a
person named by one word joins the person an earlier article stored exactly as in a single-process run.

With no scheduler address a `LocalCluster` is started: one worker process per core (at most 4), one
thread each (a spaCy pipeline is not shared between threads). With `tcp://HOST:PORT` the workers of
that cluster are used; they must be able to import this project (see the README, "Ingest on Dask").
"""
from __future__ import annotations

import logging
import multiprocessing
import sys
import types
from collections import deque
from contextlib import contextmanager

import dask
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

IN_FLIGHT = 2           # tasks submitted per worker thread: one running, one waiting, so a worker never idles
AHEAD = 8               # tasks per worker thread submitted or done and not yet handed on (bounds memory when
                        # one slow task holds up those after it)
END_PARTS = 4          # the last tasks are cut in this many (see even_end)
CONNECT_TIMEOUT = 30   # seconds to reach a scheduler
WORKERS_TIMEOUT = 120  # seconds to wait for a scheduler's first worker


# Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 (so that freed memory goes back to the
# system at once). Setting it turns off glibc's sliding threshold for serving large blocks with mmap, so every
# array over 128 KB the language pipeline makes and frees is mapped, zero-filled and unmapped again: 20 times
# the page faults and a fifth more time per article than in a plain process. Local clusters are started
# without it; on any worker (a cluster of one's own too) the pipeline sets both thresholds to where glibc's
# sliding ones settle, large blocks from the heap and unused memory returned past 64 MB.
LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # and no statistical profiler sampling the workers' stacks every 10 ms for a dashboard page no ingest shows
    "distributed.worker.profile.enabled": False,
    # Periodic work every process of the cluster does, made rarer: the event loop's "blocked?" tick (every 20 ms),
    # the memory monitor (100 ms) and the status page's system monitor (500 ms). Each wakes the worker's event loop,
    # which then takes the interpreter lock from the thread reading articles. An idle 2-worker cluster used 2% of a
    # core per worker and 4.5% in this process; with these, 0.5% and 1.4%. A worker over its memory limit is
    # still stopped, within half a second.
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
}
FORK = True     # start a local cluster's workers as forks of this process (where the system can)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3     # glibc's mallopt parameters


def usual_allocator() -> bool:
    """On a worker whose environment sets MALLOC_TRIM_THRESHOLD_ (glibc only): large blocks from the heap
    again (up to 32 MB, glibc's own ceiling) and memory handed back past 64 MB. True if changed."""
    import ctypes
    import os
    if not os.environ.get("MALLOC_TRIM_THRESHOLD_") or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)) and bool(libc.mallopt(M_TRIM_THRESHOLD, 64 << 20))
    except (OSError, AttributeError):   # another C library
        return False


class LoadPipeline(WorkerPlugin):
    """Loads the pipeline when a worker joins, so the first batch does not wait for it."""
    name = "entente-pipeline"
    idempotent = True

    def setup(self, worker):
        from .pipeline import load
        usual_allocator()
        load()


def local_cluster(workers: int) -> LocalCluster:
    """A LocalCluster of `workers` processes of one thread each (a spaCy pipeline is not shared between
    threads), its status page on any free port (not 8787).

    Where the operating system can, the workers are forked from this process with the pipeline already
    loaded here (loaded first if it is not), so they start reading at once: spawned, each imported Dask and
    loaded the pipeline again (2.5 s of both cores before the first article), and kept a copy of its memory
    each instead of sharing this one's pages. A fork holds this process's open files (the database among them)
    but never uses them, and goes as soon as this process does (Dask's watch on its parent)."""
    how = dict(LOCAL_CLUSTER_CONFIG)
    if forks():
        from .pipeline import load
        load()
        how["distributed.worker.multiprocessing-method"] = "fork"
        how["distributed.worker.preload"] = ["extractors.worker_guard"]   # forks go with this process
    with _main_left_alone(), dask.config.set(how):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                            silence_logs=logging.ERROR)


def forks() -> bool:
    """Whether a local cluster's workers are forked from this process (with its pipeline) or spawned."""
    # Linux only: on macOS a forked process may crash in the system's libraries (Python spawns there by default)
    return FORK and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def graphs_of(batch: list) -> list[dict]:
    """On a worker: the graph of each article of a batch, in order (plain dicts, cheap to send back)."""
    from .ingest import _graphs_serial
    from .pipeline import load
    return [graph for _article, graph in _graphs_serial(load(), batch)]


@contextmanager
def client(scheduler: str | None = None, workers: int = 2):
    """A client of the cluster at `scheduler`, or of a LocalCluster of `workers` processes started for it."""
    if scheduler:
        with Client(scheduler, timeout=CONNECT_TIMEOUT) as c:
            yield c
        return
    with local_cluster(workers) as cluster, Client(cluster) as c:
        yield c


@contextmanager
def _main_left_alone():
    """While worker processes are spawned, this process's main module is hidden from them: Python would
    run its script again in each (a Streamlit app, a test runner that ran one), and only `python -m
    extractors` is safe to. Workers need none of it: what they run is imported by name."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def describe(c: Client, scheduler: str | None) -> str:
    n = len(c.nthreads())
    where = f"the Dask cluster at {scheduler}" if scheduler else "a local Dask cluster"
    return f"{where}, {n} worker{'s' if n != 1 else ''}"


def graphs(articles, scheduler: str | None = None, workers: int = 2, batch: int | None = None, on_start=None):
    """(article, graph) pairs for the articles, read by Dask workers, in input order; a task holds at most
    `batch` articles (default: the single-process batch, ingest.BATCH)."""
    from distributed import wait

    from .ingest import task_batches
    with client(scheduler, workers) as c:
        c.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        c.register_plugin(LoadPipeline())
        if on_start:
            on_start(describe(c, scheduler))
        threads = max(1, sum(c.nthreads().values()))
        it = even_end(task_batches(articles, batch), threads * IN_FLIGHT)
        pending: deque = deque()     # (chunk, future), in input order
        more = True

        def running() -> int:
            return sum(1 for _chunk, f in pending if not f.done())

        while pending or more:
            while more and len(pending) < threads * AHEAD and running() < threads * IN_FLIGHT:
                chunk = next(it, None)
                if chunk:
                    pending.append((chunk, c.submit(graphs_of, chunk, pure=False)))
                more = bool(chunk)
            if not pending:
                break
            chunk, future = pending[0]
            if not future.done():    # wait for any task: a free worker gets the next one at once
                wait([f for _chunk, f in pending if not f.done()], return_when="FIRST_COMPLETED")
                continue
            pending.popleft()
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001  (a worker died on this batch: each article alone, so only the
                results = one_by_one(c, chunk, exc)  # one at fault is refused and the others go on)
            future.release()
            yield from zip(chunk, results)


def even_end(batches, last: int, parts: int = END_PARTS):
    """The batches in order, the `last` of them each cut into `parts` smaller ones (whole articles, about as
    much text each): the workers then finish within a small task of each other, where with whole batches
    one waited for the other's last batch (on average half a batch, 5% of a 120-article run on 2 workers).
    The pipeline reads an article the same whatever it is read with."""
    ahead: deque = deque()
    for chunk in batches:
        ahead.append(chunk)
        if len(ahead) > last:
            yield ahead.popleft()
    for chunk in ahead:
        yield from cut(chunk, parts)


def cut(chunk: list, parts: int) -> list[list]:
    """A batch in at most `parts` runs of articles of about equal text (an article is never split)."""
    total = sum(len(a.text) for a in chunk) or 1
    out: dict[int, list] = {}
    size = 0
    for article in chunk:   # each article goes to the part its middle falls in
        out.setdefault(min(parts - 1, int((size + len(article.text) / 2) * parts / total)), []).append(article)
        size += len(article.text)
    return list(out.values())


def one_by_one(c: Client, chunk: list, exc: Exception) -> list[dict]:
    """The graphs of a batch whose task failed, each article read alone; one that fails again is refused."""
    from .pieces import refused
    out = []
    for article in chunk:
        try:
            out += c.submit(graphs_of, [article], pure=False).result()
        except Exception as again:  # noqa: BLE001
            out.append(refused(f"the language pipeline's worker failed on it ({type(again).__name__}: "
                               f"{str(again)[:200] or type(exc).__name__})"))
    return out
