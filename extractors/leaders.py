"""Leaders: people who hold political office, found from titles ("Chinese President Xi Jinping"),
appositions ("Vucic, Serbia's president"), the lexicon of well-known leaders, and the article's own
context; and people's names resolved across an article ("Xi" is Xi Jinping).

Used by the `entente_entities` component; the facts found are `doc._.leaders`, (leader, state, sentence).
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from .matchers import Lexicon
from .mentions import Mention, clean_name, fold, leader_key, slug, state_mention

JUNIOR = {"assistant", "under", "associate", "principal", "deputy assistant", "adviser", "advisor", "spokesperson"}


def governed(m) -> bool:
    """A state, or a region with a government of its own (it carries its state's code)."""
    return m is not None and (m.type == "state" or (m.type == "region" and bool(m.country)))


class LeaderFinder:
    """Titles and appositions that make a person a leader of a state."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def find(self, doc: Doc, mentions: list[Mention], year) -> None:
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
            if kind == "not_leader" or (kind == "subnational" and (state is None or state.type != "region")):
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
        if end in by_end and governed(by_end[end]) and by_end[end].start >= 1 \
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
        if state is None and k in by_end and governed(by_end[k]):
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
            if j in by_start and governed(by_start[j]):
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
                            and governed(by_start[end + 1]):
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
        m.key = f"person:{slug(leader_key(name))}"   # "Wendy R. Sherman" and "Wendy Sherman" are one
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
