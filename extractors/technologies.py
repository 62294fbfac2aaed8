"""One technology, one node: "F-35 fighter jet", "F-35 fighter jets" and "F35 jets" are the same
aircraft, while distinct products stay distinct (each has its own lexicon record). And a weapon named after
a thing or a person is a technology where a weapon noun follows it ("Patriot missile batteries", "the
Patriot system"), not a person.

A technology's identity is its normal form: lower case, singular words, no hyphen between letters and
digits. The lexicon's forms are indexed by it, and so is each form's "core", the name without the generic
weapon words after it ("Patriot" for "Patriot missile systems").
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from . import lexicons
from .countries import surface_forms
from .mentions import Mention, slug

TECH_WORDS = {"missile", "system", "drone", "jet", "fighter", "tank", "submarine", "satellite", "reactor",
              "helicopter", "aircraft", "rocket", "launcher", "howitzer", "frigate", "destroyer", "bomber",
              "warhead", "vehicle", "interceptor", "battery", "air", "defence", "defense", "surface-to-air",
              "anti-aircraft", "anti-tank", "anti-ship", "cruise", "ballistic", "hypersonic", "stealth",
              "multirole", "combat", "attack", "glide", "unit", "platform", "munition", "shell", "gun",
              "artillery", "spacecraft", "capsule", "probe", "loitering", "main", "battle", "strike", "guided"}
HEADS = {"missile", "system", "drone", "jet", "fighter", "tank", "submarine", "satellite", "helicopter", "aircraft",
         "rocket", "launcher", "howitzer", "frigate", "destroyer", "bomber", "warhead", "interceptor", "battery",
         "spacecraft", "capsule", "probe", "munition", "platform", "unit", "vehicle"}
WEAK_HEADS = {"system", "battery", "unit", "platform", "vehicle"}   # need a weapon word or a known name


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def norm(text: str) -> str:
    """ "F-35 Fighter Jets" -> "f35 fighter jet"; "Patriot missile batteries" -> "patriot missile battery"."""
    text = text.lower().replace("–", "-").replace("’", "'")
    text = re.sub(r"(?<=[a-z])[- ](?=\d)", "", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    return " ".join(_singular(w) for w in text.split())


def core(text: str) -> str:
    """The name before its generic weapon words: "patriot missile system" -> "patriot"."""
    words = norm(text).split()
    while words and words[-1] in TECH_WORDS:
        words.pop()
    return " ".join(words)


@lru_cache(None)
def index() -> tuple[dict[str, dict], dict[str, dict]]:
    """(normal form -> record, core -> record) over every technology's name and aliases. A core two
    records share names neither."""
    forms, cores, shared = {}, {}, set()
    for row in lexicons.technologies():
        for form in (row["name"], *row.get("aliases", ())):
            forms.setdefault(norm(form), row)
            c = core(form)
            if c and c != norm(form) and (form[:1].isupper() or any(ch.isdigit() for ch in form)):
                if cores.get(c, row) is not row:
                    shared.add(c)
                cores.setdefault(c, row)
    for c in shared:
        cores.pop(c, None)
    for form, row in forms.items():   # a record's own short name ("HIMARS", "Javelin") is a core too
        if form == core(form) and form not in shared:
            cores.setdefault(form, row)
    return forms, cores


def identify(m: Mention) -> None:
    """Give a technology mention the record its normal form (or its core) names, else an id made from
    its normal form, so that singular and plural, hyphened or not, make one node."""
    if m.type != "technology" or m.source == "lexicon":
        return
    forms, cores = index()
    row = forms.get(norm(m.name)) or cores.get(core(m.name))
    if row is None:
        for alias in m.aliases:   # a model code found with its noun ("F35" of "F35 jets")
            row = forms.get(norm(alias))
            if row is not None:
                break
    if row is not None:
        m.key, m.name = f"tech:{slug(row['name'])}", row["name"]
    else:
        m.key = f"tech:{slug(norm(m.name))}"


def named_weapons(doc: Doc, claimed: set[int]) -> list[tuple[int, Mention]]:
    """A capitalised name followed by weapon words ("Patriot missile batteries", "the Patriot system",
    "Typhon launchers") names a weapon, whatever the NER took the name for. A weak noun ("system",
    "batteries") needs a weapon word before it or a name the lexicon knows as a weapon."""
    out = []
    _forms, cores = index()
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if not _name_word(tok) or i in claimed:
            i += 1
            continue
        j = i
        while j < n and j - i < 3 and _name_word(doc[j]) and j not in claimed:
            j += 1
        k = j
        while k < n and _singular(doc[k].lower_) in TECH_WORDS:
            k += 1
        last = _singular(doc[k - 1].lower_) if k > j else ""
        if k > j and last in HEADS:
            known = core(doc[i:j].text) in cores
            weapon_words = [_singular(t.lower_) for t in doc[j:k - 1]]
            plain = not any(t.is_sent_start or t.ent_type_ == "ORG" for t in doc[i:j])
            if known or plain and (last not in WEAK_HEADS or any(w not in WEAK_HEADS for w in weapon_words)):
                text = doc[i:k].text
                out.append((2, Mention(i, k, "technology", f"tech:{slug(norm(text))}", text,
                                       aliases={text}, source="pattern")))
                i = k
                continue
        i = j if j > i else i + 1
    return out


def _name_word(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ") \
        and tok.text not in surface_forms() and tok.ent_type_ not in ("GPE", "NORP", "DATE", "LOC") \
        and _singular(tok.lower_) not in TECH_WORDS


MEMBER_CUES = {"including", "like", "as", "notably", "especially"}


def retype_members(doc: Doc, mentions: list[Mention]) -> None:
    """A name given as an instance of a technology ("wiper malware, including WhisperGate", "drones such
    as the Orion") is that kind of thing, whatever the NER took it for."""
    tech_tokens = {i for m in mentions if m.type == "technology" for i in range(m.start, m.end)}
    if not tech_tokens:
        return
    for m in mentions:
        if m.type not in ("organization", "person") or m.source not in ("ner", "title"):
            continue
        root = doc[m.end - 1]
        cue = root.head
        if root.dep_ != "pobj" or cue.lower_ not in MEMBER_CUES:
            continue
        kind = cue.head.head if cue.head.lower_ == "such" else cue.head
        kinds = [kind] + [c for prep in kind.children if prep.lower_ == "of" for c in prep.children
                          if c.dep_ == "pobj"]
        if any(k.i in tech_tokens for k in kinds):
            m.type, m.key, m.office, m.country = "technology", f"tech:{slug(norm(m.name))}", "", ""
