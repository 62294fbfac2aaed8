"""The `entente_entities` spaCy component: typed entity mentions for one article.

It joins what the statistical NER finds with the project's lexicons (states, leaders, technologies,
agreements, organizations, regions), recognises leaders from their titles and appositions, joins an
abbreviation in brackets to its long form, and resolves later mentions ("Xi", "President Putin")
to the full name. The result is `doc._.mentions`, a list of `Mention`s, and `doc._.leaders`, the
(leader, state, sentence) facts that titles state.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import lexicons
from .countries import country_aliases, country_name, surface_forms

TYPES = ("leader", "person", "state", "organization", "agreement", "technology", "region")
AGREEMENT_HEADS = {"treaty", "accord", "accords", "agreement", "agreements", "pact", "act", "convention", "protocol",
                   "charter", "declaration", "memorandum", "initiative", "communique", "communiqué", "compact",
                   "deal", "partnership", "framework", "plan", "programme", "program", "statement", "arrangement"}
FORMAL_HEADS = {"treaty", "accord", "accords", "agreement", "pact", "act", "convention", "protocol", "charter",
                "declaration", "memorandum", "initiative", "communique", "compact"}
TECH_HEADS = {"missile", "missiles", "system", "systems", "drone", "drones", "jet", "jets", "fighter", "fighters",
              "tank", "tanks", "submarine", "submarines", "satellite", "satellites", "reactor", "reactors",
              "helicopter", "helicopters", "aircraft", "rocket", "rockets", "launcher", "launchers", "howitzer",
              "howitzers", "frigate", "frigates", "destroyer", "destroyers", "bomber", "bombers", "warhead", "warheads",
              "vehicle", "vehicles", "chip", "chips", "carrier", "carriers", "interceptor", "interceptors"}
MEDIA_HEADS = {"newspaper", "daily", "weekly", "agency", "broadcaster", "magazine", "television", "radio", "outlet",
               "tabloid", "channel", "network"}
GROUP_NOUNS = {"countries", "sides", "nations", "governments", "states", "parties", "neighbours", "neighbors",
               "allies", "partners", "capitals", "powers", "leaders", "presidents", "heads"}
PERSON_GROUP_NOUNS = {"leaders", "presidents", "heads"}
LOCATIVE = {"in", "at", "near", "outside", "around", "across", "inside", "within"}
BAD_ORG = re.compile(r"^(the )?(advertisement|reading time|photo|loading|share|subscribe|related|getty images?)\b", re.I)
NAME_PARTICLE = re.compile(r"^(al|el|ad|as|ash|bin|ibn|van|von|de|da|di|du|la|le|der|den|dos|das|y)(\b|-)")
MODEL_CODE = re.compile(r"^(?!G\d+$)(?!COVID)[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Z]?\d?$")


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


class Lexicon:
    """All lexicons compiled into phrase matchers for one vocabulary."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        vocab = nlp.vocab
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.offices = PhraseMatcher(vocab, attr="LOWER")
        self.entries: dict[str, dict] = {}
        for code, (iso, kind) in surface_forms().items():
            self._add(self.exact, f"state|{iso}|{kind}", [code])
        for type_, rows in (("technology", lexicons.technologies()), ("agreement", lexicons.agreements()),
                            ("organization", lexicons.organizations()), ("region", lexicons.regions())):
            for row in rows:
                label = f"{type_}|{row['name']}"
                self.entries[label] = row
                for form in {row["name"], *row.get("aliases", [])}:
                    exact = len(form) <= 5 or form.isupper() or any(c.isupper() for c in form[1:])
                    self._add(self.exact if exact else self.lower, label, [form])
        self.leaders: dict[str, list[dict]] = {}
        for row in lexicons.leaders():
            for form in {row["name"], fold(row["name"]), *row.get("aliases", [])}:
                self.leaders.setdefault(leader_key(form), []).append(row)
                self._add(self.exact, f"leaderlex|{form}", [form])
        office_table = lexicons.offices()
        self.office_kind: dict[str, str] = {}
        for kind, words in office_table.items():
            if kind == "modifiers":
                continue
            for w in words:
                self.office_kind.setdefault(w.lower(), kind)
                self._add(self.offices, f"office|{kind}", [w])
        self.modifiers = {w.lower() for w in office_table.get("modifiers", [])} | {"former", "late", "then", "-", "acting"}

    def _add(self, matcher, label, forms):
        docs = [self.nlp.make_doc(f) for f in forms if f and f.strip()]
        if docs:
            matcher.add(label, docs)

    def leader_rows(self, form: str, year: int | None) -> list[dict]:
        """Lexicon leaders known by this form; when several, those in office in the article's year."""
        rows = self.leaders.get(leader_key(form), [])
        people = {r["name"] for r in rows}
        if len(people) > 1 and year:
            rows = [r for r in rows if (r.get("start") or 0) - 1 <= year <= (r.get("end") or 9999) + 1]
            people = {r["name"] for r in rows}
        return rows if len(people) == 1 else []


def _register_extensions():
    for name, default in (("mentions", None), ("leaders", None), ("relations", None), ("year", None),
                          ("groups", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@Language.factory("entente_sentences")
def make_sentences(nlp: Language, name: str):
    """Line breaks end sentences: headlines, bullets and captions have no full stop."""
    def component(doc: Doc) -> Doc:
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text or ("\n" in tok.whitespace_) :
                doc[i + 1].is_sent_start = True
        return doc
    return component


@Language.factory("entente_entities")
def make_entities(nlp: Language, name: str):
    _register_extensions()
    return EntityComponent(nlp)


class EntityComponent:
    def __init__(self, nlp: Language):
        self.lex = Lexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        year = doc._.year
        cands = self.candidates(doc)
        mentions = resolve_overlaps(cands)
        mentions = [m for m in mentions if not self._drop(doc, m)]
        join_abbreviations(doc, mentions)
        doc._.leaders = []
        self.find_leaders(doc, mentions, year)
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
        for match_id, start, end in list(lex.exact(doc)) + list(lex.lower(doc)):
            label = doc.vocab.strings[match_id]
            kind, _, rest = label.partition("|")
            span = doc[start:end]
            if kind == "state":
                iso, how = rest.split("|")
                if not _state_ok(doc, span, how):
                    continue
                out.append((3, state_mention(start, end, iso, how)))
            elif kind == "leaderlex":
                rows = lex.leader_rows(rest, doc._.year)
                nxt = doc[end] if end < len(doc) else None
                continues = nxt is not None and (nxt.text[:1].isupper() and nxt.pos_ == "PROPN" or
                                                 NAME_PARTICLE.match(nxt.text) and not nxt.is_punct or
                                                 (nxt.text == "-" and not nxt.whitespace_ and not span[-1].whitespace_))
                prev = doc[start - 1] if start > 0 else None
                # inside a longer name the NER found ("BATE Borisov", "Bashir al-Assad")
                continued = prev is not None and span[0].ent_iob_ == "I" and prev.lower_ not in lex.office_kind \
                    and prev.text not in surface_forms() and prev.lower_ not in lex.modifiers
                if rows and not continues and not continued and span[0].ent_type_ not in ("DATE", "GPE") and (
                        len(span) > 1 or span[0].pos_ == "PROPN" or span[0].ent_type_ == "PERSON"):
                    row = rows[-1]
                    out.append((4, Mention(start, end, "person", "", row["name"], source="leaderlex",
                                           aliases={span.text})))
            else:
                row = lex.entries[label]
                out.append((5, Mention(start, end, kind, f"{_prefix(kind)}:{slug(row['name'])}", row["name"],
                                       aliases={span.text}, source="lexicon")))
        people = [m for _p, m in out if m.source == "leaderlex"]
        office_toks = {i for _id, a, b in lex.offices(doc) for i in range(a, b)}
        for ent in doc.ents:
            if ent.label_ == "ORG" and (any(ent.start <= p.start and p.end == ent.end for p in people)
                                        or any(i in office_toks for i in range(ent.start, ent.end))):
                continue   # "India Narendra Modi", "US Energy [Secretary]": a title read as a body's name
            m = self._from_ner(doc, ent)
            if m:
                out.append((1, m))
        out += titled_names(doc, lex)
        out += agreement_patterns(doc)
        out += technology_patterns(doc)
        out += media_patterns(doc)
        return out

    def _from_ner(self, doc: Doc, ent: Span) -> Mention | None:
        label = ent.label_
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
            if not _looks_like_name(text):
                return None
            return Mention(start, end, "person", "", text, source="ner", aliases={text})
        while len(ent) > 1 and ent[0].lower_ in ("the", "a", "an"):
            ent = doc[ent.start + 1:ent.end]
        text = clean_name(ent.text)
        if not text or "\n" in ent.text or not any(c.isalpha() for c in text):
            return None
        if label == "ORG":
            if BAD_ORG.match(text) or not text[0].isupper() or len(text) < 2 or any(t.like_num for t in ent):
                return None
            if len(ent) == 1 and not text.isupper() and not any(c.isupper() for c in text[1:]):
                return None   # a lone title-case word ("State", "Commission", "Energy") is rarely a body's name
            if ent[-1].lower_ in AGREEMENT_HEADS and ent[-1].lower_ in FORMAL_HEADS:
                return Mention(ent.start, ent.end, "agreement", f"agreement:{slug(text)}", text, aliases={text},
                               source="ner")
            return Mention(ent.start, ent.end, "organization", f"org:{slug(text)}", text, aliases={text}, source="ner")
        if label == "LAW" and ent[-1].lower_ in AGREEMENT_HEADS | {"act"}:
            return Mention(ent.start, ent.end, "agreement", f"agreement:{slug(text)}", text, aliases={text},
                           source="ner")
        if label == "LOC" and text[0].isupper() and len(text) > 2:
            return Mention(ent.start, ent.end, "region", f"region:{slug(text)}", text, aliases={text}, source="ner")
        return None

    def _drop(self, doc: Doc, m: Mention) -> bool:
        text = doc[m.start:m.end].text
        if m.type == "organization" and m.source == "ner":
            # NER's ORG guesses that are really something else the lexicons know
            return bool(re.fullmatch(r"[\W\d]+", text)) or text.lower() in {"advertisement", "photo"}
        return False

    # ---- leaders --------------------------------------------------------------------------------
    def find_leaders(self, doc: Doc, mentions: list[Mention], year) -> None:
        """Titles and appositions that make a person a leader of a state."""
        offices = {}
        for match_id, start, end in self.lex.offices(doc):
            kind = doc.vocab.strings[match_id].split("|")[1]
            # keep the longest office phrase ending at each token
            if end not in offices or start < offices[end][0]:
                offices[end] = (start, kind)
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        for m in mentions:
            if m.type != "person":
                continue
            found = self._title_before(doc, m, offices, by_end, by_start) or self._apposition_after(doc, m, offices, by_start)
            if not found:
                continue
            office, kind, state, cue_start, cue_end = found
            if kind in ("not_leader", "subnational"):
                m.office = m.office or ""
                continue
            m.type = "leader"
            m.office = office
            if state is None and kind in ("head_of_state", "head_of_government"):
                state = self._dominant_state(mentions, m)
            if state:
                m.country = state.country
                sent = doc[min(cue_start, m.start)].sent
                doc._.leaders.append((m, state, sent))

    def _office_text(self, doc, start, end) -> str:
        small = {"of", "the", "for", "and", "on", "in"}
        return " ".join(t.lower_ if t.lower_ in small else t.text[:1].upper() + t.text[1:].lower()
                        for t in doc[start:end])

    def _title_before(self, doc, m, offices, by_end, by_start=None):
        """[State|State's|the country's] [former] OFFICE[,] [of State] NAME [of State]."""
        end = m.start
        of_state = None
        # "Prime Minister of India Narendra Modi"
        if end in by_end and by_end[end].type == "state" and by_end[end].start >= 1 \
                and doc[by_end[end].start - 1].lower_ == "of":
            of_state = by_end[end]
            end = of_state.start - 1
        comma = end not in offices and end >= 1 and doc[end - 1].text == "," and (end - 1) in offices
        if comma:
            end -= 1
        if end not in offices:
            return None
        o_start, kind = offices[end]
        if kind == "not_leader" or (o_start > 0 and doc[o_start - 1].lower_ in JUNIOR):
            return ("", "not_leader", None, o_start, end)
        word = doc[o_start:end].text.lower()
        state = of_state
        k = o_start
        while k > 0 and (doc[k - 1].lower_ in self.lex.modifiers or doc[k - 1].text in ("-", "then-")):
            k -= 1
        possessive = k > 0 and doc[k - 1].text in ("'s", "’s", "'")
        if state is None and possessive:
            k -= 1
        before = by_end.get(k)
        if state is None and ((before is not None and before.type == "organization")
                              or (k > 0 and doc[k - 1].pos_ == "NOUN" and doc[k - 1].is_lower)):
            return ("", "not_leader", None, o_start, end)   # "EU parliament president", "party leader"
        portfolio = k
        while state is None and portfolio > 0 and o_start - portfolio < 3 and doc[portfolio - 1].is_title \
                and portfolio not in by_end and doc[portfolio - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
            portfolio -= 1   # "US Energy Secretary", "Russian Deputy Foreign Minister"
        if state is None and k not in by_end and portfolio in by_end and by_end[portfolio].type == "state":
            k = portfolio
        if state is None and k in by_end and by_end[k].type == "state":
            state = by_end[k]
        elif state is None and possessive and k >= 1 and doc[k - 1].lower_ in ("country", "nation"):
            state = self._recent_state(by_end, k - 1)
        if comma and state is None:
            return None
        if state is None and by_start is not None and m.end + 1 < len(doc) and doc[m.end].lower_ == "of" \
                and (m.end + 1) in by_start and by_start[m.end + 1].type == "state":
            state = by_start[m.end + 1]   # "Presidents Dilma Rousseff of Brazil"
        if word == "leader" and state is None:
            return None
        if kind in ("head_of_state", "head_of_government", "minister") and state is None:
            state = self._state_from_lexicon(m, doc)
        return (self._office_text(doc, o_start, end), kind, state, min(o_start, state.start if state and
                                                                       state.start < o_start else o_start), m.end)

    @staticmethod
    def _dominant_state(mentions, m):
        """The state an article is about, when one clearly dominates: "current president Rene Preval" in a
        story about Haiti."""
        counts = Counter(x.country for x in mentions if x.type == "state")
        if not counts:
            return None
        (iso, n), total = counts.most_common(1)[0], sum(counts.values())
        if n >= 2 and n / total >= 0.5:
            return state_mention(m.start, m.end, iso, "article")
        return None

    @staticmethod
    def _recent_state(by_end, before):
        ends = [e for e, x in by_end.items() if x.type == "state" and e <= before]
        return by_end[max(ends)] if ends else None

    def _apposition_after(self, doc, m, offices, by_start):
        """NAME, [the] [State's|State] [former] OFFICE [of State] — or State's OFFICE, NAME."""
        i = m.end
        if i < len(doc) and doc[i].text == ",":
            j = i + 1
            while j < len(doc) and doc[j].lower_ in {"the", "then", "a", "former", "who", "is", "was", "as"} | \
                    self.lex.modifiers:
                j += 1
            state = None
            if j in by_start and by_start[j].type == "state":
                state = by_start[j]
                j = state.end
                if j < len(doc) and doc[j].text in ("'s", "’s", "'"):
                    j += 1
            for end in range(j + 1, min(j + 6, len(doc)) + 1):
                if end in offices and offices[end][0] == j:
                    o_start, kind = offices[end]
                    nxt = by_start.get(end + 1) or by_start.get(end + 2)
                    if end + 1 < len(doc) and doc[end].lower_ in ("of", "at") and (
                            (nxt is not None and nxt.type == "organization") or doc[end + 1].is_lower
                            and doc[end + 1].lower_ != "the"):
                        return ("", "not_leader", None, m.start, end)   # "president of the European Parliament"
                    if end + 1 < len(doc) and doc[end].lower_ == "and":
                        return ("", "not_leader", None, m.start, end)   # "president and chief executive of ..."
                    if end + 1 < len(doc) and doc[end].lower_ == "of" and (end + 1) in by_start \
                            and by_start[end + 1].type == "state":
                        after = by_start[end + 1].end
                        if after < len(doc) and doc[after].text in ("'s", "’s", "'"):
                            return None   # "president of Rwanda's Green Party"
                        state = by_start[end + 1]
                    if doc[o_start:end].text.lower() == "leader" and state is None:
                        return None
                    if end in by_start and by_start[end].type in ("person", "leader"):
                        return None   # "A, French Foreign Minister B": a list of titled people, not an apposition
                    if state is None and kind in ("head_of_state", "head_of_government", "minister"):
                        state = self._state_from_lexicon(m, doc)
                    return (self._office_text(doc, o_start, end), kind, state, m.start, end)
        return None

    def _state_from_lexicon(self, m, doc):
        rows = self.lex.leader_rows(m.name, doc._.year) or self.lex.leader_rows(doc[m.start:m.end].text, doc._.year)
        if rows:
            iso = rows[-1]["country"]
            return state_mention(m.start, m.end, iso, "lexicon")
        return None


def _prefix(kind: str) -> str:
    return {"organization": "org", "technology": "tech"}.get(kind, kind)


def state_mention(start, end, iso, how) -> Mention:
    return Mention(start, end, "state", f"state:{iso}", country_name(iso), country=iso,
                   aliases=set(country_aliases(iso)), source=f"state-{how}")


def _state_ok(doc: Doc, span: Span, how: str) -> bool:
    """A state's surface form that really names the state here."""
    tok = span[0]
    if span.text.isupper() and len(span.text) <= 3 and span.text in ("US", "UK") and doc.text.isupper():
        return False
    if any(t.ent_type_ == "PERSON" for t in span) and how != "name":
        return False
    ent = tok.ent_type_ and [e for e in doc.ents if e.start <= span.start < e.end]
    if ent and ent[0].label_ in ("EVENT", "WORK_OF_ART", "LAW") and len(ent[0]) > len(span):
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


def _trim_person(doc: Doc, ent: Span, lex: Lexicon) -> tuple[int, int]:
    """Drop titles, states and possessives that the NER put inside a PERSON span."""
    start, end = ent.start, ent.end
    office_words = set(lex.office_kind) | {"mr", "mrs", "ms", "dr", "sir", "president", "premier", "minister"}
    forms = surface_forms()
    while start < end and (doc[start].lower_.strip(".") in office_words or doc[start].text in forms
                           or doc[start].lower_ in lex.modifiers or doc[start].is_punct):
        start += 1
    for i in range(start, end):
        if doc[i].text in ("'s", "’s"):
            end = i   # "Blinken's Meeting"
            break
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return start, end


COMPOUND_PREFIX = {"Latin", "South", "North", "Central", "East", "West", "Native", "Pan", "Afro", "Anglo", "Sub"}
JUNIOR = {"assistant", "under", "associate", "principal", "deputy assistant", "adviser", "advisor", "spokesperson"}
PLACE_WORDS = {"square", "street", "avenue", "airport", "bridge", "station", "palace", "hall", "university", "park",
               "road", "boulevard", "stadium", "centre", "center", "institute", "prize", "award", "foundation"}


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 5 or any(ch.isdigit() for ch in text) or words[-1].lower() in PLACE_WORDS:
        return False
    if not all(w[0].isupper() or NAME_PARTICLE.match(w) for w in words) or NAME_PARTICLE.fullmatch(words[-1]):
        return False
    return not text.isupper() or len(text) <= 3


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


# ---- patterns ---------------------------------------------------------------------------------
def titled_names(doc: Doc, lex: Lexicon) -> list[tuple[int, Mention]]:
    """A name right after an office ("Prime Minister Hen Sen") is a person even when the NER missed it."""
    out = []
    for _id, start, end in lex.offices(doc):
        j = end
        if j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].ent_type_ in ("", "PERSON") \
                and doc[j].text not in surface_forms() and doc[j].lower_ not in lex.office_kind:
            k = j
            while k < len(doc) and k - j < 4 and (doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper()
                                                  or NAME_PARTICLE.fullmatch(doc[k].lower_)) \
                    and doc[k].ent_type_ in ("", "PERSON") and doc[k].text not in surface_forms() \
                    and not (k > j and doc[k].is_sent_start):
                k += 1
                if len(doc[k - 1].text) > 2 and doc[k - 1].text.endswith("."):
                    break   # "Hen Sen." ends the sentence too
            if k - j >= 2 and not any(doc[i].ent_type_ == "PERSON" for i in range(j, k)):
                text = clean_name(doc[j:k].text)
                if _looks_like_name(text):
                    out.append((0, Mention(j, k, "person", "", text, source="title", aliases={text})))
    return out


def agreement_patterns(doc: Doc) -> list[tuple[int, Mention]]:
    """Capitalised names ending in a formal head ("Abraham Accords", "Treaty on the Non-Proliferation of
    Nuclear Weapons", "CHIPS and Science Act")."""
    out = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.lower_ not in FORMAL_HEADS or not tok.text[0].isupper():
            continue
        start = i
        while start > 0 and (_cap(doc[start - 1]) or (doc[start - 1].lower_ in {"and", "of", "-"} and start > 1
                                                       and _cap(doc[start - 2]))):
            start -= 1
        end = i + 1
        if end + 1 < n and doc[end].lower_ in {"on", "of", "for", "to"}:
            k = end + 1
            if k < n and doc[k].lower_ == "the":
                k += 1
            j = k
            while j < n and (_cap(doc[j]) or (doc[j].lower_ in {"of", "and", "the", "on", "in"} and j + 1 < n
                                              and _cap(doc[j + 1]))):
                j += 1
            if j > k:
                end = j
        if start == i and end == i + 1:
            continue
        while start < i and doc[start].lower_ == "the":
            start += 1
        if start < i and doc[start].text in surface_forms() and start + 1 == i:
            continue  # "US Treaty"-like fragments are not names
        name = clean_name(doc[start:end].text)
        out.append((2, Mention(start, end, "agreement", f"agreement:{slug(name)}", name, aliases={name},
                               source="pattern")))
    return out


def _cap(tok) -> bool:
    return (tok.text[:1].isupper() or tok.text.isupper()) and tok.is_alpha or bool(re.fullmatch(r"[A-Z0-9-]+", tok.text)) \
        and not tok.is_punct and tok.text not in {"-"} and tok.ent_type_ not in ("DATE", "CARDINAL")


def technology_patterns(doc: Doc) -> list[tuple[int, Mention]]:
    """Model designations with a weapon or system noun: "S-400 missile systems", "K2 tanks", "F-16 jets"."""
    out = []
    for i, tok in enumerate(doc):
        if not MODEL_CODE.match(tok.text):
            continue
        end = i + 1
        while end < len(doc) and (doc[end].lower_ in TECH_HEADS or doc[end].lower_ in {"air", "defence", "defense",
                                                                                    "missile", "fighter", "battle",
                                                                                    "main", "surface-to-air"}):
            end += 1
        if end == i + 1 or doc[end - 1].lower_ not in TECH_HEADS:
            continue
        name = doc[i:end].text
        out.append((2, Mention(i, end, "technology", f"tech:{slug(name)}", name, aliases={name, tok.text},
                               source="pattern")))
    return out


def media_patterns(doc: Doc) -> list[tuple[int, Mention]]:
    """A proper name next to a media noun: "Serbia's Politika newspaper", "news agency Xinhua"."""
    out = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in MEDIA_HEADS:
            continue
        j = i
        while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].text[:1].isupper() \
                and doc[j - 1].text not in surface_forms():
            j -= 1
        if j < i:
            name = doc[j:i].text
            out.append((2, Mention(j, i, "organization", f"org:{slug(name)}", name, aliases={name},
                                   source="pattern")))
        k = i + 1
        while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and doc[k].text not in surface_forms():
            k += 1
        if k > i + 1 and tok.lower_ == "agency":
            name = doc[i + 1:k].text
            out.append((2, Mention(i + 1, k, "organization", f"org:{slug(name)}", name, aliases={name},
                                   source="pattern")))
    return out


def join_abbreviations(doc: Doc, mentions: list[Mention]) -> None:
    """ "unmanned aerial vehicles (UAVs)": the bracketed abbreviation becomes an alias, and later
    mentions of it resolve to the long form."""
    by_end = {m.end: m for m in mentions}
    abbrev: dict[str, Mention] = {}
    for i, tok in enumerate(doc[:-2]):
        if tok.text != "(" or i not in by_end:
            continue
        ab, close = doc[i + 1], doc[i + 2]
        if close.text != ")" or not re.fullmatch(r"[A-Z][A-Za-z0-9&-]{1,9}", ab.text) or sum(c.isupper() for c in ab.text) < 2:
            continue
        long = by_end[i]
        long.aliases.add(ab.text)
        abbrev[ab.text] = long
    if not abbrev:
        return
    keep = []
    for m in mentions:
        text = doc[m.start:m.end].text
        if text in abbrev and abbrev[text] is not m:
            src = abbrev[text]
            m.type, m.key, m.name, m.country = src.type, src.key, src.name, src.country
            m.aliases = {text}
        keep.append(m)
    taken = {t for m in mentions for t in range(m.start, m.end)}
    for i, tok in enumerate(doc):
        if tok.text in abbrev and i not in taken:
            src = abbrev[tok.text]
            mentions.append(Mention(i, i + 1, src.type, src.key, src.name, src.country, aliases={tok.text},
                                    source="abbreviation"))
    mentions.sort(key=lambda m: m.start)


# ---- people ------------------------------------------------------------------------------------
def resolve_people(doc: Doc, mentions: list[Mention], lex: Lexicon, year) -> None:
    """Give every person mention its canonical name and key: the longest name in the article that
    contains it, else the well-known leader it names, else itself."""
    people = [m for m in mentions if m.type in ("person", "leader")]
    full = {}
    for m in people:
        if m.source == "leaderlex":
            rows = lex.leader_rows(doc[m.start:m.end].text, year)
            if rows:
                full.setdefault(rows[-1]["name"], m)
        elif len(m.name.split()) > 1:
            full.setdefault(m.name, m)
    for m in people:
        text = clean_name(doc[m.start:m.end].text)
        name = m.name
        if m.source != "leaderlex":
            tokens = text.split()
            candidates = [f for f in full if f != text and _contains_name(f, tokens)]
            if candidates:
                name = max(candidates, key=len)
            elif len(tokens) == 1:
                rows = lex.leader_rows(text, year)
                if rows:
                    name = rows[-1]["name"]
            # a known leader named in full: take the lexicon's spelling
            rows = lex.leader_rows(name, year)
            if rows:
                name = rows[-1]["name"]
        m.name = name
        m.aliases.add(text)
        m.key = f"person:{slug(name)}"
        rows = lex.leader_rows(name, year)
        if rows and not m.country:
            row = _row_for_year(rows, year)
            m.type = "leader"
            m.office = m.office or row["office"]
            m.country = row["country"]
            m.aliases.update(row.get("aliases", []))
            m.source = m.source if m.source != "ner" else "ner+lexicon"


OFFICE_RANK = ("president", "king", "queen", "emperor", "emir", "sultan", "supreme leader", "prime minister",
               "chancellor", "premier")


def _row_for_year(rows, year):
    """The office a lexicon leader held in the article's year (else the latest), heads of state first."""
    if year:
        inside = [r for r in rows if (r.get("start") or 0) <= year <= (r.get("end") or 9999)]
        before = [r for r in rows if (r.get("end") or 9999) < year]
        if not inside and before:   # a former office holder: the office most recently held
            last = max(r.get("end") or 0 for r in before)
            inside = [r for r in before if (r.get("end") or 0) == last]
        rows = inside or rows
    latest = max(r.get("end") or 9999 for r in rows)
    current = [r for r in rows if (r.get("end") or 9999) == latest] if not year else rows
    return min(current, key=lambda r: (OFFICE_RANK.index(r["office"].lower()) if r["office"].lower() in OFFICE_RANK
                                       else len(OFFICE_RANK), -(r.get("start") or 0)))


def _contains_name(full: str, tokens: list[str]) -> bool:
    parts = fold(full).split()
    toks = [fold(t) for t in tokens]
    return len(toks) < len(parts) and all(t in parts for t in toks)


def extra_person_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Later mentions by surname alone that the NER missed ("During Xi's meeting ...")."""
    taken = {t for m in mentions for t in range(m.start, m.end)}
    forms: dict[str, Mention] = {}
    tails: dict[str, Mention] = {}
    for m in mentions:
        if m.type in ("person", "leader") and len(m.name.split()) > 1:
            parts = m.name.split()
            for form in {parts[-1], fold(parts[-1]), *(a for a in m.aliases if len(a.split()) == 1)}:
                if len(form) > 1 and form[0].isupper():
                    forms.setdefault(form, m)
            for i in range(len(parts)):
                tails.setdefault(leader_key(" ".join(parts[i:])), m)
    out = []
    for m in mentions:
        text = doc[m.start:m.end].text
        src = forms.get(text) or forms.get(clean_name(text)) or tails.get(leader_key(text))
        if m.type == "organization" and m.source == "ner" and src is not None:
            m.type, m.key, m.name, m.country, m.office = src.type, src.key, src.name, src.country, src.office
            m.aliases, m.source = {clean_name(text)}, "surname"
    for i, tok in enumerate(doc):
        if i in taken or tok.text not in forms or tok.pos_ not in ("PROPN", "NOUN", "X") or tok.ent_type_ in (
                "DATE", "GPE", "ORG", "NORP"):
            continue
        src = forms[tok.text]
        out.append(Mention(i, i + 1, src.type, src.key, src.name, src.country, src.office, {tok.text},
                           source="surname"))
    return out


def drop_unsupported_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A one-word 'person' the NER guessed, with no full name, title or lexicon entry behind it and
    named only once, is more often a place or a product than a person."""
    counts = Counter(m.key for m in mentions)
    return [m for m in mentions if not (m.type == "person" and m.source == "ner" and len(m.name.split()) == 1
                                        and counts[m.key] < 2)]


def propagate_people(mentions: list[Mention]) -> None:
    """Every mention of a person carries what any mention learnt: leader type, office, country."""
    best: dict[str, Mention] = {}
    for m in mentions:
        if m.type in ("person", "leader"):
            cur = best.get(m.key)
            if cur is None or (m.type == "leader" and (cur.type != "leader" or (m.country and not cur.country))):
                best[m.key] = m
    for m in mentions:
        b = best.get(m.key)
        if b is not None and b is not m:
            m.type, m.office, m.country = b.type, m.office or b.office, m.country or b.country
            if b.country and m.country != b.country and m.type == "leader":
                m.country = b.country


def lexicon_leaders(doc: Doc, mentions: list[Mention]) -> None:
    """A well-known leader named without a title still leads their state: one leader_of fact per
    article, backed by the sentence of the first mention."""
    stated = {m.key for m, _state, _sent in doc._.leaders}
    named = {m.country for m in mentions if m.type == "state"}
    for m in mentions:
        if m.type == "leader" and m.country in named and m.key not in stated:
            stated.add(m.key)
            doc._.leaders.append((m, state_mention(m.start, m.end, m.country, "lexicon"), doc[m.start].sent))


def group_references(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"the two countries", "both sides", "the two leaders": pseudo-mentions standing for the article's two
    most mentioned states (or leaders)."""
    states = Counter(m.key for m in mentions if m.type == "state")
    people = Counter(m.key for m in mentions if m.type == "leader")
    out = []
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ not in ("two", "both"):
            continue
        nxt = doc[i + 1]
        if nxt.lower_ not in GROUP_NOUNS:
            continue
        pool = people if nxt.lower_ in PERSON_GROUP_NOUNS else states
        top = [k for k, _ in pool.most_common(2)]
        if len(top) == 2:
            out.append(Mention(i, i + 2, "group", "", doc[i:i + 2].text, group=tuple(top), source="group"))
    return out
