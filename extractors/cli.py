"""`python -m extractors ingest PATH [PATH ...] [--db data/graph.db]` and `python -m extractors reextract --db DB`."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

from graph.store import DEFAULT_DB, Store, StoreError


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument told in one line (not the usage block, which --help gives)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(prog="python -m extractors", description="Read news articles into an Entente graph.")
    sub = ap.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="ingest files and folders (.txt .md .html .json .jsonl .csv)")
    ing.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to read (folders recursively)")
    ing.add_argument("--db", default=str(DEFAULT_DB), help=f"database file (default {DEFAULT_DB})")
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.add_argument("--processes", type=int, default=0, metavar="N",
                     help="run the language pipeline on a local Dask cluster of N worker processes (default: one "
                          "per core, at most 4, and in this process for a few articles); 1: in this process, no Dask")
    ing.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="run the language pipeline on the workers of this Dask scheduler (see the README)")
    ing.add_argument("--verdicts", choices=("text", "json"),
                     help="print every article's verdict on stdout (stored, already stored, refused), as text "
                          "lines or JSON lines; by default only refusals and warnings are printed, on stderr")
    ing.add_argument("--allow-private", action="store_true",
                     help="let URLs reach private, loopback and link-local addresses (also ENTENTE_ALLOW_PRIVATE=1)")
    rex = sub.add_parser("reextract", help="read stored articles again with this version of the extractors")
    rex.add_argument("--db", default=str(DEFAULT_DB), help=f"database file (default {DEFAULT_DB})")
    rex.add_argument("--quiet", action="store_true", help="no progress bar")
    rex.add_argument("--all", action="store_true", help="re-read every article, not only those an older "
                                                        "extractor read")
    rex.add_argument("--processes", type=int, default=0, metavar="N",
                     help="run the language pipeline on a local Dask cluster of N worker processes (default: one "
                          "per core, at most 4, and in this process for a few articles); 1: in this process, no Dask")
    rex.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="run the language pipeline on the workers of this Dask scheduler (see the README)")
    fol = sub.add_parser("follow", help="follow RSS/Atom feeds: ingest their new entries now and every so often")
    fol.add_argument("feeds", nargs="*", metavar="FEED", help="feed URLs to follow, besides those the database "
                                                             "already follows (all are polled)")
    fol.add_argument("--db", default=str(DEFAULT_DB), help=f"database file (default {DEFAULT_DB})")
    fol.add_argument("--every", default="15m", metavar="DURATION", help="time between polls: 15m (default), 1h, 900")
    fol.add_argument("--once", action="store_true", help="one poll of every feed, then stop (for cron)")
    fol.add_argument("--allow-private", action="store_true",
                     help="let feeds reach private, loopback and link-local addresses (also ENTENTE_ALLOW_PRIVATE=1)")
    fol.add_argument("--quiet", action="store_true", help="no progress bar")
    fol.add_argument("--verdicts", choices=("text", "json"),
                     help="print every entry's verdict on stdout, and each feed's status (json: as JSON lines)")
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "reextract" and not os.path.exists(args.db):
        print(f"error: {args.db}: no such database", file=sys.stderr)
        return 2
    if args.command == "ingest" and (problem := _nothing_to_read(args.paths)):
        print(f"error: {problem}", file=sys.stderr)   # before the database file is made
        return 2
    try:
        store = Store(args.db)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "follow":
        from .follow import run
        with store:
            return run(args, store, lambda v: _print_verdict(v, args.verdicts),
                       lambda event: _print_feed(event, args.verdicts))
    processes = max(args.processes, 0)
    if args.command == "reextract":
        from .reextract import reextract
        with store:
            summary = reextract(store, progress=not args.quiet, force=args.all, processes=processes,
                                scheduler=args.scheduler)
        print(summary.line())
        return 0
    from .ingest import ingest
    for stream in (sys.stdout, sys.stderr):   # a hostile title must not stop the report
        stream.reconfigure(errors="backslashreplace")
    from .web import is_url, read_urls
    fetcher = _fetcher(args) if any(is_url(p) for p in args.paths) else None
    with store:
        try:
            urls = [p for p in args.paths if is_url(p)]
            summary = ingest([p for p in args.paths if not is_url(p)], store,
                             articles=read_urls(urls, store, fetcher) if fetcher else None,
                             progress=not args.quiet and args.verdicts != "json",
                             processes=processes, scheduler=args.scheduler,
                             on_verdict=lambda v: _print_verdict(v, args.verdicts),
                             on_wait=lambda m: _print_wait(m, args.verdicts))
        except KeyboardInterrupt:
            print("interrupted: every article stored so far is whole; run the same command again to go on",
                  file=sys.stderr)
            return 130
        finally:
            if fetcher:
                fetcher.close()
    if args.verdicts == "json":
        print(json.dumps({"summary": summary.line(), "stored": summary.added, "already_stored": summary.skipped,
                          "refused": summary.refused, "warnings": len(summary.warnings)}), flush=True)
    else:
        print(summary.line())
    return 1 if summary.refused else 0


def _nothing_to_read(paths) -> str | None:
    """Why none of the paths can be read (each missing, none an address), else None."""
    if any(re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", p) or os.path.exists(p) for p in paths):
        return None
    return f"{', '.join(paths)}: no such file or folder" if len(paths) > 1 else f"{paths[0]}: no such file or folder"


def _note(message: str) -> None:
    """A line on stderr, never on the progress bar's line (the bar is drawn again below it)."""
    from tqdm import tqdm
    tqdm.write(message, file=sys.stderr)
    sys.stderr.flush()


def _print_verdict(v, mode: str | None) -> None:
    from .readers import shown
    if mode == "json":
        print(json.dumps({"outcome": v.outcome, "where": v.where, "reason": v.reason, "title": v.title,
                          "warnings": v.warnings}), flush=True)
        return
    if mode == "text":
        print(f"{v.outcome}\t{v.where}\t{shown(v.reason or v.title)}", flush=True)
    elif v.outcome == "refused":
        _note(f"refused: {v.where}: {v.reason}")
    for w in v.warnings:
        _note(f"warning: {v.where}: {w}")


def _fetcher(args):
    from .fetch import Fetcher
    return Fetcher(args.allow_private or None)


def _print_feed(event: dict, mode: str | None) -> None:
    """A followed feed's progress: JSON lines for the dashboard; else its status once polled (a failure is
    already told as a refusal)."""
    if mode == "json":
        print(json.dumps(event), flush=True)
    elif "status" in event and not event["status"].startswith("failed"):
        _note(f"feed: {event['feed']}: {event['status']}")


def _print_wait(message: str, mode: str | None) -> None:
    if mode == "json":
        print(json.dumps({"waiting": message}), flush=True)
    else:
        _note(f"ingest: {message}")
