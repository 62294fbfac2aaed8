"""The drawn graph: a pyvis Network built from a view's networkx graph.

The drawing holds what the picture needs and no more (the browser gets what it shows): every node of
the view, and one line per node pair for the heaviest pairs, at most EDGES_PER_NODE lines per node,
each line listing its relations and weights in its tooltip; `related_to` is drawn only between nodes
that nothing more specific links. No evidence text is sent. Node colour and shape come from vis
groups (one per node type), not from every node. `component.py` draws it in the page and `exports.py`
writes it (through pyvis) as a standalone page. Tooltips are plain text: vis-network shows
a string title with innerText, so a name such as `<img onerror=…>` is shown, never run.
Positions come from a networkx spring layout computed in Python, seeded from a layout of the whole
graph and cached per view, so the picture is stable across reruns and similar across views.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict

import networkx as nx
from pyvis.network import Network

NODE_STYLE = {  # type: (colour, vis shape, legend symbol)
    "leader": ("#d62728", "star", "★"),
    "person": ("#ff7f0e", "dot", "●"),
    "state": ("#1f77b4", "square", "■"),
    "organization": ("#2ca02c", "triangle", "▲"),
    "agreement": ("#9467bd", "diamond", "◆"),
    "technology": ("#17becf", "hexagon", "⬢"),
    "region": ("#8c564b", "triangleDown", "▼"),
}
OTHER_STYLE = ("#7f7f7f", "dot", "●")

FAMILIES = {  # family: (colour, relations)
    "leadership & membership": ("#6b6ecf", ("leader_of", "member_of")),
    "diplomacy & cooperation": ("#2ca02c", ("visited", "met_with", "signed", "party_to", "cooperates_with",
                                            "cooperates_on")),
    "arms & technology": ("#ff7f0e", ("supplies", "procures", "develops")),
    "rivalry & conflict": ("#d62728", ("competes_with", "sanctions", "conflict_with")),
    "mentioned together": ("#b8b8b8", ("related_to",)),
}
RELATION_COLOUR = {rel: colour for colour, rels in FAMILIES.values() for rel in rels}
NOT_ASSERTED = "not asserted (negated, hypothetical, denied)"   # legend label of dashed edges
PATH_COLOUR = "#111111"
DIMMED = 0.25  # opacity of everything off the path while a path is shown

OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False, "navigationButtons": False,
                    "keyboard": False, "zoomView": True, "dragView": True},
    "nodes": {"borderWidth": 1, "borderWidthSelected": 4,
              "font": {"size": 15, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"}},
    "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1,
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}, "font": {"size": 0}},
}


# ---- text ------------------------------------------------------------------------------------------
def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def node_tooltip(d: dict, country_name=None) -> str:
    """Plain text (never HTML): vis-network shows it with innerText."""
    kind = d["type"] + (f" · {d['office']}" if d.get("office") else "")
    if d.get("country"):
        kind += f" · {country_name(d['country']) if country_name else d['country']} ({d['country']})"
    lines = [_clip(d["name"], 80), kind, f"{_n(d['mentions'], 'mention')} in {_n(d['articles'], 'article')}"]
    if d.get("first_seen"):
        lines.append(f"seen {d['first_seen']} – {d['last_seen']}")
    if d.get("aliases"):
        lines.append("also: " + _clip(", ".join(d["aliases"][:8]), 100))
    return "\n".join(lines)


def asserted(d: dict) -> bool:
    """True when some evidence of the edge is asserted (edges of a default view always are)."""
    return "asserted" in d.get("assertions", ("asserted",))


# ---- layout ----------------------------------------------------------------------------------------
def _simple(g: nx.Graph) -> nx.Graph:
    u = nx.Graph()
    u.add_nodes_from(sorted(g))
    for s, t, d in g.edges(data=True):
        if s != t:
            w = u.get_edge_data(s, t, {}).get("weight", 0) + d.get("weight", 1)
            u.add_edge(s, t, weight=math.log1p(w))
    return u


def layout(g: nx.Graph, init: dict | None = None, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions: a seeded spring layout per connected component (started from `init` where
    known), each scaled to its size, the components packed in rows (largest first) so that a few
    isolated nodes cannot shrink the main component to a dot."""
    if len(g) == 0:
        return {}
    u = _simple(g)
    comps = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for comp in comps:
        radius = 70 * math.sqrt(len(comp)) + 30
        if len(comp) == 1:
            boxes.append(({comp[0]: (0.0, 0.0)}, 40.0))
            continue
        sub = u.subgraph(comp)
        start = _start(sub, init, seed)
        pos = nx.spring_layout(sub, pos=start, k=1.8 / math.sqrt(len(comp)), iterations=60 if start is None else 30,
                               seed=seed, weight="weight")
        cx = sum(x for x, _ in pos.values()) / len(pos)
        cy = sum(y for _, y in pos.values()) / len(pos)
        far = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) or 1.0
        boxes.append(({n: _spread(x - cx, y - cy, far, radius) for n, (x, y) in pos.items()}, radius))
    return _pack(boxes)


def _spread(x: float, y: float, far: float, radius: float) -> tuple[float, float]:
    """Radial stretch r -> r**0.6: spring layouts pack hubs into a dense core; this opens it up."""
    r = math.hypot(x, y) / far
    if r == 0:
        return 0.0, 0.0
    f = (r ** 0.6) / r * radius / far
    return x * f, y * f


def _start(sub: nx.Graph, init: dict | None, seed: int) -> dict | None:
    start = {n: tuple(init[n]) for n in sub if init and n in init}
    if not start:
        return None
    xs, ys = [p[0] for p in start.values()], [p[1] for p in start.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    start = {n: ((x - cx) / span, (y - cy) / span) for n, (x, y) in start.items()}  # spring_layout works in ±1
    rng = _rng(seed)
    for n in sub:  # newcomers start next to a neighbour that has a position
        if n not in start:
            near = [start[m] for m in sub[n] if m in start]
            x, y = near[0] if near else (0.0, 0.0)
            start[n] = (x + rng() * 0.1, y + rng() * 0.1)
    return start


def _pack(boxes: list[tuple[dict, float]]) -> dict[str, tuple[float, float]]:
    """Shelf packing of components (each a dict of positions around 0 with a radius), rows left to right."""
    width = max(2 * boxes[0][1], math.sqrt(sum((2 * r) ** 2 for _, r in boxes)) * 1.2)
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for pos, r in boxes:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h + 20, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + r + px, 1), round(y + r + py, 1))
        x, row_h = x + 2 * r + 20, max(row_h, 2 * r)
    return out


def _rng(seed):
    state = [seed * 2654435761 % 2**32]

    def next_():
        state[0] = (1103515245 * state[0] + 12345) % 2**31
        return state[0] / 2**31 - 0.5
    return next_


# ---- what is drawn: one line per node pair, at most EDGES_PER_NODE × nodes lines ------------------------
EDGES_PER_NODE = 3   # a view draws at most this many lines per node it shows (the heaviest pairs)
MAX_RELATIONS_LISTED = 8   # relations named in one line's tooltip


def node_size(mentions: int) -> float:
    return round(min(10 + 4 * math.sqrt(mentions), 48), 1)


def edge_width(weight: int) -> float:
    return round(min(1 + 1.6 * math.log2(max(weight, 1)), 10), 2)


def pairs(g: nx.MultiDiGraph) -> list[dict]:
    """The view's relations grouped by unordered node pair, heaviest pair first.

    Each pair is one drawn line: `relations` are its (source, target, relation, data), heaviest first;
    `related_to` (mentioned together) is among them only when nothing more specific links the pair,
    else it is kept aside in `together` and named in the tooltip. Pairs on a path come first, then pairs
    with a specific relation, then pairs only mentioned together, each by total evidence.
    """
    grouped: dict[tuple, list] = defaultdict(list)
    for s, t, key, d in g.edges(keys=True, data=True):
        if s != t:
            grouped[tuple(sorted((s, t)))].append((s, t, key, d))
    out = []
    for pair, rels in grouped.items():
        rels.sort(key=lambda r: (-int(r[3]["weight"]), r[2], r[0], r[1]))
        specific = [r for r in rels if r[2] != "related_to"]
        drawn = specific or rels
        out.append({"pair": pair, "relations": drawn, "together": [r for r in rels if r not in drawn],
                    "weight": sum(int(r[3]["weight"]) for r in drawn), "specific": bool(specific),
                    "on_path": any(r[3].get("on_path") for r in rels)})
    out.sort(key=lambda p: (not p["on_path"], not p["specific"], -p["weight"], p["pair"]))
    return out


def edge_limit(g: nx.Graph) -> int:
    return EDGES_PER_NODE * len(g)


def drawn_pairs(g: nx.MultiDiGraph, max_edges: int | None = None) -> tuple[list[dict], dict]:
    """The pairs a view draws (at most `max_edges`, by default EDGES_PER_NODE per node) and the counts
    the page states: relations and pairs in the view, lines drawn, and what is left out."""
    every = pairs(g)
    limit = edge_limit(g) if max_edges is None else max_edges
    drawn = [p for p in every if p["on_path"]] + [p for p in every if not p["on_path"]][:max(0, limit)]
    drawn = drawn[:max(limit, sum(p["on_path"] for p in every))]
    kept = sum(len(p["relations"]) + len(p["together"]) for p in drawn)
    counts = {"relations": g.number_of_edges(), "pairs": len(every), "drawn": len(drawn), "limit": limit,
              "pairs_hidden": len(every) - len(drawn), "relations_hidden": g.number_of_edges() - kept}
    return drawn, counts


def _label(name: str) -> str:
    return _clip(name, 32)


def pair_tooltip(g: nx.MultiDiGraph, p: dict) -> str:
    """Plain text: the pair, then every relation with its direction and weight, then what they share."""
    rels = p["relations"]
    a, b = rels[0][0], rels[0][1]
    lines = [f"{_label(g.nodes[a]['name'])} — {_label(g.nodes[b]['name'])}"]
    for s, _t, rel, d in rels[:MAX_RELATIONS_LISTED]:
        flag = "" if asserted(d) else f" ({', '.join(x for x in d['assertions'] if x != 'asserted')})"
        lines.append(f"{'→' if s == a else '←'} {rel.replace('_', ' ')}: {_n(int(d['weight']), 'sentence')} in "
                     f"{_n(int(d['n_articles']), 'article')}{flag}")
    if len(rels) > MAX_RELATIONS_LISTED:
        lines.append(f"… and {_n(len(rels) - MAX_RELATIONS_LISTED, 'more relation')}")
    if p["together"]:
        lines.append(f"also mentioned together in {_n(max(int(d['weight']) for *_x, d in p['together']), 'sentence')}")
    topics = sorted({tp for *_x, d in rels for tp in d.get("topics") or ()})
    if topics:
        lines.append("topics: " + ", ".join(topics))
    firsts = [d["first_seen"] for *_x, d in rels if d.get("first_seen")]
    lasts = [d["last_seen"] for *_x, d in rels if d.get("last_seen")]
    if firsts:
        lines.append(f"seen {min(firsts)} – {max(lasts)}")
    return "\n".join(lines)


def _node(n: str, d: dict, pos: dict, path_nodes: set, country_name) -> dict:
    x, y = pos.get(n, (0.0, 0.0))
    node = {"id": str(n), "label": _label(d["name"]), "group": d["type"] if d["type"] in NODE_STYLE else "other",
            "title": node_tooltip(d, country_name), "size": node_size(int(d["mentions"])), "x": x, "y": y}
    if n in path_nodes:
        node.update(borderWidth=5, color={"background": NODE_STYLE.get(d["type"], OTHER_STYLE)[0],
                                          "border": PATH_COLOUR})
    elif path_nodes:
        node["opacity"] = DIMMED
    return node


def _edge(g: nx.MultiDiGraph, p: dict, dimmed: bool) -> dict:
    s, t, rel, d = p["relations"][0]
    edge = {"id": edge_id(s, t, rel), "from": str(s), "to": str(t), "title": pair_tooltip(g, p),
            "width": edge_width(p["weight"]) + (3 if p["on_path"] else 0)}
    colour = RELATION_COLOUR.get(rel, "#999999")
    edge["color"] = PATH_COLOUR if p["on_path"] else {"color": colour, "opacity": DIMMED} if dimmed else colour
    if any(r[0] != s for r in p["relations"]):
        edge["arrows"] = "to, from"
    if not any(asserted(r[3]) for r in p["relations"]):
        edge["dashes"] = [6, 5]
    return edge


def options() -> dict:
    """vis-network options: node types as groups (colour and shape drawn once, not per node)."""
    groups = {t: {"color": c, "shape": shape} for t, (c, shape, _sym) in NODE_STYLE.items()}
    groups["other"] = {"color": OTHER_STYLE[0], "shape": OTHER_STYLE[1]}
    return dict(OPTIONS, groups=groups)


def build(g: nx.MultiDiGraph, pos: dict, country_name=None, height: str = "640px",
          max_edges: int | None = None) -> Network:
    """A pyvis Network for graph `g` with positions `pos` (physics off: positions are final): every node,
    and one line per node pair for the heaviest pairs (see `drawn_pairs`). `net.counts` says what is
    not drawn."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading="")
    path_nodes = set(g.graph.get("path") or ())
    order = sorted(g, key=lambda x: (-g.nodes[x]["mentions"], x))
    net.nodes = [_node(n, g.nodes[n], pos, path_nodes, country_name) for n in order]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    drawn, net.counts = drawn_pairs(g, max_edges)
    net.edges = [_edge(g, p, bool(path_nodes)) for p in drawn]
    net.topics = sorted({tp for p in drawn for *_x, d in p["relations"] for tp in d.get("topics") or ()})
    net.lines = [_line(p, net.topics) for p in drawn]
    net.dimmed = bool(path_nodes)
    net.options = options()
    return net


def _line(p: dict, topics: list[str]) -> list:
    """One drawn line as the page gets it: the facts of its tooltip, not its text (component.py writes
    the same id, colour and tooltip as `_edge` from them, a third of the bytes):
    [from, to, [[reverse, relation, sentences, articles, claims not asserted], ...], more relations,
    mentioned together, topic bits, first seen, last seen, width, flags (1 both ways, 2 dashed, 4 on path)]."""
    rels = p["relations"]
    a = rels[0][0]
    listed = [[int(s != a), rel, int(d["weight"]), int(d["n_articles"]),
               "" if asserted(d) else ", ".join(x for x in d["assertions"] if x != "asserted")]
              for s, _t, rel, d in rels[:MAX_RELATIONS_LISTED]]
    together = max((int(d["weight"]) for *_x, d in p["together"]), default=0)
    mine = {tp for *_x, d in rels for tp in d.get("topics") or ()}
    bits = sum(1 << i for i, tp in enumerate(topics) if tp in mine)
    firsts = [d["first_seen"] for *_x, d in rels if d.get("first_seen")]
    lasts = [d["last_seen"] for *_x, d in rels if d.get("last_seen")]
    flags = (1 if any(r[0] != a for r in rels) else 0) | (0 if any(asserted(r[3]) for r in rels) else 2) \
        | (4 if p["on_path"] else 0)
    return [str(a), str(rels[0][1]), listed, max(0, len(rels) - MAX_RELATIONS_LISTED), together, bits,
            min(firsts) if firsts else "", max(lasts) if lasts else "",
            edge_width(p["weight"]) + (3 if p["on_path"] else 0), flags]


def edge_id(s: str, t: str, relation: str) -> str:
    from .state import edge_ref
    return edge_ref(s, t, relation)


def drawing(net: Network) -> dict:
    """What the page component needs: nodes, lines (see `_line`), options, the counts of what is not
    drawn, and an id (`gid`) that changes with any of them. See `payload` for the bytes sent."""
    used = {line[2][0][1] for line in net.lines}
    style = {"colours": {rel: RELATION_COLOUR.get(rel, "#999999") for rel in sorted(used)}, "path": PATH_COLOUR,
             "dimmed": DIMMED if net.dimmed else None, "listed": MAX_RELATIONS_LISTED}
    body = {"nodes": net.nodes, "lines": net.lines, "topics": net.topics, "style": style, "options": net.options,
            "counts": net.counts}
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return dict(body, gid=hashlib.blake2b(text.encode(), digest_size=8).hexdigest())


def payload(drawing_: dict, legend_: list[dict], height: int) -> bytes:
    """The drawing as the bytes the component receives: `gid`, a newline, then compact JSON. Built once
    per drawing (cache it): a rerun that draws the same thing sends the same bytes, which Streamlit's
    message cache then replaces by a reference, and it costs no JSON serialisation."""
    body = dict(drawing_, legend=legend_, height=height)
    return drawing_["gid"].encode() + b"\n" + json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def hidden_note(counts: dict) -> str:
    """What the page says under the graph when some relations are not drawn (empty when all are)."""
    if not counts.get("pairs_hidden"):
        if counts.get("relations", 0) > counts.get("drawn", 0):
            return (f"{_n(counts['drawn'], 'line')} for {_n(counts['relations'], 'relation')}: one line per pair "
                    "of nodes; its tooltip lists the relations.")
        return ""
    return (f"{_n(counts['pairs_hidden'], 'pair')} of nodes ({_n(counts['relations_hidden'], 'relation')}) not "
            f"drawn: {_n(counts['drawn'], 'line')} drawn, the heaviest pairs, at most {EDGES_PER_NODE} per node; "
            "one line per pair, its tooltip lists the relations. The Relations tab lists all.")


def legend(not_asserted: bool = False) -> list[dict]:
    """Legend entries (all ours, no article text): node types, then edge families, then the dashed style
    of claims that are not asserted when the view shows them."""
    return ([{"kind": "node", "label": t, "colour": c, "symbol": sym} for t, (c, _s, sym) in NODE_STYLE.items()]
            + [{"kind": "edge", "label": f, "colour": c, "symbol": "━"} for f, (c, _r) in FAMILIES.items()]
            + ([{"kind": "edge", "label": NOT_ASSERTED, "colour": "#555555", "symbol": "┅"}] if not_asserted else []))


def legend_html(not_asserted: bool = False) -> str:
    """The legend as static HTML (for the standalone export and st.html)."""
    import html
    items = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="color:{e["colour"]};font-size:1.1em">'
        f'{e["symbol"]}</span> {html.escape(e["label"])}</span>' for e in legend(not_asserted))
    return f'<div class="entente-legend" style="font:13px sans-serif;line-height:1.8">{items}</div>'
