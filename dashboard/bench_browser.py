"""What the browser gets and how fast it shows it: the dashboard in Debian's Chromium, measured.

    .venv/bin/python -m dashboard.bench_browser [--db data/graph.db] [--clicks 12] [--limit N] [--chromium PATH]

Starts `streamlit run dashboard/app.py` on a free localhost port on the given database (or on one built
from data/articles in a temporary folder), opens the page headless with Playwright, and prints:

- the time from navigation start to the default view drawn (vis-network's first drawing), and what
  the first load received over the websocket;
- node click to panel: from the mouse click to the node's heading in the panel, over `--clicks` clicks
  on the heaviest drawn nodes (p50, max);
- websocket bytes per rerun, from the Chrome DevTools Protocol's Network.webSocketFrameReceived events,
  for each kind of interaction: a node click, an edge click, Focus, Back, a country filter;
- the page's JavaScript heap (after a garbage collection) once the clicks are done;
- the server's peak memory (its resident set's high-water mark, VmHWM in /proc) once all of it is done;
- the baseline: a Streamlit page of one line of text, timed the same way on a server of its own, so a
  slow machine shows as a slow baseline.

With `--limit N` every page is opened at Max nodes N (`/?limit=N`, as a link would), not the default.

Figures depend on the machine and what else runs on it; nothing asserts them (people judge).
"""
from __future__ import annotations

import argparse
import base64
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
QUIET_S = 0.6   # a rerun is over when the websocket has been quiet this long after its effect showed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, log: Path, cache: Path | None = None, app: Path | None = None
                 ) -> tuple[subprocess.Popen, str]:
    """A Streamlit server on the database; `cache`: the folder of stored layouts (ENTENTE_CACHE); `app`: another
    script to serve (default: the dashboard)."""
    port = free_port()
    env = dict(os.environ, ENTENTE_DB=str(db), **({"ENTENTE_CACHE": str(cache)} if cache else {}))
    cmd = [sys.executable, "-m", "streamlit", "run", str(app or ROOT / "dashboard" / "app.py"),
           "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"streamlit did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)


class Wire:
    """Websocket bytes the page receives and sends, from CDP Network events (payloads as delivered:
    binary frames arrive base64-encoded and are counted decoded)."""

    def __init__(self, cdp):
        self.received = self.sent = self.frames = 0
        self.last = time.monotonic()
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._in)
        cdp.on("Network.webSocketFrameSent", self._out)

    @staticmethod
    def _size(frame: dict) -> int:
        data = frame.get("payloadData", "")
        return len(base64.b64decode(data)) if frame.get("opcode") == 2 else len(data.encode())

    def _in(self, event):
        self.received += self._size(event["response"])
        self.frames += 1
        self.last = time.monotonic()

    def _out(self, event):
        self.sent += self._size(event["response"])
        self.last = time.monotonic()

    def reset(self):
        self.received = self.sent = self.frames = 0

    def settle(self, page, quiet: float = QUIET_S, timeout: float = 60):
        """Wait until nothing has arrived for `quiet` seconds (the rerun has finished)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() - self.last < quiet and time.monotonic() < deadline:
            page.wait_for_timeout(50)


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def build_sample_db(folder: Path) -> Path:
    from dashboard.bench_rerun import build_sample_db as build
    return build(folder)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database to measure on (default: build one from data/articles)")
    ap.add_argument("--clicks", type=int, default=12, help="node clicks to time (default 12)")
    ap.add_argument("--chromium", default=os.environ.get("ENTENTE_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--limit", type=int, help="open every page at this Max nodes (default: the dashboard's own)")
    ap.add_argument("--screenshot", help="save a screenshot of the default view to this PNG file")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    tmp = tempfile.TemporaryDirectory(prefix="entente-bench-browser-")
    db = Path(args.db) if args.db else build_sample_db(Path(tmp.name))
    cache = Path(tmp.name) / "cache"   # no stored layouts at first: the first load is cold
    proc, base = start_server(db, Path(tmp.name) / "server.log", cache)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1500, "height": 1100})
            page = context.new_page()
            page.set_default_timeout(60_000)
            cdp = context.new_cdp_session(page)
            wire = Wire(cdp)
            cdp.send("Performance.enable")
            report(page, cdp, wire, base, db, args)
            print(f"server peak memory (VmHWM) after the first load, {args.clicks} clicks, Focus, Back and a "
                  f"country: {peak_mb(proc.pid):,.0f} MB (target < 1 GB)")
            # a restarted server: its caches empty, the layouts the first one stored on disk kept
            stop(proc)
            proc, base = start_server(db, Path(tmp.name) / "server2.log", cache)
            fresh = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
            load(fresh, base, "first load after a server restart (layouts stored), new browser", limit=args.limit)
            # the baseline: Streamlit alone, a page of one line of text, on the same machine at the same time
            stop(proc)
            blank = Path(tmp.name) / "blank.py"
            blank.write_text(BLANK_APP)
            proc, base = start_server(db, Path(tmp.name) / "server3.log", app=blank)
            baseline(browser.new_context(viewport={"width": 1500, "height": 1100}).new_page(), base)
            browser.close()
    finally:
        stop(proc)
        tmp.cleanup()
    return 0


BLANK_APP = 'import streamlit as st\nst.markdown("<p id=\'entente-blank\'>ready</p>", unsafe_allow_html=True)\n'


def baseline(page, base: str) -> None:
    """Time Streamlit's own page of one line of text, as `load` times the dashboard: what any Streamlit page
    costs on this machine now (websocket, a script run, its first message, React drawing it)."""
    for label in ("first load", "reload"):
        page.goto(base + "/")
        shown = page.wait_for_function("() => document.querySelector('#entente-blank') && performance.now()",
                                       polling=10).json_value()
        loaded_ms = page.evaluate("() => performance.timing.loadEventEnd - performance.timing.navigationStart")
        print(f"baseline, Streamlit's page of one line of text, {label}: shown {shown / 1000:.2f} s after navigation "
              f"start, {(shown - loaded_ms) / 1000:.2f} s after the page's load event")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def peak_mb(pid: int) -> float:
    """A process's peak resident memory so far (Linux: VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    return kib / 1024


def load(page, base: str, label: str, wire=None, limit: int | None = None) -> None:
    """Open the page; print when the default view was drawn, from navigation start and from the load event."""
    page.goto(base + "/" + (f"?limit={limit}" if limit else ""))
    page.wait_for_function("() => globalThis.__entente && __entente.drawn")
    drawn_ms = page.evaluate("() => __entente.drawnAt")
    loaded_ms = page.evaluate("() => performance.timing.loadEventEnd - performance.timing.navigationStart")
    if wire is not None:   # the run goes on after the graph (sidebar, timeline, tables): the Export tab is last
        page.get_by_role("tab", name="Export").wait_for()
        wire.settle(page)
    g = page.evaluate("() => ({nodes: __entente.nodes, edges: __entente.edges, counts: __entente.counts})")
    print(f"{label}: default view drawn {drawn_ms / 1000:.2f} s after navigation start, "
          f"{(drawn_ms - loaded_ms) / 1000:.2f} s after the page's load event "
          f"({g['nodes']} nodes, {g['edges']} lines for {g['counts']['relations']} relations)"
          + (f"; websocket received {kb(wire.received)}" if wire is not None else ""))


def report(page, cdp, wire, base, db, args):
    from graph import Store
    with Store(db, readonly=True) as store:
        counts = store.counts()
    print(f"database {db}: {counts['articles']} articles; Chromium headless, 1500×1100, the default view"
          + (f" at Max nodes {args.limit}" if args.limit else ""))

    # cold: the server has never drawn this database (its caches empty, no stored layouts) and the browser has
    # nothing cached; warm: a reload
    for label in ("first load (cold server caches, new browser)", "reload (warm server caches)"):
        wire.reset()
        load(page, base, label, wire, args.limit)
    if args.screenshot:
        page.screenshot(path=args.screenshot)

    per_kind: dict[str, list[int]] = {}
    panel_s = []

    def measure(kind: str, act, done):
        wire.reset()
        t = time.perf_counter()
        act()
        done()
        elapsed = time.perf_counter() - t
        wire.settle(page)
        per_kind.setdefault(kind, []).append(wire.received)
        return elapsed

    nodes = page.evaluate("() => __entente.network.body.data.nodes.getIds()")
    names = page.evaluate("ids => ids.map(id => __entente.network.body.data.nodes.get(id).label)", nodes)
    clicked = 0
    for node, name in zip(nodes, names):
        if clicked >= args.clicks:
            break
        if name.endswith("…"):
            continue   # a clipped label: the panel heading is the full name
        xy = page.evaluate("id => __entente.nodeOnPage(id)", node)
        box = page.evaluate("() => __entente.frame().canvas")
        if not (box["left"] < xy["x"] < box["right"] and box["top"] < xy["y"] < box["bottom"]):
            continue   # outside the canvas at this zoom (a drag away): a click there lands elsewhere on the page
        hit = page.evaluate("([x, y]) => { const n = __entente.network; const r = n.canvas.frame.canvas"
                            ".getBoundingClientRect(); return n.getNodeAt({x: x - r.left, y: y - r.top}); }",
                            [xy["x"], xy["y"]])
        if hit != node:
            continue   # another node lies on top of it at this zoom
        heading = page.get_by_role("heading", name=name, exact=True)
        try:
            panel_s.append(measure("node click", lambda: page.mouse.click(xy["x"], xy["y"]),
                                   lambda: heading.wait_for(timeout=20_000)))
            clicked += 1
        except Exception as exc:  # noqa: BLE001 - a figure left out is said, not fatal
            print(f"  (click on {node} did not open its panel: {type(exc).__name__})")

    cdp.send("HeapProfiler.collectGarbage")
    heap = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["JSHeapUsedSize"]

    # Focus on the last clicked node (its panel is open), then Back
    if clicked:
        gid = page.evaluate("() => __entente.gid")
        try:
            measure("Focus", lambda: page.get_by_role("button", name="Focus").filter(has_text="Focus").first.click(),
                    lambda: page.wait_for_function("g => __entente.gid !== g && __entente.drawn", arg=gid))
            gid = page.evaluate("() => __entente.gid")
            back = page.get_by_role("button", name="Back").filter(has_text="Back").first
            measure("Back", back.click,
                    lambda: page.wait_for_function("g => __entente.gid !== g && __entente.drawn", arg=gid))
        except Exception as exc:  # noqa: BLE001
            print(f"  (Focus/Back not measured: {str(exc).splitlines()[0][:200]})")
    edges = page.evaluate("() => __entente.network.body.data.edges.getIds().slice(0, 3)")
    for edge in edges:
        xy = page.evaluate("id => __entente.edgeOnPage(id)", edge)
        before = page.evaluate("() => __entente.selected")
        try:
            measure("edge click", lambda: page.mouse.click(xy["x"], xy["y"]),
                    lambda: page.wait_for_function("prev => __entente.selected !== prev", arg=before, timeout=20_000))
        except Exception:  # noqa: BLE001 - the midpoint may lie under a node
            pass
    # a country filter, as a user picks it in the sidebar
    try:
        gid = page.evaluate("() => __entente.gid")
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Country")

        def pick():
            box.locator("input").click()   # the first option is Streamlit's "Select all": a country, not that
            page.get_by_role("option").filter(has_text=re.compile(r"\([A-Z]{3}\)$")).first.click()
            page.keyboard.press("Escape")
        measure("country filter", pick, lambda: page.wait_for_function("g => __entente.gid !== g && __entente.drawn",
                                                                       arg=gid))
    except Exception as exc:  # noqa: BLE001
        print(f"  (country filter not measured: {type(exc).__name__})")

    if panel_s:
        print(f"node click to panel over {len(panel_s)} clicks: p50 {statistics.median(panel_s) * 1000:.0f} ms, "
              f"max {max(panel_s) * 1000:.0f} ms (target < 600 ms)")
    print("websocket bytes received per rerun (target < 300 KB):")
    for kind, sizes in per_kind.items():
        print(f"  {kind:16} n={len(sizes):2d}  median {kb(statistics.median(sizes)):>10}  max {kb(max(sizes)):>10}")
    print(f"JavaScript heap after {len(panel_s)} node clicks (after GC): {heap / 2**20:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
