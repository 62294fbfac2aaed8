"""Mentions: one typed span of an article, with the entity it names; and the small naming helpers
(slugs for ids, name clean-up, overlap resolution) every extractor shares."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .countries import country_aliases, country_name



@dataclass
class Mention:
    start: int                 # token offsets in the doc
    end: int
    type: str
    key: str                   # the entity id
    name: str                  # the entity's canonical name
    country: str = ""
    office: str = ""
    aliases: set = field(default_factory=set)
    source: str = ""           # what found it: ner, lexicon, state, pattern, title, ...
    group: tuple = ()          # for "the two countries": the keys it stands for

    doc: Doc | None = field(default=None, repr=False, compare=False)

    @property
    def span_root(self):
        return self.doc[self.start:self.end].root if self.doc is not None else None


def doc_text(doc) -> str:
    """The doc's text, joined once per doc and kept with it: Doc.text joins every token's text again at each
    call, and Span.text makes a Token per word (slice this instead)."""
    text = doc.user_data.get("entente_text")
    if text is None:
        text = doc.user_data["entente_text"] = doc.text
    return text


def sentence_text(sent) -> str:
    return doc_text(sent.doc)[sent.start_char:sent.end_char]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.replace("’", "'").split())


def leader_key(text: str) -> str:
    """How leader names are compared: no accents, case, hyphens, dots or possessive."""
    text = re.sub(r"('s|')$", "", fold(text).lower())
    words = text.replace("-", " ").replace(".", " ").split()
    return " ".join(w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-") or "x"


def clean_name(text: str) -> str:
    text = " ".join(text.replace("’", "'").split())
    text = re.sub(r"('s|')$", "", text).strip(" ,.;:\"'“”‘")
    return re.sub(r"^(the|The|a|an|their|its|his|her)\s+", "", text)


def prefix(kind: str) -> str:
    return {"organization": "org", "technology": "tech"}.get(kind, kind)


def state_mention(start, end, iso, how) -> Mention:
    return Mention(start, end, "state", f"state:{iso}", country_name(iso), country=iso,
                   aliases=set(country_aliases(iso)), source=f"state-{how}")


def resolve_overlaps(cands: list[tuple[int, Mention]]) -> list[Mention]:
    """Keep the longest span, then the higher priority, where candidates overlap."""
    ranked = sorted(cands, key=lambda c: (-(c[1].end - c[1].start), -c[0], c[1].start))
    taken: set[int] = set()
    out = []
    for _prio, m in ranked:
        toks = set(range(m.start, m.end))
        if toks & taken:
            continue
        taken |= toks
        out.append(m)
    return sorted(out, key=lambda m: m.start)
