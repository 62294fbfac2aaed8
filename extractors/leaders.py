"""Leaders: people who hold political office, found from titles ("Chinese President Xi Jinping"),
appositions ("Vucic, Serbia's president"), the lexicon of well-known leaders, and the article's own
context; and people's names resolved across an article ("Xi" is Xi Jinping).

What the text states comes first and the lexicon second: a role the text gives ("former", "leadership
candidate", "Prince", "European Council chief") overrides the lexicon, and the lexicon gives an office only
when the article's date (`doc._.date`) falls within the holder's term (terms.py). Someone whose term has
ended is marked as former ("Former Prime Minister") and leads nothing.

Used by the `entente_entities` component; the facts found are `doc._.leaders`, (leader, state or body,
sentence).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.attrs import ORTH
from spacy.tokens import Doc

from . import lexicons, terms
from .matchers import Lexicon
from .speakers import publisher_state
from .mentions import Mention, clean_name, fold, leader_key, slug, state_mention

if not Doc.has_extension("date"):
    Doc.set_extension("date", default=None)   # the article's ISO date, set by ingest.prepare

ROLES = "entente_roles"        # doc.user_data[ROLES]: {mention start: role the text states}
FORMER = "entente_former"      # doc.user_data[FORMER]: {mention start: the office the text says was held}
ROLE_RANK = ("other_body", "candidate", "former", "heir")   # the first wins when a person has several
HEADS = ("head_of_state", "head_of_government")


@lru_cache(None)
def roles() -> dict:
    """The role words (lexicons/roles.json) as sets."""
    data = lexicons.load("roles.json")
    return {k: frozenset(w.lower() for w in v) for k, v in data.items() if isinstance(v, list)}


@lru_cache(None)
def organization_kinds() -> dict[str, str]:
    """Entity id of each organization in the lexicon -> its kind (alliance, intergovernmental, company...)."""
    return {f"org:{slug(r['name'])}": r.get("kind", "") for r in lexicons.organizations()}


def article_day(doc: Doc):
    """The article's date (None when it has none)."""
    return terms.day(doc._.date) if Doc.has_extension("date") else None


def stronger(a: str | None, b: str | None) -> str | None:
    ranked = [r for r in (a, b) if r]
    return min(ranked, key=ROLE_RANK.index) if ranked else None

JUNIOR = {"assistant", "under", "associate", "principal", "deputy assistant", "adviser", "advisor", "spokesperson"}


def governed(m) -> bool:
    """A state, or a region with a government of its own (it carries its state's code)."""
    return m is not None and (m.type == "state" or (m.type == "region" and bool(m.country)))


class LeaderFinder:
    """Titles and appositions that make a person a leader of a state."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def find(self, doc: Doc, mentions: list[Mention], year) -> None:
        """Titles and appositions that make a person a leader of a state (or of an intergovernmental
        body), and the roles the text states for people (doc.user_data[ROLES])."""
        offices = {}
        for match_id, start, end in self.lex.offices(doc):
            kind = doc.vocab.strings[match_id].split("|")[1]
            # keep the longest office phrase ending at each token
            if end not in offices or start < offices[end][0]:
                offices[end] = (start, kind)
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        stated = doc.user_data.setdefault(ROLES, {})
        for m in mentions:
            if m.type != "person":
                continue
            if self._royal_heir(doc, m):
                stated[m.start] = stronger(stated.get(m.start), "heir")
            if self._candidate_clause(doc, m):
                stated[m.start] = stronger(stated.get(m.start), "candidate")
            found = self._title_before(doc, m, offices, by_end, by_start) or self._apposition_after(doc, m, offices, by_start)
            if not found:
                if self._stated_role(doc, m, m.start, m.start) == "former":   # "the late Bob Hawke"
                    stated[m.start] = stronger(stated.get(m.start), "former")
                continue
            office, kind, state, cue_start, cue_end, body = found
            role = self._stated_role(doc, m, cue_start, cue_end)
            if kind == "international":   # "President of the European Commission X": no state's office
                stated[m.start] = stronger(stated.get(m.start), "other_body")
                if role not in ("former", "candidate"):
                    m.type, m.office = "leader", office
                continue
            if body is not None and organization_kinds().get(body.key, "") in roles()["other_body_kinds"]:
                role = "other_body"   # "outgoing ECB President Mario Draghi", "Charles Michel, head of the EU Council"
            if role:
                stated[m.start] = stronger(stated.get(m.start), role)
            if role == "other_body":
                self._body_chief(doc, m, office, body, cue_start)
                continue
            if kind == "subnational" and state is None:
                state = self._region_before(doc, mentions, m, cue_start) or self._dominant_region(mentions, m)
            if kind == "not_leader" or (kind == "subnational" and (state is None or state.type != "region")):
                continue
            if role == "candidate":
                continue   # "would-be prime minister", "leadership candidate": the office is not held
            if state is None:
                state = _delegation_state(doc, m, mentions)   # "the UK delegation was led by Deputy NSA X"
            if state is None and kind in HEADS and not self._known_elsewhere(doc, m):
                state = self._dominant_state(mentions, m)
            if state is None and kind == "minister":
                # "National Security Advisor Jake Sullivan" in a White House readout: the publishing
                # government's official (a news story's untitled minister stays without a state)
                iso = publisher_state(doc._.url) if doc.has_extension("url") else None
                near = [x for x in mentions if x.type == "state" and cue_start - 8 <= x.start and x.end <= m.start
                        and x.start >= doc[m.start].sent.start]
                if near and (near[-1].end >= cue_start or _titles_between(doc, near[-1].end, cue_start, offices)):
                    state = near[-1]   # "Cambodian Deputy Prime Minister and Foreign Minister X"
                elif iso and not near:
                    state = state_mention(m.start, m.end, iso, "publisher")
                else:       # a state nearby but not the title's own: unclear, unless the title says whose
                    state = _national_title_state(office, mentions, m)
            if role == "former":   # "former Italian Prime Minister X": a country, no office held
                doc.user_data.setdefault(FORMER, {})[m.start] = office
                m.office = f"Former {office}"
                m.country = state.country if state else ""
                continue
            m.type = "leader"
            m.office = office
            if state:
                m.country = state.country
                sent = doc[min(cue_start, m.start)].sent
                doc._.leaders.append((m, state, sent))

    def _stated_role(self, doc, m, cue_start, cue_end) -> str | None:
        """'former', 'candidate' or None, from the words of a title or apposition and the role words
        just before it ("the former Italian prime minister", "ex-premier", "leadership candidate")."""
        words = [self._role_word(doc, t.i) for t in doc[cue_start:cue_end] if not m.start <= t.i < m.end]
        r = roles()
        i = cue_start - 1
        while i >= 0 and (doc[i].lower_ in r["former"] | r["candidate"] or doc[i].lower_ in self.lex.modifiers
                          or doc[i].lower_ in ("the", "a", "an", "-")):
            words.append(self._role_word(doc, i))
            i -= 1
        for role in ("candidate", "former"):
            if any(w in r[role] for w in words):
                return role
        return None

    @staticmethod
    def _role_word(doc, i) -> str:
        """A word as a role word: "then" only as in "then-President" or "met then Vice President X", not
        the adverb ("and then President X spoke")."""
        word = doc[i].lower_
        if word == "then" and not ((i + 1 < len(doc) and doc[i + 1].text in ("-", "‑"))
                                   or (i > 0 and doc[i - 1].pos_ in ("VERB", "ADP", "DET"))):
            return ""
        return word

    @staticmethod
    def _candidate_clause(doc, m) -> bool:
        """NAME, who is running for / contending for / vying for ... : a candidate."""
        if not (m.end + 1 < len(doc) and doc[m.end].text == "," and doc[m.end + 1].lower_ == "who"):
            return False
        verbs = roles()["candidate_clause_verbs"]
        for t in doc[m.end + 2:min(len(doc), m.end + 10)]:
            if t.is_punct:
                break
            nxt = t.nbor(1).lower_ if t.i + 1 < len(doc) else ""
            if t.pos_ == "VERB" and (t.lemma_.lower() in verbs or f"{t.lemma_.lower()} {nxt}" in verbs):
                return True
        return False

    @staticmethod
    def _royal_heir(doc, m) -> bool:
        """A royal title below the throne in or just before the name ("Prince Charles", "Crown Prince X")."""
        heir = roles()["heir"]
        before = [t.lower_ for t in doc[max(0, m.start - 2):m.start]]
        inside = [t.lower_ for t in doc[m.start:min(m.end, m.start + 2)]]
        return any(w in heir for w in (*before[-1:], " ".join(before), *inside[:1], " ".join(inside)))

    def _body_chief(self, doc, m, office, body, cue_start) -> None:
        """The chief of an intergovernmental body or alliance, titled as such, holds a political office
        ("President of the European Central Bank"), though no state's, and leads that body (leader_of,
        as the project's annotation asks; DWIE's gold, which lists state leaders only, counts these as
        errors); the chief of any other body (a company, a news agency) is a person with no office."""
        r = roles()
        if organization_kinds().get(body.key, "") not in r["political_body_kinds"] or \
                office.lower() not in r["body_chief_titles"]:
            return
        m.type = "leader"
        m.office = f"{office} of the {body.name}"
        doc._.leaders.append((m, body, doc[min(cue_start, m.start)].sent))

    def _office_text(self, doc, start, end) -> str:
        """The office as written, with a word that makes it a lesser one ("Deputy President")."""
        while start > 0 and doc[start - 1].lower_ in roles()["lesser"]:
            start -= 1
        small = {"of", "the", "for", "and", "on", "in"}
        return "".join((t.lower_ if t.lower_ in small else t.text[:1].upper() + t.text[1:].lower()) + t.whitespace_
                       for t in doc[start:end]).strip()

    def _body_before(self, doc, o_start, by_end):
        """The organization named just before a title, past modifiers and a possessive ("ECB President",
        "the European Central Bank's outgoing president")."""
        k = o_start
        while k > 0 and (doc[k - 1].lower_ in self.lex.modifiers or doc[k - 1].text in ("-", "then-")):
            k -= 1
        if k > 0 and doc[k - 1].text in ("'s", "’s", "'"):
            k -= 1
        before = by_end.get(k)
        return before if before is not None and before.type == "organization" else None

    def _title_before(self, doc, m, offices, by_end, by_start=None):
        """[State|State's|the country's] [former] OFFICE[,] [of State] NAME [of State]."""
        end = m.start
        of_state = None
        # "Prime Minister of India Narendra Modi"
        if end in by_end and governed(by_end[end]) and by_end[end].start >= 1 \
                and doc[by_end[end].start - 1].lower_ == "of":
            of_state = by_end[end]
            end = of_state.start - 1
        if of_state is None and end in by_end and governed(by_end[end]) and by_end[end].start >= 1 \
                and doc[by_end[end].start - 1].lower_ == "for" and (by_end[end].start - 1) in offices:
            end = by_end[end].start - 1   # "US Special Representative for Iran Brian Hook": a portfolio, not the state
        comma = end not in offices and end >= 1 and doc[end - 1].text == "," and (end - 1) in offices
        if comma:
            end -= 1
        if end not in offices:
            return None
        o_start, kind = offices[end]
        body = None if of_state else self._body_before(doc, o_start, by_end)
        if kind == "not_leader" or (o_start > 0 and (doc[o_start - 1].lower_ in JUNIOR
                                                     or f"{doc[o_start - 1].lower_} {doc[o_start].lower_}" in JUNIOR)):
            # "Assistant Secretary of State", "Deputy Assistant Secretary": junior to the office they name
            return (self._office_text(doc, o_start, end), "not_leader", None, o_start, end, body)
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
            # "EU parliament president", "party leader"
            return (self._office_text(doc, o_start, end), "not_leader", None, o_start, end, body)
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
        if comma and state is None and k > 0 and doc[k - 1].lower_ == "the":
            # "the national security adviser, John Bolton": a title only one government here uses
            state = _national_title_state(doc[o_start:end].text, list(by_end.values()), m)
        if comma and state is None:
            return None
        if state is None and by_start is not None and m.end + 1 < len(doc) and doc[m.end].lower_ == "of" \
                and (m.end + 1) in by_start and by_start[m.end + 1].type == "state":
            state = by_start[m.end + 1]   # "Presidents Dilma Rousseff of Brazil"
        if word == "leader" and state is None:
            return None
        if kind in ("head_of_state", "head_of_government", "minister") and state is None:
            state = self._state_from_lexicon(m, doc, self._office_text(doc, o_start, end))
        return (self._office_text(doc, o_start, end), kind, state, min(o_start, state.start if state and
                                                                       state.start < o_start else o_start), m.end,
                None)

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

    def _known_elsewhere(self, doc, m) -> bool:
        """A person the lexicons know as a chief of an international body on the article's date, or as a
        leader of some state: an untitled "President X" is then not the president of the state the article is
        most about ("President von der Leyen" in a story about the United States)."""
        day = article_day(doc)
        name = doc[m.start:m.end].text
        chief = any(_chief_on(r, day) for form in (m.name, name) for r in _chief_rows().get(fold(form), ()))
        return chief or bool(self.lex.leader_rows(name, doc._.year))

    @staticmethod
    def _dominant_region(mentions, m):
        """The region with a government an article is about, when one clearly dominates: "state premier X"
        in a story about Bavaria."""
        regions = [x for x in mentions if x.type == "region" and x.country]
        counts = Counter(x.key for x in regions)
        if not counts:
            return None
        (key, n), total = counts.most_common(1)[0], sum(counts.values())
        return next(x for x in regions if x.key == key) if n >= 2 and n / total >= 0.5 else None

    @staticmethod
    def _region_before(doc, mentions, m, cue_start):
        """The one region with a government named earlier in the sentence: "in the state of Saxony,
        State Premier X"."""
        sent = doc[cue_start].sent
        regions = {x.key: x for x in mentions if x.type == "region" and x.country and sent.start <= x.start
                   and x.end <= cue_start}
        return next(iter(regions.values())) if len(regions) == 1 else None

    @staticmethod
    def _recent_state(by_end, before):
        ends = [e for e, x in by_end.items() if x.type == "state" and e <= before]
        return by_end[max(ends)] if ends else None

    def _apposition_after(self, doc, m, offices, by_start):
        """NAME, [the] [former] [State's|State|Body's|Body] OFFICE [of State|of Body]."""
        i = m.end
        if i < len(doc) and doc[i].text == ",":
            j = i + 1
            while j < len(doc) and doc[j].lower_ in {"the", "then", "a", "former", "who", "is", "was", "as"} | \
                    self.lex.modifiers:
                j += 1
            state = body = None
            if j in by_start and (governed(by_start[j]) or by_start[j].type == "organization"):
                if governed(by_start[j]):
                    state = by_start[j]
                else:
                    body = by_start[j]   # "Charles Michel, the European Council president"
                j = by_start[j].end
                if j < len(doc) and doc[j].text in ("'s", "’s", "'"):
                    j += 1
            for end in range(min(j + 6, len(doc)), j, -1):   # the longest office phrase at j
                if end in offices and offices[end][0] == j:
                    o_start, kind = offices[end]
                    office = self._office_text(doc, o_start, end)
                    if body is not None:
                        return (office, "not_leader", None, m.start, end, body)
                    nxt = by_start.get(end + 1) or by_start.get(end + 2)
                    if end + 1 < len(doc) and doc[end].lower_ in ("of", "at") and (
                            (nxt is not None and nxt.type == "organization") or doc[end + 1].is_lower
                            and doc[end + 1].lower_ != "the"):
                        # "president of the European Parliament"
                        return (office, "not_leader", None, m.start, end,
                                nxt if nxt is not None and nxt.type == "organization" else None)
                    if end + 1 < len(doc) and doc[end].lower_ == "and":
                        return (office, "not_leader", None, m.start, end, None)   # "president and chief executive of ..."
                    named = end + 2 if end + 2 < len(doc) and doc[end + 1].lower_ == "the" \
                        and not governed(by_start.get(end + 1)) else end + 1
                    if named < len(doc) and doc[end].lower_ in ("of", "at") and doc[named].pos_ == "PROPN" \
                            and doc[named].is_title and not governed(by_start.get(named)):
                        return (office, "not_leader", None, m.start, end, None)   # "President of the Intergroup"
                    if end + 1 < len(doc) and doc[end].lower_ == "of" and governed(by_start.get(named)):
                        after = by_start[named].end
                        if after < len(doc) and doc[after].text in ("'s", "’s", "'"):
                            return None   # "president of Rwanda's Green Party"
                        state = by_start[named]   # "foreign minister of Peru", "President of the United States"
                    if doc[o_start:end].text.lower() == "leader" and state is None:
                        return None
                    close = state.end if state is not None and state.start > end else end
                    if close < len(doc) and doc[close].tag_ in ("VBD", "VBZ", "VBP", "MD"):
                        return None   # "... contact with Zelensky, the President of Russia reaffirmed ...": the
                        # next clause's subject, not an apposition (which a comma or the sentence's end closes)
                    if end in by_start and by_start[end].type in ("person", "leader"):
                        return None   # "A, French Foreign Minister B": a list of titled people, not an apposition
                    if state is None and kind in ("head_of_state", "head_of_government", "minister"):
                        state = self._state_from_lexicon(m, doc, office)
                    return (office, kind, state, m.start, end, None)
        return None

    def _state_from_lexicon(self, m, doc, office: str):
        """The state of the lexicon office the person held on the article's date; else of the same office
        last held before it, or held later (the lexicon lags). A different office held earlier says nothing
        of whose this one is: "President von der Leyen" in 2022 is not Germany's, where she was minister."""
        rows = self.lex.leader_rows(m.name, doc._.year) or self.lex.leader_rows(doc[m.start:m.end].text, doc._.year)
        if not rows:
            return None
        row, status = lexicon_office(rows, article_day(doc))
        if row is None or status != "current":
            same = [r for r in rows if _same_office(self.lex, office, r["office"])
                    or office.lower() in r["office"].lower() or r["office"].lower() in office.lower()]
            row = same[-1] if same else None
        return state_mention(m.start, m.end, row["country"], "lexicon") if row else None


NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "PERSON")


@lru_cache(None)
def place_heads() -> frozenset:
    return frozenset(lexicons.load("name_parts.json").get("place_heads_after_possessive", ()))


def inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """A lexicon alias that is one word of a longer name names that, not the person: the NER's entity
    goes on past the alias ("Kennedy Airport"), or a possessive makes a place's name ("Hawke's Bay").
    A possessive that the NER merely spans ("Mao's Cultural Revolution") is still the person's."""
    if end >= len(doc):
        return False
    if doc[end].text in ("'s", "’s", "'"):
        nxt = doc[end + 1] if end + 1 < len(doc) else None
        return nxt is not None and nxt.is_title and nxt.lower_ in place_heads()
    return doc[end].ent_iob_ == "I" and doc[end].ent_type_ not in NOT_NAMES


def resolve_people(doc: Doc, mentions: list[Mention], lex: Lexicon, year) -> None:
    """Give every person mention its canonical name and key: the longest name in the article that
    contains it, else the well-known leader it names, else itself."""
    people = [m for m in mentions if m.type in ("person", "leader")]
    full: dict[str, list[int]] = {}   # each full name in the article -> where it is named
    for m in people:
        if m.source == "leaderlex":
            rows = lex.leader_rows(doc[m.start:m.end].text, year)
            if rows:
                full.setdefault(rows[-1]["name"], []).append(m.start)
        elif len(m.name.split()) > 1:
            full.setdefault(m.name, []).append(m.start)
    for m in people:
        text = clean_name(doc[m.start:m.end].text)
        name = m.name
        if m.source != "leaderlex":
            tokens = text.split()
            candidates = [f for f in full if f != text and _contains_name(f, tokens)
                          and not _other_generation(f, tokens)]
            if candidates:
                name = _likeliest(candidates, full, m.start)
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
    stated = doc.user_data.get(ROLES, {})
    # a role the text states holds for the person throughout the article, unless it also gives them a
    # current title ("South African President Thabo Mbeki" ... "Mbeki, the former deputy president")
    titled = {m.key for m in people if m.type == "leader" and m.start not in stated}
    role_of: dict[str, str] = {}
    former_offices: dict[str, set] = {}
    for m in people:
        if m.key not in titled:
            role_of[m.key] = stronger(role_of.get(m.key), stated.get(m.start))
        if m.start in doc.user_data.get(FORMER, {}):
            former_offices.setdefault(m.key, set()).add(doc.user_data[FORMER][m.start])
    day = article_day(doc)
    for m in people:
        rows = lex.leader_rows(m.name, year)
        if rows:
            _office_from_lexicon(m, rows, role_of.get(m.key), day, lex, former_offices.get(m.key, ()))


def _office_from_lexicon(m: Mention, rows: list[dict], role: str | None, day, lex: Lexicon, former=()) -> None:
    """What the lexicon adds to a person the text names: the office held on the article's date, else
    the office last held (as former); never against the role the text states. A former office the
    text names ("then-vice president X") leaves another office the lexicon knows them to hold."""
    if role == "other_body":
        return   # "ECB President Mario Draghi": the text says what he leads
    if role == "heir":
        rows = [r for r in rows if r["office"].lower() not in roles()["monarch"]]   # "Prince Charles"
    if role == "candidate":
        rows = [r for r in rows if day is not None and terms.surely_held_on(r, day)]
    if role == "former":   # a former office the text names leaves the others; "the late X" leaves none
        row, status = lexicon_office([r for r in rows if former and not any(_same_office(lex, f, r["office"])
                                                                            for f in former)], day)
        if status != "current":
            row, status = lexicon_office(rows, day, past=True)
    else:
        row, status = lexicon_office(rows, day)
    if row is None:
        return
    if m.type == "leader" and m.country:
        # a title the text states: still held on the article's date, or an office that has ended
        # ("President Obama" in a 2019 article); a different office keeps the text's reading
        if status == "former" and day is not None and row["country"] == m.country \
                and _same_office(lex, m.office, row["office"]):
            m.type, m.office = "person", f"Former {m.office}"
        return
    if m.type == "leader" and m.office and not m.office.startswith("Former ") and status != "current" \
            and not _same_office(lex, m.office, row["office"]):
        return   # "President von der Leyen" in 2022: not the minister she was in Germany; whose, unsaid
    m.aliases.update(row.get("aliases", []))
    m.source = m.source if m.source != "ner" else "ner+lexicon"
    if status == "current":   # held on the day, whatever former office the text also names
        m.type, m.office, m.country = "leader", row["office"] if m.office.startswith("Former ") else m.office \
            or row["office"], row["country"]
    else:
        m.type = "person"
        m.office = m.office or f"Former {row['office']}"
        m.country = m.country or row["country"]


def _same_office(lex: Lexicon, stated: str, held: str) -> bool:
    """Two names of one office: equal, or both a head of state or government ("Premier", "President")."""
    a, b = stated.lower(), held.lower()
    kind_a, kind_b = lex.office_kind.get(a), lex.office_kind.get(b)
    return a == b or (kind_a in HEADS and kind_b in HEADS)


OFFICE_RANK = ("president", "king", "queen", "emperor", "emir", "sultan", "supreme leader", "prime minister",
               "chancellor", "premier")


def _ranked(rows):
    """Heads of state first, then the most recent term."""
    return min(rows, key=lambda r: (OFFICE_RANK.index(r["office"].lower()) if r["office"].lower() in OFFICE_RANK
                                    else len(OFFICE_RANK), -terms.year(r.get("start"), 0)))


def lexicon_office(rows: list[dict], day, past: bool = False) -> tuple[dict | None, str]:
    """(row, "current") for the office held on the article's day; else (row, "former") for the office
    last held before it; else (None, "") when the lexicon knows only later terms. Without a date,
    the latest office counts as current (the article may be today's)."""
    if not rows:
        return None, ""
    if day is None:
        latest = max(terms.last_day(r) for r in rows)
        return _ranked([r for r in rows if terms.last_day(r) == latest]), "former" if past else "current"
    inside = [] if past else [r for r in rows if terms.held_on(r, day)]
    if inside:
        return _ranked(inside), "current"
    before = [r for r in rows if terms.ended_before(r, day)]
    if before:
        last = max(terms.last_day(r) for r in before)
        return _ranked([r for r in before if terms.last_day(r) == last]), "former"
    return None, ""


GENERATIONS = {"jr", "sr", "ii", "iii", "iv"}


def _other_generation(full: str, tokens: list[str]) -> bool:
    """'Michael Flynn Jr.' is not the 'Michael Flynn' the text also names: his son."""
    def generation(word: str) -> bool:
        return fold(word).lower().strip(".,") in GENERATIONS
    return len(tokens) > 1 and any(map(generation, full.split())) and not any(map(generation, tokens))


def _likeliest(candidates: list[str], full: dict[str, list[int]], at: int) -> str:
    """Of the full names a short one may stand for ('Kim': Kim Jong Un or Kim Kye Gwan), the one the article
    names most often in full, then the one named last before it, else the first named after it; among forms of
    one name, the longest."""
    def key(f):
        before = [i for i in full[f] if i < at]
        nearness = (1, max(before)) if before else (0, -min(full[f]))
        return len(full[f]), *nearness, len(f)
    return max(candidates, key=key)


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
    orth = doc.to_array(ORTH) if forms else []    # only the words that are a known surname: no Token for the rest
    wanted = {doc.vocab.strings[f] for f in forms}
    for i in (i for i in range(len(orth)) if int(orth[i]) in wanted):
        tok = doc[i]
        lone_org = tok.ent_type_ == "ORG" and tok.ent_iob_ == "B" and (i + 1 == len(doc) or doc[i + 1].ent_iob_ != "I")
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        # "May's White House trip", "May has said": a surname that is also a month, acting as one
        acting = tok.ent_type_ == "DATE" and nxt is not None and not nxt.like_num and (
            nxt.text in ("'s", "’s") or nxt.tag_ in ("VBZ", "VBD", "MD") or tok.dep_ in ("nsubj", "poss"))
        if i in taken or tok.text not in forms or tok.pos_ not in ("PROPN", "NOUN", "X", "AUX", "VERB") or (
                tok.ent_type_ in ("DATE", "GPE", "ORG", "NORP") and not lone_org and not acting) or (
                tok.pos_ in ("AUX", "VERB") and not (tok.tag_ == "NNP" or tok.is_sent_start and nxt is not None
                                                     and nxt.tag_ == "VBZ")):
            continue   # (a surname the NER alone called an organization, as in a headline, is the person)
        src = forms[tok.text]
        out.append(Mention(i, i + 1, src.type, src.key, src.name, src.country, src.office, {tok.text},
                           source="surname"))
    return out


def drop_unsupported_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A one-word 'person' the NER guessed, with no full name, title or lexicon entry behind it and
    named only once, is more often a place or a product than a person; a name that is one word of a
    longer name ("Hawke's Bay") is that name's."""
    short_body_names(mentions)
    counts = Counter(m.key for m in mentions)
    return [m for m in mentions if not (m.type == "person" and m.source == "ner" and len(m.name.split()) == 1
                                        and counts[m.key] < 2)
            and not (m.type in ("person", "leader") and inside_longer_name(doc, m.start, m.end))]


def short_body_names(mentions: list[Mention]) -> None:
    """A one-word 'person' the NER guessed that is the first word of an organization the article named
    before ("Mahan Air ... Mahan had contributed") is that organization, unless a person of the article
    bears the word in a longer name."""
    people_words = {w for m in mentions if m.type in ("person", "leader") and len(m.name.split()) > 1
                    for w in m.name.split()}
    firsts: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda x: x.start):
        if m.type == "organization" and len(m.name.split()) > 1:
            firsts.setdefault(m.name.split()[0], m)
        elif m.type == "person" and m.source == "ner" and " " not in m.name and not m.office:
            body = firsts.get(m.name)
            if body is not None and body.start < m.start and m.name not in people_words:
                m.type, m.key, m.name, m.country = body.type, body.key, body.name, body.country


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
    article, backed by the sentence of the first mention. Someone found to be a former holder leads
    nothing, whatever a title said."""
    doc._.leaders = [(m, state, sent) for m, state, sent in doc._.leaders if m.type == "leader"]
    stated = {m.key for m, _state, _sent in doc._.leaders}
    named = {m.country for m in mentions if m.type == "state"}
    for m in mentions:
        if m.type == "leader" and m.country in named and m.key not in stated:
            stated.add(m.key)
            doc._.leaders.append((m, state_mention(m.start, m.end, m.country, "lexicon"), doc[m.start].sent))
    body_chiefs(doc, mentions, stated)


@lru_cache(None)
def _chief_rows() -> dict[str, list[dict]]:
    """Folded full name (or a multi-word alias) -> the terms its holder served as chief of an international
    body (lexicons/body_chiefs.jsonl). A one-word alias is not looked up: a surname alone names too many."""
    out: dict[str, list[dict]] = {}
    for row in lexicons.load("body_chiefs.jsonl"):
        for form in dict.fromkeys([row["name"], *row.get("aliases", ())]):
            if " " in form.strip() or form == row["name"]:
                out.setdefault(fold(form), []).append(row)
    return out


def _chief_on(row: dict, day) -> bool:
    """A body chief's term covers the article's day; an undated article counts only terms not ended."""
    return terms.held_on(row, day) if day is not None else not row.get("end")


def body_chiefs(doc: Doc, mentions: list[Mention], stated: set) -> None:
    """The chief of an international body the article names leads it on the article's date ("President
    von der Leyen" and, elsewhere, "the European Commission"), as a state's leader leads the state the
    article names. Not when the text gives them a state's office or says the office was former; an
    undated article counts only terms that have not ended."""
    day = article_day(doc)
    bodies = {m.key: m for m in mentions if m.type == "organization"}
    former = doc.user_data.get(FORMER, {})
    for m in mentions:
        if m.type not in ("leader", "person") or m.key in stated or (m.type == "leader" and m.country) \
                or m.start in former:
            continue
        for row in _chief_rows().get(fold(m.name), ()):
            key = f"org:{slug(row['body'])}"
            if key in bodies and _chief_on(row, day):
                stated.add(m.key)
                for x in [x for x in mentions if x.key == m.key and x.start not in former]:
                    stated_office = x.office and not x.office.startswith("Former ")   # not the lexicon's past one
                    x.type, x.office = "leader", x.office if stated_office else f"{row['office']} of the {row['body']}"
                    if not stated_office:
                        x.country = ""   # the state of an office held before is not the one led now
                doc._.leaders.append((m, bodies[key], doc[m.start].sent))
                break


def _titles_between(doc: Doc, start: int, end: int, offices: dict) -> bool:
    """Whether only titles, their modifiers and 'and' stand between a state and the title before a name:
    "Cambodian [Deputy Prime Minister and] Foreign Minister X" is Cambodia's, whichever title is read."""
    covered = {i for e, (s, _k) in offices.items() for i in range(s, e)}
    return end - start <= 8 and all(i in covered or doc[i].lower_ in ("and", "&", "/") or doc[i].is_title
                                    and doc[i].lower_ in ("deputy", "vice", "first", "acting", "senior")
                                    for i in range(start, end))


def _national_title_state(office: str, mentions, m):
    """The state of a title only one government uses ('Treasury Secretary'), when the article names
    exactly one of the states that use it (lexicons/national_titles.json)."""
    words = office.lower().split()
    while words and words[0] in ("the", "u.s.", "us", "american", "british", "uk"):
        words = words[1:]
    users = lexicons.national_titles().get(" ".join(words))
    if not users:
        return None
    named = {x.country for x in mentions if x.type in ("state", "leader") and x.country in users}
    return state_mention(m.start, m.end, named.pop(), "title") if len(named) == 1 else None


DELEGATIONS = {"delegation", "team", "side", "mission", "contingent"}


def _delegation_state(doc: Doc, m, mentions):
    """The state whose delegation a titled official leads: "The UK delegation was led by Deputy National
    Security Advisor X", "the U.S. team, headed by Coordinator X", "X led the Japanese delegation"."""
    tok = doc[m.end - 1]
    group = None
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head.lemma_.lower() in ("lead", "head"):
        verb = tok.head.head
        group = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if group is None and verb.dep_ == "acl":
            group = verb.head
    elif tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ("lead", "head"):
        group = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
    if group is None or group.lemma_.lower() not in DELEGATIONS:
        return None
    by_tok = {i: x for x in mentions if x.type == "state" for i in range(x.start, x.end)}
    owners = {by_tok[c.i].country: by_tok[c.i] for c in group.children
              if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i in by_tok}
    return next(iter(owners.values())) if len(owners) == 1 else None
