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

FONT_PX = 15          # label size on the canvas; on screen it is this times the zoom
MIN_LABEL_PX = 12     # the page opens a view zoomed so that labels are at least this big on screen
OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False, "navigationButtons": False,
                    "keyboard": False, "zoomView": True, "dragView": True},
    "nodes": {"borderWidth": 1, "borderWidthSelected": 4,
              "font": {"size": FONT_PX, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"}},
    "edges": {"smooth": False, "selectionWidth": 3, "hoverWidth": 2,
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


# What a node takes on the canvas: its shape, and its label below it (vis draws the label LABEL_GAP under the
# shape). Label widths are estimated from DejaVu Sans's advance widths (em fractions), wider than Arial or
# Helvetica, so a layout without overlaps here has none in a browser with either (the page checks anyway).
LABEL_GAP = 3
LABEL_HEIGHT = 1.3 * FONT_PX
BOX_PAD = 10          # free space kept between the boxes of two nodes
ASPECT = 1.15         # width over height that layouts aim at: the canvas is a little wider than tall
DECLUTTER_MAX = 1500  # larger components are left as the spring layout puts them (unreadable anyway)
_EM = dict(zip("abcdefghijklmnopqrstuvwxyz", (.613, .635, .550, .635, .615, .352, .635, .634, .278, .278, .579, .278,
                                              .974, .634, .612, .635, .635, .411, .521, .392, .634, .592, .818, .592,
                                              .592, .525)))
_EM.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (.684, .686, .698, .770, .632, .575, .775, .752, .295, .295, .656, .557,
                                              .863, .748, .787, .603, .787, .695, .635, .611, .732, .684, .989, .685,
                                              .611, .685)))
_EM.update({c: .636 for c in "0123456789"})
_EM.update({" ": .318, ".": .318, ",": .318, "-": .361, "'": .275, "(": .390, ")": .390, "&": .780, "…": 1.0,
            "/": .337, ":": .337})


def label_width(text: str, px: float = FONT_PX) -> float:
    """A label's width on the canvas (its white outline included)."""
    return sum(_EM.get(c, 1.0 if ord(c) > 0x2e80 else .70) for c in text) * px + OPTIONS["nodes"]["font"]["strokeWidth"]


def node_box(d: dict) -> tuple[float, float, float]:
    """(half width, top, bottom) of a node's shape and label around its position, with half the padding."""
    size = node_size(int(d.get("mentions", 1) or 1))
    half = max(size, label_width(_label(str(d.get("name", "")))) / 2) + BOX_PAD / 2
    return half, -size - BOX_PAD / 2, size + LABEL_GAP + LABEL_HEIGHT + BOX_PAD / 2


def layout(g: nx.Graph, init: dict | None = None, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions where no two nodes' boxes (shape and label) overlap: a seeded spring layout per
    connected component (started from `init` where known), stretched to the canvas's aspect and to the area
    its nodes' boxes need, then decluttered (overlapping boxes pushed apart); the components are packed in
    rows (largest first) so that a few isolated nodes cannot shrink the main component to a dot."""
    if len(g) == 0:
        return {}
    u = _simple(g)
    box = {n: node_box(g.nodes[n]) for n in g}
    lines = [p["pair"] for p in drawn_pairs(g)[0]] if g.is_multigraph() else list(u.edges())
    comps = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
    placed = []
    for comp in comps:
        if len(comp) == 1:
            placed.append({comp[0]: (0.0, 0.0)})
            continue
        area = sum(2 * box[n][0] * (box[n][2] - box[n][1]) for n in comp)
        radius = math.sqrt(area / (0.5 * math.pi))
        sub = u.subgraph(comp)
        start = _start(sub, init, seed)
        pos = nx.spring_layout(sub, pos=start, k=1.8 / math.sqrt(len(comp)), iterations=60 if start is None else 30,
                               seed=seed, weight="weight")
        cx = sum(x for x, _ in pos.values()) / len(pos)
        cy = sum(y for _, y in pos.values()) / len(pos)
        far = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) or 1.0
        pos = {n: _spread(x - cx, y - cy, far, radius) for n, (x, y) in pos.items()}
        pos = {n: (x * math.sqrt(ASPECT), y / math.sqrt(ASPECT)) for n, (x, y) in pos.items()}
        if len(comp) <= DECLUTTER_MAX:
            pos = compact(declutter(pos, box), box)
            own = [(a, b) for a, b in lines if a in pos and b in pos]
            # moving nodes off lines can sprawl the drawing across thousands of pixels: on a dense view (a
            # 6,000-article store's first screen: 40 nodes, 120 lines), and on a star around one hub (a country's
            # view: 40 nodes, 68 lines, seven times the area, its hub off the screen): keep the cleared layout
            # only while it stays compact (and stop as soon as it does not: 40 rounds of a 150-node view cost
            # most of a second)
            cleared = clear_lines(pos, box, own, max_area=SPRAWL * math.prod(_extent(pos, box)))
            if cleared is not None:
                pos = cleared
        placed.append(pos)
    return _pack(placed, box)


def layout_key(g: nx.Graph) -> str:
    """What a layout depends on for what the page draws: each node with its box (shape and label), and the
    lines drawn. Two graphs with the same key can share positions: an article that adds weight to a view
    without changing its nodes' sizes or which lines are drawn does not move the picture (nor cost a layout)."""
    boxes = sorted((str(n), node_box(g.nodes[n])) for n in g)
    lines = sorted(p["pair"] for p in drawn_pairs(g)[0]) if g.is_multigraph() else sorted(map(sorted, g.edges()))
    return hashlib.blake2b(repr((boxes, lines)).encode(), digest_size=12).hexdigest()


def _extent(pos: dict, box: dict) -> tuple[float, float]:
    return (max(x + box[n][0] for n, (x, _y) in pos.items()) - min(x - box[n][0] for n, (x, _y) in pos.items()),
            max(y + box[n][2] for n, (_x, y) in pos.items()) - min(y + box[n][1] for n, (_x, y) in pos.items()))


def compact(pos: dict, box: dict, tries: int = 8) -> dict:
    """Draw a decluttered layout together (towards its centre) and declutter it again, while that makes it
    smaller: spring layouts leave wide gaps (leaves far out, labels that need not be so far apart), and
    a smaller drawing is shown at a larger zoom."""
    best, size = pos, math.prod(_extent(pos, box))
    for _ in range(tries):
        cx = sum(x for x, _y in best.values()) / len(best)
        cy = sum(y for _x, y in best.values()) / len(best)
        trial = declutter({n: (cx + (x - cx) * 0.8, cy + (y - cy) * 0.8) for n, (x, y) in best.items()}, box)
        trial_size = math.prod(_extent(trial, box))
        if trial_size >= size * 0.98:
            break
        best, size = trial, trial_size
    return best


LINE_CLEARANCE = 8     # a line passes at least this far from the shapes of nodes it does not join
SPRAWL = 3.0           # clearing lines may grow the drawing's area at most this much


def clear_lines(pos: dict, box: dict, edges, rounds: int = 40, max_area: float | None = None) -> dict | None:
    """Move nodes off the lines that pass through them (then declutter again): a line through a node reads
    as two relations of that node, and the two are hard to tell apart under the pointer. With `max_area`,
    None as soon as the drawing's area (of its nodes' boxes) grows past it: the caller keeps what it had."""
    edges = [(a, b) for a, b in edges if a != b]
    if len(edges) * len(pos) > 100_000:
        return pos
    pos = dict(pos)
    size = {n: -box[n][1] - BOX_PAD / 2 for n in pos}   # the shape's radius (box top is -size - pad/2)
    rng = _rng(13)
    reach = max(size.values()) + LINE_CLEARANCE
    hypot = math.hypot
    for _ in range(rounds):
        moved = False
        for a, b in edges:
            (ax, ay), (bx, by) = pos[a], pos[b]
            dx, dy = bx - ax, by - ay
            length = hypot(dx, dy)
            if length < 1:
                continue
            lo_x, hi_x = (bx if bx < ax else ax) - reach, (bx if bx > ax else ax) + reach
            lo_y, hi_y = (by if by < ay else ay) - reach, (by if by > ay else ay) + reach
            # the nodes near the line, as they are now (a move below changes only the node moved and the line's
            # ends, which are not among them)
            near = [(w, wx, wy) for w, (wx, wy) in pos.items() if lo_x < wx < hi_x and lo_y < wy < hi_y]
            for w, wx, wy in near:
                if w == a or w == b:
                    continue
                t = ((wx - ax) * dx + (wy - ay) * dy) / length ** 2
                if not 0 < t < 1:
                    continue
                side = ((wx - ax) * dy - (wy - ay) * dx) / length   # signed distance from the line
                need = size[w] + LINE_CLEARANCE
                if abs(side) >= need:
                    continue
                sign = (1 if side > 0 else -1) if side else (1 if rng() > 0 else -1)
                step = need - abs(side) + 4
                nx_, ny_ = sign * dy / length, -sign * dx / length   # the normal from the line towards w
                pos[w] = (wx + 0.6 * step * nx_, wy + 0.6 * step * ny_)
                for end in (a, b):   # and the line moves the other way: it turns off the node
                    ex, ey = pos[end]
                    pos[end] = (ex - 0.4 * step * nx_, ey - 0.4 * step * ny_)
                (ax, ay), (bx, by) = pos[a], pos[b]
                dx, dy = bx - ax, by - ay
                length = max(math.hypot(dx, dy), 1.0)
                moved = True
        moved = _open_angles(pos, edges) or moved
        if not moved:
            break
        pos = declutter(pos, box)
        if max_area is not None and math.prod(_extent(pos, box)) > max_area:
            return None
    return pos if max_area is None or math.prod(_extent(pos, box)) <= max_area else None


MIN_ANGLE = math.radians(9)   # two lines from one node part at least this much, or they read as one


def _open_angles(pos: dict, edges) -> bool:
    """Turn apart two lines from one node that (nearly) lie on each other: the far end of the longer one
    moves sideways until they part by MIN_ANGLE."""
    around: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        around[a].append(b)
        around[b].append(a)
    moved = False
    atan2, pi, tau = math.atan2, math.pi, 2 * math.pi
    for a in sorted(around):
        ax, ay = pos[a]
        ends = sorted(around[a])
        bearing = {e: atan2(pos[e][1] - ay, pos[e][0] - ax) for e in ends}   # kept up to date as ends move
        for i, b in enumerate(ends):
            for c in ends[i + 1:]:
                ab, ac = bearing[b], bearing[c]
                gap = (ac - ab + pi) % tau - pi
                if -MIN_ANGLE < gap < MIN_ANGLE:
                    (bx, by), (cx, cy) = pos[b], pos[c]
                    far, fx, fy, turn = (c, cx, cy, 1) if math.hypot(cx - ax, cy - ay) >= math.hypot(bx - ax, by - ay) \
                        else (b, bx, by, -1)
                    r = math.hypot(fx - ax, fy - ay)
                    sign = (1 if gap >= 0 else -1) * turn
                    angle = (ac if far == c else ab) + sign * (MIN_ANGLE - abs(gap) + 0.01)
                    pos[far] = (ax + r * math.cos(angle), ay + r * math.sin(angle))
                    bearing[far] = atan2(pos[far][1] - ay, pos[far][0] - ax)
                    moved = True
    return moved


def declutter(pos: dict, box: dict, rounds: int = 400) -> dict:
    """Push overlapping boxes apart (along the axis where they overlap least, half each) until none overlap.
    A sweep over the boxes sorted by their left edge finds the overlapping pairs."""
    ids = sorted(pos)
    xs, ys = [float(pos[n][0]) for n in ids], [float(pos[n][1]) for n in ids]
    half, top, bottom = ([box[n][k] for n in ids] for k in range(3))
    rng = _rng(11)
    n = len(ids)
    for round_ in range(rounds):
        moved = False
        active: list[int] = []
        lefts = [x - h for x, h in zip(xs, half)]
        for i in sorted(range(n), key=lefts.__getitem__):
            left = xs[i] - half[i]
            active = [j for j in active if xs[j] + half[j] > left]
            hi, ti, bi = half[i], top[i], bottom[i]
            for j in active:   # min and max written out (the same values, in a third of the time)
                a, b = ys[i] + bi, ys[j] + bottom[j]
                c, d = ys[i] + ti, ys[j] + top[j]
                oy = (b if b < a else a) - (d if d > c else c)
                if oy <= 0:
                    continue
                xi, xj, hj = xs[i], xs[j], half[j]
                a, b = xi + hi, xj + hj
                c, d = xi - hi, xj - hj
                ox = (b if b < a else a) - (d if d > c else c)
                if ox <= 0:
                    continue
                moved = True
                if ox <= oy:
                    step = ox / 2 + 0.5
                    sign = 1 if xi > xj or (xi == xj and rng() > 0) else -1
                    xs[i] += sign * step
                    xs[j] -= sign * step
                else:
                    step = oy / 2 + 0.5
                    ci, cj = ys[i] + (ti + bi) / 2, ys[j] + (top[j] + bottom[j]) / 2
                    sign = 1 if ci > cj or (ci == cj and rng() > 0) else -1
                    ys[i] += sign * step
                    ys[j] -= sign * step
            active.append(i)
        if not moved:
            break
        if round_ >= 8:   # a jam (pushes undoing each other in a dense core): open the whole layout a little
            cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
            xs = [cx + (x - cx) * 1.02 for x in xs]
            ys = [cy + (y - cy) * 1.02 for y in ys]
    return {n: (xs[k], ys[k]) for k, n in enumerate(ids)}


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


def _pack(placed: list[dict], box: dict) -> dict[str, tuple[float, float]]:
    """Shelf packing of components (each a dict of positions) by the boxes of their nodes, in rows left to
    right, the rows about ASPECT times as wide as all of them are tall."""
    rects = []
    for pos in placed:
        left = min(x - box[n][0] for n, (x, _y) in pos.items())
        right = max(x + box[n][0] for n, (x, _y) in pos.items())
        top = min(y + box[n][1] for n, (_x, y) in pos.items())
        bottom = max(y + box[n][2] for n, (_x, y) in pos.items())
        rects.append((pos, left, top, right - left, bottom - top))
    area = sum(w * h for *_p, w, h in rects)
    width = max(rects[0][3], math.sqrt(area * ASPECT) * 1.1)
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for pos, left, top, w, h in rects:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h + BOX_PAD, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x - left + px, 1), round(y - top + py, 1))
        x, row_h = x + w + BOX_PAD, max(row_h, h)
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
    return round(min(8 + 3 * math.sqrt(mentions), 36), 1)


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
    memo = g.graph.get("_drawn_pairs") if max_edges is None and nx.is_frozen(g) else None
    if memo is not None:   # a frozen (cached) view's graph: its pairs are worked out once, not per use
        return memo
    every = pairs(g)
    limit = edge_limit(g) if max_edges is None else max_edges
    drawn = [p for p in every if p["on_path"]] + [p for p in every if not p["on_path"]][:max(0, limit)]
    drawn = drawn[:max(limit, sum(p["on_path"] for p in every))]
    kept = sum(len(p["relations"]) + len(p["together"]) for p in drawn)
    counts = {"relations": g.number_of_edges(), "pairs": len(every), "drawn": len(drawn), "limit": limit,
              "pairs_hidden": len(every) - len(drawn), "relations_hidden": g.number_of_edges() - kept}
    if max_edges is None and nx.is_frozen(g):
        g.graph["_drawn_pairs"] = (drawn, counts)
    return drawn, counts


def _label(name: str) -> str:
    return _clip(name, 28)


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
    net.path_nodes = [str(n) for n in g.graph.get("path") or () if n in g]   # (pyvis's own net.path is its template)
    net.about = [str(n) for n in g.graph.get("about") or () if n in g]       # what the view is about (View.about)
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
             "dimmed": DIMMED if net.dimmed else None, "listed": MAX_RELATIONS_LISTED,
             "minScale": MIN_LABEL_PX / FONT_PX, "pathNodes": getattr(net, "path_nodes", []),
             "about": getattr(net, "about", [])}
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
