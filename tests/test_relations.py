"""Relations: each trigger pattern yields its relation type, with the sentence as evidence."""
import pytest


@pytest.mark.parametrize("text,triple", [
    ("Chinese President Xi Jinping's visit to Serbia began on Tuesday.", ("Xi Jinping", "visited", "Serbia")),
    ("Indian Prime Minister Narendra Modi visited Japan last week.", ("Narendra Modi", "visited", "Japan")),
    ("During Xi's meeting with Serbian President Aleksandar Vucic, trade was discussed. Chinese President Xi "
     "Jinping smiled.", ("Xi Jinping", "met_with", "Aleksandar Vučić")),
    ("US President Joe Biden met Chinese President Xi Jinping in California.", ("Joe Biden", "met_with", "Xi Jinping")),
    ("Vladimir Putin had a telephone conversation with President of France Emmanuel Macron.",
     ("Vladimir Putin", "met_with", "Emmanuel Macron")),
    ("Australia, the United Kingdom and the United States signed the AUKUS pact.", ("Australia", "signed", "AUKUS")),
    ("India bought S-400 missile systems from Russia.", ("India", "procures", "S-400")),
    ("India bought S-400 missile systems from Russia.", ("Russia", "supplies", "S-400")),
    ("Germany delivered Leopard 2 tanks to Ukraine.", ("Germany", "supplies", "Leopard 2 tanks")),
    ("Turkey develops its own fighter jets.", ("Turkey", "develops", "fighter jets")),
    ("Japan and India agreed to cooperate on semiconductors.", ("Japan", "cooperates_on", "semiconductors")),
    ("Japan and India agreed to cooperate on semiconductors.", ("Japan", "cooperates_with", "India")),
    ("Washington competes with Beijing for influence in Africa.", ("United States", "competes_with", "China")),
    ("The United States imposed sanctions on Iran.", ("United States", "sanctions", "Iran")),
    ("Russia invaded Ukraine in February 2022.", ("Russia", "conflict_with", "Ukraine")),
    ("Finland joined NATO in April 2023.", ("Finland", "member_of", "North Atlantic Treaty Organization")),
])
def test_trigger_patterns(extract, text, triple):
    g = extract(text)
    names = {e["name"] for e in g["entities"]}
    source, relation, target = triple
    target = next((n for n in names if n == target or target in n), target)
    assert (source, relation, target) in g["triples"] or (target, relation, source) in g["triples"], g["triples"]


def test_the_two_countries_stand_for_the_articles_two_states(extract):
    g = extract("Serbia welcomed China's president. Serbia and China are friends. "
                "The two countries signed a joint statement on Wednesday.")
    signed = {(a, b) for a, rel, b in g["triples"] if rel == "signed" and "joint statement" in b}
    assert {a for a, _ in signed} == {"Serbia", "China"}, g["triples"]


def test_competition_between_two_states(extract):
    g = extract("Analysts expect a competition for influence in the Balkans between the United States and China.")
    assert {("United States", "competes_with", "China"), ("China", "competes_with", "United States")} & g["triples"]


def test_procurement_buried_in_a_clause_finds_its_buyer(extract):
    g = extract("Serbia has been increasing military ties with China, notably in procuring advanced weapons "
                "systems, such as unmanned aerial vehicles (UAVs) and missile defence systems.")
    assert ("Serbia", "procures", "unmanned aerial vehicles") in g["triples"]
    assert ("Serbia", "procures", "missile defence systems") in g["triples"]


def test_sentences_with_nothing_specific_are_related(extract):
    g = extract("Serbia and Hungary were mentioned in the report.")
    assert {("Serbia", "related_to", "Hungary"), ("Hungary", "related_to", "Serbia")} & g["triples"]


def test_a_long_list_relates_each_member_to_the_rest_of_its_sentence_not_to_each_other(extract):
    g = extract("Norway joined Peru, Chile, Ecuador, Bolivia, Paraguay, Uruguay and Colombia as founding members "
                "of the Andean Forum for Press Freedom.")
    related = {frozenset((a, b)) for a, rel, b in g["triples"] if rel == "related_to"}
    forum = next(n for n in g["by_name"] if "Andean Forum" in n)
    for member in ("Peru", "Uruguay", "Colombia"):
        assert any(frozenset((member, x)) in related for x in (forum, "Norway")), (member, related)
    assert frozenset(("Peru", "Chile")) not in related and frozenset(("Bolivia", "Uruguay")) not in related


def test_every_relation_keeps_its_sentence_and_offsets(extract):
    text = "Intro line.\nIndia bought S-400 missile systems from Russia in 2018."
    g = extract(text)
    for r in g["relations"]:
        assert text[r["start"]:r["end"]].strip() == r["sentence"]
        assert r["topics"]


def test_parties_to_an_agreement(extract):
    g = extract("Iran said it would keep complying with the Joint Comprehensive Plan of Action.")
    assert ("Iran", "party_to", "Joint Comprehensive Plan of Action") in g["triples"]


def test_discussing_two_states_is_not_a_meeting_between_them(extract):
    g = extract("The committee discussed how Russia invaded Ukraine.")
    assert not {t for t in g["triples"] if t[1] == "met_with"}
    assert ("Russia", "conflict_with", "Ukraine") in g["triples"]


def test_a_transcript_titled_with_two_officials_records_their_meeting(extract):
    g = extract("Foreign Minister Kari Lehto of Finland and Foreign Minister Ana Ruiz of Peru\n\n"
                "FOREIGN MINISTER LEHTO: Good afternoon. It is a pleasure to welcome my colleague.\n\n"
                "FOREIGN MINISTER RUIZ: Thank you. We discussed trade and climate.")
    assert ("Kari Lehto", "met_with", "Ana Ruiz") in g["triples"] or ("Ana Ruiz", "met_with", "Kari Lehto") in g["triples"]
    plain = extract("Foreign Minister Kari Lehto of Finland and Foreign Minister Ana Ruiz of Peru\n\n"
                    "Both ministers have long careers in diplomacy.")
    assert not {r for r in plain["triples"] if r[1] == "met_with"}   # no transcript: a title says nothing


def test_our_two_countries_in_a_governments_release_include_that_government(nlp):
    from extractors.articles import make_article
    from extractors.graphify import doc_graph
    from extractors.ingest import prepare
    text = ("The Secretary met the Foreign Minister of Thailand in Bangkok. They discussed Burma and Laos. "
            "Our two countries partner in responding to regional crises.")
    g = doc_graph(nlp(prepare(nlp, make_article("", text, url="https://www.state.gov/secretary-in-bangkok/"))))
    names = {e["id"]: e["name"] for e in g["entities"]}
    pairs = {frozenset((names[r["source"]], names[r["target"]])) for r in g["relations"]
             if r["relation"] == "cooperates_with"}
    assert frozenset(("United States", "Thailand")) in pairs, pairs
    assert not any("Burma" in p or "Myanmar" in p or "Laos" in p for p in pairs), pairs


def test_the_state_a_joint_statement_is_about_does_not_sign_it(extract):
    g = extract("Joint Statement on Syria\n\nThe foreign ministers of Norway and Sweden met in Oslo.")
    assert not any(r == "signed" and s == "Syria" for s, r, _t in g["triples"]), g["triples"]


def test_we_in_a_joint_statement_relates_its_authors_to_what_they_set_up(extract):
    g = extract("Joint Statement by Prime Minister Kari Lehto of Finland and Prime Minister Ana Ruiz of Peru\n\n"
                "To meet the challenge, we established the Andean-Nordic Clean Energy Council.")
    council = next(n for n in g["by_name"] if "Clean Energy Council" in n)
    linked = {frozenset((s, t)) for s, _r, t in g["triples"]}
    assert frozenset(("Finland", council)) in linked and frozenset(("Peru", council)) in linked, linked
