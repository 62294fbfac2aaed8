"""Answer a View with a networkx graph of what the view shows: nodes are entities, edges are
(source, target, relation) with their totals, and their evidence sentences when asked for.

The filters run in SQL (`graph.sql`) over the aggregate tables, so a view of a large store reads only
the rows it shows; networkx gets the result. What each filter means, in order:

1. Edge filters (relation, topic, date, assertion, min weight) and node types choose the edges a view
   can hold; with an edge filter, nodes left without an edge are dropped.
2. Countries: each country's nodes are its state and every entity of that country (leaders, people,
   organisations: `entities.country`). `mode="either"` (the default) keeps the edges that touch any of
   them, and the nodes at their other end; edges between two other parties are not in the view.
   `mode="between"`, with two or more countries, keeps only what connects two different countries'
   sides: edges between them, and pairs of specific (not `related_to`) edges through one intermediate
   node of no country that is not a state or region (an agreement, a technology, an organisation, a
   person). The selected countries' state nodes are always in a country view.
3. Search: the nodes whose name or an alias contains the text, and their neighbours in the view.
4. Focus: the nodes within `depth` steps of the focus node, moving along the view's edges.
5. Expand: the named nodes and all their neighbours join the view, with the edges between them.
6. Path: the shortest path between two nodes (over every edge the edge filters keep) is added and marked.
7. Limit: the top N nodes by weight (evidence sentences on their edges in the view, then mentions);
   nodes the user named (focus, selection, expanded nodes and their neighbours, path) are always kept.
The view's edges are the edges among its nodes that step 2 keeps, plus those at expanded nodes and on
the path.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
from pathlib import Path

import networkx as nx

from . import sql
from .sql import IDS, KEYS
from .store import Store, norm
from .view import View

NODE_FIELDS = ("name", "type", "country", "office")
NOT_INTERMEDIATE = ("state", "region")   # a third state or a region does not make a relation bilateral
_TEMP = itertools.count(1)               # names of the temporary tables of views summed from evidence


class _Plan:
    """A view being narrowed step by step: its nodes (None: every node of the view's types) and the rule
    that says which edges among them it keeps."""

    def __init__(self, store: Store, view: View):
        self.store, self.view = store, view
        self.base, self.base_params = sql.edge_source(view)
        self.cur = sql.cursor(store)
        self.nodes: set[str] | None = None
        self.own: set[str] | None = None          # country rule: an edge touches one of these nodes
        self.keys: set[tuple] | None = None       # bilateral rule: only these edges
        self.expanded: set[str] = set()           # their edges are kept whatever the rule
        self.path: list[str] | None = None
        self.path_keys: set[tuple] = set()
        self.temp = None
        if sql.by_evidence(view):   # summed from evidence rows: sum them once for all the steps below
            self.temp = f"temp.entente_view_{next(_TEMP)}"
            self.cur.execute(f"CREATE TABLE {self.temp} AS {self.base}", self.base_params)
            for column in ("source", "target"):
                self.cur.execute(f"CREATE INDEX {self.temp}_{column} ON {self.temp.split('.')[1]}({column})")
            self.base, self.base_params = f"SELECT * FROM {self.temp}", []

    def close(self) -> None:
        if self.temp:
            self.cur.execute(f"DROP TABLE IF EXISTS {self.temp}")
            self.temp = None

    # ---- SQL pieces ---------------------------------------------------------------------------------
    def cond(self, nodes, rule: bool = True, anchored: bool = True) -> tuple[str, list]:
        """WHERE terms over the base edges `b`: both ends among `nodes` (None: any), and the view's rule.

        The terms are written so that SQLite walks an index from the few nodes that anchor the edges (the
        countries' nodes, expanded nodes, an edge key, else the source) and only tests the other end
        (`+column` keeps a term off the index); with `anchored=False` every term is such a test, for a
        caller that anchors the query itself."""
        plus = "" if anchored else "+"
        inside, iparams = [], []
        if nodes is not None:
            inside = [f"+b.source IN {IDS}", f"+b.target IN {IDS}"]
            iparams = [sql.ids(nodes)] * 2
        anchors: list[tuple[str, list]] = []
        if rule and (self.own is not None or self.keys is not None):
            if self.own is not None:
                anchors += [(f"{plus}b.source IN {IDS}", [sql.ids(self.own)]),
                            (f"{plus}b.target IN {IDS}", [sql.ids(self.own)])]
            else:
                anchors.append((f"({plus}b.source, {plus}b.target, {plus}b.relation) IN {KEYS}",
                                [sql.keys(self.keys)]))
            if self.expanded:
                anchors += [(f"{plus}b.source IN {IDS}", [sql.ids(self.expanded)]),
                            (f"{plus}b.target IN {IDS}", [sql.ids(self.expanded)])]
            if self.path_keys:
                anchors.append((f"({plus}b.source, {plus}b.target, {plus}b.relation) IN {KEYS}",
                                [sql.keys(self.path_keys)]))
        elif nodes is not None:
            anchors = [(f"{plus}b.source IN {IDS}", [sql.ids(nodes)])]
            inside, iparams = inside[1:], iparams[1:]
        if not anchors:
            return " AND ".join(inside) or "1", iparams
        terms, params = [], []
        for term, tparams in anchors:
            terms.append("(" + " AND ".join([term, *inside]) + ")")
            params += [*tparams, *iparams]
        return "(" + " OR ".join(terms) + ")", params

    def select(self, columns: str, where: str = "1", params=(), tail: str = ""):
        return self.cur.execute(f"SELECT {columns} FROM ({self.base}) b WHERE {where} {tail}",
                                [*self.base_params, *params])

    def adjacent(self, at, within, rule: bool = True) -> dict[str, set[str]]:
        """Neighbours of the nodes `at` along the view's edges, among `within` (None: any)."""
        where, params = self.cond(within, rule, anchored=False)
        out: dict[str, set[str]] = {}
        for s, t in self.select("b.source, b.target", f"(b.source IN {IDS} OR b.target IN {IDS}) AND {where}",
                                [sql.ids(at), sql.ids(at), *params]):
            out.setdefault(s, set()).add(t)
            out.setdefault(t, set()).add(s)
        return out

    def typed_ids(self, extra: str = "", params=()) -> set[str]:
        types = self.view.types
        where = " AND ".join(filter(None, [f"type IN ({','.join('?' * len(types))})" if types else "", extra]))
        return {r[0] for r in self.cur.execute(f"SELECT id FROM entities{' WHERE ' + where if where else ''}",
                                               [*types, *params])}

    def resolve(self, name: str, within=None) -> str:
        return sql.resolve(self.store, name, self.view.types, within)

    # ---- steps ------------------------------------------------------------------------------------
    def countries(self) -> None:
        view = self.view
        if not view.countries:
            if view.edge_filtered:
                self.nodes = {n for row in self.select("b.source, b.target") for n in row}
            return
        marks = ",".join("?" * len(view.countries))
        own = self.typed_ids(f"country IN ({marks})", view.countries)
        states = own & self.typed_ids(f"type = 'state' AND country IN ({marks})", view.countries)
        if view.mode == "between" and len(view.countries) >= 2:
            self.keys = self._bilateral(own)
            self.nodes = {n for k in self.keys for n in k[:2]} | states
            return
        self.own = own
        touching = {n for row in self.select("b.source, b.target", *self.cond(None)) for n in row}
        self.nodes = touching | (states if view.edge_filtered else own)

    def _bilateral(self, own: set[str]) -> set[tuple]:
        """Edges connecting two selected countries' sides, directly or through one intermediate node."""
        side = dict(self.cur.execute(f"SELECT id, country FROM entities WHERE id IN {IDS}", [sql.ids(own)]))
        kept, legs = set(), {}
        rows = self.cur.execute(
            f"SELECT b.source, b.target, b.relation, s.country, s.type, t.country, t.type FROM ({self.base}) b "
            f"JOIN entities s ON s.id = b.source JOIN entities t ON t.id = b.target "
            f"WHERE b.source IN {IDS} OR b.target IN {IDS}", [*self.base_params, sql.ids(own), sql.ids(own)])
        for s, t, rel, s_country, s_type, t_country, t_type in rows:
            if s in side and t in side:
                if side[s] != side[t]:
                    kept.add((s, t, rel))
                continue
            m, m_country, m_type, own_end = (t, t_country, t_type, s) if s in side else (s, s_country, s_type, t)
            if rel != "related_to" and not m_country and m_type not in NOT_INTERMEDIATE:
                legs.setdefault(m, []).append(((s, t, rel), side[own_end]))
        for m, ends in legs.items():
            if len({country for _, country in ends}) >= 2:
                kept |= {key for key, _ in ends}
        return kept

    def search(self) -> None:
        hits = [n for n in sql.find(self.store, self.view.search, self.view.types)
                if self.nodes is None or n in self.nodes]
        adj = self.adjacent(hits, self.nodes)
        self.nodes = set(hits) | {m for n in hits for m in adj.get(n, ())}

    def focus(self) -> None:
        centre = self.resolve(self.view.node)
        within = None if self.nodes is None else self.nodes | {centre}
        seen, frontier = {centre}, {centre}
        for _ in range(self.view.depth):
            adj = self.adjacent(frontier, within)
            frontier = {m for n in frontier for m in adj.get(n, ())} - seen
            if not frontier:
                break
            seen |= frontier
        self.nodes = seen

    def expand(self) -> None:
        for name in self.view.expand:
            try:
                node = self.resolve(name)
            except KeyError:
                continue
            self.expanded.add(node)
            if self.nodes is not None:
                self.nodes |= {node} | self.adjacent({node}, None, rule=False).get(node, set())

    def mark_path(self) -> None:
        a, b = (self.resolve(x) for x in self.view.path)
        self.path = self._shortest_path(a, b)
        steps = set(zip(self.path, self.path[1:]))
        steps |= {(t, s) for s, t in steps}
        if steps:
            pairs = sorted(steps)
            self.path_keys = {tuple(r) for r in self.select(
                "b.source, b.target, b.relation", f"(b.source, b.target) IN (SELECT json_extract(value, '$[0]'), "
                f"json_extract(value, '$[1]') FROM json_each(?))", [sql.keys(pairs)])}
        if self.nodes is not None:
            self.nodes |= set(self.path)

    def _shortest_path(self, a: str, b: str) -> list[str]:
        """networkx's bidirectional BFS over the edges the filters keep, undirected, neighbours in sorted
        order (so the same graph always gives the same path among equals), reading one level at a time."""
        if a == b:
            return [a]
        pred, succ = {a: None}, {b: None}
        forward, reverse = [a], [b]
        meet = None
        while forward and reverse and meet is None:
            if len(forward) <= len(reverse):
                level, forward, mine, other, fringe = forward, [], pred, succ, "f"
            else:
                level, reverse, mine, other, fringe = reverse, [], succ, pred, "r"
            adj = self.adjacent(level, None, rule=False)
            for v in level:
                for w in sorted(adj.get(v, ())):
                    if w not in mine:
                        (forward if fringe == "f" else reverse).append(w)
                        mine[w] = v
                    if w in other:
                        meet = w
                        break
                if meet is not None:
                    break
        if meet is None:
            return []
        path, w = [], meet
        while w is not None:
            path.append(w)
            w = pred[w]
        path.reverse()
        w = succ[meet]
        while w is not None:
            path.append(w)
            w = succ[w]
        return path

    def limit(self) -> tuple[set[str] | None, int]:
        """The view's nodes after the node limit (None: all typed nodes), and how many there were before.

        Ranked in SQL: nodes the user named first, then by the weight of their edges in the view, then
        by mentions, then by id; only the kept ids come back."""
        nodes = self.nodes if self.nodes is not None else self.typed_ids()
        total, limit = len(nodes), self.view.limit
        if not limit or total <= limit:
            return self.nodes, total
        must = self._pinned(nodes)
        where, params = self.cond(self.nodes)
        if self.nodes is None:
            types = self.view.types
            universe = "SELECT id FROM entities" + (f" WHERE type IN ({','.join('?' * len(types))})" if types else "")
            uparams = list(types)
        else:
            universe, uparams = f"SELECT value AS id FROM json_each(?)", [sql.ids(self.nodes)]
        rows = self.cur.execute(
            f"WITH e AS (SELECT b.source, b.target, b.weight FROM ({self.base}) b WHERE {where}), "
            "d AS (SELECT node, SUM(weight) AS w FROM (SELECT source AS node, weight FROM e UNION ALL "
            "SELECT target, weight FROM e) GROUP BY node) "
            f"SELECT n.id FROM ({universe}) n LEFT JOIN d ON d.node = n.id "
            "LEFT JOIN entity_stats s ON s.entity_id = n.id "
            f"ORDER BY n.id IN {IDS} DESC, COALESCE(d.w, 0) DESC, COALESCE(s.mentions, 0) DESC, n.id LIMIT ?",
            [*self.base_params, *params, *uparams, sql.ids(must), max(limit, len(must & nodes))])
        return {r[0] for r in rows}, total

    def _pinned(self, nodes: set[str]) -> set[str]:
        """Nodes the user asked for by name: never dropped by the top-N limit."""
        pins = set(self.path or ())
        view = self.view
        for name in (view.node, view.selected, *view.expand):
            if name:
                try:
                    pins.add(self.resolve(name, within=nodes))
                except KeyError:
                    pass
        expanded = set()
        for name in view.expand:   # an expanded node's neighbours are what the user asked to see
            try:
                expanded.add(self.resolve(name, within=nodes))
            except KeyError:
                pass
        if expanded:
            adj = self.adjacent(expanded, self.nodes)
            pins |= {m for n in expanded for m in adj.get(n, ())}
        return pins

    def edges(self, nodes) -> dict[tuple, dict]:
        where, params = self.cond(nodes)
        return {(r[0], r[1], r[2]): sql.edge_attrs(r) for r in self.select(
            ", ".join(f"b.{c}" for c in sql.EDGE_COLUMNS), where, params)}


def subgraph(store: Store, view: View, evidence: bool = True) -> nx.MultiDiGraph:
    """The graph a view shows (see the module docstring for what each filter means).

    Edges carry their totals (weight, first_seen, last_seen, topics, n_articles, assertions); with
    `evidence` also their evidence rows (`evidence`) and article ids (`articles`), read for these edges
    only. `g.graph["total"]` is the number of nodes before the node limit; with a path, `g.graph["path"]`
    lists its nodes and nodes and edges carry `on_path`.
    """
    plan = _Plan(store, view)
    try:
        plan.countries()
        if view.search:
            plan.search()
        if view.node:
            plan.focus()
        if view.expand:
            plan.expand()
        if view.path:
            plan.mark_path()
        nodes, total = plan.limit()
        edges = plan.edges(nodes)
    finally:
        plan.close()
    g = _assemble(store, view, nodes, edges, evidence)
    g.graph["total"] = total
    if plan.path is not None:
        steps = set(zip(plan.path, plan.path[1:])) | set(zip(plan.path[1:], plan.path))
        for s, t, k in g.edges(keys=True):
            g.edges[s, t, k]["on_path"] = (s, t) in steps
        for n in g:
            g.nodes[n]["on_path"] = n in plan.path
        g.graph["path"] = plan.path
    return g


def links_among(store: Store, view: View, nodes, relation: str = "related_to") -> int:
    """How many `relation` edges the view would hold between two of these nodes if its relation filter let
    them in: its other edge filters and its country rule apply (with countries, an edge touches one of
    them; between countries, it joins two of their sides), and edges at expanded nodes count.

    What the dashboard says it hides between the nodes it shows ("N mentioned-together links not shown"),
    read with one indexed query from those nodes instead of answering a second view."""
    nodes = set(nodes)
    if not nodes:
        return 0
    plan = _Plan(store, view.with_(relations=(relation,), node=None, search=None, path=None, limit=None))
    try:
        if view.countries:
            marks = ",".join("?" * len(view.countries))
            own = plan.typed_ids(f"country IN ({marks})", view.countries)
            if view.mode == "between" and len(view.countries) >= 2:   # a link is never an intermediate leg
                side = dict(plan.cur.execute(f"SELECT id, country FROM entities WHERE id IN {IDS}",
                                             [sql.ids(own & nodes)]))
                plan.keys = {(s, t, r) for s, t, r in plan.select("b.source, b.target, b.relation",
                                                                  *plan.cond(set(side), rule=False))
                             if side[s] != side[t]}
            else:
                plan.own = own
            for name in view.expand:
                try:
                    plan.expanded.add(plan.resolve(name))
                except KeyError:
                    pass
        where, params = plan.cond(nodes, anchored=False)   # walked from the few nodes, not from a country's many
        return plan.select("COUNT(*)", f"b.source IN {IDS} AND {where}", [sql.ids(nodes), *params]).fetchone()[0]
    finally:
        plan.close()


def full_graph(store: Store, view: View = View()) -> nx.MultiDiGraph:
    """Every node, and every edge that passes the view's edge filters (relation, topic, date, weight,
    assertion), with its evidence: for exports of everything and for small stores."""
    edge_view = View(relations=view.relations, topics=view.topics, since=view.since, until=view.until,
                     min_weight=view.min_weight, assertion=view.assertion)
    plan = _Plan(store, edge_view)
    try:
        edges = plan.edges(None)
    finally:
        plan.close()
    return _assemble(store, edge_view, None, edges, evidence=True)


def _assemble(store: Store, view: View, nodes, edges: dict[tuple, dict], evidence: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(assertion=view.assertion)   # the exports read which evidence the graph holds
    attrs = sql.node_attrs(store, nodes)
    for node_id in sorted(attrs):
        if not view.types or attrs[node_id]["type"] in view.types:
            g.add_node(node_id, **attrs[node_id])
    if evidence:
        attach_evidence(store, view, edges)
    for (s, t, rel), e in sorted(edges.items()):
        if s in g and t in g:
            g.add_edge(s, t, key=rel, **e)
    return g


def attach_evidence(store: Store, view: View, edges: dict[tuple, dict]) -> None:
    """Add each edge's evidence rows (oldest first) and its article ids (by date) under the view's filters."""
    rows = sql.evidence(store, view, list(edges))
    for key, e in edges.items():
        e["evidence"] = rows.get(key, [])
        dates: dict[str, str] = {}
        for ev in e["evidence"]:
            dates.setdefault(ev["article_id"], ev["published"] or "")
        e["articles"] = sorted(dates, key=lambda a: (dates[a], a))


def with_evidence(store: Store, view: View, g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a view's graph whose edges carry their evidence (for exports of a graph built without)."""
    out = g.copy() if not nx.is_frozen(g) else nx.MultiDiGraph(g)
    edges = {(s, t, k): d for s, t, k, d in out.edges(keys=True, data=True)}
    if edges and all("evidence" in d for d in edges.values()):
        return out
    attach_evidence(store, view, edges)
    return out


def resolve_node(g: nx.Graph, name: str) -> str:
    """Node id for an id, a name or an alias; KeyError with a helpful message when unknown."""
    if name in g:
        return name
    key = norm(name)
    exact = [n for n, d in g.nodes(data=True) if norm(d["name"]) == key]
    if not exact:
        exact = [n for n, d in g.nodes(data=True) if key in {norm(a) for a in d["aliases"]}]
    if not exact:
        raise KeyError(f"no node named {name!r}")
    return min(exact, key=lambda n: (-g.nodes[n]["mentions"], n))


def search_nodes(g: nx.Graph, text: str) -> list[str]:
    """Nodes whose name or an alias contains the text (case and accents ignored), best known first."""
    key = norm(text)
    hits = [n for n, d in g.nodes(data=True)
            if key in norm(d["name"]) or any(key in norm(a) for a in d["aliases"])]
    return sorted(hits, key=lambda n: (norm(g.nodes[n]["name"]) != key, -g.nodes[n]["mentions"], n))


def top_nodes(g: nx.Graph, n: int, must: set[str] = frozenset()) -> list[str]:
    """The n nodes with the most evidence (weighted degree), then the most mentions; the `must` nodes
    are always kept, even past n."""
    weight = dict(g.degree(weight="weight"))
    mentions = g.nodes(data="mentions")
    ranked = sorted(g, key=lambda x: (x not in must, -weight[x], -mentions[x], x))
    return ranked[:max(n, len(set(must) & set(g)))]


# ---- timeline -----------------------------------------------------------------------------------------
FAMILIES_FILE = Path(__file__).with_name("relation_families.json")
WEEKS_UP_TO = 200   # days a view's evidence may span and still be counted by week; longer spans by month


def relation_families() -> list[dict]:
    """The families relations are grouped in over time (graph/relation_families.json): name, colour,
    relations, in stacking order."""
    return json.loads(FAMILIES_FILE.read_text(encoding="utf-8"))["families"]


def _evidence_by_day(store: Store, view: View, edges) -> dict[tuple[str, str], int]:
    """{(published, relation): evidence rows} of the view's evidence for these edges.

    Without a topic filter, counted from the (source, target, relation, published, ...) index alone; when
    only asserted evidence counts, the few rows that are not asserted are taken off (read by their partial
    index). A topic filter needs the rows themselves."""
    cur, keys = sql.cursor(store), sql.keys(edges)
    out: dict[tuple[str, str], int] = {}

    def add(rows, sign: int = 1) -> None:
        for day, rel, n in rows:
            out[(day or "", rel)] = out.get((day or "", rel), 0) + sign * n

    select = "SELECT r.published, r.relation, COUNT(*) FROM relations r"
    if view.topics:
        where, params = sql.evidence_filter(view)
        add(cur.execute(f"{select} WHERE (r.source, r.target, r.relation) IN {KEYS} AND {where} GROUP BY 1, 2",
                        [keys, *params]))
        return out
    rel, rparams = "1", []
    if view.relations:
        rel, rparams = f"+r.relation IN ({','.join('?' * len(view.relations))})", list(view.relations)
    add(cur.execute(f"{select} WHERE (r.source, r.target, r.relation) IN {KEYS} AND {rel} GROUP BY 1, 2",
                    [keys, *rparams]))
    if view.assertion == "asserted":
        try:
            rows = cur.execute(f"{select} INDEXED BY relations_not_asserted WHERE r.assertion != 'asserted' AND "
                               f"(r.source, r.target, r.relation) IN {KEYS} AND {rel} GROUP BY 1, 2", [keys, *rparams])
        except sqlite3.OperationalError:   # a store without that index: the same rows, found more slowly
            rows = cur.execute(f"{select} WHERE r.assertion != 'asserted' AND (r.source, r.target, r.relation) IN "
                               f"{KEYS} AND {rel} GROUP BY 1, 2", [keys, *rparams])
        add(rows, -1)
    return out


def timeline(store: Store, view: View, edges=None) -> dict:
    """The view's evidence over time: for each week or month (by the span of its dates) and relation, the
    evidence sentences of the view's edges under its filters except its dates (the timeline shows every
    date, so a range can be chosen on it).

    `edges`: the (source, target, relation) keys of the view without its dates, when the caller has them
    (else they are read). Counted per day from an index (`_evidence_by_day`); evidence without a date is
    counted apart. Returns {"period": "week" | "month", "rows": [{"start", "relation", "family",
    "evidence"}], "undated": n, "first", "last"} with rows by start, then family order."""
    undated_view = view.with_(since=None, until=None)
    if edges is None:
        edges = list(subgraph(store, undated_view, evidence=False).edges(keys=True))
    days: dict[tuple[str, str], int] = {}
    undated = 0
    for (day, rel), evidence in _evidence_by_day(store, undated_view, edges).items():
        if evidence <= 0:
            continue
        try:
            dt.date.fromisoformat(day[:10])
        except ValueError:
            undated += evidence
            continue
        days[(day[:10], rel)] = days.get((day[:10], rel), 0) + evidence
    dates = sorted({d for d, _ in days})
    out = {"period": "week", "rows": [], "undated": undated, "first": dates[0] if dates else None,
           "last": dates[-1] if dates else None}
    if not dates:
        return out
    span = (dt.date.fromisoformat(dates[-1]) - dt.date.fromisoformat(dates[0])).days
    out["period"] = "week" if span <= WEEKS_UP_TO else "month"

    def start(day: str) -> str:
        d = dt.date.fromisoformat(day)
        return (d - dt.timedelta(days=d.weekday())).isoformat() if out["period"] == "week" else day[:8] + "01"

    families = relation_families()
    family = {rel: f["name"] for f in families for rel in f["relations"]}
    order = {f["name"]: i for i, f in enumerate(families)}
    buckets: dict[tuple[str, str], int] = {}
    for (day, rel), evidence in days.items():
        buckets[(start(day), rel)] = buckets.get((start(day), rel), 0) + evidence
    ranked = sorted(buckets.items(), key=lambda kv: (kv[0][0], order.get(family.get(kv[0][1]), 99), kv[0][1]))
    out["rows"] = [{"start": s, "relation": rel, "family": family.get(rel, "other"), "evidence": e}
                   for (s, rel), e in ranked]
    return out
