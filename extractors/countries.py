"""States: every way news names a state (name, official name, demonym, capital) → one ISO-3166 alpha-3 code.

pycountry supplies the ISO names and codes; extractors/lexicons/states.json adds what ISO does not know:
the names news uses, demonyms and capitals used for governments ("Beijing sought…").
"""
from __future__ import annotations

from functools import lru_cache

import pycountry

from . import lexicons


def _fold(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.replace("’", "'").split()).strip(" .").lower().removeprefix("the ")


@lru_cache(None)
def surface_forms() -> dict[str, tuple[str, str]]:
    """Exact surface form → (ISO-3, kind), kind being 'name', 'demonym' or 'capital'. Case matters here."""
    forms: dict[str, tuple[str, str]] = {}
    for code, entry in lexicons.states().items():
        for kind, values in (("capital", entry.get("capitals", [])), ("demonym", entry.get("demonyms", [])),
                             ("name", [entry["name"], *entry.get("names", [])])):
            for v in values:
                forms[v] = (code, kind)
    for c in pycountry.countries:
        for v in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if v and v not in forms and code_known(c.alpha_3):
                forms[v] = (c.alpha_3, "name")
    return forms


def code_known(code: str) -> bool:
    return code in lexicons.states() or not lexicons.states()


@lru_cache(None)
def _folded() -> dict[str, str]:
    table = {}
    for form, (code, _kind) in surface_forms().items():
        table.setdefault(_fold(form), code)
    for code in lexicons.states():
        table.setdefault(code.lower(), code)
    for c in pycountry.countries:
        table.setdefault(c.alpha_3.lower(), c.alpha_3)
        table.setdefault(c.alpha_2.lower(), c.alpha_3)
    return table


def lookup_country(text: str) -> str | None:
    """ISO-3 code for a code, name, demonym or capital in any case ('chn', 'China', 'Chinese'), else None."""
    if not text:
        return None
    key = _fold(text)
    if key in _folded():
        return _folded()[key]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        pass
    for hist in pycountry.historic_countries:
        if key in {_fold(hist.name), hist.alpha_3.lower()}:
            return hist.alpha_3
    return None


def country_name(code: str) -> str:
    """The short English name news uses for a state."""
    entry = lexicons.states().get(code)
    if entry:
        return entry["name"]
    c = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


def country_aliases(code: str) -> list[str]:
    """Names and demonyms a state is known by (shown as aliases of its node)."""
    entry = lexicons.states().get(code, {})
    return [entry.get("name", code), *entry.get("names", []), *entry.get("demonyms", []), code]


@lru_cache(None)
def state_bodies() -> frozenset:
    """Head words of a state's institutions (frames.json 'state_bodies')."""
    return frozenset(lexicons.load("frames.json").get("state_bodies", ()))


def institution_state(name: str) -> str:
    """The state a body's name says it is an institution of: a state's name or demonym and a head word
    of a state body ('Parliament of Iraq', 'Russian Armed Forces', 'US Congress'); '' otherwise."""
    words = name.replace("’", "'").split()
    low = [w.lower() for w in words]
    heads = state_bodies()
    if not any(w in heads or " ".join(low[i:i + 2]) in heads for i, w in enumerate(low)):
        return ""
    forms = surface_forms()
    found = {forms[p][0] for n in (1, 2) for i in range(len(words) - n + 1)
             if (p := " ".join(words[i:i + n])) in forms and forms[p][1] in ("name", "demonym")}
    return next(iter(found)) if len(found) == 1 else ""
