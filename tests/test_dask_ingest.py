"""Ingest on Dask stores exactly what a single-process ingest stores: on a scheduler and two workers started as
separate processes (as on several machines), and on the local cluster the command line starts itself."""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, ROOT

pytest.importorskip("distributed")

NEWS = FIXTURES.parent / "news"
START_TIMEOUT = 60   # seconds for the scheduler and workers to come up (a bound, not an assertion)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=15)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, torn down after the module."""
    from distributed import Client
    logs = tmp_path_factory.mktemp("dask-logs")
    env = dict(os.environ, PYTHONPATH=str(ROOT))   # workers import Entente as on any machine: from a checkout
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = [sys.executable, "-m", "dask"]
    procs = []
    try:
        procs.append(subprocess.Popen(dask + ["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                              "--dashboard-address", "127.0.0.1:0"], cwd=ROOT, env=env,
                                      stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "w")))
        for i in range(2):
            procs.append(subprocess.Popen(dask + ["worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                                  "--no-dashboard", "--name", f"w{i}"], cwd=ROOT, env=env,
                                          stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{i}.log", "w")))
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline or procs[0].poll() is not None:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        stop(procs[::-1])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A small folder of the project's own fixture articles, in every input format, plus the news articles."""
    path = tmp_path_factory.mktemp("input")
    shutil.copytree(FIXTURES, path / "articles")
    shutil.copytree(NEWS, path / "news")
    return path


@pytest.fixture(scope="module")
def single_process(folder, tmp_path_factory, nlp):
    from extractors.ingest import ingest
    from graph.store import Store
    path = tmp_path_factory.mktemp("serial") / "graph.db"
    with Store(path) as store:
        summary = ingest([folder], store, progress=False, nlp=nlp, processes=1)
    assert summary.added >= 9 and not summary.errors
    return contents(path)


def contents(path) -> dict:
    """What a store holds, as sets of plain rows."""
    conn = sqlite3.connect(path)
    try:
        return {
            "articles": set(conn.execute("SELECT id, words, topics FROM articles")),
            "entities": set(conn.execute("SELECT id, name, type FROM entities")),
            "mentions": set(conn.execute("SELECT entity_id, article_id, start, end FROM mentions")),
            "relations": set(conn.execute("SELECT source, target, relation, article_id, start, end, assertion "
                                          "FROM relations")),
        }
    finally:
        conn.close()


def cli_ingest(folder, db, *flags):
    return subprocess.run([sys.executable, "-m", "extractors", "ingest", str(folder), "--db", str(db), *flags],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_scheduler_and_two_worker_processes_store_what_one_process_stores(scheduler, folder, single_process,
                                                                            tmp_path):
    r = cli_ingest(folder, tmp_path / "dask.db", "--scheduler", scheduler)
    assert r.returncode == 0, r.stderr
    assert f"reading on the Dask cluster at {scheduler}, 2 workers" in r.stderr
    stored = contents(tmp_path / "dask.db")
    assert stored["articles"] == single_process["articles"]
    assert stored == single_process


def test_the_workers_loaded_the_pipeline_once_each(scheduler, folder, tmp_path):
    from distributed import Client
    assert cli_ingest(folder, tmp_path / "dask.db", "--scheduler", scheduler, "--quiet").returncode == 0

    def loads():
        from extractors.pipeline import load
        return load.cache_info().misses

    with Client(scheduler, timeout=10) as client:
        assert set(client.run(loads).values()) == {1}


def test_ingesting_again_on_dask_adds_nothing(scheduler, folder, tmp_path):
    db = tmp_path / "dask.db"
    assert cli_ingest(folder, db, "--scheduler", scheduler, "--quiet").returncode == 0
    before = contents(db)
    again = cli_ingest(folder, db, "--scheduler", scheduler)
    assert again.returncode == 0
    assert "reading on" not in again.stderr   # nothing fresh: no cluster is asked for work
    assert contents(db) == before


def test_the_command_line_starts_a_local_cluster_that_stores_the_same(folder, single_process, tmp_path):
    r = cli_ingest(folder, tmp_path / "local.db", "--processes", "2")
    assert r.returncode == 0, r.stderr
    assert "reading on a local Dask cluster, 2 workers" in r.stderr
    assert contents(tmp_path / "local.db") == single_process


def test_one_process_uses_no_dask(folder, tmp_path):
    code = ("import sys; from extractors.cli import main; rc = main(); "
            "assert 'distributed' not in sys.modules, 'dask was imported'; raise SystemExit(rc)")
    r = subprocess.run([sys.executable, "-c", code, "ingest", str(folder / "news"), "--db", str(tmp_path / "g.db"),
                        "--processes", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def test_a_local_cluster_does_not_run_the_callers_main_script_again(tmp_path, monkeypatch, single_process, folder):
    """Called from a Streamlit app or a test runner, the workers start without running its script again."""
    import types

    from extractors.ingest import ingest
    from graph.store import Store
    marker = tmp_path / "ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit(3)\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    with Store(tmp_path / "g.db") as store:
        ingest([folder], store, progress=False, processes=2)
    assert not marker.exists()
    assert contents(tmp_path / "g.db") == single_process
