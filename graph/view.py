"""One view of the graph: the filter that the command line, the URL and the dashboard all share.

A View is plain data. It is read from CLI flags (`View.from_args`) or from URL query parameters
(`View.from_query`), written back to a URL (`View.to_query`), and handed to `graph.query.subgraph`
and to the exports, so every view the dashboard shows is a link and every link is an export.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace

NODE_TYPES = ("leader", "person", "state", "organization", "agreement", "technology", "region")
RELATIONS = ("leader_of", "member_of", "visited", "met_with", "signed", "party_to", "supplies", "procures",
             "develops", "cooperates_with", "cooperates_on", "competes_with", "sanctions", "conflict_with",
             "related_to")
# which evidence makes edges: only what the text asserts, or also what it negates, supposes or reports as denied
ASSERTION_CHOICES = ("asserted", "all")
MODES = ("either", "between")   # with several countries: any of them (union), or only what connects them
TOPICS = ("defence", "technology", "economy", "energy", "space", "diplomacy", "security", "health", "climate")

_LISTS = ("countries", "topics", "types", "relations", "expand")


class ViewError(ValueError):
    """A filter value that cannot be understood; the message says which and why."""


@dataclass(frozen=True)
class View:
    countries: tuple[str, ...] = ()      # ISO-3 codes
    mode: str = "either"                 # with 2+ countries: "either" (union) or "between" (bilateral)
    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    since: str | None = None             # ISO dates, inclusive
    until: str | None = None
    min_weight: int = 1
    assertion: str = "asserted"          # "all" adds negated, hypothetical and denied evidence
    search: str | None = None            # text matched against names and aliases
    node: str | None = None              # focus: neighbourhood of this node ...
    depth: int = 1                       # ... to this depth
    expand: tuple[str, ...] = ()         # nodes whose neighbours are added to the view
    path: tuple[str, str] | None = None  # highlight the shortest path between two nodes
    limit: int | None = None             # keep the top N nodes by weight
    selected: str | None = field(default=None, compare=False)  # UI selection, not a filter

    def __post_init__(self):
        for name in _LISTS:
            object.__setattr__(self, name, tuple(dict.fromkeys(getattr(self, name) or ())))
        object.__setattr__(self, "countries", tuple(_country_code(c) for c in self.countries))
        _check_choices("topic", self.topics, TOPICS)
        _check_choices("type", self.types, NODE_TYPES)
        _check_choices("relation", self.relations, RELATIONS)
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                try:
                    object.__setattr__(self, name, dt.date.fromisoformat(str(value)).isoformat())
                except ValueError:
                    raise ViewError(f"--{name} {value!r}: not a date in the form YYYY-MM-DD") from None
        if self.mode not in MODES:
            raise ViewError(f"mode {self.mode!r}: choose either (the default: edges touching any of the "
                            f"countries) or between (only relations connecting the countries)")
        if self.assertion not in ASSERTION_CHOICES:
            raise ViewError(f"assertion {self.assertion!r}: choose asserted (the default: only what the text "
                            f"asserts) or all (also negated, hypothetical and denied claims)")
        if self.min_weight < 1:
            raise ViewError(f"min weight {self.min_weight}: must be 1 or more")
        if not 0 <= self.depth <= 5:
            raise ViewError(f"depth {self.depth}: must be between 0 and 5")
        if self.limit is not None and self.limit < 1:
            raise ViewError(f"limit {self.limit}: must be 1 or more")
        if self.path is not None and len(self.path) != 2:
            raise ViewError("path needs exactly two nodes")

    def with_(self, **changes) -> "View":
        return replace(self, **changes)

    @property
    def edge_filtered(self) -> bool:
        """True when the view drops edges by their own attributes (so isolated nodes are left out)."""
        return bool(self.topics or self.relations or self.since or self.until or self.min_weight > 1)

    @property
    def about(self) -> tuple[str, ...]:
        """The nodes the view is about, where a drawing too large for the screen opens: its focus node, else
        its countries' state nodes."""
        return (self.node,) if self.node else tuple(f"state:{c}" for c in self.countries)

    @property
    def unfiltered(self) -> bool:
        """True when nothing narrows the view (no filter, search, focus or limit): it shows everything, and its
        export holds every node, edge, mention and article."""
        return not (self.countries or self.topics or self.types or self.edge_filtered or self.search or self.node
                    or self.limit)

    # ---- URL ---------------------------------------------------------------------------------
    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for this view; only non-default values, lists as repeated keys."""
        out: dict[str, str | list[str]] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == f.default or value in ((), None):
                continue
            key = _QUERY_KEYS.get(f.name, f.name)
            if f.name == "path":
                out[key] = list(value)
            elif isinstance(value, tuple):
                out[key] = list(value)
            else:
                out[key] = str(value)
        return out

    @classmethod
    def from_query(cls, params) -> "View":
        """Read a view from URL query parameters (a dict of str or list values, or st.query_params)."""
        def raw(key) -> list[str]:
            values = params.get_all(key) if hasattr(params, "get_all") else params.get(key, [])
            values = [values] if isinstance(values, str) else list(values)
            return [str(v) for v in values if str(v).strip()]

        def get_all(key):   # list parameters: repeated keys, or comma-separated values
            return [v for value in raw(key) for v in value.split(",") if v.strip()]

        def get_one(key):   # single values are taken whole (a search text may hold commas)
            values = raw(key)
            return values[-1].strip() if values else None

        kwargs = {}
        for f in fields(cls):
            key = _QUERY_KEYS.get(f.name, f.name)
            if f.name in _LISTS:
                kwargs[f.name] = tuple(v.strip() for v in get_all(key))
            elif f.name == "path":
                nodes = get_all(key)
                kwargs["path"] = tuple(nodes[:2]) if len(nodes) >= 2 else None
            elif f.name in ("min_weight", "depth", "limit"):
                value = get_one(key)
                if value is not None:
                    try:
                        kwargs[f.name] = int(value)
                    except ValueError:
                        raise ViewError(f"{key}={value!r}: not a whole number") from None
            else:
                value = get_one(key)
                if value is not None or f.name not in ("assertion", "mode"):
                    kwargs[f.name] = value
        return cls(**kwargs)

    @classmethod
    def from_args(cls, args) -> "View":
        """Read a view from parsed command-line flags (see graph.cli)."""
        return cls(countries=tuple(args.country or ()), mode=getattr(args, "mode", None) or "either", topics=tuple(args.topic or ()),
                   types=tuple(args.type or ()), relations=tuple(args.relation or ()),
                   since=args.since, until=args.until, min_weight=args.min_weight or 1,
                   assertion=getattr(args, "assertion", None) or "asserted",
                   search=args.search, node=args.node, depth=args.depth,
                   path=tuple(args.path) if args.path else None, limit=args.limit)


_QUERY_KEYS = {"countries": "country", "topics": "topic", "types": "type", "relations": "relation",
               "min_weight": "min_weight", "search": "q"}


def _check_choices(what, values, allowed):
    for v in values:
        if v not in allowed:
            raise ViewError(f"unknown {what} {v!r}: choose from {', '.join(allowed)}")


def _country_code(value: str) -> str:
    """ISO-3 code for a country given as ISO-2, ISO-3, a name or a demonym ('CHN', 'China', 'Chinese')."""
    from extractors.countries import lookup_country  # one table of names for the CLI, URL and extractors
    code = lookup_country(value)
    if not code:
        raise ViewError(f"unknown country {value!r}: give an ISO-3166 code (CHN) or a name (China)")
    return code
