"""The graph on the page: a bidirectional Streamlit component (st.components.v2) around vis-network.

PyVis alone cannot send a click back to Python. This component draws the pyvis network's nodes, edges
and options with the vis-network script shipped inside the pyvis package (inlined: nothing is loaded
from a CDN, the page works offline) and reports clicks as component state:
`{"click": {"kind": "node"|"edge"|"none"|"focus", "id": ..., "n": nonce}}` (see state.handle_click).

The network is created once per drawing (`gid`) and only re-selected when just the selection changes,
so a click does not reset zoom or pan. Everything from articles reaches the page as data and is put in
the DOM with textContent/innerText, never as HTML.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import streamlit as st

KEY = "graph"

_MODULE = r"""
const VIS = globalThis.vis;

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

function applySelection(s, selected) {
  const net = s.network;
  if (selected && s.nodes.get(selected)) {
    net.selectNodes([selected], true);
  } else if (selected && s.edges.get(selected)) {
    net.setSelection({nodes: [], edges: [selected]}, {unselectAll: true, highlightEdges: false});
  } else {
    net.unselectAll();
  }
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const host = parentElement.querySelector(".entente-graph");
  if (!host || !data || !VIS) return;
  let s = host.__entente;
  if (!s || s.gid !== data.gid) {
    if (s) s.network.destroy();
    host.textContent = "";
    const canvasBox = document.createElement("div");
    canvasBox.className = "entente-canvas";
    canvasBox.style.height = data.height + "px";
    host.append(canvasBox, legendBox(data.legend || []));
    const nodes = new VIS.DataSet(data.nodes);
    const edges = new VIS.DataSet(data.edges);
    const network = new VIS.Network(canvasBox, {nodes, edges}, data.options);
    s = host.__entente = {gid: data.gid, network, nodes, edges, send: setStateValue, drawn: false};
    const report = (kind, id) => s.send("click", {kind, id, n: Date.now() + Math.random()});
    network.on("click", (p) => {
      if (p.nodes.length) report("node", p.nodes[0]);
      else if (p.edges.length) report("edge", p.edges[0]);
      else report("none", null);
    });
    network.on("doubleClick", (p) => { if (p.nodes.length) report("focus", p.nodes[0]); });
    network.once("afterDrawing", () => { network.fit(); s.drawn = true; host.dataset.drawn = data.gid; });
    host.dataset.nodes = String(data.nodes.length);
    host.dataset.edges = String(data.edges.length);
  }
  s.send = setStateValue;
  applySelection(s, data.selected);
  host.dataset.selected = data.selected || "";
  if (data.jump && String(data.jump.n) !== host.dataset.jump && s.nodes.get(data.jump.id)) {
    host.dataset.jump = String(data.jump.n);  // on the host: a redraw must not replay an old jump
    s.network.focus(data.jump.id, {scale: 1.1, animation: {duration: 400}});
  }
  // For tests and debugging: where a node is on the page, in CSS pixels.
  globalThis.__entente = {
    network: s.network, gid: s.gid, nodes: s.nodes.length, edges: s.edges.length, selected: data.selected || null,
    get drawn() { return s.drawn; },
    nodeOnPage(id) {
      const p = s.network.getPosition(id);
      const d = s.network.canvasToDOM(p);
      const r = host.querySelector("canvas").getBoundingClientRect();
      return {x: r.left + d.x, y: r.top + d.y};
    },
    edgeOnPage(id) {
      const e = s.edges.get(id);
      const a = s.network.getPosition(e.from), b = s.network.getPosition(e.to);
      const d = s.network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
      const r = host.querySelector("canvas").getBoundingClientRect();
      return {x: r.left + d.x, y: r.top + d.y};
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
def _component():
    return st.components.v2.component(
        "entente_graph", html='<div class="entente-graph"></div>', css=_CSS,
        js=vis_script() + "\n;\n" + _MODULE)


def _noop():
    pass


def graph(drawing: dict, legend: list[dict], selected: str | None, jump: dict | None, height: int):
    """Draw the network; returns the component state (its `click`, see state.handle_click)."""
    data = dict(drawing, legend=legend, selected=selected, jump=jump, height=height)
    return _component()(key=KEY, data=data, default={"click": None}, on_click_change=_noop,
                        height=height + 60)
