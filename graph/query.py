"""Answer a View with a networkx graph: nodes are entities, edges are (source, target, relation) with
their evidence. Algorithms (neighbourhoods, paths, ranking) are plain networkx functions on it.
"""
from __future__ import annotations


import networkx as nx

from .store import ASSERTIONS, Store, norm
from .view import View

NODE_FIELDS = ("name", "type", "country", "office")


def _placeholders(values) -> str:
    return ",".join("?" * len(values))


def load_edges(store: Store, view: View) -> dict[tuple[str, str, str], dict]:
    """Edges for the view's edge filters (relation, topic, date, assertion), with every evidence row kept.

    Under the default assertion filter only asserted evidence makes an edge and counts toward its weight;
    with `assertion="all"` negated, hypothetical and denied evidence is included too. Each evidence row
    says which it is, and each edge lists the assertions of its evidence (`assertions`).
    """
    where, params = [], []
    if view.assertion == "asserted":
        where.append("r.assertion = 'asserted'")
    if view.relations:
        where.append(f"r.relation IN ({_placeholders(view.relations)})")
        params += view.relations
    if view.since:
        where.append("r.published >= ?")
        params.append(view.since)
    if view.until:
        where.append("r.published <= ?")
        params.append(view.until)
    if view.topics:
        where.append("(" + " OR ".join("(' | ' || r.topics || ' | ') LIKE ?" for _ in view.topics) + ")")
        params += [f"% | {t} | %" for t in view.topics]
    sql = ("SELECT r.source, r.target, r.relation, r.article_id, r.sentence, r.start, r.end, r.published, r.topics,"
           " r.assertion, a.title, a.url FROM relations r JOIN articles a ON a.id=r.article_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    cur = store.conn.cursor()
    cur.row_factory = None   # plain tuples: this loop may see millions of rows
    edges: dict[tuple[str, str, str], dict] = {}
    for s, t, rel, article, sentence, begin, end, published, topics, assertion, title, url in cur.execute(sql, params):
        e = edges.get((s, t, rel))
        if e is None:
            e = edges[(s, t, rel)] = {"evidence": [], "topics": set(), "articles": {}, "assertions": set()}
        e["evidence"].append({"article_id": article, "sentence": sentence, "start": begin, "end": end,
                              "published": published, "title": title, "url": url, "assertion": assertion})
        e["assertions"].add(assertion)
        if topics:
            e["topics"].update(topics.split(" | "))
        e["articles"][article] = published or ""
    for e in edges.values():
        e["evidence"].sort(key=lambda ev: (ev["published"] or "", ev["article_id"], ev["start"]))
        dates = [ev["published"] for ev in e["evidence"] if ev["published"]]
        e.update(weight=len(e["evidence"]), first_seen=min(dates, default=""), last_seen=max(dates, default=""),
                 topics=sorted(e["topics"]),
                 assertions=sorted(e["assertions"], key=lambda a: (_ASSERTION_ORDER.get(a, 9), a)),
                 articles=sorted(e["articles"], key=lambda a: (e["articles"][a], a)))
    return edges


_ASSERTION_ORDER = {a: i for i, a in enumerate(ASSERTIONS)}


def load_nodes(store: Store) -> dict[str, dict]:
    """Every entity with its aliases and how often and where it is mentioned."""
    nodes = {r["id"]: {k: r[k] for k in NODE_FIELDS} | {"aliases": [], "mentions": 0, "articles": 0,
                                                           "first_seen": "", "last_seen": ""}
             for r in store.conn.execute("SELECT * FROM entities")}
    for r in store.conn.execute("SELECT entity_id, alias FROM aliases ORDER BY alias"):
        if r["entity_id"] in nodes and r["alias"] != nodes[r["entity_id"]]["name"]:
            nodes[r["entity_id"]]["aliases"].append(r["alias"])
    for r in store.conn.execute(
            "SELECT m.entity_id, COUNT(*) n, COUNT(DISTINCT m.article_id) a, MIN(a.published) f, MAX(a.published) l "
            "FROM mentions m JOIN articles a ON a.id=m.article_id GROUP BY m.entity_id"):
        if r["entity_id"] in nodes:
            nodes[r["entity_id"]].update(mentions=r["n"], articles=r["a"], first_seen=r["f"] or "",
                                         last_seen=r["l"] or "")
    return nodes


def full_graph(store: Store, view: View = View()) -> nx.MultiDiGraph:
    """All nodes, and the edges that pass the view's edge filters (relation, topic, date, weight)."""
    g = nx.MultiDiGraph(assertion=view.assertion)   # the exports read which evidence the graph holds
    for node_id, attrs in load_nodes(store).items():
        g.add_node(node_id, **attrs)
    for (s, t, rel), e in load_edges(store, view).items():
        if e["weight"] >= view.min_weight and s in g and t in g:
            g.add_edge(s, t, key=rel, relation=rel, **e)
    return g


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
    return max(exact, key=lambda n: g.nodes[n]["mentions"])


def search_nodes(g: nx.Graph, text: str) -> list[str]:
    """Nodes whose name or an alias contains the text (case and accents ignored), best known first."""
    key = norm(text)
    hits = [n for n, d in g.nodes(data=True)
            if key in norm(d["name"]) or any(key in norm(a) for a in d["aliases"])]
    return sorted(hits, key=lambda n: (norm(g.nodes[n]["name"]) != key, -g.nodes[n]["mentions"]))


def subgraph(store: Store, view: View, base: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The graph a view shows, always an induced subgraph of the edge-filtered graph.

    Steps, in order: node types; countries (their nodes and direct neighbours); with edge filters,
    only nodes that keep an edge; search (matches and neighbours); focus node to a depth plus
    expanded nodes; the shortest path marked; the top `limit` nodes by weight.
    `base` (from `full_graph` for the same view) may be passed in to reuse it.
    """
    full = base if base is not None else full_graph(store, view)
    typed = full.subgraph([n for n, d in full.nodes(data=True) if d["type"] in view.types]) if view.types else full
    und = typed.to_undirected(as_view=True)
    keep = set(typed)
    if view.countries:
        own = {n for n in typed if typed.nodes[n]["country"] in view.countries}
        keep = own | {m for n in own for m in und[n]}
    if view.edge_filtered:
        keep &= {n for e in typed.subgraph(keep).edges() for n in e} | (
            {n for n in keep if typed.nodes[n]["country"] in view.countries and typed.nodes[n]["type"] == "state"})
    if view.search:
        hits = [n for n in search_nodes(typed, view.search) if n in keep]
        keep = {m for n in hits for m in (n, *und[n]) if m in keep}
    if view.node:
        centre = resolve_node(typed, view.node)
        keep = set(nx.single_source_shortest_path_length(und.subgraph(keep | {centre}), centre, cutoff=view.depth))
    for name in view.expand:
        try:
            n = resolve_node(typed, name)
        except KeyError:
            continue
        keep |= {n, *und[n]}
    g = typed if len(keep) == len(typed) else typed.subgraph(keep)
    if view.path:
        g = mark_path(g, *(resolve_node(typed, x) for x in view.path), typed=typed)
    if view.limit and len(g) > view.limit:
        g = g.subgraph(top_nodes(g, view.limit, must=_pinned(g, view)))
    return g


def mark_path(g: nx.MultiDiGraph, a: str, b: str, typed: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Add the shortest path between a and b (found in `typed`) to g, flagging its nodes and edges `on_path`."""
    und = nx.Graph()   # sorted, so that the same graph always gives the same path among equals
    und.add_nodes_from(sorted(typed))
    und.add_edges_from(sorted({tuple(sorted((s, t))) for s, t in typed.edges()}))
    try:
        nodes = nx.shortest_path(und, a, b)
    except nx.NetworkXNoPath:
        nodes = []
    g = typed.subgraph(set(g) | set(nodes)).copy()
    steps = set(zip(nodes, nodes[1:])) | set(zip(nodes[1:], nodes))
    for s, t, k in g.edges(keys=True):
        g.edges[s, t, k]["on_path"] = (s, t) in steps
    for n in g:
        g.nodes[n]["on_path"] = n in nodes
    g.graph["path"] = nodes
    return g


def _pinned(g, view) -> set[str]:
    """Nodes the user asked for by name: never dropped by the top-N limit."""
    pins = set(g.graph.get("path", ()))
    for name in (view.node, view.selected, *view.expand):
        if name:
            try:
                pins.add(resolve_node(g, name))
            except KeyError:
                pass
    und = g.to_undirected(as_view=True)
    for name in view.expand:   # an expanded node's neighbours are what the user asked to see
        try:
            pins |= set(und[resolve_node(g, name)])
        except KeyError:
            pass
    return pins


def top_nodes(g: nx.Graph, n: int, must: set[str] = frozenset()) -> list[str]:
    """The n nodes with the most evidence (weighted degree), then the most mentions; the `must` nodes
    are always kept, even past n."""
    weight = dict(g.degree(weight="weight"))
    mentions = g.nodes(data="mentions")
    ranked = sorted(g, key=lambda x: (x not in must, -weight[x], -mentions[x], x))
    return ranked[:max(n, len(set(must) & set(g)))]
