"""Event frames: the senses of trigger words (lexicons/frames.json) and where their roles sit in a parse.

A frame says, for one sense of its triggers, which relation it states, which participants it has
(agent, partner, theme, recipient, ...), where each participant is found in the dependency parse
(a *slot*: subject, object, 'with'-phrase, possessor, ...) and which entity types it accepts. This
module finds the frames a token triggers and the tokens that fill each slot; relations.py turns
those tokens into entities and the entities into edges.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from . import lexicons
from .assertion import TIME_WORDS, phrase, words as assertion_words

SUBJ = ("nsubj", "csubj")
# verbs whose object, not subject, does what the infinitive says ("urged Iran to comply")
OBJECT_CONTROL = {"urge", "ask", "call", "invite", "encourage", "persuade", "tell", "press", "push", "force",
                  "allow", "help", "enable", "require", "order", "authorize", "authorise", "direct", "instruct"}
LIGHT_NOUNS = {"challenge", "task", "job", "mission", "struggle", "business"}   # "meet the challenge of X"
# verbs through whose object a plan or pledge stays the subject's: "made a decision to buy", "signed a pledge to"
CARRY_VERBS = {"make", "take", "have", "find", "explore", "identify", "seek", "consider", "announce", "reaffirm",
               "renew", "express", "confirm", "underscore",
               "reiterate", "outline", "unveil", "continue", "step", "redouble", "intensify", "lead", "launch",
               "begin", "undertake", "pursue", "sign", "adopt", "review", "discuss", "affirm", "emphasize",
               "emphasise", "stress", "highlight", "note", "welcome", "deepen", "strengthen", "share", "vote", "pass",
               "approve", "issue", "submit", "table", "introduce", "put"}
# where a noun trigger's own verb is read from: "held talks", "imposed sanctions", "paid a visit"
LIGHT_DEPS = ("dobj", "attr", "oprd", "nsubjpass")
EXAMPLES = ("such", "including", "like", "notably", "especially", "particularly")


@dataclass(frozen=True)
class Frame:
    name: str
    roles: dict                  # role -> tuple of slots
    types: dict                  # role -> frozenset of entity types
    edges: tuple                 # (role, relation, role)
    reciprocal: bool | frozenset = False   # True, or the triggers that are reciprocal
    reciprocal_plural: bool = False        # only a plural noun is ('A and B are allies'; not 'have been a great ally')
    same_kind: bool = False
    object_people: bool = False
    pledge: bool = False
    object_first: bool = False
    as_state: frozenset = frozenset()
    theme_words: dict = field(default_factory=dict)   # relation -> words that stand for a theme
    neutral: frozenset = frozenset()                    # triggers that need a positive cue
    governors: frozenset = frozenset()                  # verbs that must govern the trigger ('urged X to stop')
    lasting: bool = False                               # a state or conflict that lasts: 'its war' is presupposed
    held_in_clause: bool = False                        # 'in a call with X': the clause's subject holds it
    visit_at_place: bool = False                        # 'met X at the Kremlin': a visit to Russia by X
    remote: frozenset = frozenset()                     # triggers that are held from afar ('phone call')
    not_urging: bool = False                            # a verb with an infinitive urges ('challenged X to')
    governed_nouns: bool = False                        # noun triggers too, anywhere in the governed clause
    in_agreements: bool = False                         # its nouns trigger inside an agreement's name ('ceasefire')
    presupposed: bool = False                           # a fact whatever the clause says ('rejected a truce with X')
    subject_verbs: frozenset = frozenset()              # verbs whose subject is a party ('agreed to a truce')
    named_only: bool = False                            # 'the two sides' stands in for no one here
    cued: dict = field(default_factory=dict)            # trigger -> modifiers it needs ('brutal actions')
    unilateral: dict = field(default_factory=dict)      # verb -> objects one party alone makes ('announced a truce')
    unless_said: dict = field(default_factory=dict)     # slot -> slots that, said, leave it out ('in X against Y')


@dataclass(frozen=True)
class Sense:
    frame: Frame
    pos: str                     # "verb" or "noun"
    words: tuple                 # the trigger's lemmas, in order

    @property
    def reciprocal(self) -> bool:
        """'A and B met', 'A and B clashed' relate A and B; 'A and B invaded' does not."""
        r = self.frame.reciprocal
        return r if isinstance(r, bool) else " ".join(self.words) in r


@lru_cache(None)
def light_verbs() -> frozenset:
    """Verbs whose subject is the doer of the noun they take: 'held talks', 'imposed sanctions',
    'launched an attack', and verbs of wish, refusal or pledge over it ('sought talks', 'rejected talks')."""
    w = assertion_words()
    return frozenset(lexicons.load("frames.json").get("light_verbs", ())) | w["hypothetical_predicates"] \
        | w["negative_predicates"] | w["commitments"]


@lru_cache(None)
def index() -> dict[str, list[Sense]]:
    """Trigger head lemma -> senses. A verb phrase is looked up by its verb ('hold talks'), a noun
    phrase by its last word ('phone call')."""
    out: dict[str, list[Sense]] = {}
    for spec in lexicons.load("frames.json")["frames"]:
        frame = Frame(
            name=spec["name"],
            roles={r: tuple(s) for r, s in spec["roles"].items()},
            types={r: frozenset(t) for r, t in spec["types"].items()},
            edges=tuple(tuple(e) for e in spec["edges"]),
            reciprocal=(frozenset(spec["reciprocal"]) if isinstance(spec.get("reciprocal"), list)
                        else spec.get("reciprocal", False)),
            same_kind=spec.get("same_kind", False), reciprocal_plural=spec.get("reciprocal_plural", False),
            object_people=spec.get("object_people", False),
            pledge=spec.get("pledge", False), object_first=spec.get("object_first", False),
            as_state=frozenset(spec.get("as_state", ())),
            theme_words={k: frozenset(v) for k, v in spec.get("theme_words", {}).items()},
            neutral=frozenset(spec.get("neutral", ())),
            governors=frozenset(spec.get("governors", ())),
            lasting=spec.get("lasting", False), held_in_clause=spec.get("held_in_clause", False),
            visit_at_place=spec.get("visit_at_place", False), remote=frozenset(spec.get("remote", ())),
            governed_nouns=spec.get("governed_nouns", False),
            in_agreements=spec.get("in_agreements", False), presupposed=spec.get("presupposed", False),
            subject_verbs=frozenset(spec.get("subject_verbs", ())),
            named_only=spec.get("named_only", False),
            cued={k: frozenset(v) for k, v in spec.get("cued", {}).items()},
            unless_said={k: tuple(v) for k, v in spec.get("unless_said", {}).items()
                         if not k.startswith("_")},
            unilateral={v: frozenset(spec["unilateral"]["objects"])
                        for v in spec.get("unilateral", {}).get("verbs", ())},
            not_urging=spec.get("not_urging", False))
        for pos in ("verbs", "nouns"):
            for trigger in spec.get(pos, ()):
                # "build-up", "co-operation": the tokenizer splits a hyphen between letters into its own token
                for form in dict.fromkeys((trigger, re.sub(r"(?<=\w)-(?=\w)", " - ", trigger))):
                    ws = tuple(form.lower().split())
                    head = ws[0] if pos == "verbs" else ws[-1]
                    out.setdefault(head, []).append(Sense(frame, pos[:-1], ws))
    return out


def senses(tok: Token) -> list[Sense]:
    """The frames a token triggers: its lemma (or form) is a trigger head of the right part of speech,
    and the rest of a multi-word trigger stands beside it in the parse."""
    cands = index().get(tok.lemma_.lower()) or index().get(tok.lower_) or []
    out = []
    for s in cands:
        if s.pos == "verb" and tok.pos_ not in ("VERB", "AUX"):
            continue
        if s.pos == "verb" and _negative_phrase(tok, s):
            continue   # "gave up its nuclear program", "called off the summit": the phrase refuses, nothing is given
        if s.pos == "noun" and tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if len(s.words) > 1 and not _rest_present(tok, s):
            continue
        if s.frame.governors and governor_of(tok, s) is None:
            continue   # "released a statement", "while respecting ...": no demand without a verb of demand
        if s.frame.not_urging and s.pos == "verb" and any(c.dep_ == "xcomp" for c in tok.children):
            continue   # "challenged every member of Congress to view the videos" urges, it does not oppose
        if s.frame.object_people and any(c.dep_ == "oprd" for c in tok.children):
            continue   # "called him a loser" names him; no one was called on
        cues = s.frame.cued.get(" ".join(s.words))
        if cues is not None and not any(c.lower_ in cues for c in tok.children
                                        if c.dep_ in ("amod", "compound", "nmod", "conj")):
            continue   # "its actions in Ukraine" says what it did, not that it attacked; "brutal actions" does
        if " ".join(s.words) in s.frame.neutral and not _positive(tok):
            continue   # "U.S. relations with Iran" says nothing of cooperation; "close relations" does
        out.append(s)
    # one reading per frame, the fullest ("work together" over "work", "military build-up" over "build-up")
    best: dict[int, Sense] = {}
    for s in out:
        if id(s.frame) not in best or len(s.words) > len(best[id(s.frame)].words):
            best[id(s.frame)] = s
    return [s for s in out if best[id(s.frame)] is s]


def _negative_phrase(verb: Token, s: Sense) -> bool:
    """A verb with a particle that makes it a predicate of refusal or stopping (assertion.json's
    negative_predicates: 'give up', 'call off', 'turn down'), unless the trigger itself is that phrase."""
    said = phrase(verb)
    return " " in said and said.split()[1] not in s.words and said in assertion_words()["negative_predicates"]


@lru_cache(None)
def phrasal_not_light() -> dict[str, frozenset]:
    """Preposition -> verbs that, with it, do not do the noun after it ('build on', 'focus on')."""
    return {p: frozenset(v) for p, v in lexicons.load("frames.json").get("phrasal_not_light", {}).items()}


@lru_cache(None)
def largest_reciprocal_group() -> int:
    """The most members a coordinated subject or 'between' list may have and still relate each pair."""
    return int(lexicons.load("frames.json").get("largest_reciprocal_group", 4))


@lru_cache(None)
def positive_cues() -> frozenset:
    return frozenset(lexicons.load("frames.json").get("positive_cues", ()))


def _positive(tok: Token) -> bool:
    cues = positive_cues()
    words = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "advmod", "nmod")}
    verb = light_verb(tok)
    return bool(words & cues) or (verb is not None and verb.lemma_.lower() in cues)


def _rest_present(tok: Token, s: Sense) -> bool:
    rest = s.words[1:] if s.pos == "verb" else s.words[:-1]
    near = {c.lemma_.lower() for c in tok.children} | {c.lower_ for c in tok.children}
    near |= {d.lower_ for c in tok.children for d in c.children if c.dep_ in ("dobj", "prep")}   # "act in accordance"
    return all(w in near for w in rest)


# ---- slots -------------------------------------------------------------------------------------------
def slot_tokens(tok: Token, sense: Sense, slot: str) -> list[Token]:
    """The head tokens that fill one slot of a trigger."""
    verb = tok if sense.pos == "verb" else light_verb(tok)
    if slot == "subj":
        if sense.pos == "verb":
            return subjects(tok)
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ == "for":
            return gerund_doer(tok.head)     # "blamed Iran for the attacks"
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ == "of" \
                and tok.head.head.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "poss" for c in tok.children):
            # "his handling of a summit with Putin"; but whoever assessed a campaign did not wage it
            owner = tok.head.head
            poss = [c for c in owner.children if c.dep_ == "poss"]
            if not poss and owner.lemma_.lower() in LIGHT_NOUNS and owner.dep_ == "dobj":
                return subjects(owner.head)   # "preparing to meet the challenge of competition with China"
            return poss
        if tok.dep_ == "pobj" and tok.head.lower_ == "during" and not sense.frame.held_in_clause:
            return []    # "During the operation in Ukraine, the RHS reaffirmed ...": it dates the clause; a call
            # or talks held in it are the clause's subject's (held_in_clause frames)
        holder = holding_clause(tok, sense) if verb is None else None
        if holder is not None:
            return [c for c in holder.children if c.dep_ in SUBJ]
        if verb is None or any(c.dep_ == "poss" for c in tok.children):
            return []                        # "criticised the PRC's cyber activities": the PRC's, not the critic's
        if phrase(verb) not in light_verbs():     # "called out its attacks" is not "called"
            return []                        # "exposing its attacks": the exposer did not attack
        if any(c.dep_ == "prep" and c.lower_ == "from" and any(g.dep_ == "pcomp" for g in c.children)
               for c in verb.children):
            return []                        # "keep the civil war in Syria from spilling over": no doer
        return subjects(verb)
    if slot.startswith("obj:"):   # "obj:sovereignty|border": a direct object (or its conjunct) with this head
        words = set(slot[4:].split("|"))
        return [t for o in slot_tokens(tok, sense, "obj") for t in [o, *o.conjuncts]
                if t.lemma_.lower() in words or t.lower_ in words]
    if slot == "obj":
        if sense.pos == "noun":
            return []
        own_words = set(sense.words[1:])  # "take aim at X": 'aim' is part of the trigger, not its object
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not passive and tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            passive = [tok.head]      # "the joint statement issued afterward", "weapons supplied by X"
        objs = passive or [c for c in tok.children if c.dep_ == "dobj"
                           and c.lemma_.lower() not in own_words and c.lower_ not in own_words]
        if not objs:   # a small clause: "holding Russia accountable", "declared Iran a threat"
            objs = [g for c in tok.children if c.dep_ in ("ccomp", "oprd", "xcomp") and c.pos_ in ("ADJ", "NOUN")
                    for g in c.children if g.dep_ == "nsubj"]
        return objs
    if slot == "dative":
        dative = [g for c in tok.children if c.dep_ == "dative"
                  for g in ([x for x in c.children if x.dep_ == "pobj"] if c.pos_ == "ADP" else [c])]
        return dative or (
            [c for c in tok.children if c.dep_ == "dobj"][:1] if any(c.dep_ == "dobj" for c in tok.children)
            and sum(c.dep_ == "dobj" for c in tok.children) > 1 else [])
    if slot == "party_subj":
        # "Israel and Hamas agreed to a truce", "A and B were close to a ceasefire", "A rejected a truce
        # with B": the subject of the verb the noun hangs on, through prepositions and adjectives, when that
        # verb makes its subject a party ('called for a truce' does not)
        up, steps = tok, 0
        while up.dep_ in ("pobj", "prep", "acomp", "dobj", "attr", "conj", "compound") and steps < 4:
            up, steps = up.head, steps + 1
            if up.pos_ in ("VERB", "AUX"):
                return subjects(up) if up.lemma_.lower() in sense.frame.subject_verbs else []
        return []
    if slot == "copula_subj":
        # "X is a key partner of A", "X continues to be one of A's partners", "X, an ally of A": who is one
        if sense.pos != "noun":
            return []
        t = tok
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in ("one", "some", "many", "among"):
            t = t.head.head
        if t.dep_ == "appos":
            return [t.head]
        if t.dep_ in ("attr", "oprd") and t.head.pos_ in ("AUX", "VERB"):
            return subjects(t.head)
        if t.dep_ == "ROOT":   # "Our two countries partner in ...", the verb misread as a noun: its plural compound
            return [c for c in t.children if c.dep_ == "compound" and c.tag_ in ("NNS", "NNPS")]
        return []
    if slot == "light_obj":
        # "joined A and B as members of C": the objects of the verb a predicative noun hangs on
        if sense.pos == "noun" and verb is not None and verb is not tok:
            return [c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i]
        return []
    if slot == "governor":
        # "urged Russia to respect ...", "called on Iran to stop ...": who makes the demand
        head = governor_of(tok, sense)
        return subjects(head) if head is not None else []
    if slot == "poss":
        return [c for c in tok.children if c.dep_ == "poss"] if sense.pos == "noun" else []
    if slot == "compound":
        if sense.pos != "noun":
            return []
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]
        # "Russian-Belarusian talks", "US-China trade war": a modifier's own modifiers take part too
        return mods + [g for c in mods for g in c.children if g.dep_ in ("compound", "amod", "nmod", "npadvmod")
                       and g.i < c.i]     # ("U.S.-Iranian tensions": 'U.S.' hangs on 'Iranian')
    if slot == "of_poss":
        return [g for o in _prep_objects(tok, "of") for g in o.children if g.dep_ == "poss"] \
            if sense.pos == "noun" else []
    if slot.startswith("noun:"):
        return slot_tokens(tok, sense, slot[5:]) if sense.pos == "noun" else []
    if slot.startswith("prep:"):
        word = slot[5:]
        out = _prep_objects(tok, word, PREP_NOUNS & frozenset(sense.words))
        if verb is not None and verb is not tok:
            out += _prep_objects(verb, word)
        if sense.pos == "noun":   # "attacks launched against X", "sanctions imposed on X"
            out += [g for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN" for g in _prep_objects(c, word)]
        if sense.pos == "verb" and not out:
            # "donated vaccines to Laos": the parse often hangs the phrase on the object
            out = [g for c in tok.children if c.dep_ == "dobj" for g in _prep_objects(c, word)]
        if word in ("between", "among") and not out and sense.pos == "noun":
            # "a competition for influence in the Balkans between A and B": the parse often hangs the
            # 'between' on the last noun of the trigger's prepositional chain
            out = [g for p in _prep_chain(tok) for g in _prep_objects(p, word)]
        if word == "by" and sense.pos == "verb":
            out += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return out
    return []


PREP_NOUNS = frozenset({"accordance", "line", "compliance", "keeping", "conformity"})   # "in accordance with"


def _prep_objects(tok: Token, word: str, through: frozenset = frozenset()) -> list[Token]:
    """Objects of a preposition on a token, compound prepositions included ('backing out of the deal').
    A gerund clause with a subject of its own stands for its subject ('warned of Russia moving troops')."""
    out = []
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ == word:
            out += [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
        elif any(g.dep_ == "pobj" and g.lower_ in through for g in c.children):
            # "act in accordance with the treaty": a preposition of three words, for a trigger that has it
            out += [x for g in c.children if g.dep_ == "pobj" and g.lower_ in through
                    for p in g.children if p.dep_ == "prep" and p.lower_ == word
                    for x in p.children if x.dep_ in ("pobj", "pcomp")]
        elif not any(g.dep_ == "pobj" for g in c.children):
            out += [g for p in c.children if p.dep_ == "prep" and p.lower_ == word
                    for g in p.children if g.dep_ in ("pobj", "pcomp")]
    return [s for g in out for s in ([g] if g.dep_ != "pcomp" else
                                     [x for x in g.children if x.dep_ == "nsubj"] or [g])]


def _prep_chain(tok: Token) -> list[Token]:
    """The nouns reached from a trigger through prepositional phrases: 'competition for influence in X'."""
    out, frontier = [], [tok]
    while frontier and len(out) < 6:
        nxt = [g for t in frontier for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        out += nxt
        frontier = nxt
    return out


@lru_cache(None)
def _name_triggers() -> tuple:
    """(frame, the words of each of its noun triggers) for the frames read inside agreements' names."""
    frames: dict[int, tuple] = {}
    for ss in index().values():
        for s in ss:
            if s.frame.in_agreements and s.pos == "noun":
                frames.setdefault(id(s.frame), (s.frame, []))[1].append({w for w in s.words if w != "-"})
    return tuple(frames.values())


def name_senses(span) -> list[Sense]:
    """The senses an agreement's name carries ('a cease-fire agreement', 'the truce'), read at its last word."""
    words = {t.lemma_.lower() for t in span} | {t.lower_ for t in span}
    words |= {w for t in span for w in t.lower_.split("-")}
    return [Sense(frame, "noun", (span[-1].lemma_.lower(),)) for frame, triggers in _name_triggers()
            if any(trigger <= words for trigger in triggers)]


def governor_of(tok: Token, sense: Sense) -> Token | None:
    """The verb of demand, urging or warning a governed trigger hangs on: its head, for a verb trigger
    ('urged Russia to respect'); for a noun trigger of a frame with 'governed_nouns', the governor of
    the clause it is in ('warned that war would follow a strike by X') or the governor itself
    ('warned of an invasion by X'), or None."""
    govs = sense.frame.governors
    if sense.pos == "verb":
        return tok.head if tok.dep_ in ("xcomp", "advcl", "ccomp") and tok.head.lemma_.lower() in govs else None
    if not sense.frame.governed_nouns:
        return None
    verb, steps = tok.head, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and steps < 6:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() in govs and tok.head.dep_ == "prep" and tok.head.lower_ in ("of", "against", "about"):
        return verb
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in govs:
        return verb.head
    return None


def holding_clause(tok: Token, sense: Sense) -> Token | None:
    """The clause that holds a noun trigger in an 'in' or 'during' phrase, for frames so marked: "X made his
    request for a withdrawal in a phone call with Y" is X's call, whichever noun the parse hung the phrase
    on; the nearest verb above it with a subject of its own."""
    if not (sense.pos == "noun" and sense.frame.held_in_clause and tok.dep_ == "pobj"
            and tok.head.lower_ in ("in", "during") and not any(c.dep_ == "poss" for c in tok.children)):
        return None
    return next((v for v in tok.ancestors if v.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJ for c in v.children)),
                None)


QUANTITIES = {"round", "rounds", "series", "wave", "waves", "set", "package", "raft", "slew", "number", "batch",
              "barrage", "string", "spate", "flurry", "host", "range", "variety", "kind", "type", "form", "sort"}


def light_verb(noun: Token) -> Token | None:
    """The verb a noun trigger is the object of: 'held talks', 'imposed sanctions', 'made a visit to'.
    A noun in a prepositional phrase reaches its verb through the preposition ('took part in talks'),
    and through a word of quantity ('hit X with a new round of sanctions')."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in QUANTITIES:
        return light_verb(noun.head.head)
    if noun.dep_ in LIGHT_DEPS and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("in", "into", "as", "with", "during",
                                                                               "on", "for"):
        owner = noun.head.head
        if owner.pos_ in ("NOUN", "PROPN") and owner.dep_ in LIGHT_DEPS:   # "made his request in a call with"
            if noun.head.lower_ in ("on", "for"):
                return None   # "end their reliance on Russian supplies": the noun's complement, not its deed
            owner = owner.head
        if owner.lemma_.lower() in phrasal_not_light().get(noun.head.lower_, ()):
            return None     # "building on missile tests": a verb with this preposition means something else
        return owner if owner.pos_ in ("VERB", "AUX") else None
    if noun.dep_ == "conj":
        return light_verb(noun.head)
    return None


def subjects(verb: Token | None, depth: int = 0) -> list[Token]:
    """The subject of a verb, climbing where English leaves it unsaid: control ('agreed to sign'),
    object control ('urged Iran to comply'), coordination ('met Xi and signed'), a participle
    ('..., providing aid'), 'X's efforts to provide', and a relative clause ('states that signed')."""
    if verb is None or depth > 4:
        return []
    own = [c for c in verb.children if c.dep_ in SUBJ]
    own = own or [g for c in verb.children if c.dep_ in ("aux", "auxpass") for g in c.children if g.dep_ in SUBJ]
    if own:          # (the parse sometimes hangs the subject on an auxiliary: "The US has been encouraging")
        return own
    stray = stray_subject(verb)
    if stray is not None:
        return [stray]
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if passive:
        by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        # "was killed in a U.S. drone strike", "died in an Israeli airstrike": whoever strikes
        return by or [d for g in _prep_objects(verb, "in") for sense in senses(g)
                      if sense.pos == "noun" and sense.frame.name == "attack"
                      for slot in ("compound", "poss") for d in slot_tokens(g, sense, slot)]
    head, dep = verb.head, verb.dep_
    if head.i == verb.i:
        return []
    if dep == "xcomp" or (dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        # the object, when there is one, does what the clause says: "urged Iran to comply",
        # "appreciates Germany providing ..."; otherwise the subject: "agreed to sign"
        objs = [c for c in head.children if c.dep_ in ("dobj", "dative")] if dep == "xcomp" else []
        if head.lemma_.lower() in OBJECT_CONTROL:
            objs = objs or _prep_objects(head, "on")
        if objs:
            return objs
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "xcomp") and head.head.i != head.i:
            return subjects(head.head, depth + 1)     # "Finland is ready to supply ..."
        return subjects(head, depth + 1) if head.pos_ in ("VERB", "AUX") else []
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        return subjects(head, depth + 1)
    if dep == "advcl" and verb.tag_ == "VBG":
        return subjects(head, depth + 1)
    if dep == "pcomp" and head.dep_ == "prep":
        return gerund_doer(head, depth)
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBG":
        # "Russia moving troops into ...", "countries buying S-400s"; but "a statement from the AU
        # calling on ...": the statement's author
        author = [c for c in head.children if c.dep_ == "poss"] or _prep_objects(head, "from") \
            or _prep_objects(head, "by") if head.pos_ == "NOUN" else []
        return author or [head]
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
        poss = [c for c in head.children if c.dep_ == "poss"]
        poss = poss or _prep_objects(head, "from") or _prep_objects(head, "by")   # "commitments from X to ..."
        if poss:
            return poss
        if verb.tag_ == "VBN":
            return []           # "weapons supplied by ..." reads its agent from the by-phrase
        light = light_verb(head)
        if light is not None and light.lemma_.lower() in CARRY_VERBS:
            return subjects(light, depth + 1)     # "India made the decision to buy ..."
        return []               # "combat efforts to boycott X": whose efforts is unsaid
    if dep == "relcl" and head.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and not any(c.tag_ in ("WDT", "WP") for c in verb.children):
        # "find ways to reduce X's revenues": an infinitive on a noun is done by whoever has the noun
        poss = [c for c in head.children if c.dep_ == "poss"]
        light = light_verb(head)
        return poss or (subjects(light, depth + 1) if light is not None and light.lemma_.lower() in CARRY_VERBS
                        else [])
    if dep == "relcl":
        return [head]
    if dep == "amod" and verb.tag_ == "VBN":
        # "Iranian-backed rebels", "Saudi-led coalition": the modifier before the participle did it
        return [c for c in verb.children if c.dep_ in ("amod", "npadvmod", "compound", "nmod") and c.i < verb.i]
    return []


FINITE = ("VBP", "VBZ", "VBD")


def stray_subject(verb: Token) -> Token | None:
    """The subject the parse hung on the phrase before it: "..., foremost among which is Russia's
    aggression against Ukraine, the Republic of Korea and the United States reaffirm ...", where the two
    states were read as in apposition to (or coordinated with) Ukraine. A finite verb without a subject,
    right after a list, takes as its subject the part of the list that opens with an apposition, or else
    with the first member after a comma."""
    if verb.dep_ not in ("ccomp", "conj", "ROOT", "advcl"):
        return None          # an auxiliary's subject is its verb's ("A, B and C are making ...")
    bare = verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass", "mark") for c in verb.children)
    perfect = verb.tag_ in ("VBN", "VBG") and any(c.dep_ == "aux" and c.tag_ in FINITE + ("MD",) for c in verb.children)
    if not (verb.tag_ in FINITE or bare or perfect) or verb.i == 0 \
            or any(c.dep_ in SUBJ + ("nsubjpass", "expl") for c in verb.children):
        return None
    start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "advmod", "neg") and c.i < verb.i])
    if start == 0:
        return None
    last = verb.doc[start - 1]     # before "have stepped up", "nearly tripled": the list's last word
    while last.dep_ in ("pobj", "prep", "compound", "amod", "det", "nmod", "poss", "case") \
            and last.head.i < start and last.head.i != last.i:
        last = last.head
    if last.right_edge.i != start - 1 or last.dep_ not in ("conj", "appos"):
        return None
    top = last
    while top.dep_ == "conj":
        top = top.head
    if top.dep_ == "appos":
        return top if top.head.i < top.i and top.pos_ in ("PROPN", "NOUN") else None
    members = sorted([top, *top.conjuncts], key=lambda t: t.i)
    after_comma = next((m for m in members[1:] if m.left_edge.i > 0 and m.doc[m.left_edge.i - 1].text == ","), None)
    if after_comma is None and len(members) == 2 and perfect and top.dep_ in ("dobj", "pobj"):
        # "said US troops had defeated ISIS and Turkey would be moving into ...": an object and a name
        # joined by a bare 'and', then a tensed verb with no subject: the name opens the next clause
        return members[1]
    return after_comma


def _stray_after(i: int, doc) -> Token | None:
    """The stray subject of the clause whose verb follows token i (after its auxiliaries and adverbs)."""
    while i < len(doc) and doc[i].dep_ in ("aux", "auxpass", "advmod", "neg") and doc[i].head.i > i:
        i += 1
    return stray_subject(doc[i]) if i < len(doc) else None


def _list_part(tok: Token) -> list[Token]:
    """A token's coordinated members, on its side of a list the parse ran on into the next clause's
    subject (see stray_subject)."""
    members = sorted([tok, *tok.conjuncts], key=lambda t: t.i)
    stray = _stray_after(max(m.right_edge.i for m in members) + 1, tok.doc)
    if stray is None or not any(m.i == stray.i for m in members):
        return members
    return [m for m in members if (m.i < stray.i) == (tok.i < stray.i)]


WORTH_NOUNS = {"importance", "value", "significance", "centrality"}


def gerund_doer(prep: Token, depth: int = 0) -> list[Token]:
    """Who does what a prepositional phrase's gerund or noun says: the object of a verb of blame or
    punishment ('sanctions on Russia for annexing', 'blamed Iran for the attack'), the possessor of a
    noun ('Canada's leadership in enacting sanctions'), else the subject of the clause it hangs on
    ('was forceful in blaming', 'by providing')."""
    owner = prep.head
    if prep.lower_ in TIME_WORDS and prep.dep_ == "prep":
        # "X threw the G7's efforts to show unity into disarray after taking aim at Y": whoever does the
        # clause a time phrase hangs on (its nearest verb with a subject of its own), however low the
        # parse attached the phrase
        for verb in [owner, *owner.ancestors]:
            own = [c for c in verb.children if c.dep_ in SUBJ] if verb.pos_ in ("VERB", "AUX") else []
            if own:
                return own
        return []
    if prep.lower_ == "for" and owner.pos_ in ("VERB", "AUX"):
        dobjs = [c for c in owner.children if c.dep_ == "dobj"]
        objs = [g for o in dobjs for g in _prep_objects(o, "on") + _prep_objects(o, "against")]
        objs = objs or _prep_objects(owner, "on") or _prep_objects(owner, "against") or dobjs
        if objs:
            return objs
    if owner.pos_ in ("NOUN", "PROPN"):
        poss = [c for c in owner.children if c.dep_ == "poss"]
        light = light_verb(owner)
        if not poss and light is None and owner.dep_ == "pobj" and owner.head.dep_ == "prep" \
                and owner.head.head.pos_ == "NOUN" and depth < 3:
            # "their commitment at the highest level to ensuring ...": the parse hung the phrase on the
            # nearest noun, a phrase of the noun that has the doer
            return gerund_doer(owner.head, depth + 1)
        if not poss and light is not None and owner.lemma_.lower() in WORTH_NOUNS and prep.lower_ == "of":
            return subjects(light, depth + 1)     # "they stressed the importance of continuing to support X"
        if poss or light is None or phrase(light) not in light_verbs():
            return poss
        return subjects(light, depth + 1)     # "A and B have an interest in working together"
    if owner.pos_ == "ADJ" and prep.lower_ == "for" and owner.dep_ in ("ccomp", "oprd", "xcomp") \
            and any(c.dep_ in SUBJ for c in owner.children):
        return [c for c in owner.children if c.dep_ in SUBJ]   # "holding Russia accountable for its actions"
    if owner.pos_ == "ADJ" and owner.dep_ in ("acomp", "amod", "advcl"):
        owner = owner.head
    return subjects(owner, depth + 1) if owner.pos_ in ("VERB", "AUX") else []


def fillers(tok: Token, examples: bool = True) -> list[Token]:
    """A slot's head token with its coordinated members ('Australia, the UK and the US') and, unless
    told not to, the examples it introduces ('systems such as drones and radars', 'partners,
    including Japan and Canada'): one role, many fillers."""
    out = [tok] + [c for c in _list_part(tok) if c.i != tok.i]
    for t in list(out):
        for c in t.children:
            if c.dep_ == "appos" and not any(x.text == ";" for x in t.doc[t.i:c.left_edge.i]) \
                    and not _opens_stray_subject(c):
                # "the separatist leaders, Putin and Poroshenko"; not across a semicolon, where the parse
                # hangs the next item of a list on whatever came first ("we ...; the Iraqi forces")
                out += [c] + [x for x in c.conjuncts if x.i != c.i]
            if examples and c.dep_ == "prep" and (c.lower_ in EXAMPLES or (
                    c.lower_ == "as" and c.i > 0 and c.doc[c.i - 1].lower_ == "such")):
                for g in c.children:
                    if g.dep_ == "pobj":
                        out += [g] + list(g.conjuncts)
    out += semicolon_list(out[-1])
    return list(dict.fromkeys(out))


def _opens_stray_subject(appos: Token) -> bool:
    stray = _stray_after(appos.right_edge.i + 1, appos.doc)
    return stray is not None and stray.i == appos.i


def semicolon_list(last: Token) -> list[Token]:
    """The members a list goes on with after a semicolon, which the parse loses ('spoke with A; B and C'):
    the heads of a verbless stretch right after the filler's phrase, up to the next semicolon or the end."""
    end = max(t.i for t in last.subtree) + 1
    sent = last.sent
    if end >= sent.end or last.doc[end].text != ";":
        return []
    stop = next((t.i for t in last.doc[end + 1:sent.end] if t.text == ";"), sent.end)
    tail = last.doc[end + 1:stop]
    if len(tail) < 1 or any(t.pos_ in ("VERB", "AUX") for t in tail):
        return []
    heads = [t for t in tail if not (tail.start <= t.head.i < tail.end) and t.pos_ in ("PROPN", "NOUN")]
    out = [g for h in heads for g in [h, *h.conjuncts] if tail.start <= g.i < tail.end]
    return out + (semicolon_list(out[-1]) if out and stop < sent.end else [])
