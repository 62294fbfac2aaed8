"""The `entente_entities` spaCy component: typed entity mentions for one article.

It joins what the statistical NER finds with the project's lexicons (states, leaders, technologies,
agreements, organizations, regions), recognises leaders from their titles and appositions, joins an
abbreviation in brackets to its long form, and resolves later mentions ("Xi", "President Putin")
to the full name. The result is `doc._.mentions`, a list of `Mention`s, and `doc._.leaders`, the
(leader, state, sentence) facts that titles state.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.attrs import ORTH, SENT_START
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import lexicons
from .aliases import choose, stands_alone, written_as_name
from .countries import institution_state, surface_forms
from .instruments import is_domestic
from .leaders import (LeaderFinder, drop_unsupported_people, extra_person_mentions, inside_longer_name,
                      lexicon_leaders, propagate_people, resolve_people)
from .matchers import Lexicon
from .mentions import Mention, clean_name, doc_text, prefix, resolve_overlaps, slug, state_mention
from .patterns import (ACTION_HEADS, AGREEMENT_HEADS, FORMAL_HEADS, NAME_PARTICLE, agreement_patterns,
                       chunk_patterns, group_references, is_gathering, join_abbreviations, looks_like_name,
                       media_patterns, technology_patterns, titled_names)
from .technologies import identify, named_weapons, retype_members

GOVERNMENT = re.compile(r"(?:Government of (?:the )?(.+)|(.+?) [Gg]overnment)")
BAD_ORG = re.compile(r"^(the )?(advertisement|reading time|photo|loading|share|subscribe|related|getty images?|"
                     r"privacy policy|cookie policy|terms of (use|service))\b", re.I)
TICKER_MOVE = re.compile(r"^,?\s*[+-−]\d+(\.\d+)?%")
MEMBER_NOUNS = {"leader", "member", "signatory", "party", "state", "head"}
NER_LABELS = {"PERSON", "ORG", "LAW", "LOC"}   # the NER's labels that can give a mention (_from_ner)
COMPOUND_PREFIX = {"Latin", "South", "North", "Central", "East", "West", "Native", "Pan", "Afro", "Anglo", "Sub"}


def _register_extensions():
    for name, default in (("mentions", None), ("leaders", None), ("relations", None), ("year", None),
                          ("groups", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@Language.factory("entente_sentences")
def make_sentences(nlp: Language, name: str):
    """Line breaks end sentences: headlines, bullets and captions have no full stop. A run-in heading
    ("Promoting Independent Media: The United States joined ...") ends at its colon, so that the parser
    reads the sentence after it on its own."""
    def component(doc: Doc) -> Doc:
        # token texts read as ids, a Token object made only at a colon (a Doc of 1,000 tokens makes 1,000
        # Token objects when iterated); a token's whitespace is "" or " ", never a line break
        strings = doc.vocab.strings
        orths = doc.to_array(ORTH).tolist()
        breaks = {o for o in set(orths) if "\n" in strings[o]}
        colon = strings[":"]
        starts, line_start = [], 0
        for i, orth in enumerate(orths[:-1]):
            if orth in breaks:
                starts.append(i + 1)
                line_start = i + 1
            elif orth == colon and _run_in_heading(doc[line_start:i]) and doc[i + 1].is_title:
                starts.append(i + 1)
        if starts:   # at once: each Token.is_sent_start = True scans the whole Doc for a parse
            flags = doc.to_array(SENT_START)
            flags[starts] = 1
            doc.from_array(SENT_START, flags)
        return doc
    return component


HEADING_SMALL = {"and", "of", "the", "for", "in", "on", "to", "with", "a", "an", "&", "-", ",", "’s", "'s"}


def _run_in_heading(span) -> bool:
    """A few words in title case, as fact sheets and readouts head their paragraphs with."""
    words = [t for t in span if not t.is_space]
    return 2 <= len(words) <= 12 and words[0].is_title and all(
        t.is_title or t.is_upper or t.lower_ in HEADING_SMALL for t in words)


def _is_run_in_heading(doc: Doc, m) -> bool:
    sent = doc[m.start].sent
    words = [t for t in sent if not t.is_punct and not t.is_space]
    return sent[-1].text == ":" and bool(words) and words[0].i >= m.start and words[-1].i < m.end


@Language.factory("entente_entities")
def make_entities(nlp: Language, name: str):
    _register_extensions()
    return EntityComponent(nlp)


class EntityComponent:
    def __init__(self, nlp: Language):
        self.lex = Lexicon(nlp)
        self.order = {id(row): i for i, row in enumerate(self.lex.entries.values())}
        self.leaders = LeaderFinder(self.lex)

    def __call__(self, doc: Doc) -> Doc:
        year = doc._.year
        cands = self.candidates(doc)
        mentions = resolve_overlaps(cands)
        mentions = [m for m in mentions if not self._drop(doc, m)]
        retype_members(doc, mentions)   # "wiper malware, including WhisperGate"
        for m in mentions:
            identify(m)   # "F-35 fighter jet", "F35 jets": the F-35's one node
        join_abbreviations(doc, mentions)
        doc._.leaders = []
        self.leaders.find(doc, mentions, year)
        resolve_people(doc, mentions, self.lex, year)
        mentions += extra_person_mentions(doc, mentions)
        mentions = drop_unsupported_people(doc, mentions)
        mentions.sort(key=lambda m: m.start)
        propagate_people(mentions)
        lexicon_leaders(doc, mentions)
        doc._.mentions = mentions
        doc._.groups = group_references(doc, mentions)
        for m in mentions + doc._.groups:
            m.doc = doc
        return doc

    # ---- candidates -----------------------------------------------------------------------------
    def candidates(self, doc: Doc) -> list[tuple[int, Mention]]:
        """(priority, mention) from the lexicons, the NER and the patterns; overlaps resolved later."""
        out: list[tuple[int, Mention]] = []
        lex = self.lex
        matches = [(doc.vocab.strings[match_id], start, end)
                   for match_id, start, end in list(lex.exact(doc)) + list(lex.lower(doc))]
        spans_at: dict[int, set] = {}
        for _label, start, end in matches:
            for i in range(start, end):
                spans_at.setdefault(i, set()).add((start, end))
        titles = set(lex.office_kind) | lex.modifiers
        groups: dict[tuple, list[dict]] = {}
        states: Counter = Counter()
        ents: dict[int, tuple[str, int]] = {}
        capitals_read_as_people: list[tuple[int, int, str]] = []
        for label, start, end in matches:
            kind, _, rest = label.partition("|")
            span = doc[start:end]
            if kind == "state":
                iso, how = rest.split("|")
                if not _state_ok(doc, span, how, ents):
                    if how == "capital" and _capital_read_as_person(doc, span, ents):
                        capitals_read_as_people.append((start, end, iso))
                    continue
                out.append((3, state_mention(start, end, iso, how)))
                states[iso] += 1
            elif kind == "leaderlex":
                rows = lex.leader_rows(rest, doc._.year)
                nxt = doc[end] if end < len(doc) else None
                continues = nxt is not None and (nxt.text[:1].isupper() and nxt.pos_ == "PROPN" or
                                                 NAME_PARTICLE.match(nxt.text) and not nxt.is_punct or
                                                 (nxt.text == "-" and not nxt.whitespace_ and not span[-1].whitespace_))
                prev = doc[start - 1] if start > 0 else None
                # inside a longer name the NER found ("BATE Borisov", "Bashir al-Assad")
                continued = prev is not None and span[0].ent_iob_ == "I" and prev.lower_ not in lex.office_kind \
                    and prev.text not in surface_forms() and prev.lower_ not in lex.modifiers \
                    and not _ends_body_name(doc, start, end)
                if rows and not continues and not continued and not inside_longer_name(doc, start, end) \
                        and span[0].ent_type_ not in ("DATE", "GPE") and (
                        len(span) > 1 or span[0].pos_ == "PROPN" or span[0].ent_type_ == "PERSON"):
                    row = rows[-1]
                    out.append((4, Mention(start, end, "person", "", row["name"], source="leaderlex",
                                           aliases={span.text})))
            else:
                row = lex.entries[label]
                claimed = {i for i in (start - 1, end) if spans_at.get(i, set()) - {(start, end)}}
                if not written_as_name(span.text, row) or not stands_alone(doc, start, end, claimed, titles):
                    continue   # "labour productivity", "Liberal Democrats", "Nikola Tesla Airport"
                if kind == "organization" and _another_states(doc, start, row):
                    continue   # "the Peruvian Congress" is not the US Congress
                groups.setdefault((start, end, kind), []).append(row)
        ordered = {k: sorted(v, key=lambda r: self.order[id(r)]) for k, v in groups.items()}
        # "talks with Kiev", which the small model tags a person: the capital, when the article names its
        # state otherwise too
        out += [(3, state_mention(start, end, iso, "capital")) for start, end, iso in capitals_read_as_people
                if states[iso]]
        for (start, end, kind), row in choose(ordered, states).items():
            # a state's own legislation claims its words, then is dropped: it is no agreement
            source = "domestic" if row.get("domestic") else "lexicon"
            out.append((5, Mention(start, end, kind, f"{prefix(kind)}:{slug(row['name'])}", row["name"],
                                   country=row.get("country", ""), aliases={doc[start:end].text}, source=source)))
        people = [m for _p, m in out if m.source == "leaderlex"]
        office_toks = {i for _id, a, b in lex.offices(doc) for i in range(a, b)}
        # tokens a state's name or a technology's alias names: "U.S. LNG" read as one ORG is a state and a fuel
        named = {i for m in (m for _p, m in out if m.type in ("state", "technology")) for i in range(m.start, m.end)}
        for ent in doc.ents:
            if ent.label_ == "ORG" and len(ent) > 1 and all(i in named for i in range(ent.start, ent.end)) \
                    and any(m.type == "technology" and ent.start <= m.start < ent.end for _p, m in out):
                continue
            if ent.label_ == "ORG" and len(ent) > 1 and all(i in named or t.text in "-–/" for i, t in
                                                            zip(range(ent.start, ent.end), ent)):
                continue   # "the Armenia-Azerbaijan border": two states, no body
            if ent.label_ == "ORG":
                person = next((p for p in people if ent.start <= p.start and p.end == ent.end), None)
                if person is not None:   # "Security Council Dmitry Medvedev": a body's name, then a person's
                    ent = doc[ent.start:person.start]
                    if not ent.text or ent.text in surface_forms() or all(t.lower_ in lex.office_kind for t in ent):
                        continue   # "India Narendra Modi": a state, then a person
                if any(i in office_toks for i in range(ent.start, ent.end)):
                    continue   # "US Energy [Secretary]": a title read as a body's name
            m = self._from_ner(doc, ent)
            if m:
                out.append((1, m))
        out += titled_names(doc, lex)
        out += agreement_patterns(doc)
        out += technology_patterns(doc)
        out += named_weapons(doc, {i for _p, m in out if m.source in ("lexicon", "leaderlex") or m.type == "state"
                                   for i in range(m.start, m.end)})
        known = {i for _p, m in out if m.type in ("technology", "agreement") for i in range(m.start, m.end)}
        out += chunk_patterns(doc, known)
        out += media_patterns(doc)
        return out

    def _from_ner(self, doc: Doc, ent: Span) -> Mention | None:
        label = ent.label_
        if label not in NER_LABELS:
            return None   # dates, numbers, places and groups the lexicons name: nothing below reads them
        if len(ent) == 1 and ent.text.isupper() and ent[0].pos_ in SHOUTED:
            return None   # a word in capitals for emphasis ("has NEVER been worse", "its GREAT people")
        if label == "ORG" and ent.text.isupper() and ent.text.title() in surface_forms():
            return None   # a dateline's place in capitals ("KABUL (Reuters) -", "MOSCOW (AP) —"): no body
        if label == "PERSON":
            start, end = _trim_person(doc, ent, self.lex)
            if start >= end:
                return None
            prev = doc[start - 1] if start > 0 else None
            if start == ent.start and prev is not None and prev.pos_ == "PROPN" and prev.is_title \
                    and prev.ent_iob_ == "O" and prev.lower_ not in self.lex.office_kind \
                    and prev.lower_ not in self.lex.modifiers and prev.text not in surface_forms() \
                    and re.fullmatch(r"[A-Z]\.", doc[start].text):
                start -= 1   # "Antony J. Blinken" where the NER kept only "J. Blinken"
            text = clean_name(doc[start:end].text)
            if not looks_like_name(text) or "/" in text:
                return None   # "Jane Doe/AP Photo": a credit
            return Mention(start, end, "person", "", text, source="ner", aliases={text})
        while len(ent) > 1 and ent[0].lower_ in ("the", "a", "an"):
            ent = doc[ent.start + 1:ent.end]
        while len(ent) > 1 and ent[-1].text in ("(", "[", "-", "–"):
            ent = doc[ent.start:ent.end - 1]   # "the Islamic State (ISIS)": the bracket is no part of the name
        close = next((t.i for t in ent if t.text == ")"), None)
        if close is not None and not any(t.text == "(" for t in doc[ent.start:close]) and close + 1 < ent.end:
            ent = doc[close + 1:ent.end]   # "(OAS) Group of Friends": the bracket closes another name
        if label == "ORG":
            ent = _before_office(doc, ent)    # "[G7] Foreign Ministers of Canada": the body, then titles
            if ent is None:
                return None
        if label == "ORG" and any(t.lower_ == "of" for t in ent):
            ent = doc[ent.start:_and_tail(doc, ent.end)]   # "... of Freedom of Expression [and Journalism]"
        text = clean_name(ent.text)
        if not text or "\n" in ent.text or not any(c.isalpha() for c in text):
            return None
        if label == "ORG":
            gov = GOVERNMENT.fullmatch(text)
            country = gov and surface_forms().get(gov.group(1) or gov.group(2))
            if country:   # "Government of Yemen", "the Ukrainian government" stand for the state
                return state_mention(ent.start, ent.end, country[0], "government")
            if text.split()[-1].lower() in WARS:
                return None   # "the Syrian Civil War": an event, no body (extractors/conflicts.py reads named wars)
            if _stand_in_of_state(text):
                return None   # "the Economy of Turkey", "the People of Ukraine": the state, through a stand-in
            if BAD_ORG.match(text) or not text[0].isupper() or len(text) < 2 or any(t.like_num for t in ent):
                return None
            if len(ent) == 1 and not text.isupper() and not any(c.isupper() for c in text[1:]):
                return None   # a lone title-case word ("State", "Commission", "Energy") is rarely a body's name
            if ent[-1].lower_ in AGREEMENT_HEADS and ent[-1].lower_ in FORMAL_HEADS - ACTION_HEADS:
                if len(ent) > 2 and ent[1].lower_ == "of" and ent[0].lemma_.lower() in MEMBER_NOUNS:
                    ent = doc[ent.start + 2:ent.end]   # "Leaders of North Atlantic Treaty": the treaty
                return _agreement_from_ner(doc, ent)
            return Mention(ent.start, ent.end, "organization", f"org:{slug(text)}", text, aliases={text}, source="ner")
        if label == "LAW" and ent[-1].lower_ in (AGREEMENT_HEADS - ACTION_HEADS) | {"act"}:
            return _agreement_from_ner(doc, ent)
        if label == "LOC" and text[0].isupper() and len(text) > 2:
            return Mention(ent.start, ent.end, "region", f"region:{slug(text)}", text, aliases={text}, source="ner")
        return None

    def _drop(self, doc: Doc, m: Mention) -> bool:
        text = doc[m.start:m.end].text
        if m.type == "agreement" and (m.source == "domestic" or m.source != "lexicon" and is_domestic(m.name)):
            return True   # "Inflation Reduction Act", "Executive Order 14024": a state's law, not an agreement
        if m.type == "organization" and m.source == "ner":
            # NER's ORG guesses that are really something else the lexicons know
            if text.isupper() and TICKER_MOVE.match(doc[m.end:m.end + 4].text):
                return True   # "SPX, +0.37%": a market index's ticker
            if _is_run_in_heading(doc, m):
                return True   # "Promoting Independent Media and Information Integrity:" heads a paragraph
            return bool(re.fullmatch(r"[\W\d]+", text)) or text.lower() in {"advertisement", "photo"}
        if m.type == "person" and m.source == "ner" and _alone_on_its_line(doc, m):
            return True   # a by-line or a photographer's credit, not a person in the news
        return False









SHOUTED = {"ADV", "ADJ", "VERB", "AUX", "ADP", "PRON", "DET", "SCONJ", "CCONJ", "INTJ", "PART"}   # not a name


def _all_capitals(doc: Doc) -> bool:
    """doc.text.isupper(), worked out once per Doc (Doc.text joins every token's text at each call, and this is
    asked at every "US" of an article)."""
    known = doc.user_data.get("entente_all_capitals")
    if known is None:
        known = doc.user_data["entente_all_capitals"] = doc_text(doc).isupper()
    return known


def _entity_over(doc: Doc, i: int, ents: dict[int, tuple[str, int]]) -> tuple[str, int] | None:
    """(label, length) of the NER entity over token i. `ents` is filled from doc.ents once per Doc (doc.ents
    makes a Span of every entity at each call), on first need."""
    if not ents:
        ents[-1] = ("", 0)   # read: a Doc without entities is not read again
        for e in doc.ents:
            for k in range(e.start, e.end):
                ents.setdefault(k, (e.label_, len(e)))
    return ents.get(i)


def _state_ok(doc: Doc, span: Span, how: str, ents: dict[int, tuple[str, int]] | None = None) -> bool:
    """A state's surface form that really names the state here (`ents`: see _entity_over)."""
    tok = span[0]
    if span.text.isupper() and len(span.text) <= 3 and span.text in ("US", "UK") and _all_capitals(doc):
        return False
    if any(t.ent_type_ == "PERSON" for t in span) and how != "name":
        return False
    ent = tok.ent_type_ and _entity_over(doc, span.start, {} if ents is None else ents)
    if ent and ent[0] in ("EVENT", "WORK_OF_ART", "LAW") and ent[1] > len(span):
        return False   # "the Vietnam War", "Iran-Contra Affair": an event, not the state
    if span.start > 0 and doc[span.start - 1].ent_type_ == "PERSON" and doc[span.start - 1].ent_iob_ != "O" \
            and tok.ent_iob_ == "I":
        return False
    if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].text in ("state", "State") \
            and not (span.start > 2 and doc[span.start - 3].lower_ in ("head", "secretary", "minister", "council")):
        return False   # "the US state of Georgia"
    if how == "demonym" and span.start > 0 and doc[span.start - 1].text in COMPOUND_PREFIX:
        return False   # "Latin American", "North Korean" (when not a state form itself)
    if how == "capital":
        # a capital stands for its government, not where something happened ("in Belgrade")
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.lower_ in {"university", "airport", "zoo", "marathon", "stock", "court"}:
            return False
    return True


WARS = {"war", "wars", "conflict", "conflicts", "invasion", "uprising", "insurgency", "crisis"}
OF_STATE = re.compile(r"(?:[Tt]he )?(\w+) of (?:the )?(.+)")


def _stand_in_of_state(text: str) -> bool:
    """An ORG the NER read in '<stand-in> of <state>' that names no institution ("Economy of Turkey"):
    the stand-in nouns of frames.json that are not among its state bodies."""
    m = OF_STATE.fullmatch(text)
    return m is not None and m.group(2) in surface_forms() and m.group(1).lower() in _plain_stand_ins()


@lru_cache(None)
def _plain_stand_ins() -> frozenset:
    frames = lexicons.load("frames.json")
    return frozenset(frames.get("stand_ins", ())) - frozenset(frames.get("state_bodies", ())) - {
        "administration", "authorities", "regime", "presidency", "embassy", "delegation"}


def _capital_read_as_person(doc: Doc, span: Span, ents: dict[int, tuple[str, int]]) -> bool:
    """A capital the NER took for a one-word person's name of its own, nothing of a name around it."""
    ent = _entity_over(doc, span.start, ents)
    if ent is None or ent[0] != "PERSON" or ent[1] != len(span) or span[0].ent_iob_ != "B":
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    return not any(t is not None and t.pos_ == "PROPN" for t in (before, after))


def _another_states(doc: Doc, start: int, row: dict) -> bool:
    """Whether a state's institution is named right after another state's name or demonym."""
    own = institution_state(row["name"])
    form = surface_forms().get(doc[start - 1].text) if own and start > 0 else None
    return bool(form) and form[1] in ("name", "demonym") and form[0] != own


def _before_office(doc: Doc, ent: Span) -> Span | None:
    """An ORG span that runs on into office titles and a state ("G7 Foreign Ministers of Canada", "EU
    Leaders of France"): only the words before the titles name a body; the state names itself."""
    for t in ent:
        if t.i > ent.start and (t.lower_ in OFFICE_HEADS or t.lower_[:-1] in OFFICE_HEADS) and t.i + 2 < ent.end \
                and doc[t.i + 1].lower_ == "of" and doc[t.i + 2:ent.end].text in surface_forms():
            k = t.i
            while k > ent.start and doc[k - 1].lower_ in OFFICE_WORDS:
                k -= 1
            return doc[ent.start:k] if k > ent.start else None
    return ent


OFFICE_HEADS = {"minister", "leader", "president", "secretary", "ambassador", "envoy", "representative", "chief"}
OFFICE_WORDS = {"foreign", "defence", "defense", "finance", "trade", "energy", "prime", "deputy", "vice",
                "interior", "health", "economy", "agriculture", "justice", "environment", "state"}


def _agreement_from_ner(doc: Doc, ent: Span) -> Mention | None:
    """An agreement's name the NER found, without the words that open a sentence ("Before Oslo Accords");
    a head word alone ("Treaty") names nothing."""
    start = ent.start
    while start < ent.end - 1 and (doc[start].lower_ in STOP_WORDS or doc[start].pos_ in ("DET", "PRON")):
        start += 1
    if ent.end - start < 2 or is_gathering(doc, ent.end - 1):
        return None
    text = clean_name(doc[start:ent.end].text)
    return Mention(start, ent.end, "agreement", f"agreement:{slug(text)}", text, aliases={text}, source="ner")


def _alone_on_its_line(doc: Doc, m: Mention) -> bool:
    """A name that is a whole line of the text, perhaps after "By" (a by-line)."""
    start, end = m.start, m.end
    if start > 0 and doc[start - 1].lower_ == "by":
        start -= 1
    before = start == 0 or "\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_
    after = end == len(doc) or "\n" in doc[end].text or "\n" in doc[end - 1].whitespace_
    return before and after


def _and_tail(doc: Doc, end: int) -> int:
    """A body's name "X of Y" the NER cut before "and Z": where the capitalised "Z" (no entity of its own,
    followed by no other capitalised word) ends."""
    if end + 1 >= len(doc) or doc[end].lower_ != "and":
        return end
    k = end + 1
    while k < len(doc) and doc[k].is_alpha and doc[k].is_title and doc[k].ent_type_ in ("", "ORG") \
            and doc[k].text not in surface_forms() and k - end <= 2:
        k += 1
    if k == end + 1 or (k < len(doc) and doc[k].is_title):
        return end
    return k


def _ends_body_name(doc: Doc, start: int, end: int) -> bool:
    """A full name at the end of a body's name the NER read as one ("[the Security Council] Dmitry
    Medvedev"): the person, after the body."""
    return end - start > 1 and doc[start].ent_type_ == "ORG" and (end == len(doc) or doc[end].ent_iob_ != "I")


def _trim_person(doc: Doc, ent: Span, lex: Lexicon) -> tuple[int, int]:
    """Drop titles, states and possessives that the NER put inside a PERSON span."""
    start, end = ent.start, ent.end
    office_words = set(lex.office_kind) | {"mr", "mrs", "ms", "dr", "sir", "president", "premier", "minister"}
    forms = surface_forms()
    while start < end and (doc[start].lower_.strip(".") in office_words or doc[start].text in forms
                           or doc[start].lower_ in lex.modifiers or doc[start].is_punct):
        start += 1
    if end - start > 2 and doc[start].lower_ == "crown" and doc[start + 1].lower_ in ("prince", "princess"):
        start += 2   # "Crown Prince Mohammed bin Salman" (a title; "Prince William" is how he is named)
    for i in range(start, end):
        if doc[i].text in ("'s", "’s"):
            end = i   # "Blinken's Meeting"
            break
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return start, end
