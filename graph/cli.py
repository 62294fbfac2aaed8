"""`python -m graph export|stats`: the command line over the store, sharing the View with the dashboard.

Every bad argument ends the command with one line on stderr (`error: …`, exit code 2), never a
traceback, and nothing is written: an unknown node, a path that does not exist, an `--out` that is a
file, a missing database (which is not created).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import export, query, stream
from .store import DEFAULT_DB, Store, StoreError
from .view import ASSERTION_CHOICES, MODES, NODE_TYPES, RELATIONS, TOPICS, View, ViewError


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument told in one line (not the usage block, which --help gives)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 node', '2 nodes', '1,204 evidence sentences'."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def add_view_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--country", action="append", metavar="C",
                   help="ISO-3 code or name (CHN, China); repeat for several")
    p.add_argument("--mode", choices=MODES, default="either",
                   help="with several countries: either (default) keeps edges touching any of them; between keeps "
                        "only relations connecting them, directly or through one intermediate node")
    p.add_argument("--topic", action="append", metavar="T", help=f"repeat for several: {', '.join(TOPICS)}")
    p.add_argument("--type", action="append", metavar="T",
                   help=f"node type; repeat for several: {', '.join(NODE_TYPES)}")
    p.add_argument("--relation", action="append", metavar="R",
                   help=f"relation; repeat for several: {', '.join(RELATIONS)}")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="keep evidence dated on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="keep evidence dated on or before this day")
    p.add_argument("--min-weight", type=int, default=1, metavar="N",
                   help="keep edges with at least N evidence sentences (default 1)")
    p.add_argument("--assertion", default="asserted", metavar="|".join(ASSERTION_CHOICES),
                   help="asserted (default): only evidence the text asserts makes edges; all: also negated, "
                        "hypothetical and denied claims (edges.csv then ends with an `assertion` column)")
    p.add_argument("--search", metavar="TEXT", help="keep nodes whose name or an alias contains TEXT, and their "
                                                    "neighbours")
    p.add_argument("--node", metavar="NAME", help="focus on this node's neighbourhood (id, name or alias)")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="neighbourhood depth for --node (0-5, default 1)")
    p.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="mark the shortest path between two nodes")
    p.add_argument("--limit", type=int, metavar="N", help="keep the top N nodes by weight")


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(prog="python -m graph", description="Query and export an Entente graph.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="{export,stats}")
    ex = sub.add_parser("export", help="write the graph (or a filtered view of it) to files",
                        description="Write the graph, or the view the flags choose, to files in a folder.")
    ex.add_argument("--db", default=str(DEFAULT_DB), help=f"database file to read (default {DEFAULT_DB})")
    ex.add_argument("--out", required=True, metavar="DIR",
                    help="folder to write into (made when missing; files of the same name in it are replaced)")
    ex.add_argument("--format", choices=export.FORMATS, default="csv",
                    help="csv (default: nodes, edges, mentions and articles .csv) or one graph file")
    add_view_flags(ex)
    st = sub.add_parser("stats", help="counts of articles, entities and relations",
                        description="Counts of articles, words, mentions, entities and relations in a database.")
    st.add_argument("--db", default=str(DEFAULT_DB), help=f"database file to read (default {DEFAULT_DB})")
    return ap


def fail(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    out = Path(args.out) if args.command == "export" else None
    if out is not None and out.exists() and not out.is_dir():
        return fail(f"--out {out}: a file is there; give a folder to write into")
    try:
        store = Store(args.db, readonly=True)
    except StoreError as exc:
        return fail(str(exc))
    with store:
        if args.command == "stats":
            return stats(store)
        try:
            view = View.from_args(args)
            # the whole graph is written as it is read (graph/stream.py): bounded memory on any store
            g = None if stream.streams(view, args.format) else query.subgraph(store, view)
        except (ViewError, KeyError) as exc:
            return fail(exc.args[0])
        if g is not None and view.path and not g.graph.get("path"):
            return fail(f"no path between {view.path[0]!r} and {view.path[1]!r} along the edges the filters keep; "
                        f"nothing written", 1)
        try:
            if g is None:
                paths, n_nodes, n_edges = stream.write(store, view, out, args.format)
            else:
                paths, n_nodes, n_edges = export.write(g, store, view, out, args.format), len(g), g.number_of_edges()
        except OSError as exc:
            return fail(f"--out {out}: cannot write there ({exc.strerror or exc})")
        print(f"wrote {', '.join(str(p) for p in paths)}: {plural(n_nodes, 'node')}, {plural(n_edges, 'edge')}")
    return 0


def stats(store: Store) -> int:
    c = store.counts()
    print(f"{store.path}: {plural(c['articles'], 'article')}, {plural(c['words'], 'word')}, "
          f"{plural(c['mentions'], 'mention')}, {plural(c['evidence'], 'evidence sentence')}")
    if c["not_asserted"]:
        print("not asserted (kept, shown with --assertion all): "
              + ", ".join(f"{k} {v}" for k, v in c["not_asserted"].items()))
    print("entities:  " + (", ".join(f"{k} {v}" for k, v in c["entities"].items()) or "none"))
    print("relations: " + (", ".join(f"{k} {v}" for k, v in c["relations"].items()) or "none"))
    return 0
