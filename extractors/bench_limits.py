"""Benchmark: peak memory and time of an ingest on the worst inputs, summed over all its processes.

    python -m extractors.bench_limits [--processes 1] [--only NAME ...] [--keep DIR] [--seconds S]

Each case is written to a temporary folder (text of our own: leaders, states and deals in varied
sentences), then ingested by `python -m extractors ingest` into a fresh database while the process tree
(the ingest, and any Dask scheduler, nannies and workers) is sampled every 50 ms from /proc. Prints, per
case: the exit code, the summary line, wall time, and the peak of the summed RSS and PSS (PSS counts
pages shared between processes once, as the kernel shares them; RSS counts them in each process, an
upper bound). Nothing is asserted: this prints, people judge.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEADERS = [("Chinese President Xi Jinping", "China"), ("Serbian President Aleksandar Vucic", "Serbia"),
           ("French President Emmanuel Macron", "France"), ("Indian Prime Minister Narendra Modi", "India"),
           ("Japanese Prime Minister Fumio Kishida", "Japan"), ("Kenyan President William Ruto", "Kenya"),
           ("German Chancellor Olaf Scholz", "Germany"), ("Brazilian President Luiz Inacio Lula da Silva", "Brazil")]
STATES = ["Turkey", "Australia", "Chile", "Vietnam", "Poland", "Egypt", "Canada", "Norway", "Indonesia", "Mexico"]
GOODS = ["drones", "air defence systems", "fighter jets", "satellites", "nuclear reactors", "5G equipment",
         "armoured vehicles", "patrol boats"]


def paragraph(i: int, rnd: random.Random) -> str:
    (l1, s1), (l2, s2) = rnd.sample(LEADERS, 2)
    goods, state = rnd.choice(GOODS), rnd.choice(STATES)
    return (f"In meeting number {i:,}, {l1} met {l2} in the capital of {s2}. {state} bought {goods} from {s1} "
            f"under contract {i * 7919 % 100003}, officials said on day {i % 365 + 1}. The talks also covered "
            f"trade, energy and the security of shipping lanes, according to a statement issued after session {i}.")


def article_text(chars: int, seed: int = 1) -> str:
    """Dense news-like text of exactly `chars` characters, in paragraphs, no two alike."""
    rnd, out, n, i = random.Random(seed), [], 0, 0
    while n < chars:
        p = paragraph(i, rnd)
        out.append(p)
        n += len(p) + 2
        i += 1
    return "\n\n".join(out)[:chars]


def cases(folder: Path, only: set[str] | None = None) -> dict[str, Path]:
    """The worst inputs, written to `folder` (only those named in `only`, when given)."""
    made = {}

    def want(name):
        return not only or name in only

    if want("2M-article"):
        made["2M-article"] = folder / "two-million.txt"
        made["2M-article"].write_text("A long report\n\n" + article_text(2_000_000))
    if want("2.95M-article"):
        made["2.95M-article"] = folder / "just-under.txt"
        made["2.95M-article"].write_text("A longer report\n\n" + article_text(2_950_000, seed=2))
    if want("5MB-single-line"):
        made["5MB-single-line"] = folder / "one-line.txt"
        made["5MB-single-line"].write_text(article_text(5_000_000, seed=3).replace("\n", " "))
    if want("20MB-text"):
        made["20MB-text"] = folder / "twenty.txt"
        with made["20MB-text"].open("w") as fh:
            for k in range(10):
                fh.write(article_text(2_000_000, seed=10 + k))
    if want("gzip-bomb-200MB"):
        made["gzip-bomb-200MB"] = folder / "bomb.txt.gz"
        with gzip.open(made["gzip-bomb-200MB"], "wb", compresslevel=9) as fh:
            block = b"A" * (1 << 20)
            for _ in range(200):
                fh.write(block)
    if want("gzip-bomb-jsonl"):
        made["gzip-bomb-jsonl"] = folder / "bomb.jsonl.gz"
        with gzip.open(made["gzip-bomb-jsonl"], "wb", compresslevel=9) as fh:
            block = b" " * (1 << 20)
            for _ in range(200):
                fh.write(block)
    if want("deep-json"):
        made["deep-json"] = folder / "deep.json"
        made["deep-json"].write_text("[" * 200_000)
    if want("deep-html"):
        made["deep-html"] = folder / "deep.html"
        made["deep-html"].write_text("<html><body>" + "<div>" * 50_000 + article_text(20_000, seed=4)
                                     + "</div>" * 50_000 + "</body></html>")
    if want("12MB-html"):
        made["12MB-html"] = folder / "big.html"
        body = "".join(f"<p>{p}</p>\n" for p in article_text(11_500_000, seed=5).split("\n\n"))
        made["12MB-html"].write_text(f"<html><head><title>Big page</title></head><body><article>{body}"
                                     f"</article></body></html>")
    if want("64-articles-at-the-limit"):
        made["64-articles-at-the-limit"] = folder / "many.jsonl"
        big = article_text(2_990_000, seed=6)
        with made["64-articles-at-the-limit"].open("w") as fh:
            for k in range(64):
                fh.write(json.dumps({"title": f"Copy {k}", "text": f"Copy {k}. " + big[: 2_990_000 - 20]}) + "\n")
    return made


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of one process (0, 0 when it is gone)."""
    try:
        rss = pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
        return rss, pss
    except (OSError, ValueError):
        return 0, 0


def measure(cmd: list[str], env: dict, seconds: float | None = None) -> dict:
    """Runs the command, sampling its process tree; stops it after `seconds` (the peak so far is reported)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"rss": 0, "pss": 0, "processes": 0}

    def sample():
        while proc.poll() is None:
            pids = tree(proc.pid)
            mem = [memory(p) for p in pids]
            peak["rss"] = max(peak["rss"], sum(m[0] for m in mem))
            peak["pss"] = max(peak["pss"], sum(m[1] for m in mem))
            peak["processes"] = max(peak["processes"], len(pids))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        for pid in reversed(tree(proc.pid)):
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        out, err = proc.communicate()
        out += f"\n(stopped after {seconds:g} s)"
    sampler.join()
    return {"code": proc.returncode, "out": out.strip(), "err": err.strip(), "seconds": time.perf_counter() - start,
            **peak}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--processes", type=int, default=1, help="the ingest's --processes (default 1)")
    ap.add_argument("--only", nargs="*", help="case names to run (default: all)")
    ap.add_argument("--keep", help="write the cases to this folder and keep them")
    ap.add_argument("--seconds", type=float, help="stop each case after this many seconds (its peak so far is shown)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="entente-limits-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        made = cases(folder, set(args.only) if args.only else None)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        print(f"{'case':26} {'size':>9} {'exit':>4} {'seconds':>8} {'peak RSS':>9} {'peak PSS':>9} {'procs':>5}  summary")
        for name, path in made.items():
            db = Path(tmp) / f"{name}.db"
            r = measure([sys.executable, "-m", "extractors", "ingest", str(path), "--db", str(db), "--quiet",
                         "--processes", str(args.processes)], env, args.seconds)
            size = path.stat().st_size
            print(f"{name:26} {size / 1e6:7.1f}MB {r['code']:4d} {r['seconds']:8.1f} {r['rss'] / 1e6:7.0f}MB "
                  f"{r['pss'] / 1e6:7.0f}MB {r['processes']:5d}  {r['out'].splitlines()[-1] if r['out'] else ''}")
            if r["err"]:
                print("    " + r["err"].splitlines()[-1][:200])
            sys.stdout.flush()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
