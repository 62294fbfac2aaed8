"""A local cluster starts reading at once and ends together: its workers are forks of the calling process,
pipeline loaded, that go when it goes; the last batches are cut smaller so no worker waits long for the other."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

pytest.importorskip("distributed")

from extractors import cluster  # noqa: E402
from extractors.articles import make_article  # noqa: E402

GONE_WITHIN = 30   # seconds for the workers of a killed caller to go (a bound, not an assertion on time)


def pipeline_loaded() -> bool:
    from extractors.pipeline import load
    return load.cache_info().currsize == 1


@pytest.mark.skipif(not cluster.forks(), reason="processes cannot fork here")
def test_the_workers_of_a_local_cluster_have_the_pipeline_before_any_plugin_loads_it(nlp):
    from distributed import Client
    with cluster.local_cluster(2) as local, Client(local) as client:
        assert list(client.run(pipeline_loaded).values()) == [True, True]


def test_the_workers_go_when_the_process_that_started_them_is_killed(tmp_path):
    code = ("import os, sys, time\n"
            "from distributed import Client\n"
            "from extractors.cluster import local_cluster\n"
            "cluster = local_cluster(2)\n"
            "client = Client(cluster)\n"
            "print(*client.run(os.getpid).values(), flush=True)\n"
            "time.sleep(600)\n")
    caller = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in caller.stdout.readline().split()]
        assert len(workers) == 2
    finally:
        caller.send_signal(signal.SIGKILL)
        caller.wait()
    deadline = time.monotonic() + GONE_WITHIN
    while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie (ended, not yet reaped by init) is gone for our purpose
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def test_the_last_batches_are_cut_smaller_and_every_article_comes_back_once_in_order():
    articles = [make_article(f"T{i}", "word " * (100 + 37 * (i % 5))) for i in range(40)]
    batches = [articles[i:i + 5] for i in range(0, 40, 5)]
    tasks = list(cluster.even_end(iter(batches), last=2, parts=4))
    assert [a.title for task in tasks for a in task] == [a.title for a in articles]
    assert tasks[:6] == batches[:6]
    assert len(tasks) > 8 and all(len(task) < 5 for task in tasks[6:])


def test_a_batch_is_cut_between_articles_into_parts_of_about_equal_text():
    long, short = make_article("long", "word " * 400), make_article("short", "word " * 100)
    assert [[a.title for a in part] for part in cluster.cut([long, short, short, short, short], 4)] == \
        [["long"], ["short", "short"], ["short", "short"]]
    assert cluster.cut([long], 4) == [[long]]
