"""`python -m graph export|stats`: the command line over the store, sharing the View with the dashboard."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import export, query
from .store import DEFAULT_DB, Store, StoreError
from .view import ASSERTION_CHOICES, MODES, View, ViewError


def add_view_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--country", action="append", help="ISO-3 code or name; repeat for several")
    p.add_argument("--mode", choices=MODES, default="either",
                   help="with several countries: either (default) keeps edges touching any of them; between keeps "
                        "only relations connecting them, directly or through one intermediate node")
    p.add_argument("--topic", action="append", help="defence, technology, economy, energy, space, ...")
    p.add_argument("--type", action="append", help="node type: leader, person, state, organization, ...")
    p.add_argument("--relation", action="append", help="relation type: leader_of, signed, supplies, ...")
    p.add_argument("--since", help="YYYY-MM-DD, inclusive")
    p.add_argument("--until", help="YYYY-MM-DD, inclusive")
    p.add_argument("--min-weight", type=int, default=1, help="keep edges with at least this many evidence sentences")
    p.add_argument("--assertion", default="asserted", metavar="|".join(ASSERTION_CHOICES),
                   help="asserted (default): only evidence the text asserts makes edges; all: also negated, "
                        "hypothetical and denied claims (edges.csv then ends with an `assertion` column)")
    p.add_argument("--search", help="text matched against node names and aliases")
    p.add_argument("--node", help="focus on this node's neighbourhood (id, name or alias)")
    p.add_argument("--depth", type=int, default=1, help="neighbourhood depth for --node")
    p.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="mark the shortest path between two nodes")
    p.add_argument("--limit", type=int, help="keep the top N nodes by weight")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m graph", description="Query and export an Entente graph.")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="write the graph (or a filtered view of it) to files")
    ex.add_argument("--db", default=str(DEFAULT_DB))
    ex.add_argument("--out", required=True, help="folder to write into")
    ex.add_argument("--format", choices=export.FORMATS, default="csv")
    add_view_flags(ex)
    st = sub.add_parser("stats", help="counts of articles, entities and relations")
    st.add_argument("--db", default=str(DEFAULT_DB))
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = Store(args.db, readonly=True)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with store:
        if args.command == "stats":
            return stats(store)
        try:
            view = View.from_args(args)
            g = query.subgraph(store, view)
        except (ViewError, KeyError) as exc:
            print(f"error: {exc.args[0]}", file=sys.stderr)
            return 2
        paths = export.write(g, store, view, Path(args.out), args.format)
        print(f"wrote {', '.join(str(p) for p in paths)}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    return 0


def stats(store: Store) -> int:
    c = store.counts()
    print(f"{store.path}: {c['articles']} articles, {c['words']} words, {c['mentions']} mentions, "
          f"{c['evidence']} evidence sentences")
    if c["not_asserted"]:
        print("not asserted (kept, shown with --assertion all): "
              + ", ".join(f"{k} {v}" for k, v in c["not_asserted"].items()))
    print("entities:  " + ", ".join(f"{k} {v}" for k, v in c["entities"].items()))
    print("relations: " + ", ".join(f"{k} {v}" for k, v in c["relations"].items()))
    return 0
