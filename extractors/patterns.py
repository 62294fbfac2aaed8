"""Patterns for what lexicons cannot list: names after titles, formal agreement names, weapon model
designations, media names, abbreviations in brackets and "the two countries"."""
from __future__ import annotations

import re
from collections import Counter

from spacy.attrs import LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from . import lexicons
from .countries import surface_forms
from .speakers import publisher_state
from .instruments import words as instrument_words
from .matchers import Lexicon
from .mentions import Mention, clean_name, prefix, slug

AGREEMENT_HEADS = {"treaty", "accord", "accords", "agreement", "agreements", "pact", "act", "convention", "protocol",
                   "charter", "declaration", "memorandum", "initiative", "communique", "communiqué", "compact",
                   "deal", "partnership", "framework", "plan", "programme", "program", "statement", "arrangement"}

FORMAL_HEADS = {"treaty", "accord", "accords", "agreement", "pact", "act", "convention", "protocol", "charter",
                "declaration", "memorandum", "initiative", "communique", "compact", "statement", "partnership",
                "plan", "concept", "doctrine"}
ACTION_HEADS = {"plan"}   # heads only with "Action" ("Action Plan", "Plan of Action"), not "American Jobs Plan"

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
SUBJ_DEPS = ("nsubj", "nsubjpass")

NAME_PARTICLE = re.compile(r"^(al|el|ad|as|ash|bin|ibn|van|von|de|da|di|du|la|le|der|den|dos|das|y)(\b|-)")

MODEL_CODE = re.compile(r"^(?!G\d+$)(?!COVID)[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Z]?\d?$")

PLACE_WORDS = {"square", "street", "avenue", "airport", "bridge", "station", "palace", "hall", "university", "park",
               "road", "boulevard", "stadium", "centre", "center", "institute", "prize", "award", "foundation"}



BODY_WORDS = {"office", "building", "department", "forum", "administration", "officer", "officers", "board",
              "council", "committee", "agency", "services", "service", "bank", "company", "corporation", "institute",
              "center", "centre", "fund", "association", "commission", "ministry", "group", "unit", "bureau",
              "authority", "command", "secretariat", "directorate", "division", "team", "staff"}


def looks_like_name(text: str) -> bool:
    words = text.split()
    if any(w.lower() in STOP_WORDS and not NAME_PARTICLE.fullmatch(w.lower()) for w in words):
        return False   # "Trump Gets His Trade Deal": a headline, not a name
    if not words or len(words) > 5 or any(ch.isdigit() for ch in text) or words[-1].lower() in PLACE_WORDS:
        return False
    if not all(w[0].isupper() or NAME_PARTICLE.match(w) for w in words) or NAME_PARTICLE.fullmatch(words[-1]):
        return False
    return not text.isupper() or len(text) <= 3


def titled_names(doc: Doc, lex: Lexicon) -> list[tuple[int, Mention]]:
    """A name right after an office ("Prime Minister Hen Sen") is a person even when the NER missed it."""
    out = []
    honorifics = frozenset(lexicons.load("name_parts.json").get("honorifics", ()))
    spans = [(start, end) for _id, start, end in lex.offices(doc)]
    spans += [(t.i, t.i + 1) for t in doc if t.lower_ in honorifics]   # "The Honorable Gina M. Raimondo"
    for start, end in spans:
        j = end
        # "Indo-Pacific Coordinator Kurt Campbell" read as one ORG: the title and the name inside it
        kinds = ("", "PERSON", "ORG") if doc[end - 1].ent_type_ == "ORG" and end < len(doc) \
            and doc[end].ent_iob_ == "I" else ("", "PERSON")
        if doc[start].lower_ in honorifics:   # the NER may read "The Honorable X" as a title of a work
            kinds = ("", "PERSON", "ORG", "WORK_OF_ART")
        if j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].ent_type_ in kinds \
                and doc[j].text not in surface_forms() and doc[j].lower_ not in lex.office_kind:
            k = j
            while k < len(doc) and k - j < 4 and (doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper()
                                                  or NAME_PARTICLE.fullmatch(doc[k].lower_)) \
                    and doc[k].ent_type_ in kinds and doc[k].text not in surface_forms() \
                    and not (k > j and doc[k].is_sent_start):
                k += 1
                if len(doc[k - 1].text) > 2 and doc[k - 1].text.endswith("."):
                    break   # "Hen Sen." ends the sentence too
            in_org = doc[j].ent_type_ == "ORG"
            if in_org and (k < len(doc) and doc[k].ent_iob_ == "I"
                           or any(doc[i].lower_ in BODY_WORDS for i in range(j, k))):
                continue   # "Executive Office Building", "General Services Administration": a body's name
            if k - j >= 2 and not any(doc[i].ent_type_ == "PERSON" for i in range(j, k)):
                text = clean_name(doc[j:k].text)
                if looks_like_name(text):
                    out.append((0, Mention(j, k, "person", "", text, source="title", aliases={text})))
    return out


def agreement_patterns(doc: Doc) -> list[tuple[int, Mention]]:
    """Capitalised names ending in a formal head ("Abraham Accords", "Treaty on the Non-Proliferation of
    Nuclear Weapons", "G7 Foreign Ministers' Statement on Hong Kong"). A name stops where the name stops:
    not at a leading determiner ("This Initiative"), a trailing date ("... Agreement on Friday") or a
    word that only modifies a common noun after it ("Joint Declaration on the US withdrawal")."""
    out = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in FORMAL_HEADS or not tok.text[0].isupper():
            continue
        start = i
        while start > 0 and (_cap(doc[start - 1]) and doc[start - 1].lower_ not in STOP_WORDS
                             or (doc[start - 1].lower_ in NAME_JOINERS and start > 1
                                 and _cap(doc[start - 2]) and _joined(doc, start - 1))):
            start -= 1   # not past a headline's capitalised "In", "To"
        while start < i and (doc[start].lower_ in STOP_WORDS or doc[start].pos_ in ("DET", "PRON")):
            start += 1   # "The", "This", "Our" open a sentence, not a name
        end = _name_tail(doc, i + 1)
        if start == i and end == i + 1:
            continue
        if start < i and doc[start].text in surface_forms() and start + 1 == i and end == i + 1:
            continue  # "US Treaty"-like fragments are not names
        if tok.lower_ in STATEMENT_HEADS and not _between_parties(doc, start, i):
            continue  # "Press Statement", "Opening Statement": one speaker's words, no instrument
        if tok.ent_type_ == "EVENT" and doc[start].like_num or is_gathering(doc, i):
            continue  # "the 2012 Democratic National Convention": a gathering, not an instrument
        if tok.lower_ in ACTION_HEADS and not (any(t.lower_ == "action" for t in doc[start:end])
                                               and not any(t.lower_ == "national" for t in doc[start:end])
                                               and (_between_parties(doc, start, i) or end > i + 1)):
            continue  # "American Rescue Plan", "Drug Competition Action Plan": a government's programme
        name = clean_name(doc[start:end].text)
        out.append((2, Mention(start, end, "agreement", f"agreement:{slug(name)}", name, aliases={name},
                               source="pattern")))
    return out


def is_gathering(doc: Doc, head: int) -> bool:
    """ "National Convention", "Party Convention": a meeting of members, not a convention between states."""
    return doc[head].lower_ == "convention" and head > 0 and doc[head - 1].lower_ in GATHERING_WORDS


GATHERING_WORDS = {"national", "party", "nominating", "constitutional", "annual", "state"}
NAME_JOINERS = {"and", "of", "-", "–", "'", "’"}   # "Ministers' Statement"; not "NATO's Initiative"
TAIL_STARTS = {"on", "of", "for", "against"}
TAIL_JOINERS = {"of", "and", "the", "on", "in", "for", "against", "with", "to"}
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                  "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december", "today", "tomorrow", "yesterday"}
STATEMENT_HEADS = {"statement", "statements"}
PARTY_WORDS = {"joint", "global", "regional", "international", "multilateral", "trilateral", "bilateral"}


def _joined(doc: Doc, k: int) -> bool:
    """A joiner inside a name: a word ("and", "of"), a possessive, or a hyphen with no space around it."""
    tok = doc[k]
    if tok.lower_ in ("-", "–"):
        return not tok.whitespace_ and not doc[k - 1].whitespace_
    return True


def _name_tail(doc: Doc, end: int) -> int:
    """Where a name that goes on past its head ("Treaty on the Non-Proliferation of Nuclear Weapons",
    "Joint Statement on U.S.-UK Consultations on the Indo-Pacific") ends. The tail is read in segments
    (joiner words, then capitalised words); a segment whose last word only modifies a common noun after
    it ("... of Action on the Iranian nuclear programme") is no part of the name, and "and the" starts
    another name."""
    n = len(doc)
    if end + 1 >= n or doc[end].lower_ not in TAIL_STARTS:
        return end
    ends = [end]   # where each complete segment ends
    j = end
    while j < n:
        k = j
        while k < n and (doc[k].lower_ in TAIL_JOINERS and k - j < 3 or doc[k].is_space and "\n" not in doc[k].text):
            k += 1
        joiners = [t.lower_ for t in doc[j:k] if not t.is_space]
        if k == j or k >= n or not _cap(doc[k]) or doc[k].is_sent_start or joiners[:2] == ["and", "the"]:
            break
        m = k
        while m < n and (_cap(doc[m]) or doc[m].text in ("-", "–") and _joined(doc, m) and m + 1 < n
                         and _cap(doc[m + 1])):
            m += 1
        nxt = doc[m] if m < n else None
        if nxt is not None and nxt.is_alpha and nxt.is_lower and doc[m - 1].head.i >= m:
            break   # the capitalised word modifies a common noun after it: the name ended before
        ends.append(m)
        j = m
    return ends[-1]


def _between_parties(doc: Doc, start: int, head: int) -> bool:
    """A statement is an instrument when it is joint or names who made it ("G7 Foreign Ministers'
    Statement", "EU-Turkey Statement"), not when it is one office's ("Press Statement")."""
    words = doc[start:head]
    own = {i for e in doc.ents if e.start <= head < e.end for i in range(e.start, e.end)}   # the name's own
    return any(t.lower_ in PARTY_WORDS or t.text in surface_forms()
               or t.ent_type_ in ("ORG", "GPE", "NORP") and t.i not in own
               or t.lower_.startswith("inter-")
               or (t.is_upper and len(t) > 1 and t.is_alpha) or re.fullmatch(r"[A-Z]+\d+", t.text) for t in words)


def _cap(tok) -> bool:
    """A word that can belong to a name: capitalised, an abbreviation ("U.S.-UK", "G7"), never a date."""
    if tok.is_punct or tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") \
            or tok.lower_ in CALENDAR_WORDS:
        return False
    return bool(tok.text[:1].isupper() and (tok.is_alpha or re.fullmatch(r"[A-Z][\w.&'’-]*", tok.text))
                or re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", tok.text))


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


GENERIC_TECH_HEADS = {"missile", "drone", "satellite", "reactor", "submarine", "jet", "fighter", "tank", "rocket",
                      "warship", "frigate", "destroyer", "bomber", "helicopter", "aircraft", "radar", "interceptor",
                      "launcher", "chip", "semiconductor", "vehicle", "weapon", "system", "network", "warhead"}
DEVICE_HEADS = {"phone", "terminal", "pump", "thermostat", "technology", "turbine", "electrolyser", "electrolyzer"}
GENERIC_AGREEMENT_HEADS = {"agreement", "pact", "deal", "accord", "treaty", "memorandum", "partnership",
                           "declaration", "roadmap", "arrangement"}
STATEMENT_KINDS = {"joint", "vision", "common", "trilateral", "bilateral", "summit", "leaders", "ministerial"}
BODY_HEADS = {"coalition"}
VAGUE = {"new", "first", "second", "more", "other", "such", "several", "many", "some", "previous", "latest",
         "modern", "key", "major", "possible", "potential", "historic", "landmark", "final", "current", "existing",
         "future", "similar", "broader", "wider", "proposed", "planned", "so-called", "last", "recent", "same",
         "remaining", "general", "legal", "political", "earlier", "unprecedented", "separate", "broad", "western",
         "eastern", "formal", "informal", "initial", "draft", "original", "overall", "whole", "entire", "big",
         "important", "significant", "specific", "presidential", "special", "own", "various", "close", "closer",
         "strong", "stronger", "deep", "deeper", "good", "great", "best", "better", "real", "true", "full",
         "bad", "worse", "worst", "terrible", "horrible", "fair", "unfair", "numerous", "detailed", "diplomatic",
         "one-sided", "lopsided", "binding", "non-binding", "tentative", "preliminary", "comprehensive", "past",
         "vital", "international"}
TECH_CUES = {"missile", "air", "defence", "defense", "anti", "ship", "surface", "ballistic", "cruise", "hypersonic",
             "nuclear", "combat", "attack", "unmanned", "fighter", "stealth", "guided", "glide", "spy", "reconnaissance",
             "surveillance", "military", "armed", "kamikaze", "loitering", "ai", "quantum", "advanced", "radar",
             "early", "warning", "interceptor", "multirole", "transport", "tactical", "strategic", "long", "range",
             "long-range", "short-range", "medium-range", "intermediate-range", "anti-ship", "anti-tank",
             "anti-aircraft", "surface-to-air", "air-to-air", "ground-based", "space-based", "electric", "5g",
             "satellite", "communications", "navigation", "launch", "heavy-lift", "reusable", "battle", "main"}


def chunk_patterns(doc: Doc, taken: set[int]) -> list[tuple[int, Mention]]:
    """Noun phrases that name a kind of weapon or system ("hypersonic glide vehicles", "anti-ship missiles")
    or a kind of agreement ("civil nuclear cooperation agreement", "security pact"), when no lexicon entry
    already covers them. The name is the phrase without determiners, numbers, states or vague adjectives."""
    out = []
    forms = surface_forms()
    for chunk in doc.noun_chunks:
        root = chunk.root
        lemma = root.lemma_.lower()
        if lemma in GENERIC_TECH_HEADS or lemma in DEVICE_HEADS:
            kind = "technology"
        elif (lemma in GENERIC_AGREEMENT_HEADS or lemma == "statement"
              and any(t.lower_ in STATEMENT_KINDS for t in chunk)) and root.is_lower:
            kind = "agreement"   # "vision statement", "joint statement"; not "strong statement"
        elif lemma in BODY_HEADS and root.is_lower:
            kind = "organization"   # "naval coalition"
        else:
            continue
        listed = ("amod", "compound", "nmod", "npadvmod") + (("cc", "conj") if lemma == "technology" else ())
        words = [t for t in chunk[: root.i - chunk.start + 1] if t.dep_ in listed or t.i == root.i]
        start = next((i for i, t in enumerate(words) if t.lower_ not in VAGUE and t.text not in forms
                      and not t.like_num and t.pos_ not in ("DET", "PRON", "NUM", "PART")), len(words))
        words = words[start:]
        if any(_not_in_name(t, i, len(words), lemma) for i, t in enumerate(words[:-1])):
            continue   # "brokered deal", "co-producing systems": a verb is no part of a name
        if len(words) < 2 or root.i in taken or any(t.text in forms for t in words):
            continue
        if words[-1].i - words[0].i + 1 != len(words) or any(t.is_upper and len(t) > 1 for t in words[:-1]):
            continue   # gaps or acronyms: leave those to the lexicons and the NER
        if kind == "agreement" and any(t.lower_ in instrument_words("not_between_states") for t in words):
            continue   # "plea deal", "budget deal", "business partnerships": no instrument between states
        if kind == "technology" and lemma not in DEVICE_HEADS and not any(
                t.lower_ in TECH_CUES or t.lemma_.lower() in GENERIC_TECH_HEADS for t in words[:-1]):
            continue
        span = doc[words[0].i:words[-1].i + 1]
        name = span.text if kind == "technology" or not span.text[0].isupper() else span.text
        name = name.lower() if not any(t.is_title and t.pos_ == "PROPN" for t in span) else name
        out.append((1, Mention(span.start, span.end, kind, f"{prefix(kind)}:{slug(name)}", name, aliases={span.text},
                               source="chunk")))
    return out


def _not_in_name(t, i: int, n: int, head_lemma: str) -> bool:
    """A word of a noun phrase that is no part of a kind's name: a verb ("brokered deal"), a conjunction
    at an edge. "critical and emerging technologies" keeps its coordinated modifiers."""
    if t.dep_ == "cc":
        return not 0 < i < n - 2
    if head_lemma == "technology" and t.tag_ == "VBG":
        return False
    return t.pos_ not in ("NOUN", "PROPN", "ADJ") or t.tag_ in ("VBN", "VBG", "VBD")


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
        if not abbreviates(ab.text, doc[long.start:long.end].text):
            continue   # "Seoul, South Korea (CNN)": a dateline's source, not the long form's abbreviation
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


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` can abbreviate `long`: it starts with the long form's first letter and its capitals
    appear in order among the long form's letters ("UAVs" of "unmanned aerial vehicles", "ISIS" of
    "Islamic State"; not "CNN" of "South Korea")."""
    letters = re.sub(r"[^a-z]", "", clean_name(long).lower())
    caps = [c.lower() for c in short if c.isupper()] or [short[:1].lower()]
    if not letters or caps[0] != letters[0]:
        return False
    pos = 0
    for c in caps:
        pos = letters.find(c, pos) + 1
        if pos == 0:
            return False
    return True


LOCAL_SENTENCES = 3   # "the two countries" are the two named in its sentence or the three before it


def _local_pool(sents, mentions: list[Mention], i: int, people: bool) -> Counter | None:
    """The states (or leaders) named near a group reference, when exactly two are: in a long briefing
    "the two countries" are those just named, not the article's two most frequent."""
    k = next((n for n, s in enumerate(sents) if s.start <= i < s.end), None)
    if k is None:
        return None
    kind = "leader" if people else "state"
    for back in (0, LOCAL_SENTENCES):      # its own sentence first, then the ones before it
        start, end = sents[max(0, k - back)].start, sents[k].end
        near = Counter(m.key for m in mentions if m.type == kind and start <= m.start < end)
        if len(near) == 2:
            return near
    return None


def _our_state(doc: Doc, i: int) -> str | None:
    """The publisher's state, for a group reference after 'our' ('our two countries', 'our two nations')."""
    if i == 0 or doc[i - 1].lower_ != "our" or not Doc.has_extension("url"):
        return None
    iso = publisher_state(doc._.url)
    return f"state:{iso}" if iso else None


def group_references(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"the two countries", "both sides", "the two leaders": pseudo-mentions standing for the article's two
    most mentioned states (or leaders)."""
    states = Counter(m.key for m in mentions if m.type == "state")
    people = Counter(m.key for m in mentions if m.type == "leader")
    lower = doc.to_array(LOWER)      # (a Token object for every word of a long article costs more than this)
    wanted = {doc.vocab.strings[w] for w in GROUP_NOUNS}
    at = [i - 1 for i in range(1, len(doc)) if int(lower[i]) in wanted]
    sents = list(doc.sents) if at and doc.has_annotation("SENT_START") else []
    out = []
    for i in at:
        tok, nxt = doc[i], doc[i + 1]
        pool = _local_pool(sents, mentions, i, nxt.lower_ in PERSON_GROUP_NOUNS) \
            or (people if nxt.lower_ in PERSON_GROUP_NOUNS else states)
        if tok.lower_ == "the" and nxt.lower_ in PERSON_GROUP_NOUNS | {"sides", "parties"}:
            # "The leaders reaffirmed ...": in a story with two leaders (two states), those two; not
            # "the leaders of A, B and C", nor with a third in the story
            if len(pool) != 2 or (i + 2 < len(doc) and doc[i + 2].lower_ == "of") or nxt.dep_ not in SUBJ_DEPS:
                continue
        elif tok.lower_ not in ("two", "both"):
            continue
        top = [k for k, _ in pool.most_common(2)]
        own = _our_state(doc, i)
        if own and own not in top:
            # "our two countries" in a US release: the US and the one it speaks with, whichever two
            # states the nearby sentences name most
            others = [k for k, _ in (pool + states).most_common() if k != own]
            top = [own, others[0]] if others else top
        if len(top) == 2:
            out.append(Mention(i, i + 2, "group", "", doc[i:i + 2].text, group=tuple(top), source="group"))
    return out
