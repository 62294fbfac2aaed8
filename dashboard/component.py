"""The graph on the page: three small st.components.v2 components around vis-network.

PyVis alone cannot send a click back to Python. These components draw the view's nodes, edges and
options (see network.py) with the vis-network script shipped inside the pyvis package (inlined:
nothing is loaded from a CDN, the page works offline) and report clicks as component state:
`{"click": {"kind": "node"|"edge"|"none"|"focus", "id": ..., "n": nonce}}` (see state.handle_click).

What a rerun sends is kept to what changed. Streamlit sends an element again only when its message
differs from the one the browser holds (larger ones are otherwise replaced by a reference to the
browser's copy), so the page is split by how often each part changes:

- `entente_vis`: the vis-network library (470 KB), with no data, on every page (`library()`, even
  when no graph is drawn). It never changes: sent once per session.
- `entente_graph`: the drawing, as bytes built once per drawing (`network.payload`: its id `gid`, a
  newline, compact JSON; each line as the facts of its tooltip, written out here). Nothing in it
  depends on the selection, so a click that only selects a node or an edge sends a reference to it,
  not the drawing.
- `entente_selection`: the selection and a pending jump (a few bytes), applied to the drawn network.

The network is created once per drawing (`gid`) and only re-selected when just the selection changes,
so a click does not reset zoom or pan. Everything from articles reaches the page as data and is put in
the DOM with textContent/innerText, never as HTML.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import streamlit as st

KEY = "graph"
SELECTION_KEY = "graph_selection"
VIS_KEY = "graph_vis"

_VIS_MODULE = r"""
export default function () { globalThis.__ententeVisReady && globalThis.__ententeVisReady(); }
"""

_SELECTION_MODULE = r"""
export default function (component) {
  globalThis.__ententeSelection = component.data || {};
  if (globalThis.__ententeApply) globalThis.__ententeApply();
}
"""

_MODULE = r"""
function visLoaded() {  // the library comes from the entente_vis component, whose module may load later
  if (globalThis.vis) return Promise.resolve(globalThis.vis);
  return new Promise((resolve) => {
    const done = () => { if (globalThis.vis) { clearInterval(timer); resolve(globalThis.vis); } };
    const timer = setInterval(done, 25);
    const previous = globalThis.__ententeVisReady;
    globalThis.__ententeVisReady = () => { if (previous) previous(); done(); };
  });
}

function legendBox(entries, used) {
  // Node types, then the line colours this drawing uses (a family it does not draw is not explained).
  const box = document.createElement("div");
  box.className = "entente-legend";
  for (const e of entries) {
    if (e.kind === "edge" && e.symbol === "━" && !used.has(e.colour)) continue;
    const item = document.createElement("span");
    item.className = "item";
    const sym = document.createElement("span");
    sym.className = "sym";
    sym.style.color = e.colour;
    sym.textContent = e.symbol;
    const label = document.createElement("span");
    label.textContent = e.label;
    item.append(sym, label);
    box.append(item);
  }
  return box;
}

function drawnEdge(s, ref) {
  // An edge named in the URL may be one relation of a pair drawn as one line under another relation's id.
  if (s.edges.get(ref)) return ref;
  const parts = String(ref).split("~");
  if (parts.length !== 3) return null;
  const [a, b] = parts;
  const hit = s.edges.get({filter: (e) => (e.from === a && e.to === b) || (e.from === b && e.to === a)});
  return hit.length ? hit[0].id : null;
}

function applySelection(s) {
  const want = globalThis.__ententeSelection || {};
  const selected = want.selected || null;
  const net = s.network;
  const edge = selected && !s.nodes.get(selected) ? drawnEdge(s, selected) : null;
  if (selected && s.nodes.get(selected)) {
    net.selectNodes([selected], true);
  } else if (edge) {
    net.setSelection({nodes: [], edges: [edge]}, {unselectAll: true, highlightEdges: false});
  } else {
    net.unselectAll();
  }
  s.selected = selected;
  s.host.dataset.selected = selected || "";
  const jump = want.jump;
  if (jump && String(jump.n) !== s.host.dataset.jump && s.nodes.get(jump.id)) {
    s.host.dataset.jump = String(jump.n);  // on the host: a redraw must not replay an old jump
    net.focus(jump.id, {scale: 1.1, animation: {duration: 400}});
  }
}

const EDGE_NEAR_PX = 4;    // a click this close to a line (screen pixels) opens it, even on a label
const EDGE_HIT_PX = 14;    // ... and this close, when no node is under the pointer either
const MAX_SCALE = 1.2;     // Fit zooms a small drawing in no further than this (labels of 18 px) ...
const MAX_PATH_SCALE = 1.6;   // ... and Path no further than this

function segmentDistance(a, b, p) {
  const dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0;
  return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

function nearestEdge(net, point, px) {
  // The drawn line nearest to a canvas point, within px screen pixels; among lines about as near (lines
  // that cross under the pointer), the one whose middle is nearest: where people aim at a line.
  const scale = net.getScale(), near = [];
  for (const id of net.body.edgeIndices) {
    const e = net.body.edges[id];
    if (!e.connected) continue;
    const d = segmentDistance(e.from, e.to, point);
    if (d < px / scale) near.push({id, d, mid: Math.hypot((e.from.x + e.to.x) / 2 - point.x, (e.from.y + e.to.y) / 2 - point.y)});
  }
  if (!near.length) return null;
  const best = Math.min(...near.map((n) => n.d));
  return near.filter((n) => n.d <= best + 3 / scale).sort((p, q) => p.mid - q.mid)[0].id;
}

function boxes(net) {  // each node's shape and label boxes in canvas coordinates, as last drawn
  return net.body.nodeIndices.map((id) => {
    const n = net.body.nodes[id], sh = n.shape, lb = n.labelModule.size;
    const shape = {l: sh.left, t: sh.top, r: sh.left + sh.width, b: sh.top + sh.height};
    const label = lb && lb.width ? {l: lb.left, t: lb.top, r: lb.left + lb.width, b: lb.top + lb.height} : null;
    return {id, x: n.x, y: n.y, shape, label};
  });
}

function overlap(a, b, pad = 0) {
  return a && b && a.l < b.r + pad && b.l < a.r + pad && a.t < b.b + pad && b.t < a.b + pad;
}

function labelAt(net, point) {  // the node whose label is under a canvas point
  const hit = boxes(net).filter((n) => n.label && overlap(n.label, {l: point.x, r: point.x, t: point.y, b: point.y}));
  return hit.length ? hit[hit.length - 1].id : null;
}

function declutter(net) {
  // Push apart nodes whose boxes (shape and label) overlap: the server lays labels out with a wide font's
  // widths, so this moves nothing unless the browser's font is wider still.
  const all = boxes(net);
  if (all.length > 800) return 0;
  const union = (n) => {
    const u = n.label ? {l: Math.min(n.shape.l, n.label.l), t: Math.min(n.shape.t, n.label.t),
                         r: Math.max(n.shape.r, n.label.r), b: Math.max(n.shape.b, n.label.b)} : n.shape;
    return {l: u.l - n.x - 2, t: u.t - n.y - 2, r: u.r - n.x + 2, b: u.b - n.y + 2};
  };
  const rel = all.map(union), pos = all.map((n) => ({x: n.x, y: n.y}));
  let moves = 0;
  for (let round = 0; round < 200; round++) {
    let moved = false;
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const a = rel[i], b = rel[j], p = pos[i], q = pos[j];
        const ox = Math.min(p.x + a.r, q.x + b.r) - Math.max(p.x + a.l, q.x + b.l);
        const oy = Math.min(p.y + a.b, q.y + b.b) - Math.max(p.y + a.t, q.y + b.t);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (ox <= oy) {
          const d = (p.x >= q.x ? 1 : -1) * (ox / 2 + 0.5);
          p.x += d; q.x -= d;
        } else {
          const d = (p.y + (a.t + a.b) / 2 >= q.y + (b.t + b.b) / 2 ? 1 : -1) * (oy / 2 + 0.5);
          p.y += d; q.y -= d;
        }
      }
    }
    if (!moved) break;
    moves++;
  }
  if (moves) all.forEach((n, i) => net.moveNode(n.id, pos[i].x, pos[i].y));
  return moves;
}

function fitView(s) {
  // The whole drawing (or the path, when one is shown), but never so small that labels drop under the
  // minimum size on screen: then the view is centred on the drawing at that scale.
  const net = s.network, path = (s.style.pathNodes || []).filter((id) => s.nodes.get(id));
  const most = path.length > 1 ? MAX_PATH_SCALE : MAX_SCALE;
  net.fit(path.length > 1 ? {nodes: path, animation: false, maxZoomLevel: most} : {animation: false, maxZoomLevel: most});
  const scale = Math.max(s.style.minScale || 0, Math.min(net.getScale(), most));
  if (scale === net.getScale()) return;
  let position = net.getViewPosition();
  const about = (s.style.about || []).filter((id) => s.nodes.get(id));
  if (scale > net.getScale() && about.length && path.length < 2) {
    // too large to show whole at a legible zoom: the nodes the view is about (its country, its focus) stay in
    // the middle of the canvas, with as much of the rest around them as it holds
    const at = about.map((id) => net.getPosition(id));
    const ax = at.reduce((t, p) => t + p.x, 0) / at.length, ay = at.reduce((t, p) => t + p.y, 0) / at.length;
    const frame = s.host.querySelector(".entente-canvas");
    const hx = 0.3 * frame.clientWidth / scale, hy = 0.3 * frame.clientHeight / scale;
    position = {x: Math.min(Math.max(position.x, ax - hx), ax + hx), y: Math.min(Math.max(position.y, ay - hy), ay + hy)};
  }
  net.moveTo({position, scale, animation: false});
}

function zoom(s, factor) {
  const net = s.network;
  net.moveTo({position: net.getViewPosition(), scale: net.getScale() * factor, animation: {duration: 150}});
}

function controls(s) {
  const box = document.createElement("div");
  box.className = "entente-controls";
  for (const [label, title, act] of [["+", "Zoom in", () => zoom(s, 1.25)], ["−", "Zoom out", () => zoom(s, 0.8)],
                                     ["⤢", "Fit: show the whole drawing", () => fitView(s)]]) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", (ev) => { ev.stopPropagation(); act(); });
    box.append(b);
  }
  return box;
}

function plural(n, noun) { return `${n} ${noun}${n === 1 ? "" : "s"}`; }

function expandLines(d) {
  // The vis edges of the drawing's lines (network._line): the same ids, colours and tooltips as network._edge.
  const label = new Map(d.nodes.map((n) => [n.id, n.label]));
  const st = d.style;
  return d.lines.map(([from, to, rels, more, together, bits, first, last, width, flags]) => {
    const relation = rels[0][1];
    const text = [`${label.get(from)} — ${label.get(to)}`];
    for (const [back, rel, n, arts, claims] of rels) {
      text.push(`${back ? "←" : "→"} ${rel.replace(/_/g, " ")}: ${plural(n, "sentence")} in `
                + plural(arts, "article") + (claims ? ` (${claims})` : ""));
    }
    if (more) text.push(`… and ${plural(more, "more relation")}`);
    if (together) text.push(`also mentioned together in ${plural(together, "sentence")}`);
    const topics = d.topics.filter((_t, i) => bits & (2 ** i));
    if (topics.length) text.push("topics: " + topics.join(", "));
    if (first) text.push(`seen ${first} – ${last}`);
    const colour = st.colours[relation];
    const e = {id: `${from}~${to}~${relation}`, from, to, title: text.join("\n"), width,
               color: flags & 4 ? st.path : st.dimmed !== null ? {color: colour, opacity: st.dimmed} : colour};
    if (flags & 1) e.arrows = "to, from";
    if (flags & 2) e.dashes = [6, 5];
    return e;
  });
}

function header(bytes) {  // the id before the first newline, read without parsing the drawing
  const cut = bytes.indexOf(10);
  return [new TextDecoder().decode(bytes.subarray(0, cut)), cut];
}

export default async function (component) {
  const { data, parentElement, setStateValue } = component;
  const host = parentElement.querySelector(".entente-graph");
  if (!host || !data) return;
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const [gid, cut] = header(bytes);
  let s = host.__entente;
  if (s && s.gid === gid) {
    s.send = setStateValue;
    return () => { if (host.__entente) { host.__entente.network.destroy(); host.__entente = null; } };
  }
  const VIS = await visLoaded();
  const d = JSON.parse(new TextDecoder().decode(bytes.subarray(cut + 1)));
  s = host.__entente;
  if (s) s.network.destroy();
  host.textContent = "";
  const frame = document.createElement("div");
  frame.className = "entente-frame";
  const canvasBox = document.createElement("div");
  canvasBox.className = "entente-canvas";
  frame.append(canvasBox);
  host.append(frame, legendBox(d.legend || [], new Set(Object.values(d.style.colours))));
  const nodes = new VIS.DataSet(d.nodes);
  const edges = new VIS.DataSet(expandLines(d));
  const network = new VIS.Network(canvasBox, {nodes, edges}, d.options);
  s = host.__entente = {gid, network, nodes, edges, host, style: d.style, send: setStateValue, drawn: false,
                        selected: null, moved: 0};
  frame.append(controls(s));
  const report = (kind, id) => {
    s.clicks = (s.clicks || 0) + 1;
    s.lastClick = [kind, id, s.clicks];
    s.send("click", {kind, id, n: Date.now() + Math.random()});
  };
  network.on("click", (p) => {
    // What is under the pointer: a node's shape, a line right there, a node's label, then the nearest line
    // within a generous reach (vis alone picks a line within 10 canvas units, a few pixels when zoomed out).
    const at = p.pointer.canvas;
    let kind = "none", id = null;
    if (p.nodes.length) [kind, id] = ["node", p.nodes[0]];
    else if ((id = nearestEdge(network, at, EDGE_NEAR_PX)) !== null) kind = "edge";
    else if ((id = labelAt(network, at)) !== null) kind = "node";
    else if ((id = nearestEdge(network, at, EDGE_HIT_PX)) !== null) kind = "edge";
    if (kind === "node" && !p.nodes.length) network.selectNodes([id], true);
    else if (kind === "edge") network.setSelection({nodes: [], edges: [id]}, {unselectAll: true, highlightEdges: false});
    report(kind, id);
  });
  network.on("doubleClick", (p) => {
    const id = p.nodes.length ? p.nodes[0] : labelAt(network, p.pointer.canvas);
    if (id !== null && id !== undefined) report("focus", id);
  });
  network.once("afterDrawing", () => {
    s.moved = declutter(network);
    fitView(s);
    s.drawn = true; s.drawnAt = performance.now(); host.dataset.drawn = gid;
  });
  host.dataset.nodes = String(d.nodes.length);
  host.dataset.edges = String(edges.length);
  globalThis.__ententeApply = () => { if (host.__entente === s) applySelection(s); };
  applySelection(s);
  // For tests and measurements: the drawing, and where a node or an edge is on the page, in CSS pixels.
  globalThis.__entente = {
    network, gid, nodes: nodes.length, edges: edges.length, counts: d.counts,
    get selected() { return s.selected; },
    get drawn() { return s.drawn; },
    get drawnAt() { return s.drawnAt; },  // ms after navigation start
    nodeOnPage(id) {
      const p = network.getPosition(id);
      const dom = network.canvasToDOM(p);
      const r = host.querySelector("canvas").getBoundingClientRect();
      return {x: r.left + dom.x, y: r.top + dom.y};
    },
    get scale() { return network.getScale(); },
    get moved() { return s.moved; },
    get lastClick() { return s.lastClick || null; },   // what the last click opened: [kind, id, clicks so far]   // rounds of the browser's declutter (0: the server's layout was kept)
    fontSize: d.options.nodes.font.size,
    minScale: d.style.minScale,
    boxes() { return boxes(network); },
    frame() {   // the canvas and the zoom buttons on the page
      const r = (el) => { const b = el.getBoundingClientRect(); return {left: b.left, top: b.top, right: b.right,
                                                                      bottom: b.bottom}; };
      return {canvas: r(canvasBox), controls: [...frame.querySelectorAll(".entente-controls button")].map(r)};
    },
    control(title) { frame.querySelector(`.entente-controls button[title^="${title}"]`).click(); },
    toPage(p) {   // a canvas point in page pixels
      const dom = network.canvasToDOM(p);
      const r = host.querySelector("canvas").getBoundingClientRect();
      return {x: r.left + dom.x, y: r.top + dom.y};
    },
    edgeOnPage(id) {
      const e = edges.get(id);
      const a = network.getPosition(e.from), b = network.getPosition(e.to);
      const dom = network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
      const r = host.querySelector("canvas").getBoundingClientRect();
      return {x: r.left + dom.x, y: r.top + dom.y};
    },
  };
  return () => {
    if (host.__entente) { host.__entente.network.destroy(); host.__entente = null; }
  };
}
"""

_CSS = r"""
.entente-graph { position: relative; width: 100%; }
.entente-frame { position: relative; }
.entente-canvas { width: 100%; box-sizing: border-box; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
  background: #ffffff; height: clamp(360px, calc(100vh - 230px), 780px); }
.entente-controls { position: absolute; top: 8px; right: 8px; display: flex; flex-direction: column; gap: 4px; }
.entente-controls button { width: 32px; height: 32px; padding: 0; font: 18px/1 sans-serif; color: #1d2430;
  background: #ffffff; border: 1px solid rgba(49, 51, 63, 0.3); border-radius: 6px; cursor: pointer; }
.entente-controls button:hover { border-color: #1f5fa8; color: #1f5fa8; }
.entente-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; padding: 6px 2px 0 2px;
  font: 13px sans-serif; color: #31333f; }
.entente-legend .item { white-space: nowrap; }
.entente-legend .sym { margin-right: 4px; font-size: 1.1em; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-wrap;
  max-width: 420px; font: 13px sans-serif; color: #000; background-color: #f5f4ed;
  border: 1px solid #808074; border-radius: 3px; box-shadow: 3px 3px 10px rgba(0, 0, 0, 0.2);
  pointer-events: none; z-index: 5; }
"""


@lru_cache(None)
def vis_script() -> str:
    """vis-network 9.1.2 as shipped inside the pyvis package (a UMD bundle that defines `vis`)."""
    return (resources.files("pyvis") / "templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


@lru_cache(None)
def _components():
    vis = st.components.v2.component("entente_vis", js=vis_script() + "\n;\n" + _VIS_MODULE)
    draw = st.components.v2.component("entente_graph", html='<div class="entente-graph"></div>', css=_CSS,
                                      js=_MODULE)
    selection = st.components.v2.component("entente_selection", js=_SELECTION_MODULE)
    return vis, draw, selection


def _noop():
    pass


def graph(payload: bytes, selected: str | None, jump: dict | None, height: int):
    """Draw the network (`payload` from network.payload, the same bytes while the drawing is the same)
    and apply the selection; returns the graph's component state (its `click`, see state.handle_click).
    The canvas takes the window's height less what is above and below it (between 360 and 780 pixels), so it
    and its legend fit in the window (`height` is no longer used here)."""
    vis, draw, selection = _components()
    result = draw(key=KEY, data=payload, default={"click": None}, on_click_change=_noop, height="content")
    selection(key=SELECTION_KEY, data=selection_data(selected, jump), height=0)
    return result


_PAGE_CSS = """<style>
/* the page starts right under Streamlit's slim top bar, so the graph and its controls fit in 800 px */
[data-testid="stHeader"] { height: 2.5rem; min-height: 2.5rem; }
[data-testid="stMainBlockContainer"], .block-container { padding: 2.75rem 1.5rem 2rem 1.5rem; }
[data-testid="stSidebarHeader"] { height: 2.5rem; margin-bottom: 0; }
[data-testid="stSidebarUserContent"] { padding-top: 0; }
/* the vis-network script's element (first on the page, see library()) shows nothing and leaves no gap */
.st-key-%s { display: none; }
</style>""" % VIS_KEY


def page_style():
    """Less blank space above the page and the sidebar (style only: st.html puts no element on the page)."""
    st.html(_PAGE_CSS)


def library():
    """The vis-network library for the graph: mount it on every run, so the browser keeps its copy. Put it
    first on the page: on a fresh page the browser then reads the script while the server reads the view."""
    _components()[0](key=VIS_KEY, height=0)


def selection_data(selected: str | None, jump: dict | None) -> dict:
    """All a click that only selects sends to the page."""
    return {"selected": selected, "jump": jump}

