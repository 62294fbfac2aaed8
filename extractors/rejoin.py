"""Sentences the parser cut where no sentence can end, parsed again whole.

The English parser sometimes ends a sentence inside a long list ("The United States joined Argentina,
Brazil, ..., Peru, and | Uruguay as inaugural members of ..."), and it does not honour a token marked as
no sentence start (spaCy issue #7716). Whatever comes after such a cut loses its verb, so a list's last
members join nothing. This component, placed right after the parser, finds each cut after a word that
cannot end a sentence (a conjunction, a preposition, a determiner, a comma) and not at a line break,
parses the joined stretch again as one sentence and writes its heads and labels back into the document.
"""
from __future__ import annotations

from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

OPEN_TAGS = {"CC", "IN", "DT", "TO", "PRP$", "WDT", ","}   # fine-grained tags: the parser runs before the
OPEN_PUNCT = {",", "(", "-", "–", "—"}                     # attribute ruler maps them to parts of speech
REPARSE = ("tok2vec", "tagger", "parser")


def _cut_inside(doc: Doc, start: int) -> bool:
    """Whether the sentence starting at token `start` was cut where none can end."""
    prev = doc[start - 1]
    if "\n" in prev.text or "\n" in prev.whitespace_ or prev.is_space:
        return False
    return prev.tag_ in OPEN_TAGS or prev.text in OPEN_PUNCT


def _runs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the stretches of two or more sentences joined by cuts that cannot be sentence ends."""
    groups: list[list[int]] = []
    for sent in doc.sents:
        if groups and _cut_inside(doc, sent.start):
            groups[-1][1] = sent.end
            groups[-1][2] += 1
        else:
            groups.append([sent.start, sent.end, 1])
    return [(a, b) for a, b, n in groups if n > 1]


def parse_again(nlp: Language, span, words: list[str] | None = None) -> Doc:
    """A stretch of a document parsed on its own as one sentence (its words, or `words` in their place), by
    the same tok2vec, tagger and parser; used here and by extractors/headlines.py."""
    sub = Doc(span.doc.vocab, words=words or [t.text for t in span], spaces=[bool(t.whitespace_) for t in span],
              sent_starts=[True] + [False] * (len(span) - 1))
    for pipe in REPARSE:
        sub = nlp.get_pipe(pipe)(sub)
    return sub


@Language.factory("entente_rejoin")
def make_rejoin(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        runs = _runs(doc)
        if not runs:
            return doc
        arr = doc.to_array([HEAD, DEP])
        for start, end in runs:
            arr[start:end] = parse_again(nlp, doc[start:end]).to_array([HEAD, DEP])
        doc.from_array([HEAD, DEP], arr)
        return doc
    return component
