"""Headline verbs read as verbs.

Headlines drop articles and put events in the present: "Iran issues arrest warrants for 36 people",
"Trump visits Seoul", "Iraqi Parliament votes for expulsion of US troops". The English model, trained
on running text, takes "issues", "visits", "votes" after a name for plural nouns, so the headline has
no verb and says nothing. This component, placed right after the parser, finds a line
whose word after its opening name is a known verb with an -s, parses the line again with a verb no one
reads as a noun in that word's place, and keeps that parse with the word tagged as a present-tense verb.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicons
from .rejoin import parse_again

STAND_IN = "keeps"   # a verb no one reads as a noun, transitive like most headline verbs


@lru_cache(None)
def trigger_verbs() -> frozenset:
    """The frames' verb triggers and light verbs, verbs of saying, wanting and refusing, and verbs that carry
    a plan ('votes to expel')."""
    from .frames import CARRY_VERBS
    frames = lexicons.load("frames.json")
    out = {v.split()[0] for f in frames["frames"] for v in f.get("verbs", ())} | CARRY_VERBS
    out |= set(frames.get("light_verbs", ()))
    words = lexicons.load("assertion.json")
    for key in ("reporting", "hypothetical_predicates", "negative_predicates", "commitments", "denial_predicates"):
        out |= {w.split()[0] for w in words.get(key, ())}
    return frozenset(out)


class Words:
    """The verbs and nouns the English model's lemmatizer knows, with the project's own verbs."""

    def __init__(self, nlp: Language):
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index") if "lemmatizer" in nlp.pipe_names \
            else {}
        self.verbs = trigger_verbs()     # the events the graph is about, not any verb ("U.S. pilots find ...")
        self.nouns = frozenset(index.get("noun", ()))

    def stem(self, word: str) -> str | None:
        """The verb a present-tense form is of ('visits' -> 'visit', 'issues' -> 'issue', 'pushes' -> 'push')."""
        low = word.lower()
        for cut in (1, 2):
            if low.endswith("s") and low[:-cut] in self.verbs:
                return low[:-cut]
        return None

    def headline_verb(self, line) -> int | None:
        """The index of the word right after a headline's opening name that is a verb the tagger read as a
        plural noun ('Iran issues ...', 'Trump visits ...', 'Iraqi Parliament votes ...'); not when a verb
        that is no noun follows it ('Kremlin talks continue')."""
        if len(line) < 3 or line[-1].text in (".", "?", "!"):
            return None        # running text, not a headline
        for t in line[1:]:
            if t.text[:1].isupper() or t.text in ("-", "'s", "’s"):
                continue
            if t.tag_ != "NNS" or not t.text.islower() or not self.stem(t.text):
                return None
            head, after = t.head, t.doc[t.head.i + 1] if t.head.i + 1 < len(t.doc) else None
            compound = head.i == t.i + 1 and head.lower_ in self.nouns and after is not None \
                and after.tag_ in ("NNS", "NN")      # "Iran issues arrest warrants": 'arrest' modifies 'warrants'
            if t.dep_ == "nsubj" and not compound:
                return None    # "Kremlin talks continue", "U.S. sanctions on China are ...": the noun is the subject
            return t.i
        return None


def _lines(doc: Doc):
    """The sentences that end a line (a headline, a sub-heading), without the line break after them."""
    for sent in doc.sents:
        end = sent.end
        while end > sent.start and doc[end - 1].is_space:
            end -= 1
        ends = end < sent.end or end == len(doc) or "\n" in doc[end - 1].whitespace_
        if ends and end - sent.start >= 3:   # ("Related: Trump visits Seoul" starts after a label)
            cut = next((t.i for t in doc[sent.start:end] if t.text == ";"), end)
            yield doc[sent.start:cut]   # "Iran issues warrants ...; seeks Interpol's aid": the first clause


@Language.factory("entente_headlines")
def make_headlines(nlp: Language, name: str):
    known: list[Words] = []

    def component(doc: Doc) -> Doc:
        if not known:
            known.append(Words(nlp))   # the lemmatizer's tables, once it is in the pipeline
        found = [(line, i) for line in _lines(doc) if (i := known[0].headline_verb(line)) is not None]
        if not found:
            return doc
        arr = doc.to_array([HEAD, DEP])
        for line, i in found:
            sub = parse_again(nlp, line, [t.text if t.i != i else STAND_IN for t in line])
            verb = sub[i - line.start]
            if verb.dep_ not in ("ROOT", "ccomp", "conj") or not any(c.dep_ == "nsubj" for c in verb.children):
                continue   # read again, still no clause: leave the line as it was
            arr[line.start:line.end] = sub.to_array([HEAD, DEP])
        doc.from_array([HEAD, DEP], arr)
        for _line, i in found:
            if doc[i].dep_ in ("ROOT", "conj", "ccomp") and any(c.dep_ == "nsubj" for c in doc[i].children):
                doc[i].tag_ = "VBZ"
        return doc
    return component
