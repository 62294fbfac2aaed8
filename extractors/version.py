"""Which extractor read an article: stored with each article, so `python -m extractors reextract` knows
which articles an upgraded Entente should read again.

Bump EXTRACTOR_VERSION whenever a change to the pipeline, its components or its lexicons changes what
is extracted from the same text. Articles stored before versions were recorded have version 0.
"""
EXTRACTOR_VERSION = 7   # 2: offices by date, roles the text states, datelines; 3: national titles, demands,
#   run-in headings, transcript speakers, "the leaders", semicolon lists, time phrases; 4: presupposed
#   lasting events ("its war"), "U.S. and UK officials" as both states, delegation leaders, object pronouns,
#   gatherings of more than four, appositions across semicolons, "keep X from", subjects the parse hung on a list,
#   sentences the parser cut inside a list parsed again whole (extractors/rejoin.py), an earlier different
#   office gives no state, deputy assistants are junior, photo captions read (their credits not), a state's
#   institution acts for it, headline verbs read as verbs (extractors/headlines.py), allegations, killings,
#   pressing others to act, subjects hung on auxiliaries, calls held in a clause, meetings at a seat are visits, normalizing relations,
#   "U.S. LNG exports" (a compound names what is traded or built), "gas supplies" triggers, "cut off",
#   hyphenated triggers ("build-up"), conditions on commitments, gerund headings, local group references,
#   surnames that are months ("May has said"), warnings of consequences, curly apostrophes in names, "going to",
#   killings in a state's strike, time clauses, "building on", bans;
#   5: warnings over another's attack, truces and ceasefires, agreements that bind a party, openings and solidarity,
#   long lists as one participant of related_to, "brutal actions", demands to respect sovereignty, chiefs of
#   international bodies by date (body_chiefs.jsonl), "The Honorable X", transcripts known despite blanked labels,
#   titles of transcripts naming two officials, "act in accordance with", "our two countries", reciprocity per slot,
#   parts of states ("Northern Syria"), sanctions on a leader, preventing and curtailing, "we" in related_to,
#   a body's short name ("Mahan");
#   6: named wars (conflicts.jsonl), bare titles as their one holder, "they" after a call, capitals the NER took
#   for people, stand-ins "of" a state, directives and readiness as hypothetical, "reliance on X's supplies";
#   7: a linked name's pop-up card left in a news page's text (credits.txt) is blanked, clauses judged after "it is" ("it is unlikely that") and gerund subjects are read for modality, a truce one party announces alone is signed by no one, applying to join and "if and when" are not joining, "during" an operation names no party, cancelled, called off and given up events are negated, a short name is the person named most (a Jr. not his father), a leader's aide is not the leader, 'they' is not the one person the last sentence was about, 'Crown Prince' is a title, one who is 'a great ally' is someone's, a war 'in X against Y' is not against X, video boxes, close buttons, sound cues and shouted words are not read, nor a dateline's place in capitals
