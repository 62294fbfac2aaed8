"""How sure the text is of an event: asserted, negated, hypothetical, or reported as denied.

"turned down a meeting", "no treaty has been signed", "a potential deal", "seeks to buy" and "denied
supplying" all name an event that the text does not state as a fact. The reading climbs from the
trigger through the clauses that govern it (the verb a noun trigger is the object of, control verbs,
complement clauses) and stops at a reporting verb ("said that ..."), which reports without changing.
A commitment above the trigger ("agreed to cooperate") makes it a fact again, as a pledge made is one.
The word lists are data: lexicons/assertion.json.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from . import lexicons
from .mentions import sentence_text

ASSERTED, NEGATED, HYPOTHETICAL, DENIED = "asserted", "negated", "hypothetical", "denied"
CLIMB = {"xcomp", "ccomp", "advcl", "acl", "dobj", "pobj", "prep", "attr", "oprd", "pcomp", "conj", "nsubj",
         "nsubjpass", "csubj", "dative", "amod", "compound", "npadvmod", "appos", "relcl"}


@lru_cache(None)
def words() -> dict[str, frozenset]:
    data = lexicons.load("assertion.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


NOT_ONLY = {"only", "simply", "merely", "just", "solely"}
TIME_MARKS = {"when", "after", "as", "while", "since", "once"}   # subordinators of a time clause ("once" is a
# condition too, and is read as one first: conditions are marked on the clause itself)
TIME_WORDS = {"after", "before", "while", "since", "upon", "following"}   # a time phrase: its clause is the one
# with a subject of its own (frames.gerund_doer, assertion)


def assertion(trigger: Token, pledge: bool = False, lasting: bool = False) -> str:
    """The assertion of the event a trigger names, from the parse around it. For an event that can be
    pledged ('will provide', 'will join'), the future states a commitment made, not a plan. A lasting
    state or conflict named with its owner ('its war in Ukraine', 'our partnership') is presupposed: a
    fact whatever the clause around it says ('to curtail Russia's ability to fund its war'), unless a
    predicate of refusal, denial or wish takes it as its object ('rejected Iran's offer')."""
    w = words()
    negated = hypothetical = denied = False
    if sentence_text(trigger.sent).rstrip().endswith("?"):
        hypothetical = True
    presupposed = lasting and trigger.pos_ == "NOUN" and (
        any(c.dep_ == "poss" for c in trigger.children)
        or (trigger.dep_ == "pobj" and trigger.head.lower_ == "of"
            and trigger.head.head.lemma_.lower() in w["presupposing_nouns"]))   # "the challenge of competition"
    tok, below, steps = trigger, None, 0
    conditional = False       # a condition on the way up stays one under a commitment ("vowed to ... until X joined")
    while steps < 8:
        lemma = tok.lemma_.lower()
        conditional |= any(c.dep_ == "mark" and c.lower_ in w["conditions"] for c in tok.children)
        if presupposed and tok is not trigger:
            if below is trigger and trigger.dep_ == "dobj":
                denied |= lemma in w["denial_predicates"]
                negated |= lemma in w["negative_predicates"] or phrase(tok) in w["negative_predicates"]
                hypothetical |= lemma in w["hypothetical_predicates"]
            break
        if tok is not trigger and not _argument(below):
            pass   # "In the call, they discussed ...": an adjunct is not what the verb is about
        elif tok is not trigger:
            if lemma in w["reporting"] and tok.pos_ in ("VERB", "AUX"):
                break
            if lemma in w["commitments"] and tok.pos_ in ("VERB", "NOUN"):
                if pledge and not conditional:
                    hypothetical = False   # "agreed to cooperate" is a fact; "agreed to meet next month" a plan,
                    # and "promised protests until X joined" a condition
                if below is not None and below.dep_ in ("xcomp", "ccomp", "acl", "advcl"):
                    # "did not agree to ..." is still a negation, "only if they agree to ..." a condition
                    own_neg, own_modal = _markers(tok, w, pledge)
                    negated |= own_neg
                    hypothetical |= own_modal
                    break
            elif lemma == "go" and tok.tag_ == "VBG" and below is not None and below.dep_ == "xcomp" \
                    and any(c.dep_ == "aux" for c in tok.children):
                hypothetical |= not pledge   # "is going to visit Israel later this year": a plan
            elif lemma in w["denial_predicates"]:
                denied = True
            elif lemma in w["negative_predicates"] or phrase(tok) in w["negative_predicates"]:
                negated = True
            elif tok.pos_ == "NOUN" and lemma in w["negative_nouns"] and below is not None \
                    and (below.dep_ == "compound" or (below.dep_ == "prep" and below.lower_ == "of")):
                negated = True     # "Trump's cancellation of a summit with Kim", "the summit cancellation"
            elif lemma in w["hypothetical_predicates"] and tok.pos_ in ("VERB",):
                hypothetical = True
            elif lemma in w["goal_predicates"] and tok.pos_ == "VERB" and below is not None and (
                    below.dep_ == "xcomp" or (below.dep_ == "prep" and below.lower_ == "for")):
                hypothetical = True     # "applied to join NATO", "applied for membership"
            elif lemma in w["directive_predicates"] and tok.pos_ == "VERB" and below is not None \
                    and below.dep_ in ("xcomp", "ccomp"):
                hypothetical = True     # "lobbied Congress to authorize ...": asked, not done
            elif lemma in w["hypothetical_adjectives"] and tok.pos_ == "ADJ" and below is not None \
                    and below.dep_ in ("xcomp", "ccomp", "prep"):
                hypothetical = True     # "interested in joining", "ready to supply"
            elif lemma == "be" and below is not None and below.dep_ == "ccomp" and any(
                    c.dep_ in ("acomp", "attr") and c.lower_ in w["judging_adjectives"] for c in tok.children):
                hypothetical = True     # "it is unlikely that X joins", "it is imperative that they reach ..."
            elif tok.pos_ == "NOUN" and lemma in w["hypothetical_nouns"] and below is not None \
                    and below.dep_ in ("acl", "prep", "pobj", "pcomp"):
                hypothetical = True
        own_neg, own_modal = _markers(tok, w, pledge)
        negated |= own_neg
        hypothetical |= own_modal
        if tok.dep_ not in CLIMB or tok.head.i == tok.i:
            break
        if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            break   # a coordinated clause with a subject of its own stands alone
        if tok.dep_ == "relcl":
            break
        if tok.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS for c in tok.children):
            if _if_and_when(tok, w):
                hypothetical = True   # "if and when Finland applies": a condition, however the parse hung the "if"
            break   # "planned to attack when Soleimani was killed": a time clause states its own fact
        if tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBG"):
            break   # "a ceasefire signed in Minsk" is a fact whatever the clause around the noun says
        if tok.dep_ in ("nsubj", "nsubjpass", "amod", "compound", "appos") and tok is not trigger:
            break
        head = tok.head
        if tok.dep_ == "prep" and tok.lower_ in TIME_WORDS:
            # "threw X's plans to reform Y into doubt after taking aim at Z": a time phrase belongs to the
            # clause with a subject of its own, however low the parse attached it
            head = next((v for v in tok.ancestors if v.pos_ in ("VERB", "AUX")
                         and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)), head)
        below, tok, steps = tok, head, steps + 1
    if denied:
        return DENIED
    if negated:
        return NEGATED
    if hypothetical:
        return HYPOTHETICAL
    return ASSERTED


def _if_and_when(clause: Token, w) -> bool:
    """A time clause opened by a condition and its time word: 'if and when', 'unless and until'."""
    doc = clause.doc
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS | {"until"} and c.i >= 2
               and doc[c.i - 1].lower_ in ("and", "or") and doc[c.i - 2].lower_ in w["conditions"]
               for c in clause.children)


def _argument(below: Token | None) -> bool:
    """Whether the clause or noun climbed from is what the word above is about (its complement or
    object), rather than an adjunct such as 'in the call' or 'after the meeting'."""
    if below is None:
        return False
    if below.dep_ == "prep":
        return below.lower_ in ("from", "to", "of", "on", "about", "for") or (
            below.lower_ == "in" and below.head.pos_ == "ADJ")     # "interested in joining"
    return below.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "acl", "advcl", "oprd", "attr", "pobj",
                          "nsubjpass")


def phrase(tok: Token) -> str:
    """A verb with its particle: 'turn down', 'call off', 'rule out'."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else tok.lemma_.lower()


def markers(tok: Token) -> tuple[bool, bool]:
    """(negated, hypothetical) as marked on one token alone: 'no deal', 'a potential agreement'."""
    return _markers(tok, words())


def _markers(tok: Token, w, pledge: bool = False) -> tuple[bool, bool]:
    """Negation and modality marked on one token: 'not', 'never', 'no deal', 'would', 'potential', 'if'."""
    negated = hypothetical = False
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "preconj", "cc") and low in w["negators"]):
            following = tok.doc[c.i + 1] if c.i + 1 < len(tok.doc) else None
            # "has not simply delivered X but also ...", "not only sold X": the first is said, then more
            negated |= following is None or following.lower_ not in NOT_ONLY
        elif c.dep_ == "det" and low in w["no_determiners"]:
            negated = True
        elif c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                d.dep_ == "det" and d.lower_ in w["no_determiners"] for d in c.children):
            negated = True
        elif c.dep_ in ("aux", "auxpass") and (low in w["modals"] or c.lemma_.lower() in w["modals"]):
            if not (pledge and low in w["pledge_modals"]):
                hypothetical = True
        elif c.dep_ in ("amod", "compound", "nmod") and low in w["hypothetical_modifiers"]:
            hypothetical = True
        elif c.dep_ == "amod" and low in w["negative_modifiers"]:
            negated = True
        elif c.dep_ == "mark" and low in w["conditions"]:
            hypothetical = True
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        negated = True
    return negated, hypothetical
