"""Named conflicts: a war or an operation the text names ('the special military operation', 'the Tigray
war') sets its parties against each other, when the article falls within the conflict's dates.

Naming a war presupposes it, so the edge is asserted whatever the clause around the name says ("hoped
the war in Yemen would end soon" still says there is one). Who fought whom is knowledge, kept as data in
lexicons/conflicts.jsonl, dated like the leaders' terms: the Korean War named in 2023 sets no one against
anyone. A party is a state's ISO code or an organisation's lexicon name; an organisation the article
does not mention is left out, and an article that mentions no party gets nothing.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import lexicons, terms
from .mentions import slug


@lru_cache(None)
def rows() -> list[dict]:
    return lexicons.load("conflicts.jsonl")


class ConflictNames:
    """The lexicon's names, matched in any case with the pipeline's own tokenizer."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, row in enumerate(rows()):
            names = dict.fromkeys(row.get("aliases", []) + [row["name"]])
            self.matcher.add(str(i), [nlp.make_doc(a) for a in names])

    def __call__(self, doc: Doc, day: dt.date | None, mentioned: set[str]) -> list[tuple[str, str, Span]]:
        """(party, party, name span) for each conflict named in the doc on its date, with its parties the
        article mentions (states always; see the module's docstring)."""
        out = []
        found = self.matcher(doc, as_spans=True) if rows() else []
        for span in filter_spans(found):    # "the Nagorno-Karabakh conflict", not "Karabakh conflict" in it too
            row = rows()[int(span.label_)]
            if not _during(row, day):
                continue
            keys = [_key(p) for p in row["parties"]]
            if not mentioned & set(keys):
                continue
            keys = [k for k in keys if k.startswith("state:") or k in mentioned]
            if len(keys) >= 2:
                out.append((keys[0], keys[1], span))
        return out


def _key(party: str) -> str:
    return f"state:{party}" if len(party) == 3 and party.isupper() else f"org:{slug(party)}"


def _during(row: dict, day: dt.date | None) -> bool:
    start, end = terms.span(row.get("from")), terms.span(row.get("to"))
    if day is None:
        return end is None           # an undated article: only a war that has not ended
    return (start is None or start[0] <= day) and (end is None or day <= end[1])
