"""Instruments: an agreement is made between parties, and each instrument is one node.

A state's own legislation ("Inflation Reduction Act", "Executive Order 14024") is not an agreement between
parties. Generic wording ("joint statement", "peace deal", "memorandum of understanding") names a kind of
instrument, not one: told apart by its parties and its date, each becomes a node of its own
("China–Serbia joint statement (May 2024)") that keeps the text's wording as an alias, so two articles'
joint statements join only when they have the same parties and month.

The words that decide this are data: extractors/lexicons/instruments.json, and the `generic` and
`domestic` flags of extractors/lexicons/agreements.jsonl.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc

from . import lexicons
from .mentions import slug

PARTY_RELATIONS = {"signed", "party_to"}
PARTY_TYPES = {"state", "organization"}
MAX_NAMED_PARTIES = 3


@lru_cache(None)
def _table() -> dict:
    t = lexicons.load("instruments.json")
    return {k: set(v) for k, v in t.items() if isinstance(v, list)}


@lru_cache(None)
def _rows() -> dict[str, dict]:
    return {r["name"]: r for r in lexicons.agreements()}


def _key(text: str) -> str:
    return " ".join(text.lower().replace("–", "-").replace("u.s.", "us").split())


@lru_cache(None)
def _named_forms() -> dict[str, dict]:
    """Every listed form of a named (not generic, not domestic) agreement, compared without case."""
    out = {}
    for r in lexicons.agreements():
        if not r.get("generic") and not r.get("domestic"):
            for form in (r["name"], *r.get("aliases", ())):
                out.setdefault(_key(form), r)
    return out


def _words(name: str) -> list[str]:
    return [w for w in (w.strip(".,;:'’\"()[]").lower() for w in name.split()) if w]


def words(kind: str) -> set[str]:
    """One word list of instruments.json ("generic_words", "not_between_states", ...)."""
    return _table().get(kind, set())


def is_domestic(name: str) -> bool:
    """A name headed by a word of legislation ("... Act", "... Law", "Executive Order ...") and by no word
    of an instrument between parties ("Convention on the Law of the Sea" is a convention)."""
    row = _rows().get(name)
    if row is not None:
        return bool(row.get("domestic"))
    words = _words(name)
    t = _table()
    return not any(w in t["international_heads"] for w in words) and any(w in t["domestic_heads"] for w in words)


def is_generic(name: str, source: str = "") -> bool:
    """Wording that names a kind of instrument, not one: a lexicon entry flagged generic, a descriptive noun
    phrase ("reciprocal logistics agreement"), or a capitalised name made only of generic words
    ("Joint Statement", "Memorandum of Understanding")."""
    row = _rows().get(name)
    if row is not None and source in ("lexicon", "abbreviation", ""):
        return bool(row.get("generic"))
    if source == "chunk":   # "security pact"; but "U.S.-Taliban agreement" names its parties
        return not any(c.isupper() for c in name)
    words = _words(name)
    return bool(words) and all(w in _table()["generic_words"] for w in words)


def when(doc: Doc) -> str:
    """The article's month ("May 2024") when its date is known, else its year, else nothing."""
    iso = doc._.get("date") if Doc.has_extension("date") else None
    if isinstance(iso, str) and re.match(r"\d{4}-\d{2}", iso):
        return f"{calendar.month_name[int(iso[5:7])]} {iso[:4]}"
    return str(doc._.year) if doc._.year else ""


def instrument_name(wording: str, parties: list[str], date: str) -> str:
    """ "China–Serbia joint statement (May 2024)"; many parties: "joint statement of A, B, C and 4 others"."""
    parties = sorted(parties)
    if len(parties) > MAX_NAMED_PARTIES:
        rest = len(parties) - MAX_NAMED_PARTIES
        name = f"{wording} of {', '.join(parties[:MAX_NAMED_PARTIES])} and {rest} other{'s' if rest > 1 else ''}"
    elif parties:
        name = f"{'–'.join(parties)} {wording}"
    else:
        name = wording
    return f"{name} ({date})" if date else name


def _parties(doc: Doc, key: str, entities: dict[str, dict]) -> list[str]:
    """Ids of the states or bodies that signed or are party to the instrument in this article; else the
    article's two most mentioned states."""
    found = []
    for r in doc._.relations or []:
        if r.get("relation") not in PARTY_RELATIONS or key not in (r.get("source"), r.get("target")):
            continue
        other = r["target"] if r["source"] == key else r["source"]
        ent = entities.get(other)
        if ent is None:
            continue
        if ent["type"] not in PARTY_TYPES:   # a leader signs for the state they lead
            other = f"state:{ent.get('country')}" if ent.get("country") else ""
            if other not in entities or entities[other]["type"] != "state":
                continue
        if other not in found:
            found.append(other)
    if found:
        return found
    states = Counter(m.key for m in doc._.mentions if m.type == "state" and m.key in entities)
    return [k for k, _n in states.most_common(2)]


def _with_party(doc: Doc, generic: set[str]) -> dict[str, dict[str, str]]:
    """ "the nuclear deal with Iran": the wording with its party ({"nuclear deal with Iran": "state:IRN"}),
    kept as an alias; the state is a party."""
    by_start = {m.start: m for m in doc._.mentions or []}
    out: dict[str, dict[str, str]] = {}
    for m in doc._.mentions or []:
        if m.key not in generic or m.end + 1 >= len(doc) or doc[m.end].lower_ != "with":
            continue
        j = m.end + 2 if doc[m.end + 1].lower_ == "the" else m.end + 1
        other = by_start.get(j)
        if other is not None and other.type == "state":
            out.setdefault(m.key, {})[doc[m.start:other.end].text] = other.key
    return out


def tell_apart(doc: Doc, graph: dict) -> dict:
    """Give each generic agreement of one article's graph its own id and name, from its parties and the
    article's date; rewrite the mentions and relations that point to it. Returns the graph."""
    generic = {m.key for m in doc._.mentions or []
               if m.type == "agreement" and m.key and is_generic(m.name, m.source)}
    entities = {e["id"]: e for e in graph["entities"]}
    generic &= set(entities)
    if not generic:
        return graph
    date = when(doc)
    with_party = _with_party(doc, generic)
    rename = {}
    for key in generic:
        ent = entities[key]
        words = _words(ent["name"])
        generic_words = not ent["name"].isupper() and all(w in _table()["generic_words"] for w in words)
        wording = ent["name"].lower() if generic_words else ent["name"]
        found = _parties(doc, key, entities)
        found += [k for k in with_party.get(key, {}).values() if k in entities and k not in found]
        parties = [entities[p]["name"] for p in found]
        named = _named_forms().get(_key(instrument_name(wording, parties, "")))
        if named is not None:   # "Iran nuclear deal": the listed name of one agreement
            rename[key] = (f"agreement:{slug(named['name'])}", named["name"], wording)
            continue
        name = instrument_name(wording, parties, date)
        rename[key] = (f"agreement:{slug(name.replace('–', ' '))}", name, wording)
    merged: dict[str, dict] = {}
    for ent in graph["entities"]:
        if ent["id"] in rename:
            new_id, name, wording = rename[ent["id"]]
            aliases = set(ent["aliases"]) | {wording, ent["name"]} | set(with_party.get(ent["id"], {}))
            ent = dict(ent, id=new_id, name=name)
            ent["aliases"] = sorted(aliases | set(merged.get(new_id, {}).get("aliases", ())))
        merged[ent["id"]] = ent
    graph["entities"] = list(merged.values())
    ids = {k: v[0] for k, v in rename.items()}
    for m in graph["mentions"]:
        m["entity"] = ids.get(m["entity"], m["entity"])
    relations, seen = [], set()
    for r in graph["relations"]:
        r = dict(r, source=ids.get(r["source"], r["source"]), target=ids.get(r["target"], r["target"]))
        key = (r["source"], r["target"], r["relation"], r["start"])
        if r["source"] != r["target"] and key not in seen:
            seen.add(key)
            relations.append(r)
    graph["relations"] = relations
    return graph
