"""How long the server takes to rerun the page after a click or a filter change (target: < 0.5 s).

    .venv/bin/python -m dashboard.bench_rerun [--db data/graph.db] [--repeat 5]

Runs dashboard/app.py with Streamlit's AppTest (no browser: this is the server side of a rerun) on the
given database, or on one built from data/articles in a temporary folder. It prints the median time of
each kind of rerun next to a baseline rerun in which nothing changed. AppTest adds its own overhead
(it parses every element the script sends), so the figures are an upper bound.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_sample_db(folder: Path) -> Path:
    from extractors.ingest import ingest
    from graph import Store
    db = folder / "graph.db"
    with Store(db) as store:
        print(ingest([str(ROOT / "data" / "articles")], store, progress=False).line())
    return db


def timed(at) -> float:
    t = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t
    if at.exception:
        raise SystemExit(f"the app raised: {[e.value for e in at.exception]}")
    return elapsed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database to measure on (default: build one from data/articles)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    from graph import Store, View, query

    tmp = tempfile.TemporaryDirectory(prefix="entente-bench-")
    db = Path(args.db) if args.db else build_sample_db(Path(tmp.name))
    os.environ["ENTENTE_DB"] = str(db)
    with Store(db, readonly=True) as store:
        g = query.full_graph(store, View())
        counts = store.counts()
    by_degree = sorted(g, key=lambda n: -g.degree(n, weight="weight"))
    nodes = by_degree[: max(args.repeat * 2, 10)]
    countries = sorted({d["country"] for _, d in g.nodes(data=True) if d["country"]},
                       key=lambda c: -sum(1 for _, d in g.nodes(data=True) if d["country"] == c))
    print(f"database {db}: {counts['articles']} articles, {len(g)} nodes, {g.number_of_edges()} edges")

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    first = timed(at)
    results: dict[str, list[float]] = {k: [] for k in (
        "rerun, nothing changed (baseline)", "click a node (panel opens)", "click another node",
        "filter: a country not seen before", "filter: back to a country seen before", "Focus on the selected node",
        "Back")}
    for i in range(args.repeat):
        results["rerun, nothing changed (baseline)"].append(timed(at))
    for i in range(args.repeat):
        at.session_state["graph"] = {"click": {"kind": "node", "id": nodes[2 * i], "n": 1000 + 2 * i}}
        results["click a node (panel opens)" if i == 0 else "click another node"].append(timed(at))
        at.session_state["graph"] = {"click": {"kind": "node", "id": nodes[2 * i + 1], "n": 1001 + 2 * i}}
        results["click another node"].append(timed(at))
    seen = []
    for code in countries[: args.repeat]:
        at.multiselect(key="f_country").set_value([code])
        results["filter: a country not seen before"].append(timed(at))
        seen.append(code)
    for code in seen:
        at.multiselect(key="f_country").set_value([code])
        results["filter: back to a country seen before"].append(timed(at))
    at.multiselect(key="f_country").set_value([])
    timed(at)
    for i in range(args.repeat):
        at.session_state["graph"] = {"click": {"kind": "node", "id": nodes[i], "n": 5000 + i}}
        timed(at)
        at.button(key="p_focus").click()
        results["Focus on the selected node"].append(timed(at))
        at.button(key="v_back").click()
        results["Back"].append(timed(at))

    base = statistics.median(results["rerun, nothing changed (baseline)"])
    print(f"first run (cold caches, layout of the whole graph): {first * 1000:.0f} ms")
    print(f"{'rerun after':45} {'median':>8} {'max':>8} {'× baseline':>11}")
    for name, times in results.items():
        if times:
            med = statistics.median(times)
            print(f"{name:45} {med * 1000:6.0f} ms {max(times) * 1000:6.0f} ms {med / base:10.1f}×")
    worst = max(max(t) for t in results.values() if t)
    print(f"slowest rerun after a click or filter change: {worst * 1000:.0f} ms "
          f"({'under' if worst < 0.5 else 'OVER'} the 0.5 s target)")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
