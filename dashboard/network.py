"""The drawn graph: a pyvis Network built from a view's networkx graph.

pyvis defines the drawing (colour and shape per node type, size by mentions, edge width by evidence,
edge colour by relation family, labels and tooltips); `component.py` draws its nodes, edges and options
in the page and `exports.py` writes it as a standalone page. Tooltips are plain text: vis-network shows
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


def edge_tooltip(g: nx.MultiDiGraph, s: str, t: str, d: dict) -> str:
    lines = [f"{_clip(g.nodes[s]['name'], 40)} —{d['relation'].replace('_', ' ')}→ {_clip(g.nodes[t]['name'], 40)}",
             f"{_n(d['weight'], 'evidence sentence')} in {_n(d['n_articles'], 'article')}"]
    if d.get("assertions", ["asserted"]) != ["asserted"]:
        lines.append("claims: " + ", ".join(d["assertions"]))
    if d.get("topics"):
        lines.append("topics: " + ", ".join(d["topics"]))
    if d.get("first_seen"):
        lines.append(f"seen {d['first_seen']} – {d['last_seen']}")
    if d.get("evidence"):
        lines.append("“" + _clip(d["evidence"][0]["sentence"], 160) + "”")
    return "\n".join(lines)


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


# ---- the pyvis network ------------------------------------------------------------------------------
def node_size(mentions: int) -> float:
    return round(min(10 + 4 * math.sqrt(mentions), 48), 1)


def edge_width(weight: int) -> float:
    return round(min(1 + 1.6 * math.log2(max(weight, 1)), 10), 2)


def build(g: nx.MultiDiGraph, pos: dict, country_name=None, height: str = "640px") -> Network:
    """A pyvis Network for graph `g` with positions `pos` (physics off: positions are final)."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading="")
    path_nodes = set(g.graph.get("path") or ())
    for n in sorted(g, key=lambda x: -g.nodes[x]["mentions"]):
        d = g.nodes[n]
        colour, shape, _ = NODE_STYLE.get(d["type"], OTHER_STYLE)
        x, y = pos.get(n, (0.0, 0.0))
        extra = {"borderWidth": 5} if n in path_nodes else {"opacity": DIMMED} if path_nodes else {}
        net.add_node(str(n), label=_clip(d["name"], 32), shape=shape,
                     color={"background": colour, "border": PATH_COLOUR} if n in path_nodes else colour,
                     title=node_tooltip(d, country_name), size=node_size(int(d["mentions"])), x=x, y=y,
                     physics=False, **extra)
    pairs: dict[frozenset, int] = defaultdict(int)
    for s, t, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: (-e[3]["weight"], e[0], e[1], e[2])):
        k = pairs[frozenset((s, t))]
        pairs[frozenset((s, t))] += 1
        smooth = False if k == 0 else {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                                       "roundness": round(0.18 * ((k + 1) // 2), 2)}
        on_path = bool(d.get("on_path"))
        net.add_edge(str(s), str(t), id=edge_id(s, t, key), title=edge_tooltip(g, s, t, d),
                     width=edge_width(int(d["weight"])) + (3 if on_path else 0),
                     color=PATH_COLOUR if on_path else {"color": RELATION_COLOUR.get(d["relation"], "#999999"),
                                                        "opacity": DIMMED if path_nodes else 1.0},
                     smooth=smooth, **({} if asserted(d) else {"dashes": [6, 5]}))
    net.set_options(json.dumps(OPTIONS))
    return net


def edge_id(s: str, t: str, relation: str) -> str:
    from .state import edge_ref
    return edge_ref(s, t, relation)


def drawing(net: Network) -> dict:
    """What the page component needs: nodes, edges, options, and a hash that changes with any of them."""
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options)}
    payload["gid"] = hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
    return payload


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
