"""One processed spaCy Doc → the records the store keeps: entities, mentions, relations, topics."""
from __future__ import annotations

from spacy.tokens import Doc

from .instruments import tell_apart
from .mentions import doc_text, state_mention
from .topics import article_topics, relation_topics, sentence_topics, token_topics


def doc_graph(doc: Doc) -> dict:
    entities: dict[str, dict] = {}
    mentions = []
    text = doc_text(doc)     # spans' text sliced from it: Span.text makes a Token object per token each time
    for m in doc._.mentions:
        span = doc[m.start:m.end]
        ent = entities.setdefault(m.key, {"id": m.key, "name": m.name, "type": m.type, "country": m.country,
                                          "office": m.office, "aliases": set()})
        if m.type == "leader":
            ent["type"] = "leader"
        ent["country"] = ent["country"] or m.country
        ent["office"] = ent["office"] or m.office
        ent["aliases"] |= {a for a in m.aliases if a and len(a) < 120}
        sent = span.sent
        mentions.append({"entity": m.key, "text": text[span.start_char:span.end_char], "start": span.start_char,
                         "end": span.end_char, "sentence": text[sent.start_char:sent.end_char].strip()})
    speaking = [s for s in (doc._.speakers or []) if s.type == "state"] if doc.has_extension("speakers") else []
    # a state an edge reaches through a leader, an institution or a part of it ('Northern Syria')
    known = {r[end] for r in doc._.relations for end in ("source", "target") if r[end].startswith("state:")}
    reached = [state_mention(0, 0, key[6:], "relation") for key in sorted(known) if key not in entities]
    for state in [s for _p, s, _sent in doc._.leaders] + speaking + reached:
        # a state known only from a leader's record, or the publisher a release speaks for ("we"),
        # still gets its node
        entities.setdefault(state.key, {"id": state.key, "name": state.name, "type": "state",
                                        "country": state.country, "office": "", "aliases": set(state.aliases)})
    tokens = token_topics(doc)      # each token's keyword topics, read once for all the sentences counted
    sent_topics = {}
    relations, seen = [], {}
    for r in doc._.relations:
        if r["source"] not in entities or r["target"] not in entities:
            continue
        # one piece of evidence per edge and sentence (the store's key); an asserted reading wins
        key = (r["source"], r["target"], r["relation"], r["start"])
        assertion = r.get("assertion") or "asserted"
        if key in seen:
            i = seen[key]
            if assertion == "asserted" and relations[i]["assertion"] != "asserted":
                relations[i] = dict(relations[i], assertion=assertion)
            continue
        seen[key] = len(relations)
        if r["start"] not in sent_topics:
            sent_topics[r["start"]] = sentence_topics(doc.char_span(r["start"], r["end"], alignment_mode="expand"),
                                                     tokens, text)
        r = dict(r, topics=relation_topics(r, sent_topics[r["start"]]), assertion=assertion)
        relations.append(r)
    # related_to adds nothing where an asserted specific relation already links the pair in the same
    # sentence (a negated or hypothetical claim still leaves the two mentioned together)
    specific = {(frozenset((r["source"], r["target"])), r["start"]) for r in relations
                if r["relation"] != "related_to" and r["assertion"] == "asserted"}
    relations = [r for r in relations if r["relation"] != "related_to"
                 or (frozenset((r["source"], r["target"])), r["start"]) not in specific]
    all_sent = [sentence_topics(s, tokens, text) for s in doc.sents]
    topics = article_topics(all_sent, [r["topics"] for r in relations if r["relation"] != "related_to"])
    for e in entities.values():
        e["aliases"] = sorted(e["aliases"])
    graph = {"entities": list(entities.values()), "mentions": mentions, "relations": relations, "topics": topics}
    return tell_apart(doc, graph)   # generic agreements told apart by parties and date
