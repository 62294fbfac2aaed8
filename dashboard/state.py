"""The URL is the view: read it, change it, and remember which nodes the user has visited.

Every change of what is shown goes through `go()`, which writes a `graph.View` to st.query_params, so
the address bar always links to the current screen (filters, focus, expansion, path and selection).
Moves between nodes also push the previous node state onto a per-session history that Back pops.
Sidebar widgets are a copy of the URL: they are reset from it whenever it changes elsewhere (a link,
Back, Focus), and write it back through `on_filters_change`.
"""
from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from graph import RELATIONS, View, ViewError

from . import settings

NAV = ("selected", "node", "depth", "expand", "path")
HISTORY = "entente_history"
SYNCED = "entente_synced_filters"
CLICK_SEEN = "entente_click_seen"
JUMP = "entente_jump"
FLASH = "entente_flash"
MAX_HISTORY = 50

# sidebar widget keys
W_COUNTRY, W_TOPIC, W_TYPE, W_RELATION = "f_country", "f_topic", "f_type", "f_relation"
W_SINCE, W_UNTIL, W_MIN_WEIGHT, W_LIMIT, W_FIND = "f_since", "f_until", "f_min_weight", "f_limit", "f_find"
W_ASSERTION = "f_assertion"   # toggle: also show negated, hypothetical and denied claims
W_MODE = "f_mode"             # with several countries: either (union) or between (bilateral)
W_TOGETHER = "f_together"     # toggle: also draw 'mentioned together' (related_to) links

# The dashboard leaves `related_to` (mentioned together) out of a view unless the URL says together=1 or the
# Relation filter names it: it is most of the edges of any view, and hides the relations that say something.
# A dashboard setting, not a View's: the command line and its exports keep every relation.
TOGETHER = "together"
SPECIFIC = tuple(r for r in RELATIONS if r != "related_to")


# ---- reading ---------------------------------------------------------------------------------------
def _params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def read_view() -> tuple[View, list[str]]:
    """The view in the URL, and a message for each query parameter that had to be ignored."""
    params, problems = _params(), []
    try:
        return View.from_query(params), problems
    except ViewError:
        pass
    for key in list(params):
        try:
            View.from_query({key: params[key]})
        except ViewError as exc:
            problems.append(str(exc))
            del params[key]
    try:
        return View.from_query(params), problems
    except ViewError as exc:  # a combination (e.g. path with one node) that is wrong only together
        problems.append(str(exc))
        return View(), problems


def show_together() -> bool:
    """True when the URL asks for 'mentioned together' links (together=1)."""
    return (st.query_params.get(TOGETHER) or "").lower() in ("1", "true", "yes", "on")


def effective(view: View, together: bool | None = None) -> View:
    """The view as drawn: with the default node limit when the URL sets none, and without `related_to`
    unless asked for (see TOGETHER)."""
    view = view if view.limit else view.with_(limit=settings.DEFAULT_LIMIT)
    if not (show_together() if together is None else together) and not view.relations:
        view = view.with_(relations=SPECIFIC)
    return view


def nav_part(view: View) -> dict:
    return {k: getattr(view, k) for k in NAV}


# ---- changing ---------------------------------------------------------------------------------------
def go(view: View, nav: bool = True, together: bool | None = None) -> None:
    """Show `view`: write it to the URL; remember the previous node state when the node state changes.
    `together` sets the mentioned-together switch (None: keep it as it is)."""
    current, _ = read_view()
    if nav and nav_part(current) != nav_part(view):
        history = st.session_state.setdefault(HISTORY, [])
        history.append(nav_part(current))
        del history[:-MAX_HISTORY]
    query = view.to_query()
    if show_together() if together is None else together:
        query[TOGETHER] = "1"
    st.query_params.from_dict(query)


def back() -> None:
    """Return to the node state before the last move (filters stay as they are)."""
    history = st.session_state.get(HISTORY) or []
    if history:
        current, _ = read_view()
        go(current.with_(**history.pop()), nav=False)


def history() -> list[dict]:
    return list(st.session_state.get(HISTORY) or [])


def select(node_or_edge: str | None, jump: bool = False) -> None:
    current, _ = read_view()
    go(current.with_(selected=node_or_edge))
    if jump and node_or_edge:
        st.session_state[JUMP] = {"id": node_or_edge, "n": time.time()}


def flash(message: str) -> None:
    """A message for the next run (callbacks cannot draw)."""
    st.session_state[FLASH] = message


def take_flash() -> str | None:
    return st.session_state.pop(FLASH, None)


# ---- clicks from the graph component ----------------------------------------------------------------
EDGE_SEP = "~"


def edge_ref(source: str, target: str, relation: str) -> str:
    """How an edge is named in the URL (`selected=`) and in the drawn network."""
    return EDGE_SEP.join((source, target, relation))


def parse_edge_ref(ref: str | None) -> tuple[str, str, str] | None:
    parts = (ref or "").split(EDGE_SEP)
    return tuple(parts) if len(parts) == 3 and all(parts) else None


def handle_click(component_state) -> bool:
    """Apply a click the graph component reported (once per click); True when the URL changed.

    The component stores `{"click": {"kind": "node"|"edge"|"none"|"focus", "id": ..., "n": nonce}}`
    as its state; read at the top of the script, so tests can set it with AppTest's session_state.
    """
    click = (component_state or {}).get("click") if hasattr(component_state, "get") else None
    if not click or click.get("n") == st.session_state.get(CLICK_SEEN):
        return False
    st.session_state[CLICK_SEEN] = click.get("n")
    current, _ = read_view()
    kind, ref = click.get("kind"), click.get("id")
    if kind in ("node", "edge") and ref and ref != current.selected:
        go(current.with_(selected=str(ref)))
    elif kind == "focus" and ref:
        go(current.with_(node=str(ref), selected=str(ref), expand=(), path=None))
    elif kind == "none" and current.selected:
        go(current.with_(selected=None))
    else:
        return False
    return True


# ---- sidebar widgets <-> URL ---------------------------------------------------------------------------
def _filters(view: View) -> tuple:
    return (view.countries, view.topics, view.types, view.relations, view.since, view.until, view.min_weight,
            view.limit, view.assertion, view.mode, show_together())


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def sync_widgets(view: View) -> None:
    """Put the URL's filters into the sidebar widgets, again on every run until one gets to the end.

    A value put into a widget through session_state reaches the browser only with that run's message for
    the widget. Until it arrives, the browser holds what it had (on a fresh page, the widget's default: Max.
    nodes 1, its minimum) and sends it back with a click as if the user had chosen it. So this is called
    just before the sidebar's filters are written, with nothing slow in between (not before the graph and
    its panel: a click on the graph then found the server holding values the browser had not received),
    and when a click stops a run all the same, the values are put in again until `widgets_drawn` says a
    run got to the end of the page.
    """
    if st.session_state.get(SYNCED) == _filters(view):
        return
    ss = st.session_state
    ss[W_COUNTRY], ss[W_TOPIC] = list(view.countries), list(view.topics)
    ss[W_TYPE], ss[W_RELATION] = list(view.types), list(view.relations)
    ss[W_SINCE], ss[W_UNTIL] = _date(view.since), _date(view.until)
    ss[W_MIN_WEIGHT] = view.min_weight
    ss[W_LIMIT] = view.limit or settings.DEFAULT_LIMIT
    ss[W_ASSERTION] = view.assertion == "all"
    ss[W_MODE] = view.mode
    ss[W_TOGETHER] = show_together()


def widgets_drawn(view: View) -> None:
    """This run wrote the whole page, sidebar included, with the filters of `view` (the URL's): from the
    next run on they are not put into the widgets again."""
    st.session_state[SYNCED] = _filters(view)


def on_filters_change() -> None:
    """Callback of every sidebar filter: the widgets' values become the URL's filters."""
    ss = st.session_state
    current, _ = read_view()
    limit = int(ss[W_LIMIT] or settings.DEFAULT_LIMIT)
    try:
        new = current.with_(
            countries=tuple(ss[W_COUNTRY]), topics=tuple(ss[W_TOPIC]), types=tuple(ss[W_TYPE]),
            relations=tuple(ss[W_RELATION]),
            since=ss[W_SINCE].isoformat() if ss[W_SINCE] else None,
            until=ss[W_UNTIL].isoformat() if ss[W_UNTIL] else None,
            min_weight=int(ss[W_MIN_WEIGHT] or 1), limit=None if limit == settings.DEFAULT_LIMIT else limit,
            assertion="all" if ss.get(W_ASSERTION) else "asserted", mode=ss.get(W_MODE) or "either")
    except ViewError as exc:
        flash(str(exc))
        return
    go(new, nav=False, together=bool(ss.get(W_TOGETHER)))
    ss[SYNCED] = _filters(new)


def clear_filters() -> None:
    current, _ = read_view()
    go(View(node=current.node, depth=current.depth, expand=current.expand, path=current.path,
            selected=current.selected), nav=False, together=False)
