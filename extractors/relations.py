"""The `entente_relations` spaCy component: typed relations read from event frames, one sentence at a time.

A trigger word is one sense of a frame (lexicons/frames.json, read by frames.py): the frame names
the relation, the participants (agent, partner, theme, ...), where each sits in the dependency parse
and which entity types it accepts. A trigger whose roles are not filled by fitting entities yields
nothing specific, so "compete more effectively" or "fight the pandemic" make no edge.

A coordination ("A, B and C") fills one role many times; it relates its members to each other only
when the frame is reciprocal and the list is its subject ("A and B met") or follows "between".
Every relation carries the assertion of its evidence (assertion.py): asserted, negated,
hypothetical or denied. What no frame explains but shares a sentence becomes `related_to`.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import lexicons
from .assertion import ASSERTED, HYPOTHETICAL, NEGATED, assertion, markers
from .frames import (Frame, Sense, fillers, gerund_doer, governor_of, holding_clause, largest_reciprocal_group,
                     light_verb, name_senses, senses, slot_tokens, subjects)
from .conflicts import ConflictNames
from .countries import institution_state, surface_forms
from .leaders import article_day
from .mentions import Mention, doc_text, sentence_text, state_mention
from .speakers import FIRST_PLURAL, is_joint_title, is_transcript, publisher_state

MAX_RELATED = 8
RECIPROCAL_SLOTS = ("prep:between", "prep:among")
ENVOYS = {"officials", "representatives", "delegation", "delegations", "diplomats", "envoys", "negotiators"}
PRONOUNS = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
            "it": "body", "its": "body", "they": "any", "them": "any", "their": "any"}


@Language.factory("entente_relations")
def make_relations(nlp: Language, name: str):
    for ext in ("url", "speakers"):
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)
    return RelationComponent(ConflictNames(nlp))


@lru_cache(None)
def stand_ins() -> frozenset:
    return frozenset(lexicons.load("frames.json").get("stand_ins", ()))


@lru_cache(None)
def trade_stand_ins() -> frozenset:
    return frozenset(lexicons.load("frames.json").get("trade_stand_ins", ()))


@lru_cache(None)
def titles() -> frozenset:
    """Head words of offices ('minister', 'president'), from the offices lexicon."""
    words = set()
    for values in lexicons.offices().values():
        for v in values if isinstance(values, list) else []:
            if isinstance(v, str) and v.strip():
                words.add(v.split()[-1].lower())
    return frozenset(words)


class RelationComponent:
    def __init__(self, conflicts: ConflictNames):
        self.conflicts = conflicts

    def __call__(self, doc: Doc) -> Doc:
        rels: list[dict] = []
        for m, state, sent in doc._.leaders or []:
            _add(rels, m.key, state.key, "leader_of", sent)
        tok_of: dict[int, Mention] = {}
        for m in (doc._.mentions or []) + (doc._.groups or []):
            for i in range(m.start, m.end):
                tok_of.setdefault(i, m)
        by_sent: dict[int, list[Mention]] = {}
        for m in (doc._.mentions or []) + (doc._.groups or []):
            by_sent.setdefault(doc[m.start].sent.start, []).append(m)
        for sent in doc.sents:   # "JERUSALEM, Israel – US Secretary ...": a dateline names no participant
            end = dateline_end(sent)
            if end is not None:
                for i in range(sent.start, end):
                    tok_of.pop(i, None)
                by_sent[sent.start] = [m for m in by_sent.get(sent.start, []) if m.start >= end]
        reader = Reader(doc, tok_of)
        for sent in doc.sents:
            ms = by_sent.get(sent.start, [])
            before = len(rels)
            if ms:
                for tok in sent:
                    held = tok_of.get(tok.i)
                    if held is not None and not (held.type == "technology" and tok.i == held.end - 1):
                        # a word inside a name ("Partnership for ...") triggers nothing; the last word of a
                        # traded good's alias does ("gas supplies", "oil exports"), and an agreement's name
                        # may say what its parties were doing ("a cease-fire agreement": they were fighting)
                        if held.type == "agreement" and tok.i == held.end - 1:
                            for sense in name_senses(doc[held.start:held.end]):
                                reader.read(tok, sense, sent, rels)
                            reader.parties_between(held, tok, sent, rels)
                        continue
                    for sense in senses(tok):
                        reader.read(tok, sense, sent, rels)
                specific = {frozenset((r["source"], r["target"])) for r in rels[before:]}
                named = {m.key for m in ms}
                related(rels, sent, ms + [m for m in reader.we_in(sent) if m.key not in named], specific)
            reader.remember(sent)
        reader.sign_the_statement(rels)
        reader.joint_appearance(rels)
        mentioned = {m.key for m in doc._.mentions or []}
        for a, b, name in self.conflicts(doc, article_day(doc), mentioned):
            _add(rels, a, b, "conflict_with", name.sent, name)   # "the special military operation"
        doc._.relations = rels
        doc._.speakers = reader._speakers or []
        return doc


NOT_SITTING = frozenset({"former", "late", "then", "ex", "previous", "next", "future", "new", "incoming", "outgoing",
                         "acting", "interim", "deputy", "vice"})


class Reader:
    """Fills the roles of one trigger's frame with the entities of its sentence and makes the edges."""

    def __init__(self, doc: Doc, tok_of: dict[int, Mention]):
        self.doc = doc
        self.tok_of = tok_of
        self.last_subjects: list[Mention] = []
        self._speakers: list[Mention] | None = None
        self._leaders: list[Mention] | None = None     # the article's titled leaders, for bare titles

    # ---- who "we" are ---------------------------------------------------------------------------
    def speakers(self) -> list[Mention]:
        if self._speakers is None:
            self._speakers = self._find_speakers()
        return self._speakers

    def _find_speakers(self) -> list[Mention]:
        doc = self.doc
        for tok in doc:
            if tok.lower_ == "we":
                # "We, the foreign ministers of A, B and C, ...": everyone the apposition names
                found = [m for a in tok.children if a.dep_ == "appos" and a.left_edge.i <= tok.i + 2
                         for t in a.subtree   # "We, the ministers of A and B", right after the pronoun
                         if (m := self.tok_of.get(t.i)) is not None and m.type in ("state", "organization")]
                if found:
                    return list({m.key: m for m in found}.values())
        turns = self._turn_speakers()
        if len(turns) >= 2:
            # a transcript of two leaders' statements after their talks ("President of Russia Vladimir
            # Putin: ... we adopted the Concept"): "we" are both sides; with more speakers, unclear
            # (their states: "we" in a leader's statement is the country speaking)
            if len(turns) == 2 and len({m.country for m in turns}) == 2:
                return [state_mention(m.start, m.end, m.country, "speaker") for m in turns]
            return []
        title = next(doc.sents, None)
        if title is not None and is_joint_title(title.text):
            found = [m for i in range(title.start, title.end) if (m := self.tok_of.get(i)) is not None
                     and m.type in ("state", "leader", "organization") and not m.group]
            # states named inside the statement's own name ("Joint Statement on U.S.-UK Consultations")
            # but not the state a statement is about ("Joint Statement on Syria")
            found += [state_mention(t.i, t.i + 1, form[0], "title") for t in title
                      if (form := surface_forms().get(t.text)) and form[1] in ("name", "demonym")
                      and (t.i not in self.tok_of or self.tok_of[t.i].type == "agreement") and not _topic(t)]
            if found:
                return list({m.key: m for m in found}.values())
        iso = publisher_state(doc._.url)
        return [state_mention(0, 0, iso, "publisher")] if iso and not _transcript(doc) else []

    def we_in(self, sent: Span) -> list[Mention]:
        """Who "we" are when "we" is a sentence's subject: the speakers, and the states their leaders speak for."""
        if not any(t.lower_ == "we" and t.dep_ in ("nsubj", "nsubjpass") for t in sent):
            return []
        we = self.speakers()
        return we + [state_mention(m.start, m.end, m.country, "speaker") for m in we
                     if m.type == "leader" and m.country]

    def _turn_speakers(self) -> list[Mention]:
        """The leaders whose turns a transcript labels, each once: a leader's name, maybe after a title,
        that ends in a colon where a turn starts ('... questions. President of Russia Vladimir Putin: Mr
        President, ...')."""
        doc, out = self.doc, {}
        for m in self.doc._.mentions or []:
            if m.type != "leader" or not m.country or m.end >= len(doc) or doc[m.end].text != ":":
                continue
            k = m.start
            while k > 0 and not _turn_break(doc[k - 1]) and (doc[k - 1].is_title or doc[k - 1].lower_ in ("of", "the")):
                k -= 1
            if k == 0 or _turn_break(doc[k - 1]):
                out.setdefault(m.key, m)
        return list(out.values())

    def joint_appearance(self, rels: list[dict]) -> None:
        """A transcript whose title only names the officials who speak in it ("Secretary X and Foreign
        Minister Y", no verb) records them together: they met. Two to four people, of different states."""
        title = next(self.doc.sents, None)
        if title is None or not _transcript(self.doc) or any(t.pos_ == "VERB" for t in title):
            return
        people = list({m.key: m for i in range(title.start, title.end)
                       if (m := self.tok_of.get(i)) is not None and m.type in ("leader", "person")}.values())
        if not 2 <= len(people) <= largest_reciprocal_group() or not any(t.lower_ in ("and", "with") for t in title):
            return
        country = {m.key: m.country for m in self.doc._.mentions or [] if m.country}   # as said anywhere
        for a, b in combinations(people, 2):
            if country.get(a.key) and country.get(b.key) and country[a.key] != country[b.key]:
                _add(rels, a.key, b.key, "met_with", title)

    def sign_the_statement(self, rels: list[dict]) -> None:
        """An article that is itself a statement (its title is an agreement's name) is signed by its
        speakers; the title is the evidence."""
        title = next(self.doc.sents, None)
        if title is None or not self.speakers():
            return
        named = [m for m in (self.doc._.mentions or []) if m.type == "agreement"
                 and title.start <= m.start and m.end <= title.end
                 and ((m.end - m.start) >= 0.6 * len(title) or m.start == _first_word(title))]
        bodies = {m.key: b.key for m, b, _sent in self.doc._.leaders or [] if b.type == "organization"}
        for agreement in named[:1]:
            for key, typ, country in expand(self.speakers()):
                if typ == "leader" and country:
                    key = f"state:{country}"
                elif typ == "leader" and key in bodies:
                    key = bodies[key]   # the President of the European Commission signs for the Commission
                _add(rels, key, agreement.key, "signed", title)

    # ---- entities of a token ------------------------------------------------------------------
    def entities(self, tok: Token, depth: int = 0) -> list[Mention]:
        """The entities a role's head token stands for: the mention it is part of; a pronoun's
        antecedent; or, for a noun that names none ('Ukrainian forces', 'the government of Iran'),
        the entities that modify it."""
        m = self.tok_of.get(tok.i)
        if m is not None:
            if m.type == "region":   # "Ukraine's Crimea", "Saudi Arabia's oil fields in the Eastern Province"
                return [m] + [x for c in tok.children if c.dep_ == "poss"
                              for x in self.entities(c, depth + 1) if x.type == "state"] + _part_of_state(m)
            return [m]
        if tok.pos_ == "PRON" or tok.lower_ in PRONOUNS:
            return self.antecedents(tok)
        if depth > 1 or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return []
        titled = tok.lemma_.lower() in titles() or tok.lower_ in titles()
        if titled:
            # "with Prime Minister of the United Kingdom Boris Johnson": the title's person, whatever
            # the parse made of the words between
            people = [m for t in tok.subtree if (m := self.tok_of.get(t.i)) is not None
                      and m.type in ("leader", "person") and m.end <= tok.right_edge.i + 1
                      and m.start > tok.i]   # not "a Putin aide", "Putin's spokesman": another person's title
            if people:
                return people[:1]
        out: list[Mention] = []
        stand_in = tok.lemma_.lower() in stand_ins() or tok.lower_ in stand_ins()
        named = [m for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1
                 and (m := self.tok_of.get(c.i)) is not None and m.type == "technology"]
        if named and stand_in:
            return named   # "a U.S. MLRS systems": the systems are the MLRS, not the US's stand-in
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i and stand_in:
                # "Ukrainian forces", "US troops", not "EU accession process"; "Russian and Ukrainian delegates"
                out += [m for d in [c, *c.conjuncts] if d.i < tok.i for m in self.entities(d, depth + 1)]
            elif c.dep_ == "compound" and tok.pos_ == "PROPN" and c.i < tok.i:
                # a name the mention covers only in part ("Moussa Faki Mahamat"): the person it names
                out += [m for m in self.entities(c, depth + 1) if m.type in ("leader", "person")]
            elif c.dep_ == "poss" and (stand_in or titled):
                owners = self.entities(c, depth + 1)      # "Ukraine's government", not "Trump's predecessor"
                if titled:   # "his foreign minister": a minister of his state, not the man himself
                    owners = [m if m.type not in ("leader", "person") or not m.country
                              else state_mention(m.start, m.end, m.country, "leader") for m in owners]
                out += owners
            elif c.dep_ == "prep" and (c.lower_ == "of" and (stand_in or tok.lemma_.lower() in titles())
                                       or c.lower_ == "from" and (tok.lower_ in trade_stand_ins()
                                                                  or tok.lower_ in ENVOYS)):
                for g in c.children:
                    if g.dep_ == "pobj":
                        for f in [g, *g.conjuncts]:
                            out += self.entities(f, depth + 1)
        if titled and depth == 0:
            out = self.holder(tok, out) + out
        return out

    def holder(self, title: Token, found: list[Mention]) -> list[Mention]:
        """The person a bare title names ("The President of Russia held talks with ...", "the Russian
        President said"): the one leader of the article who holds that office for that state, when the
        title is singular, of one state, and not of a former or future holder."""
        states = {m.country for m in found if m.type == "state"}
        if len(states) > 1 or len(found) != len(states) or title.tag_ in ("NNS", "NNPS") \
                or any(c.lower_ in NOT_SITTING for c in title.children):
            return []
        words = {c.lower_ for c in title.children if c.dep_ == "compound" and c.i < title.i} | {title.lower_}
        if self._leaders is None:
            self._leaders = list({m.key: m for m in self.tok_of.values() if m.type == "leader" and m.office}.values())
        holders = {m.key: m for m in self._leaders
                   if (not states or m.country in states) and words <= set(m.office.lower().split())}
        # "The President and Prime Minister reviewed ...": with no state named, the one such holder the
        # article names
        return list(holders.values()) if len(holders) == 1 else []

    def antecedents(self, pron: Token) -> list[Mention]:
        """he/his, it/its, they/their: the subject of this sentence's main clause when it comes before
        the pronoun, else the previous sentence's."""
        if pron.lower_ in FIRST_PLURAL:
            return self.speakers()
        owner = pron.head
        if pron.dep_ == "poss" and owner.dep_ == "pobj" and owner.head.lower_ == "for":
            # "sanctions on Russia for its attack", "blamed Iran for its role": the one blamed
            blamed = [m for t in gerund_doer(owner.head) for f in fillers(t)
                      for m in (self._plain(f) or (self.antecedents(f) if f.pos_ == "PRON" and f.i < pron.i
                                                   and f.lower_ not in FIRST_PLURAL else []))]
            if blamed:
                return blamed
        kind = PRONOUNS.get(pron.lower_)
        if kind is None:
            return []
        if pron.dep_ == "poss" and owner.dep_ == "conj" and kind == "body":
            # "lauded Canada's partnership with the US throughout this crisis and its leadership in enacting
            # sanctions": in a coordination, the last possessor before it (the parse often misplaces
            # which noun the second one is coordinated with)
            before = [m for t in pron.sent if t.i < pron.i and t.dep_ == "poss" and t.pos_ != "PRON"
                      for m in self._plain(t) if m.type in ("state", "organization")]
            if before:
                return before[-1:]
        cands = []
        # "Abe struck a tough tone as Trump visited him": an object pronoun is not its own clause's subject
        own_clause = _clause_of(pron) if pron.dep_ in ("dobj", "dative", "pobj") else None
        own = {t.i for t in subjects(own_clause)} if own_clause is not None else set()
        for verb in pron.ancestors:      # the nearest governing clause's subject: "..., and announced they would"
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            fronted = pron.i < verb.i and any(c.dep_ == "prep" and c.i < verb.i and pron in c.subtree
                                              for c in verb.children)   # "During his visit, Obama spoke"
            subj = subjects(verb)
            if verb.dep_ == "relcl" and any(t.tag_ in ("WP", "WDT") for t in subj):
                subj = [verb.head]   # "Putin, who caught Obama flat-footed with his actions": Putin's
            cands = [m for t in subj if (t.i < pron.i or fronted) and t.pos_ != "PRON" and t.i not in own
                     for f in fillers(t) for m in self._plain(f)]
            if cands:
                break
            if kind == "body" and any(t.i < pron.i and t.pos_ == "NOUN" and t.tag_ == "NN" and t.i not in own
                                      and t.lower_ not in stand_ins() and t.lemma_.lower() not in titles()
                                      for t in subj):
                return []   # "the sport community to show its solidarity": its own, no state's
        if own and not cands and kind == "person":
            # "Putin called Macron and thanked him": the last other person named before it in the sentence
            mine = {m.key for i in own for f in fillers(pron.doc[i]) for m in self._plain(f)}
            cands = [m for t in pron.sent if t.i < pron.i and (m := self.tok_of.get(t.i)) is not None
                     and m.type in ("leader", "person") and m.key not in mine][-1:]
        if not cands and kind == "body":
            # "measures imposed on Russia to hold it accountable": with no subject to go by, the last state
            # or body named before it in the sentence
            cands = [m for t in pron.sent if t.i < pron.i and (m := self.tok_of.get(t.i)) is not None
                     and m.type in ("state", "organization") and not m.group][-1:]
        if not cands and kind == "any" and len({m.key for m in self.last_subjects}) == 1 \
                and self.last_subjects[0].type in ("leader", "person"):
            return []   # "they", "their" are not the one person the last sentence was about: "Tillerson spoke.
            # 'Hopefully they will get the message that continuing their nuclear arms program ...'"
        cands = cands or self.last_subjects
        if kind == "person":
            cands = [m for m in cands if m.type in ("leader", "person")][:1]
        elif kind == "body":
            cands = [m for m in cands if m.type in ("state", "organization")][:1]
        return cands

    def _plain(self, tok: Token) -> list[Mention]:
        m = self.tok_of.get(tok.i)
        if m is not None:
            return [m]
        return [x for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i
                for d in [c, *c.conjuncts] if d.i < tok.i for x in self._plain(d)]   # "U.S. and UK officials"

    def remember(self, sent: Span) -> None:
        # the entities the subject stands for: "U.S. and UK officials", "Officials from both governments"
        subj = [m for t in subjects(sent.root) for f in fillers(t)
                for m in (self._plain(f) or (self.entities(f) if f.pos_ != "PRON" else []))]
        met = next((s for s in senses(sent.root) if s.frame.reciprocal and s.pos == "verb"), None) if subj else None
        if met is not None:     # "X spoke with Y ... They stressed ...": the two who met
            subj += [m for t in slot_tokens(sent.root, met, "prep:with")
                     for f in fillers(t) for m in (self._plain(f) or self.entities(f)) if m not in subj]
        if subj:
            self.last_subjects = subj

    # ---- one trigger ----------------------------------------------------------------------------
    def read(self, tok: Token, sense: Sense, sent: Span, rels: list[dict]) -> None:
        frame = sense.frame
        roles: dict[str, list[tuple[str, str, str]]] = {}
        between: list[tuple[str, str, str]] = []
        said: set[str] = set()        # roles the sentence fills, with entities or not
        members: dict[tuple, list] = {}  # (role, slot) -> its coordinated fillers, without examples listed
        named: set[str] = set()        # roles with any word in their slots
        one_party: set[frozenset] = set()  # pairs of keys that stand for one filler (a body and its state)
        own_words: dict[str, set] = {}     # role -> fillers reached through a pronoun
        for role, slots in frame.roles.items():
            found: list[tuple[str, str, str]] = []
            for slot in slots:
                if (frame.object_first and sense.pos == "verb" and slot.startswith("prep:") and "obj" in slots
                        and slot_tokens(tok, sense, "obj")):
                    continue   # "struck a note of optimism on Syria": the object is what was struck
                if self._said_instead(tok, sense, frame.unless_said.get(slot, ())):
                    continue   # "the air war in Iraq and Syria against the Islamic State": where, not whom
                for head in slot_tokens(tok, sense, slot):
                    if slot not in RECIPROCAL_SLOTS and (slot not in ("subj", "poss", "compound") or (
                            slot == "poss" and role == frame.edges[0][2] != frame.edges[0][0])):
                        said.add(role)      # ("the Iraqi government's allies": the partner is said)
                    named.add(role)
                    listed = set(fillers(head, examples=False))
                    for f in fillers(head):
                        if f.i == tok.i:
                            continue
                        ents = self.entities(f)
                        items = self.typed(ents, frame, role)
                        found += items
                        if f.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in f.children):
                            own_words.setdefault(role, set()).update(items)   # "their people", "its borders"
                        if len(ents) == 1 and not ents[0].group:
                            # "the Russian Armed Forces declared a ceasefire": the body and the state it
                            # acts for are one party, not two that meet or fight each other
                            one_party.update(frozenset((x[0], y[0])) for x, y in combinations(items, 2))
                        if f in listed:
                            members.setdefault((role, slot), []).extend(items)
                            if slot in RECIPROCAL_SLOTS:
                                between += items
            roles[role] = list(dict.fromkeys(found))
        if frame.object_people and not roles.get("partner"):
            return
        agent = frame.edges[0][0]
        if agent not in named:
            # an event whose doer is unsaid ("the joint statement issued afterward"): a group reference
            # of the sentence ("both sides said ...") stands for its doers; not for an event named in a
            # phrase of another ("the leaders ... manage disruptions caused by the war in X")
            roles[agent] = self.typed([m for m in self.groups_in(sent)], frame, agent) \
                if tok.dep_ != "pobj" else []
            if not roles[agent] and _heading_gerund(tok, sent):
                # "Implementing the Inter-American Action Plan:" heads a paragraph of a government's fact
                # sheet: the government that speaks does it
                roles[agent] = self.typed(self.speakers(), frame, agent)
        doers = {k for k, _t, _c in roles.get(agent, ())}
        for role, items in own_words.items():
            if role != agent and doers and {k for k, _t, _c in items} <= doers:
                # "the leaders ... to protect their people": each their own, not the other's
                roles[role] = [x for x in roles[role] if x not in items]
        theme_rel = self.theme_relation(tok, sense) if not roles.get("theme") else None
        # a demand is as true as the demanding ("urged X to stop" is a fact; the stopping is not)
        holder = holding_clause(tok, sense) if light_verb(tok) is None else None
        how = assertion(governor_of(tok, sense) if frame.governors else holder if holder is not None else tok,
                        frame.pledge, frame.lasting)
        if frame.presupposed:
            how = ASSERTED     # "rejected a truce with X" still says the two were fighting
        if frame.name == "visit":
            self._drop_home_visits(roles)
        if _unilateral(tok, sense, roles.get(agent, ()), "partner" in named, one_party):
            return    # "Hamas announced a cease-fire": its own act, no agreement signed with anyone
        for edge in frame.edges:
            ra, rel, rb = edge[:3]
            needed = edge[3] if len(edge) > 3 else None
            if needed and not roles.get(needed):
                if theme_rel is None:
                    continue
                rel = theme_rel
            for x in roles.get(ra, ()):
                for y in roles.get(rb, ()):
                    (a, ta, _), (b, tb, _) = x, y
                    if a != b and not _own(x, y) and (not frame.same_kind or _same_kind(ta, tb)):
                        _add(rels, a, b, rel, sent, tok, how)
        if frame.visit_at_place and " ".join(sense.words) not in frame.remote:
            self._visits_at(tok, sense, sent, roles, rels, how)
        if sense.reciprocal and not (frame.reciprocal_plural and tok.tag_ in ("NN", "NNP")):
            rel = frame.edges[0][1]
            groups = []
            if frame.edges[0][2] not in said:   # not "A and B fight terrorism"
                # "A and B met", not "partners including A, B"; each slot its own group: "A and B made a
                # breakthrough in the C-D dispute" sets A against B and C against D, not A against C
                for (role, _slot), items in members.items():
                    agents = list(dict.fromkeys(items))
                    if role == frame.edges[0][0] and len(agents) > 1:
                        groups.append(agents)
            if len(between) > 1:
                groups.append(between)           # "talks between A and B"
            for group in groups:
                if len({k for k, _t, _c in group}) > largest_reciprocal_group():
                    continue   # twenty delegations that met are one gathering, not 190 bilateral meetings
                for x, y in combinations(group, 2):
                    (a, ta, _), (b, tb, _) = x, y
                    if a != b and not _own(x, y) and (not frame.same_kind or _same_kind(ta, tb)) \
                            and frozenset((a, b)) not in one_party:
                        _add(rels, a, b, rel, sent, tok, how)

    def parties_between(self, agreement: Mention, head: Token, sent: Span, rels: list[dict]) -> None:
        """An agreement 'between' or 'among' states or bodies names its parties ("the trilateral agreements
        between Armenia, Azerbaijan and Russia"): a fact of the agreement, whatever the clause says of it,
        unless the noun itself is only potential, proposed or denied ("a possible deal between ...")."""
        objs = [f for c in head.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                for g in c.children if g.dep_ == "pobj" for f in fillers(g, examples=False)]
        if not objs:
            return
        negated, hypothetical = markers(head)
        how = NEGATED if negated else HYPOTHETICAL if hypothetical else ASSERTED
        for f in objs:
            for m in self.entities(f):
                if m.type in ("state", "organization") and not m.group:
                    _add(rels, m.key, agreement.key, "party_to", sent, head, how)

    def groups_in(self, sent: Span) -> list[Mention]:
        """The group references that are a subject or a possessor in the sentence ('both sides said', 'the
        two countries' statement'), not one named in passing ('relations with both countries')."""
        return list({id(m): m for i in range(sent.start, sent.end)
                     if (m := self.tok_of.get(i)) is not None and m.group
                     and self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass", "poss")}.values())

    def typed(self, ms: list[Mention], frame: Frame, role: str) -> list[tuple[str, str, str]]:
        """(key, type) of the mentions that fit a role; groups stand for their members, and a leader
        stands for their state in roles where states act."""
        accepted = frame.types.get(role, frozenset())
        if frame.named_only:
            ms = [m for m in ms if not m.group]
        bodies = {m.key: m for m in ms if m.type == "organization"}
        out = []
        for key, typ, country in expand(ms):
            if typ in accepted:
                out.append((key, typ, country))
            if role in frame.as_state and typ == "leader" and country and "state" in accepted:
                out.append((f"state:{country}", "state", country))   # the leader acts for the state too
            if role in frame.as_state and key in bodies and "state" in accepted \
                    and (iso := institution_state(bodies[key].name)):
                # a state's institution acts for it ("the Parliament of Iraq voted to expel ..."); a militia's
                # "Syrian Democratic Forces" is no institution of Syria
                out.append((f"state:{iso}", "state", iso))
        return list(dict.fromkeys(out))

    @staticmethod
    def theme_relation(tok: Token, sense: Sense) -> str | None:
        """A theme named by a word, not an entity: 'security assistance' (supplies), 'humanitarian aid'."""
        if not sense.frame.theme_words:
            return None
        heads = slot_tokens(tok, sense, "obj") if sense.pos == "verb" else [tok]
        heads += slot_tokens(tok, sense, "prep:with") + slot_tokens(tok, sense, "prep:of")
        words = {w.lower_ for h in heads for w in [h, *h.children] if w.dep_ in ("compound", "amod") or w is h}
        for rel, vocab in sense.frame.theme_words.items():
            if words & vocab:
                return rel
        return None

    def _visits_at(self, tok: Token, sense: Sense, sent: Span, roles: dict, rels: list, how: str) -> None:
        """A meeting at a state's seat or capital ('held talks with X at the Kremlin', 'met Y in Paris') is a
        visit to that state by the participants from elsewhere. The place is read where the meeting was
        held (the verb's 'in'/'at'), or, for a capital, in the noun's own phrase ('a meeting in Paris')."""
        verb = tok if sense.pos == "verb" else light_verb(tok)
        heads = [g for p in ("in", "at") for g in (slot_tokens(tok, sense, f"prep:{p}") if verb is not None else [])]
        if sense.pos == "noun" and (verb is not None or slot_tokens(tok, sense, "compound")
                                    or slot_tokens(tok, sense, "poss")):
            # the noun's own place, when its participants are its own ("the Russia-Iran meeting in Moscow"),
            # not "consulting with Israel on the negotiations in Vienna"
            heads += [g for p in ("in", "at") for c in tok.children if c.dep_ == "prep" and c.lower_ == p
                      for g in c.children if g.dep_ == "pobj"]
        # "held talks with Chancellor X in the Kremlin": the parse hangs the place on the person met, whom
        # it cannot modify
        people = [p for slot in sense.frame.roles.get("partner", ()) for t in slot_tokens(tok, sense, slot)
                  for p in [t, *(c for c in t.children if c.dep_ == "appos")]   # "President of Chile X"
                  if (m := self.tok_of.get(p.i)) is not None and m.type in ("leader", "person")]
        heads += [g for t in people for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                  for g in c.children if g.dep_ == "pobj" and (m := self.tok_of.get(g.i)) is not None
                  and m.source == "state-capital"]
        places = {m.country for h in heads for f in fillers(h, examples=False)
                  if (m := self.tok_of.get(f.i)) is not None and m.type == "state" and m.country
                  and (m.source == "state-capital" or verb is not None and h.head.head.i == verb.i)}
        if len(places) != 1:
            return
        place = next(iter(places))
        for key, typ, country in roles.get("agent", []) + roles.get("partner", []):
            if typ in ("leader", "state") and country and country != place:
                _add(rels, key, f"state:{place}", "visited", sent, tok, how)

    def _said_instead(self, tok: Token, sense: Sense, slots) -> bool:
        """Whether one of these slots names whom the event is against, so that a place slot is only where:
        anything but people ("against the Islamic State", "against rebels"); strikes "in Libya against Gadhafi"
        are against the state a leader rules, so a place stays."""
        said = [f for other in slots for h in slot_tokens(tok, sense, other) for f in fillers(h)]
        if slots and sense.pos == "noun":   # "in Peru and Bolivia against X": the parse may hang it on a place
            said += [f for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "against" and t.head.i != tok.i
                     for g in t.children if g.dep_ == "pobj" for f in fillers(g)]
        return bool(said) and not all((ms := self.entities(f)) and all(m.type in ("leader", "person") for m in ms)
                                      for f in said)

    @staticmethod
    def _drop_home_visits(roles) -> None:
        """One does not visit one's own state."""
        places = {k for k, _t, _c in roles.get("place", [])}
        roles["agent"] = [(k, t, c) for k, t, c in roles.get("agent", [])
                          if k not in places and f"state:{c}" not in places]


def _unilateral(tok: Token, sense: Sense, agents, partner_said: bool, one_party: set[frozenset]) -> bool:
    """A truce one party announces alone ('the army declared a ceasefire'): one of the frame's `unilateral` verbs
    over one of their objects ('a cease-fire', 'the Idlib truce'; not 'a deal on a ceasefire'), no partner said
    ('with opposition groups'), one subject, and the doers one party (a leader or a body and the state it acts
    for)."""
    objects = sense.frame.unilateral.get(tok.lemma_.lower()) if sense.pos == "verb" else None
    if not objects or partner_said:
        return False
    # the object's own word as written, its hyphenated parts together ("a cease-fire", "the Idlib truce")
    words = {tok.doc[h.left_edge.i:h.i + 1].text.split()[-1].lower()
             for h in tok.children if h.dep_ in ("dobj", "nsubjpass")}
    if not words & objects:
        return False
    subjects = [c for c in tok.children if c.dep_ == "nsubj" or (
        c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < tok.i)]   # "Erdogan, Putin announce ..." (a headline)
    if len(subjects) > 1 or any(t.dep_ == "cc" for c in subjects for t in c.subtree):
        return False   # two doers, whoever the parse could name ("The U.S. and European Union announced ...")
    party = {key: country or key for key, _t, country in agents}
    for pair in one_party:            # a body and the state it acts for are one party
        if len(pair) == 2 and pair <= party.keys():
            a, b = sorted(pair)
            party[a] = party[b] = min(party[a], party[b])
    return len(set(party.values())) <= 1


def _heading_gerund(tok: Token, sent: Span) -> bool:
    """A gerund that heads a heading without a subject ('Implementing the Action Plan:', 'Launching X')."""
    text = sent.text.strip()
    return tok.tag_ == "VBG" and tok.dep_ == "ROOT" and len(sent) <= 20 and tok.i == sent.start \
        and (text.endswith(":") or text[-1:] not in ".?!")


def _clause_of(tok: Token) -> Token | None:
    """The verb a token is an argument of, directly or through a preposition ('visited him', 'met with him')."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else None


DIRECTIONS = {"northern", "southern", "eastern", "western", "north", "south", "east", "west", "northeastern",
              "northwestern", "southeastern", "southwestern", "central"}


def _part_of_state(m: Mention) -> list[Mention]:
    """A region named as a part of a state ('Northern Syria', 'Eastern Ukraine') is in that state: troops
    moved into it moved into the state."""
    words = m.name.split()
    form = surface_forms().get(" ".join(words[1:])) if len(words) > 1 and words[0].lower() in DIRECTIONS else None
    return [state_mention(m.start, m.end, form[0], "region")] if form and form[1] == "name" else []


def _topic(tok: Token) -> bool:
    """A word that is what a phrase is about: the object of 'on', 'about' or 'regarding' ('Statement on Syria')."""
    while tok.dep_ == "conj":
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in ("on", "about", "regarding", "concerning")


def _transcript(doc: Doc) -> bool:
    """Remarks with several speakers, as the text read before its speaker labels were blanked."""
    known = doc.user_data.get("entente_transcript")
    return is_transcript(doc_text(doc)) if known is None else known


def _turn_break(tok: Token) -> bool:
    """What comes before a speaker's label: a line break, the end of the last turn, or '* * *'."""
    return "\n" in tok.text or "\n" in tok.whitespace_ or tok.text in (".", "!", "?", "*", "”", '"', "…")


def dateline_end(sent: Span) -> int | None:
    """Index just past the dash of a dateline that opens a sentence ('MANILA, Philippines —',
    'BAGHDAD/WASHINGTON (Reuters) -'), or None."""
    words = [t for t in sent[:12] if not t.is_space]
    if not words or not (words[0].is_upper and words[0].is_alpha and len(words[0]) > 1):
        return None
    for t in words[1:]:
        if t.text in ("-", "–", "—", "--"):
            return t.i + 1
    return None


def _first_word(span: Span) -> int:
    """Index of a span's first word ('Joint Statement by ...' starts the title it names)."""
    return next((t.i for t in span if not t.is_space and not t.is_punct), span.start)


def expand(ms) -> list[tuple[str, str, str]]:
    """(key, type, country) for mentions, groups ('the two countries') standing for their members."""
    out = []
    for m in ms:
        if m.group:
            t = "leader" if m.name.split()[-1].lower() in {"leaders", "presidents", "heads"} else "state"
            countries = {x.key: x.country for x in (m.doc._.mentions or [])} if m.doc is not None else {}
            out += [(k, t, k[6:] if k.startswith("state:") else countries.get(k) or "") for k in m.group]
        else:
            out.append((m.key, m.type, m.country or ""))
    return list(dict.fromkeys(out))


def _own(a: tuple, b: tuple) -> bool:
    """A leader and the state they lead ('Putin ... the security of the Russian Federation'): no frame
    relates them, and a leader standing for their state is not their own partner."""
    (ka, _ta, ca), (kb, _tb, cb) = a, b
    return (ca and kb == f"state:{ca}") or (cb and ka == f"state:{cb}")


def _same_kind(ta: str, tb: str) -> bool:
    """Meetings and rivalries link like with like: people with people, states or bodies with each other."""
    people = ("leader", "person")
    return (ta in people) == (tb in people)


def _add(rels, source, target, relation, sent: Span, trigger=None, how: str = ASSERTED):
    if source == target or not source or not target:
        return
    rels.append({"source": source, "target": target, "relation": relation,
                 "sentence": sentence_text(sent).strip(), "start": sent.start_char, "end": sent.end_char,
                 "trigger": trigger.text if trigger is not None else "", "assertion": how})


def related(rels, sent: Span, ms: list[Mention], specific: set) -> None:
    """Pairs that share a sentence and nothing more specific. A long list ("joined A, B, C, D and E
    as members of X") counts as one participant: each member relates to the others in the sentence,
    not to its fellow members, so the list neither crowds out the rest nor becomes a clique."""
    units: dict = {}
    for m in ms:
        units.setdefault(_list_head(m), []).append(m)
    parts = []
    for group in units.values():   # more members than a reciprocal group may have: a list
        keys = list(dict.fromkeys(k for k, _t, _c in expand(group)))
        parts += [keys] if len(group) > largest_reciprocal_group() else [[k] for k in keys]
    parts = parts[:MAX_RELATED]
    for pa, pb in combinations(parts, 2):
        for a in pa:
            for b in pb:
                if a != b and frozenset((a, b)) not in specific:
                    _add(rels, a, b, "related_to", sent)


def _list_head(m: Mention):
    """The first item of the coordination a mention is in (itself when it is in none)."""
    tok = m.span_root
    if tok is None:
        return ("speaker", m.key)   # "we", the statement's authors
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.i
