"""Two ingests started at once on one database: the second waits for the first, a batch at a time, says that it
is waiting, and together they store each article once, with totals as one ingest of them all would keep."""
from __future__ import annotations

import queue
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

from conftest import ROOT

from extractors.writer_lock import WriterLock, in_turns

STATES = ["Serbia", "China", "France", "India", "Japan", "Brazil", "Kenya", "Norway", "Chile", "Egypt"]
STORIES = [   # articles of our own: {a} and {b} are states
    "The foreign minister of {a} visited {b} on Monday. {a} agreed to buy drones from {b}.",
    "{a} imposed new sanctions on {b} after the talks failed. {a} and {b} signed a trade agreement in Geneva.",
]
WAIT = 120   # seconds: a bound on how long a run may take here, not a timed assertion


def write_articles(folder, numbers) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        a, b = STATES[i % len(STATES)], STATES[(3 * i + 1) % len(STATES)]
        if a == b:
            b = STATES[(i + 5) % len(STATES)]
        (folder / f"{i:03d}.md").write_text(f"---\ntitle: Report {i}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
                                            f"---\n{STORIES[i % 2].format(a=a, b=b)} Report number {i}.\n")


def start_ingest(folder, db):
    return subprocess.Popen([sys.executable, "-m", "extractors", "ingest", str(folder), "--db", str(db),
                             "--processes", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def contents(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}")) for table in ("edges", "edge_topics", "entity_stats")} | {
            "articles": sorted(conn.execute("SELECT id, words FROM articles")),
            "relations": sorted(conn.execute("SELECT source, target, relation, article_id, start, assertion FROM relations")),
        }
    finally:
        conn.close()


def test_an_ingest_waits_while_another_writes_and_says_so(tmp_path):
    write_articles(tmp_path / "in", range(6))
    db = tmp_path / "g.db"
    lines: queue.Queue = queue.Queue()
    with WriterLock(db) as held:   # another ingest is writing a batch
        proc = start_ingest(tmp_path / "in", db)
        try:
            threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()
            deadline, said = time.monotonic() + WAIT, ""
            while "waiting for another ingest writing" not in said and time.monotonic() < deadline \
                    and proc.poll() is None:
                try:
                    said += lines.get(timeout=1)
                except queue.Empty:
                    pass
            assert "waiting for another ingest writing to" in said
            with sqlite3.connect(db) as conn:
                assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
        except BaseException:
            proc.kill()
            raise
    held.close()
    out, _ = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 6


def test_two_ingests_at_once_store_each_article_once(tmp_path, nlp):
    from extractors.ingest import ingest
    from graph.store import Store
    write_articles(tmp_path / "first", range(0, 40))
    write_articles(tmp_path / "second", range(20, 60))   # 20 articles in both folders
    procs = [start_ingest(tmp_path / name, tmp_path / "g.db") for name in ("first", "second")]
    try:
        outs = [p.communicate(timeout=WAIT) for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    write_articles(tmp_path / "all", range(60))
    with Store(tmp_path / "one.db") as store:
        ingest([tmp_path / "all"], store, progress=False, nlp=nlp, processes=1)
    assert contents(tmp_path / "g.db") == contents(tmp_path / "one.db")


def test_writers_take_turns_a_batch_at_a_time(tmp_path):
    db = tmp_path / "g.db"
    order: list[str] = []
    first, second = WriterLock(db), WriterLock(db)
    started = threading.Event()

    def run(name, lock):
        for _ in in_turns(range(6), lock, 2):
            order.append(name)
            started.set()
            time.sleep(0.05)   # a write, long enough for the other to queue

    a = threading.Thread(target=run, args=("a", first))
    a.start()
    started.wait(WAIT)
    run("b", second)
    a.join(WAIT)
    first.close(), second.close()
    assert sorted(order) == ["a"] * 6 + ["b"] * 6
    runs = "".join(order)
    # each writes its batch of two whole, and neither writes two batches while the other waits
    assert "aaaa" not in runs[runs.index("b"):] and "bbbb" not in runs[:runs.rindex("a")]
    assert all(len(chunk) % 2 == 0 for chunk in runs.replace("ab", "a|b").replace("ba", "b|a").split("|"))
