"""How an ingest hands work to Dask workers: a slow batch holds up no worker, results come back in input
order, and the local cluster's workers run as a plain process would."""
from __future__ import annotations

import logging
import os
import threading

import pytest

pytest.importorskip("distributed")

from extractors import cluster  # noqa: E402
from extractors.articles import make_article  # noqa: E402

WAIT = 60   # seconds the slow batch waits at most (a bound, not an assertion on time)


def empty_graph(article) -> dict:
    return {"entities": [], "mentions": [], "relations": [], "topics": [], "title": article.title}


LATER_READ = threading.Event()   # a batch beyond the first window has been read (module level: tasks pickle
                                 # their function by name, and the in-process workers share this module)


def slow_first_batch(batch):
    index = int(batch[0].title[1:])
    if index >= 2 * cluster.IN_FLIGHT:
        LATER_READ.set()
    if index == 0 and not LATER_READ.wait(WAIT):
        raise RuntimeError("no batch after the first window was read while the first one waited")
    return [empty_graph(a) for a in batch]


def test_while_one_batch_is_slow_the_free_worker_goes_on_with_the_batches_after_it(monkeypatch):
    """The first batch is read only once a batch beyond the first window (one running and one waiting per
    worker) has been read: had the free worker waited for the slow one, that batch would never start."""
    from distributed import LocalCluster
    LATER_READ.clear()
    monkeypatch.setattr(cluster, "graphs_of", slow_first_batch)
    articles = [make_article(f"T{i}", f"The ministers met in Vienna for meeting number {i}.") for i in range(12)]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.ERROR) as local:
        out = list(cluster.graphs(articles, scheduler=local.scheduler_address, batch=1))
    assert [a.title for a, _g in out] == [f"T{i}" for i in range(12)]
    assert [g["title"] for _a, g in out] == [f"T{i}" for i in range(12)]
    assert not [g["refused"] for _a, g in out if g.get("refused")]


def test_the_local_clusters_workers_keep_the_usual_memory_allocator_and_no_profiler():
    """Dask's nanny would start them with MALLOC_TRIM_THRESHOLD_ set (every large array mapped and unmapped
    again: a fifth slower) and a stack-sampling profiler; the ingest's own cluster has neither."""
    from distributed import Client
    with cluster.local_cluster(1) as local, Client(local) as client:
        env = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        profiling = client.run(lambda: __import__("dask").config.get("distributed.worker.profile.enabled"))
    assert list(env.values()) == [None]
    assert list(profiling.values()) == [False]
    assert os.environ.get("MALLOC_TRIM_THRESHOLD_") is None   # nor is it left in this process for its children


def test_a_worker_given_the_trim_setting_gets_the_usual_thresholds_back(monkeypatch):
    """On a cluster one starts oneself (`dask worker`), the pipeline's plugin sets glibc's thresholds back."""
    import sys
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert cluster.usual_allocator() is True
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    assert cluster.usual_allocator() is False
