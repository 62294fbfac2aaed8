"""How long the server takes to rerun the page after each kind of click or filter change.

    .venv/bin/python -m dashboard.bench_rerun [--db data/graph.db] [--rounds 3] [--limit 150]

Runs dashboard/app.py with Streamlit's AppTest (no browser: this is the server side of a rerun) on the
given database, or on one built from data/articles in a temporary folder, through one fixed script at
Max nodes `--limit` (default: the dashboard's own default, what a new user sees; the scale issue's script
says 150), `--rounds` times (each round with other nodes and countries, so "never seen" stays true):

    default view · click the biggest hub · click 5 other nodes · Focus · Back · 3 countries never seen
    before · a topic · two countries · the bilateral view of them · a path · open the Relations tab · open
    the Articles tab (then back to the Entities tab, which the other steps run with)

and prints p50, p95 and max per interaction (nearest rank), next to a rerun in which nothing changed,
and the bytes each interaction sends to the browser: the serialised elements of the rerun, where an
element of 10 KB or more that the browser already holds from one of the last two runs counts as the
short reference Streamlit sends instead (its message cache), and among them the graph component's
drawing (sent only when the drawing changed) and selection.
With `--ingest-beside` it works on a copy of the database and, after the script, adds one article at a
time beside the running app (as a command-line ingest would), between two nodes far from the default
view and then between two nodes in it, and times the next rerun of the default view.
A step the app under test does not offer (an older version without the bilateral mode) is skipped.
AppTest adds its own overhead (it parses every element the script sends), so figures are an upper bound.
No figure is asserted anywhere: this prints, people judge.
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STEPS = ("rerun, nothing changed (baseline)", "default view", "click the biggest hub", "click another node",
         "Focus", "Back", "a country never seen before", "a topic", "two countries", "bilateral view", "a path",
         "open the Relations tab", "open the Articles tab", "ingest beside: an article elsewhere",
         "ingest beside: an article in the view")
TABLE_TAB = "entente_table"   # dashboard.tables.OPEN: the open tab under the graph (its table alone is sent)
TOPICS = ("defence", "economy", "diplomacy", "energy", "technology", "security")
try:
    from dashboard.settings import DEFAULT_LIMIT   # Max nodes of a page opened without a limit in its URL
except ImportError:
    DEFAULT_LIMIT = 150


def build_sample_db(folder: Path) -> Path:
    from extractors.ingest import ingest
    from graph import Store
    db = folder / "graph.db"
    with Store(db) as store:
        print(ingest([str(ROOT / "data" / "articles")], store, progress=False).line())
    return db


def percentile(times: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


CACHED_MIN = 10_000   # Streamlit's global.minCachedMessageSize: smaller elements are always sent
CACHED_AGE = 2        # global.maxCachedMessageAge: runs a cached element survives without being sent
REF_BYTES = 60        # a reference message (hash and metadata), roughly


class Wire:
    """The bytes a rerun sends, modelled from the elements AppTest received: each element's serialised
    protobuf, or a reference when the browser holds the same element from a recent run."""

    def __init__(self):
        self.cache: dict[str, int] = {}   # element hash -> the run that last sent or referenced it
        self.runs = 0

    def rerun(self, at) -> dict:
        import hashlib
        self.runs += 1
        sent = {"total": 0, "drawing": 0, "selection": 0}
        for node in _elements(at._tree):
            raw = node.proto.SerializeToString(deterministic=True)
            key = hashlib.blake2b(raw, digest_size=12).hexdigest()
            size = len(raw)
            if size >= CACHED_MIN and self.runs - self.cache.get(key, -99) <= CACHED_AGE:
                size = REF_BYTES
            if len(raw) >= CACHED_MIN:
                self.cache[key] = self.runs
            sent["total"] += size
            k = getattr(node, "key", None)
            if k == "graph":
                sent["drawing"] += size
            elif k == "graph_selection":
                sent["selection"] += size
        return sent


def _elements(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _elements(child)
    elif getattr(node, "proto", None) is not None and hasattr(node.proto, "SerializeToString"):
        yield node


class Bench:
    def __init__(self, at, limit: int = DEFAULT_LIMIT):
        self.at, self.limit, self.times = at, limit, {k: [] for k in STEPS}
        self.bytes: dict[str, list[dict]] = {k: [] for k in STEPS}
        self.wire = Wire()
        self.nonce = 1000

    def run(self, step: str | None = None) -> float:
        t = time.perf_counter()
        self.at.run()
        elapsed = time.perf_counter() - t
        if self.at.exception:
            raise SystemExit(f"the app raised: {[e.value for e in self.at.exception]}")
        sent = self.last_sent = self.wire.rerun(self.at)
        if step:
            self.times[step].append(elapsed)
            self.bytes[step].append(sent)
        return elapsed

    def click(self, kind: str, ref: str | None, step: str | None = None) -> None:
        self.nonce += 1
        self.at.session_state["graph"] = {"click": {"kind": kind, "id": ref, "n": self.nonce}}
        self.run(step)

    def clear(self, step: str | None = None) -> None:
        """Clear filters (which also sets Max nodes back to the dashboard's default), then Max nodes again."""
        self.at.button(key="f_clear").click()
        if self.limit == DEFAULT_LIMIT:
            self.run(step)
            return
        self.run()
        self.at.number_input(key="f_limit").set_value(self.limit)
        self.run(step)

    def widget(self, kind: str, key: str):
        try:
            return getattr(self.at, kind)(key=key)
        except KeyError:
            return None


def plan(store, limit: int):
    """The nodes to click (heaviest first in the default view, as the dashboard draws it) and countries by
    how many nodes they have."""
    from graph import View, query
    try:
        from dashboard.state import effective
        start = effective(View(limit=limit), together=False)
    except ImportError:   # an older dashboard
        start = View(limit=limit)
    try:
        shown = query.subgraph(store, start, evidence=False)
        whole = query.subgraph(store, View(), evidence=False)
    except TypeError:   # an Entente without lean graphs: the same, with evidence
        shown = query.subgraph(store, View(limit=limit))
        whole = query.full_graph(store, View())
    nodes = sorted(shown, key=lambda n: (-shown.degree(n, weight="weight"), n))
    countries = Counter(d["country"] for _, d in whole.nodes(data=True) if d["country"])
    far = sorted((n for n in whole if n not in shown), key=lambda n: (whole.degree(n), n))[:6]
    entity = {n: {"id": n, "name": whole.nodes[n]["name"], "type": whole.nodes[n]["type"],
                  "country": whole.nodes[n]["country"]} for n in [*nodes[:6], *far]}
    return nodes, [c for c, _ in countries.most_common()], len(whole), whole.number_of_edges(), far, entity


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database to measure on (default: build one from data/articles)")
    ap.add_argument("--rounds", type=int, default=3, help="times the fixed script runs (default 3)")
    ap.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                    help=f"Max nodes (default {DEFAULT_LIMIT}, the dashboard's default; the scale issue says 150)")
    ap.add_argument("--layouts", metavar="DIR", help="folder of stored layouts to use (ENTENTE_CACHE; default: "
                                                     "an empty one, so the first run lays its view out)")
    ap.add_argument("--ingest-beside", action="store_true",
                    help="on a copy of the database, also time reruns after articles are added beside the app")
    args = ap.parse_args(argv)

    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")   # no "missing ScriptRunContext" lines
    from streamlit.testing.v1 import AppTest

    from graph import Store

    from graph import StoreError
    tmp = tempfile.TemporaryDirectory(prefix="entente-bench-")
    db = Path(args.db) if args.db else build_sample_db(Path(tmp.name))
    try:   # a missing file, or one of an older schema that cannot be upgraded read-only: say so, in one line
        Store(db, readonly=True).close()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.ingest_beside:   # never write to the database measured: to a copy of it
        copy = Path(tmp.name) / "beside.db"
        with Store(db, readonly=True) as store:
            store.conn.execute("VACUUM INTO ?", (str(copy),))
        db = copy
    os.environ["ENTENTE_DB"] = str(db)
    # layouts the dashboard stores on disk (dashboard/layout_cache.py): none at first, so the first run is cold
    os.environ["ENTENTE_CACHE"] = args.layouts or str(Path(tmp.name) / "cache")
    sys.argv[1:] = []   # the app reads `--db` from the command line first: it must see ENTENTE_DB (the copy)
    with Store(db, readonly=True) as store:
        nodes, countries, n_nodes, n_edges, far, entity = plan(store, args.limit)
        articles = store.counts()["articles"]
    print(f"database {db}: {articles} articles, {n_nodes} nodes, {n_edges} edges; Max nodes {args.limit}")

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    b = Bench(at, args.limit)
    if args.limit != DEFAULT_LIMIT:   # the app's default view has no limit in its URL
        at.query_params = {"limit": str(args.limit)}
    first = b.run()
    first_sent = b.last_sent
    for _ in range(3):
        b.run("rerun, nothing changed (baseline)")
    hub, others = nodes[0], nodes[1:]
    for r in range(args.rounds):
        if r:   # back to the default view
            b.clear("default view")
            b.click("none", None)
        b.click("node", hub, "click the biggest hub")
        picks = others[5 * r:5 * r + 5]
        for node in picks:
            b.click("node", node, "click another node")
        b.at.button(key="p_focus").click()
        b.run("Focus")
        b.at.button(key="v_back").click()
        b.run("Back")
        for code in countries[3 * r:3 * r + 3]:
            b.at.multiselect(key="f_country").set_value([code])
            b.run("a country never seen before")
        b.at.multiselect(key="f_country").set_value([])
        b.at.multiselect(key="f_topic").set_value([TOPICS[r % len(TOPICS)]])
        b.run("a topic")
        b.at.multiselect(key="f_topic").set_value([])
        pair = [countries[r], countries[r + 1 + (r % 2)]]
        b.at.multiselect(key="f_country").set_value(pair)
        b.run("two countries")
        mode = b.widget("radio", "f_mode")
        if mode is not None:
            mode.set_value("between")
            b.run("bilateral view")
        b.clear()
        if picks:
            b.click("node", picks[0])
            target = b.widget("selectbox", "p_path_target")
            options = [o for o in (target.options if target is not None else []) if o != picks[0]]
            if options:
                target.set_value(options[(7 * r) % len(options)])
                b.at.button(key="p_path").click()
                b.run("a path")
                b.at.button(key="v_path").click()
                b.run()
        for tab in ("relations", "articles"):   # what clicking a tab does (the open tab is kept in the session)
            b.at.session_state[TABLE_TAB] = tab
            b.run(f"open the {tab.capitalize()} tab")
        b.at.session_state[TABLE_TAB] = "entities"
        b.run()

    if args.ingest_beside:
        b.clear()
        b.click("none", None)
        pairs = [("ingest beside: an article elsewhere", far[i], far[i + 1]) for i in range(0, len(far) - 1, 2)]
        pairs += [("ingest beside: an article in the view", nodes[i], nodes[i + 1]) for i in range(0, 5, 2)]
        for i, (step, a, c) in enumerate(pairs):
            sentence = f"{entity[a]['name']} met {entity[c]['name']} (bench article {i})."
            with Store(db) as store:
                store.add_article({"id": f"bench-beside-{i}-{time.time_ns()}", "text": sentence, "title": sentence,
                                   "published": "2024-01-01"},
                                  {"entities": [entity[a], entity[c]], "mentions": [], "relations": [
                                      {"source": a, "target": c, "relation": "met_with", "sentence": sentence,
                                       "start": 0, "end": len(sentence)}]})
            b.run(step)

    # a restart: Streamlit's caches emptied, the layouts this run stored kept (modules stay imported)
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()
    again = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    if args.limit != DEFAULT_LIMIT:
        again.query_params = {"limit": str(args.limit)}
    t = time.perf_counter()
    again.run()
    restart = time.perf_counter() - t

    base = sorted(b.times["rerun, nothing changed (baseline)"])[len(b.times["rerun, nothing changed (baseline)"]) // 2]
    print(f"first run (cold caches): {first * 1000:.0f} ms; after a restart with the layouts stored "
          f"(Streamlit's caches emptied, modules already imported): {restart * 1000:.0f} ms")
    print(f"{'rerun after':38} {'n':>3} {'p50':>8} {'p95':>8} {'max':>8} {'p50 × baseline':>15}")
    after_click = []
    for name, times in b.times.items():
        if not times:
            print(f"{name:38} {'-':>3}   (not measured: not offered by this app, or one round only)")
            continue
        p50, p95 = percentile(times, 50), percentile(times, 95)
        print(f"{name:38} {len(times):3d} {p50 * 1000:5.0f} ms {p95 * 1000:5.0f} ms {max(times) * 1000:5.0f} ms "
              f"{p50 / base:14.1f}×")
        if name != STEPS[0]:
            after_click += times
    print(f"all reruns after a click or filter change (n={len(after_click)}): p50 {percentile(after_click, 50) * 1000:.0f} ms, "
          f"p95 {percentile(after_click, 95) * 1000:.0f} ms, max {max(after_click) * 1000:.0f} ms "
          f"(targets: p50 < 300 ms, p95 < 1000 ms)")
    print(f"first run sent {first_sent['total'] / 1024:,.1f} KB (graph drawing {first_sent['drawing'] / 1024:,.1f} KB)")
    print(f"{'bytes sent per rerun':38} {'n':>3} {'median':>9} {'max':>9} {'drawing (median)':>17} {'selection':>10}")
    for name, sent in b.bytes.items():
        if not sent:
            continue
        total = sorted(x["total"] for x in sent)
        drawing = sorted(x["drawing"] for x in sent)
        print(f"{name:38} {len(sent):3d} {total[(len(total) - 1) // 2] / 1024:6.1f} KB {total[-1] / 1024:6.1f} KB "
              f"{drawing[(len(drawing) - 1) // 2] / 1024:14.1f} KB {max(x['selection'] for x in sent):8d} B")
    print("(serialised elements of each rerun; elements the browser already holds count as a reference; "
          "target: < 300 KB)")
    tmp.cleanup()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: kilobytes
    print(f"peak memory of this process after the script (the app, its caches and the store's connection, and "
          f"AppTest, which keeps every element it was sent: an upper bound of the server's): {peak:,.0f} MB "
          f"(target < 1 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
