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

function legendBox(entries) {
  const box = document.createElement("div");
  box.className = "entente-legend";
  for (const e of entries) {
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
  const canvasBox = document.createElement("div");
  canvasBox.className = "entente-canvas";
  canvasBox.style.height = d.height + "px";
  host.append(canvasBox, legendBox(d.legend || []));
  const nodes = new VIS.DataSet(d.nodes);
  const edges = new VIS.DataSet(expandLines(d));
  const network = new VIS.Network(canvasBox, {nodes, edges}, d.options);
  s = host.__entente = {gid, network, nodes, edges, host, send: setStateValue, drawn: false, selected: null};
  const report = (kind, id) => s.send("click", {kind, id, n: Date.now() + Math.random()});
  network.on("click", (p) => {
    if (p.nodes.length) report("node", p.nodes[0]);
    else if (p.edges.length) report("edge", p.edges[0]);
    else report("none", null);
  });
  network.on("doubleClick", (p) => { if (p.nodes.length) report("focus", p.nodes[0]); });
  network.once("afterDrawing", () => {
    network.fit(); s.drawn = true; s.drawnAt = performance.now(); host.dataset.drawn = gid;
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
.entente-canvas { width: 100%; box-sizing: border-box; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
  background: #ffffff; }
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
    and apply the selection; returns the graph's component state (its `click`, see state.handle_click)."""
    vis, draw, selection = _components()
    result = draw(key=KEY, data=payload, default={"click": None}, on_click_change=_noop, height=height + 60)
    selection(key=SELECTION_KEY, data=selection_data(selected, jump), height=0)
    return result


def library():
    """The vis-network library for the graph: mount it on every run, so the browser keeps its copy."""
    _components()[0](key=VIS_KEY, height=0)


def selection_data(selected: str | None, jump: dict | None) -> dict:
    """All a click that only selects sends to the page."""
    return {"selected": selected, "jump": jump}

