"""The `entente_relations` spaCy component: typed relations between the mentions of one sentence.

A trigger word (visit, meet, sign, buy, supply, develop, cooperate, compete, sanction, invade, ...;
the lists are data in lexicons/triggers.json) is read with the dependency parse: its subjects
(climbing the parse when the trigger is buried in a clause) are the agents, the rest of its subtree
holds the objects. What no trigger explains but shares a sentence becomes `related_to`.
Each relation keeps its sentence and character offsets as evidence.
"""
from __future__ import annotations

from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import lexicons
from .mentions import Mention

ACTORS = {"state", "leader", "person", "organization"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "agent", "csubj"}
CLIMB_DEPS = {"xcomp", "advcl", "conj", "pcomp", "prep", "acl", "ccomp", "pobj", "dobj", "relcl", "npadvmod",
              "advmod", "appos", "compound", "amod", "nmod", "attr", "oprd"}
MAX_RELATED = 8
HOSTING = {"welcome", "receive", "host", "greet", "hold", "call"}


@Language.factory("entente_relations")
def make_relations(nlp: Language, name: str):
    return RelationComponent()


class RelationComponent:
    def __init__(self):
        self.triggers: dict[str, list[str]] = {}
        for family, words in lexicons.triggers().items():
            for w in words:
                families = self.triggers.setdefault(w.split()[0].lower(), [])
                if family not in families:
                    families.append(family)

    def __call__(self, doc: Doc) -> Doc:
        rels: list[dict] = []
        mentions = [m for m in doc._.mentions or []]
        groups = doc._.groups or []
        for m, state, sent in doc._.leaders or []:
            _add(rels, m.key, state.key, "leader_of", sent)
        by_sent: dict[int, list[Mention]] = {}
        for m in mentions + groups:
            by_sent.setdefault(doc[m.start].sent.start, []).append(m)
        for sent in doc.sents:
            ms = by_sent.get(sent.start, [])
            if len({k for m in ms for k in keys(m)}) < 1:
                continue
            specific = self.sentence_relations(doc, sent, ms, rels)
            related(rels, sent, ms, specific)
        doc._.relations = rels
        return doc

    def sentence_relations(self, doc: Doc, sent: Span, ms: list[Mention], rels: list[dict]) -> set:
        tok_of = {}
        for m in ms:
            for i in range(m.start, m.end):
                tok_of[i] = m
        before = len(rels)
        for tok in sent:
            families = self.triggers.get(tok.lemma_.lower()) or self.triggers.get(tok.lower_)
            if not families or tok.i in tok_of:
                continue
            subj, obj = arguments(tok, tok_of, sent)
            for family in families:
                if family in ("signed", "party_to") and not any(m.type == "agreement" for m in ms):
                    continue
                apply_family(family, tok, subj, obj, ms, rels, sent)
        return {frozenset((r["source"], r["target"])) for r in rels[before:]}


def keys(m: Mention) -> tuple[str, ...]:
    return m.group if m.group else (m.key,)


def expand(ms) -> list[tuple[str, str]]:
    """(key, type) for mentions, groups standing for their members."""
    out = []
    for m in ms:
        if m.group:
            t = "leader" if m.name.split()[-1].lower() in {"leaders", "presidents", "heads"} else "state"
            out += [(k, t) for k in m.group]
        else:
            out.append((m.key, m.type))
    return list(dict.fromkeys(out))


def _mentions_in(tokens, tok_of) -> list[Mention]:
    seen, out = set(), []
    for t in tokens:
        m = tok_of.get(t.i)
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out


def arguments(tok: Token, tok_of: dict, sent: Span) -> tuple[list[Mention], list[Mention]]:
    """Agents and objects of a trigger from the dependency parse."""
    subj_tokens: list[Token] = []
    for child in tok.children:
        if child.dep_ in SUBJ_DEPS:
            subj_tokens += list(child.subtree)
    if tok.pos_ in ("NOUN", "PROPN"):
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < tok.i:
                subj_tokens += list(child.subtree)
            if child.dep_ == "prep" and child.lower_ in ("of", "by", "between") and tok.lower_ not in (
                    "purchase", "sale", "delivery", "supply", "development", "procurement", "acquisition"):
                subj_tokens += list(child.subtree)
    head, steps = tok, 0
    while not _mentions_in(subj_tokens, tok_of) and steps < 5 and head.head is not head:
        dep = head.dep_
        head = head.head
        steps += 1
        if dep == "relcl":
            subj_tokens = [head]
            if head.i not in tok_of:
                subj_tokens = list(head.subtree)[: max(1, head.i - head.left_edge.i + 1)]
            break
        if dep not in CLIMB_DEPS:
            break
        for child in head.children:
            if child.dep_ in SUBJ_DEPS:
                subj_tokens += list(child.subtree)
        if head.pos_ in ("NOUN", "PROPN"):
            for child in head.children:
                if child.dep_ == "poss":
                    subj_tokens += list(child.subtree)
    subj_ids = {t.i for t in subj_tokens}
    obj_tokens = [t for t in tok.subtree if t.i not in subj_ids and t.i != tok.i]
    subj = _drop_titles(_mentions_in(subj_tokens, tok_of), tok_of)
    obj = _drop_titles([m for m in _mentions_in(obj_tokens, tok_of) if m not in subj], tok_of)
    return subj, obj


def _drop_titles(ms: list[Mention], tok_of: dict) -> list[Mention]:
    """A state in a person's title ("Chinese President Xi") is not itself an argument."""
    people = {id(m) for m in ms if m.type in ("leader", "person")}
    if not people:
        return ms
    out = []
    for m in ms:
        if m.type == "state":
            tok, steps = m.span_root, 0
            while tok is not None and steps < 3 and tok.head is not tok:
                tok, steps = tok.head, steps + 1
                if id(tok_of.get(tok.i)) in people:
                    break
            else:
                out.append(m)
                continue
            if tok is not None and id(tok_of.get(tok.i)) in people:
                continue
        out.append(m)
    return out


def apply_family(family, tok, subj, obj, ms, rels, sent):
    S = expand(subj)
    O = expand(obj)
    actors = [k for k, t in S if t in ACTORS]
    if family in ("supplies", "procures", "develops"):
        # states and companies buy, sell and build; a person only when no state or body is named
        bodies = [k for k, t in S if t in ("state", "organization")]
        actors = bodies or actors
    techs = [k for k, t in O if t == "technology"]
    states_o = [k for k, t in O if t == "state"]
    actors_o = [k for k, t in O if t in ACTORS]
    if family == "visited":
        home = {m.key: f"state:{m.country}" for m in ms if m.country and m.type in ("leader", "person")}
        for a in actors:
            for k, t in O:
                if t in ("state", "region") and k != a and home.get(a) != k:
                    _add(rels, a, k, "visited", sent, tok)
    elif family == "met_with":
        if tok.lemma_.lower() in HOSTING:   # one welcomes a decision, but hosts and receives people
            actors_o = [k for k, t in O if t in ("leader", "person")]
            if not actors_o:
                return
        if not actors and tok.pos_ not in ("NOUN", "PROPN"):
            return   # "the group discussed Russia and Ukraine": no one met; "talks between X and Y" did
        pairs = _pairs(actors, actors_o)
        for a, b in pairs:
            if a != b and _same_kind(a, b):
                _add(rels, a, b, "met_with", sent, tok)
    elif family == "signed":
        agreements = [k for k, t in expand(ms) if t == "agreement"]
        parties = actors or [k for k, t in expand(ms) if t == "state"]
        for p in parties:
            for a in agreements:
                _add(rels, p, a, "signed", sent, tok)
    elif family == "party_to":
        agreements = [k for k, t in O if t == "agreement"] or [k for k, t in expand(ms) if t == "agreement"]
        for p in actors:
            for a in agreements:
                _add(rels, p, a, "party_to", sent, tok)
    elif family in ("supplies", "procures"):
        if not techs:
            techs = [k for k, t in expand(ms) if t == "technology" and tok.i < _first_index(ms, k)]
        other = [k for k in states_o if k not in actors] if techs else []
        for a in actors:
            for tech in techs:
                _add(rels, a, tech, family, sent, tok)
            for o in other:
                if family == "supplies":
                    _add(rels, a, o, "supplies", sent, tok)
                else:
                    _add(rels, o, a, "supplies", sent, tok)
        for o in other:
            for tech in techs:
                _add(rels, o, tech, "procures" if family == "supplies" else "supplies", sent, tok)
    elif family == "develops":
        for a in actors:
            for tech in techs:
                _add(rels, a, tech, "develops", sent, tok)
        if len(actors) > 1 and techs:
            for a, b in combinations(actors, 2):
                _add(rels, a, b, "cooperates_with", sent, tok)
    elif family == "cooperates":
        partners = actors + [k for k in actors_o if k not in actors]
        if len(partners) >= 2:
            for a, b in combinations(partners, 2):
                if _same_kind(a, b) or {a.split(":")[0], b.split(":")[0]} <= {"state", "org"}:
                    _add(rels, a, b, "cooperates_with", sent, tok)
        for a in actors or [k for k, t in expand(ms) if t == "state"][:2]:
            for tech in techs:
                _add(rels, a, tech, "cooperates_on", sent, tok)
    elif family == "competes":
        pairs = _pairs(actors, actors_o)
        for a, b in pairs:
            if a != b and _same_kind(a, b):
                _add(rels, a, b, "competes_with", sent, tok)
    elif family in ("sanctions", "conflict"):
        rel = "sanctions" if family == "sanctions" else "conflict_with"
        for a in actors:
            for o in actors_o:
                if o != a:
                    _add(rels, a, o, rel, sent, tok)
    elif family == "member_of":
        orgs = [k for k, t in O if t == "organization"]
        for a in actors:
            for o in orgs:
                _add(rels, a, o, "member_of", sent, tok)


def _pairs(subjects, objects):
    """Subjects with objects; when one side is empty, the other side among itself ("X and Y met")."""
    if subjects and objects:
        return [(a, b) for a in subjects for b in objects]
    return list(combinations(subjects or objects, 2))


def _first_index(ms, key) -> int:
    return min((m.start for m in ms if key in keys(m)), default=10**9)


def _same_kind(a: str, b: str) -> bool:
    """Meetings and rivalries link like with like: people with people, states or bodies with each other."""
    ka, kb = a.split(":")[0], b.split(":")[0]
    return (ka == "person") == (kb == "person")


def _add(rels, source, target, relation, sent: Span, trigger=None):
    if source == target or not source or not target:
        return
    rels.append({"source": source, "target": target, "relation": relation, "sentence": sent.text.strip(),
                 "start": sent.start_char, "end": sent.end_char,
                 "trigger": trigger.text if trigger is not None else ""})


def related(rels, sent: Span, ms: list[Mention], specific: set) -> None:
    """Pairs that share a sentence and nothing more specific."""
    items = [(k, t) for k, t in expand(ms)]
    if len(items) > MAX_RELATED:
        items = items[:MAX_RELATED]
    linked = specific | {frozenset((r["source"], r["target"])) for r in rels
                         if r["start"] == sent.start_char}
    for (a, ta), (b, tb) in combinations(items, 2):
        if a != b and frozenset((a, b)) not in linked:
            _add(rels, a, b, "related_to", sent)
