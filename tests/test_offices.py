"""Offices by date: the leaders lexicon gives an office only while its holder is in office on the
article's date; a role the text states (former, candidate, chief of another body, a royal title) comes
before the lexicon; an alias inside a longer name names nothing."""
import datetime as dt

import pytest

from extractors import terms


def people(g):
    return {e["name"]: e for e in g["entities"] if e["type"] in ("leader", "person")}


def leads(g, name):
    return {t for s, r, t in g["triples"] if s == name and r == "leader_of"}


# ---- the lexicon, by date ---------------------------------------------------------------------------
def test_a_lexicon_leader_holds_the_office_only_within_the_term(extract):
    before = extract("Boris Johnson told voters in Kent that Britain would leave.", date="2019-06-20")
    during = extract("Boris Johnson told voters in Kent that Britain would leave.", date="2019-08-20")
    assert people(during)["Boris Johnson"]["office"] == "Prime Minister"
    assert leads(during, "Boris Johnson") == {"United Kingdom"}
    assert people(before)["Boris Johnson"]["office"] != "Prime Minister"
    assert not leads(before, "Boris Johnson")


def test_the_office_held_on_the_day_is_the_one_given(extract):
    g = extract("Liz Truss flew to Kyiv to meet officials.", date="2022-03-01")
    assert people(g)["Liz Truss"]["office"] == "Foreign Minister"


def test_after_the_term_a_lexicon_leader_is_a_former_holder(extract):
    g = extract("Angela Merkel gave a speech in Berlin about Germany.", date="2023-03-01")
    merkel = people(g)["Angela Merkel"]
    assert (merkel["type"], merkel["office"], merkel["country"]) == ("person", "Former Chancellor", "DEU")
    assert not leads(g, "Angela Merkel")


def test_before_accession_a_royal_is_no_monarch(extract):
    g = extract("Prince Charles opened a hospital wing in Wales, in Britain.", date="2019-05-01")
    assert people(g)["Charles III"]["office"] != "King"
    assert not leads(g, "Charles III")
    later = extract("King Charles opened a hospital wing in Wales, in Britain.", date="2023-05-01")
    assert leads(later, "Charles III") == {"United Kingdom"}


def test_a_royal_title_in_the_text_gives_no_monarch_even_undated(extract):
    g = extract("Prince Charles opened a hospital wing in Britain.")
    assert people(g)["Charles III"]["office"] != "King"


def test_an_undated_article_takes_the_latest_office(extract):
    g = extract("Putin said the talks in Russia were useful.")
    assert leads(g, "Vladimir Putin") == {"Russia"}


# ---- the text before the lexicon ----------------------------------------------------------------------
def test_former_in_the_text_marks_a_former_holder(extract):
    g = extract("Former President Barack Obama criticised the United States policy. Obama spoke for an hour.",
                date="2022-05-01")
    obama = people(g)["Barack Obama"]
    assert obama["office"] == "Former President" and obama["country"] == "USA"
    assert not leads(g, "Barack Obama")


@pytest.mark.parametrize("title", ["the former Australian prime minister", "ex-prime minister", "the late"])
def test_former_words_before_or_after_a_name(extract, title):
    text = (f"Bob Hawke, {title}, was remembered in Australia." if title.startswith("the former")
            else f"Mourners honoured {title} Bob Hawke in Australia.")
    g = extract(text)
    assert not leads(g, "Bob Hawke")


def test_a_title_the_text_gives_after_the_term_is_a_former_office(extract):
    g = extract("President Obama praised the United States navy.", date="2019-05-01")
    assert people(g)["Barack Obama"]["office"] == "Former President"
    assert not leads(g, "Barack Obama")


def test_a_former_office_the_text_names_leaves_the_office_still_held(extract):
    g = extract("President Thabo Mbeki of South Africa denied it. Mbeki, then deputy president, had chaired the "
                "committee.")
    assert leads(g, "Thabo Mbeki") == {"South Africa"}


def test_a_candidate_holds_no_office(extract):
    g = extract("Tory leadership candidate Boris Johnson said Britain would leave.")
    assert people(g)["Boris Johnson"]["type"] == "person"
    assert not leads(g, "Boris Johnson")


def test_a_candidate_who_holds_another_office_keeps_it(extract):
    g = extract("Republican candidate Donald Trump spoke in Ohio, in the United States.", date="2020-10-01")
    assert leads(g, "Donald Trump") == {"United States"}


@pytest.mark.parametrize("date", [None, "2019-10-20", "2022-01-10"])
def test_the_chief_of_another_body_is_not_a_state_leader(extract, date):
    g = extract("Outgoing ECB President Mario Draghi spoke in Frankfurt. European Council chief Charles Michel "
                "agreed with the plan.", date=date)
    assert leads(g, "Mario Draghi") == {"European Central Bank"}       # the body he leads, no state
    assert leads(g, "Charles Michel") <= {"European Council"}
    assert not {"state:ITA", "state:BEL"} & {e["id"] for e in g["entities"]}
    assert people(g)["Mario Draghi"]["office"] == "President of the European Central Bank"
    assert people(g)["Charles Michel"]["type"] == "leader"


def test_the_chief_of_another_body_named_in_an_apposition(extract):
    g = extract("Charles Michel, President of the European Council, met Chinese President Xi Jinping.")
    assert leads(g, "Charles Michel") <= {"European Council"}
    assert leads(g, "Xi Jinping") == {"China"}


def test_a_company_chief_holds_no_office(extract):
    g = extract("Reuters chief Joe Bloggs and Reuters chief Joe Bloggs met in Britain.")
    assert people(g)["Joe Bloggs"]["type"] == "person"


def test_a_president_of_something_other_than_a_state_leads_no_state(extract):
    g = extract("Lithuania passed the law, said Jan Kowalski, President of the Intergroup, in Lithuania.")
    assert not leads(g, "Jan Kowalski")


def test_a_regional_premier_takes_the_region_named_before_in_the_sentence(extract):
    g = extract("In the eastern state of Saxony, State Premier Karl Muster confirmed the reports.")
    assert ("Karl Muster", "leader_of", "Saxony") in g["triples"]


# ---- aliases ----------------------------------------------------------------------------------------
def test_an_alias_inside_a_place_name_names_no_person(extract):
    g = extract("Storms flooded Hawke's Bay on Tuesday, and farmers in Hawke's Bay lost their crops.")
    assert not people(g)


def test_a_possessive_of_the_person_still_names_them(extract):
    g = extract("Under Hawke's government, Australia floated its currency.", date="1984-05-01")
    assert leads(g, "Bob Hawke") == {"Australia"}


# ---- terms ------------------------------------------------------------------------------------------
def row(start, end):
    return {"name": "Test Person", "country": "XXX", "office": "President", "start": start, "end": end}


def test_a_year_alone_counts_as_the_whole_year():
    r = row(2019, 2020)
    assert terms.held_on(r, dt.date(2019, 1, 1)) and terms.held_on(r, dt.date(2020, 12, 31))
    assert not terms.held_on(r, dt.date(2021, 1, 1)) and not terms.held_on(r, dt.date(2018, 12, 31))
    assert not terms.surely_held_on(r, dt.date(2019, 6, 1))


def test_a_term_to_the_day():
    r = row("2019-07-24", "2022-09-06")
    assert not terms.held_on(r, dt.date(2019, 7, 23))
    assert terms.held_on(r, dt.date(2019, 7, 24)) and terms.surely_held_on(r, dt.date(2022, 9, 6))
    assert terms.ended_before(r, dt.date(2022, 9, 7))


def test_an_open_term_has_no_end():
    assert terms.held_on(row("2017-05-14", None), dt.date(2099, 1, 1))


def test_every_lexicon_bound_is_a_date_or_a_year():
    from extractors import lexicons
    for r in lexicons.leaders():
        for bound in (r.get("start"), r.get("end")):
            assert bound is None or terms.span(bound) is not None, r
        lo, _, _, hi = terms.bounds(r)
        assert lo <= hi, r


# ---- the store keeps dated offices ----------------------------------------------------------------------
def _graph(office, country="GBR", leads=None, typ="leader"):
    ents = [{"id": "person:ann-example", "name": "Ann Example", "type": typ, "country": country, "office": office,
             "aliases": ["Ann Example"]},
            {"id": "state:GBR", "name": "United Kingdom", "type": "state", "country": "GBR", "office": "",
             "aliases": []}]
    rels = [{"source": "person:ann-example", "target": leads, "relation": "leader_of", "sentence": "s", "start": 0,
             "end": 1}] if leads else []
    return {"entities": ents, "mentions": [{"entity": "person:ann-example", "text": "Ann Example", "start": 0,
                                            "end": 11, "sentence": "s"}], "relations": rels, "topics": []}


def _article(i, date):
    return {"id": f"a{i}", "text": f"article {i}", "published": date}


def _offices(store):
    return {(r["office"], r["country"], r["former"]): dict(r) for r in store.conn.execute(
        "SELECT * FROM offices WHERE entity_id='person:ann-example'")}


def test_offices_are_dated_by_the_articles_that_state_them(tmp_path):
    from graph.store import Store
    with Store(tmp_path / "g.db") as store:
        store.add_article(_article(1, "2018-03-01"), _graph("Prime Minister", leads="state:GBR"))
        store.add_article(_article(2, "2018-09-01"), _graph("Prime Minister", leads="state:GBR"))
        store.add_article(_article(3, None), _graph("Prime Minister", leads="state:GBR"))
        store.add_article(_article(4, "2021-05-01"), _graph("Former Prime Minister", typ="person"))
        rows = _offices(store)
        held, former = rows[("Prime Minister", "GBR", 0)], rows[("Prime Minister", "GBR", 1)]
        assert (held["first_seen"], held["last_seen"], held["articles"], held["state"]) == \
            ("2018-03-01", "2018-09-01", 3, "state:GBR")
        assert (former["first_seen"], former["last_seen"], former["articles"], former["state"]) == \
            ("2021-05-01", "2021-05-01", 1, "")
        office = store.conn.execute("SELECT office FROM entities WHERE id='person:ann-example'").fetchone()[0]
        assert office == "Former Prime Minister"   # the entity's office is the latest article's


def test_reading_an_article_again_replaces_the_offices_it_gave(tmp_path):
    from graph.store import Store
    with Store(tmp_path / "g.db") as store:
        store.add_article(_article(1, "2018-03-01"), _graph("Prime Minister", leads="state:GBR"))
        store.add_article(_article(2, "2018-09-01"), _graph("Prime Minister", leads="state:GBR"))
        store.replace_article("a2", _graph("Former Prime Minister", typ="person"), version=99)
        rows = _offices(store)
        assert rows[("Prime Minister", "GBR", 0)]["articles"] == 1
        assert rows[("Prime Minister", "GBR", 0)]["last_seen"] == "2018-03-01"
        assert rows[("Prime Minister", "GBR", 1)]["articles"] == 1
        store.replace_article("a1", _graph(""), version=99)
        assert ("Prime Minister", "GBR", 0) not in _offices(store)


def test_an_earlier_database_gains_the_offices_table(tmp_path):
    from graph.store import Store
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.conn.executescript("DROP TABLE offices; DROP TABLE article_offices;")
    with Store(path) as store:
        store.add_article(_article(1, "2018-03-01"), _graph("Prime Minister", leads="state:GBR"))
        assert ("Prime Minister", "GBR", 0) in _offices(store)


def test_ingest_keeps_when_a_leader_held_office_and_marks_the_former(tmp_path, nlp):
    from extractors.ingest import ingest
    from graph.store import Store
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.md").write_text("---\ndate: 2018-03-01\n---\nPrime Minister Theresa May of Britain met "
                                   "officials in London.\n", encoding="utf-8")
    (folder / "two.md").write_text("---\ndate: 2021-05-01\n---\nTheresa May, the former British prime minister, "
                                   "spoke in London about Britain.\n", encoding="utf-8")
    with Store(tmp_path / "g.db") as store:
        ingest([folder], store, progress=False, nlp=nlp)
        rows = {(r["office"], r["former"]): dict(r) for r in store.conn.execute(
            "SELECT * FROM offices WHERE entity_id='person:theresa-may'")}
        assert rows[("Prime Minister", 0)]["last_seen"] == "2018-03-01"
        assert rows[("Prime Minister", 0)]["state"] == "state:GBR"
        assert rows[("Prime Minister", 1)]["first_seen"] == "2021-05-01"
        led = store.conn.execute("SELECT published FROM relations WHERE source='person:theresa-may' AND "
                                 "relation='leader_of'").fetchall()
        assert [r[0] for r in led] == ["2018-03-01"]


def test_a_title_only_one_government_uses_gives_its_state_when_the_article_names_it(extract):
    g = extract("The United States will review its tariffs, Commerce Secretary Jane Roe said. "
                "In Berlin, the foreign minister, Max Mustermann, declined to comment.")
    assert leads(g, "Jane Roe") == {"United States"}
    assert not leads(g, "Max Mustermann")     # many governments have a foreign minister


def test_the_leader_of_an_armed_movement_leads_it(extract):
    g = extract("Hezbollah leader Hassan Nasrallah said the group would respond.")
    assert leads(g, "Hassan Nasrallah") == {"Hezbollah"}


def test_a_portfolio_for_a_state_is_not_the_officials_state(extract):
    g = extract("US Special Representative for Venezuela Elliott Abrams said the talks had stalled.")
    assert leads(g, "Elliott Abrams") == {"United States"}, g["triples"]


def test_an_official_leading_a_states_delegation_is_that_states_official(extract):
    g = extract("Talks on Arctic shipping opened in Oslo. The Norwegian delegation was led by Deputy National "
                "Security Advisor Ingrid Holmvik, and the Finnish team, headed by Special Envoy Aino Saarela, "
                "arrived on Monday.")
    assert leads(g, "Ingrid Holmvik") == {"Norway"} and leads(g, "Aino Saarela") == {"Finland"}, g["triples"]


def test_a_title_and_name_read_as_one_body_name_are_a_titled_person(extract):
    # the small English model reads "Indo-Pacific Coordinator Kurt Wilson" as one organization's name
    g = extract("The Canadian delegation was led by Indo-Pacific Coordinator Kurt Wilson.")
    assert leads(g, "Kurt Wilson") == {"Canada"}, [e["name"] for e in g["entities"]]


def test_an_office_held_before_gives_no_state_to_a_different_office_held_later(extract):
    g = extract("Defence Minister Jens Stoltenberg spoke to reporters on Monday.", date="2022-05-01")
    assert not leads(g, "Jens Stoltenberg"), g["triples"]   # prime minister of Norway until 2013, never this


def test_a_deputy_assistant_secretary_is_no_leader(extract):
    g = extract("US Deputy Assistant Secretary of State Matthew Harlan noted that the summit had made it clear.")
    assert not leads(g, "Matthew Harlan"), g["triples"]


def test_a_state_before_coordinated_titles_is_the_officials_state(extract):
    g = extract("Norwegian Deputy Prime Minister and Foreign Minister Kari Nordmann met reporters in Washington.")
    assert leads(g, "Kari Nordmann") == {"Norway"}, g["triples"]
    g = extract("In Croatia, Assistant Secretary Satterly will open a new cultural centre.")
    assert not leads(g, "Satterly") and not any(t[1] == "leader_of" and t[2] == "Croatia" for t in g["triples"])


def test_the_chief_of_an_international_body_leads_it_within_the_term_when_it_is_named(extract):
    text = "NATO allies met in Brussels on Tuesday. Jens Stoltenberg said the alliance would stay united."
    assert leads(extract(text, date="2016-05-01"), "Jens Stoltenberg") == {"North Atlantic Treaty Organization"}
    assert not leads(extract(text, date="2025-05-01"), "Jens Stoltenberg")   # his term had ended
    assert not leads(extract("Jens Stoltenberg said the allies would stay united.", date="2016-05-01"),
                     "Jens Stoltenberg")   # the body is not named: no node is made up for it


def test_a_name_after_the_honorable_is_a_person(extract):
    g = extract("The Honorable Maria Q. Delgado, Secretary of Commerce, will lead the delegation to Peru.",
                date="2022-03-01")
    assert "Maria Q. Delgado" in people(g), people(g)


def test_the_chief_of_a_body_signs_a_joint_statement_for_the_body(extract):
    g = extract("Joint Statement by Secretary General Jens Stoltenberg and Prime Minister Kari Lehto of Finland"
                "\n\nNATO and Finland will deepen their cooperation.", date="2016-05-01")
    assert any(s == "North Atlantic Treaty Organization" and r == "signed" for s, r, _t in g["triples"]), g["triples"]


def test_a_title_the_text_gives_a_past_holder_is_former_even_when_a_namesake_shares_the_key(extract):
    g = extract("The programme was set up by President George W. Bush in 2003.", date="2015-05-01")
    assert not leads(g, "George W. Bush")
    assert people(g)["George W. Bush"]["office"].startswith("Former")


def test_a_title_that_opens_the_next_clause_is_no_apposition(extract):
    g = extract("Replying to a call for talks with Gabriel Boric, the President of Peru restated her position.",
                date="2023-06-01")
    assert leads(g, "Gabriel Boric") != {"Peru"}


def test_a_body_chief_titled_president_is_not_the_president_of_the_state_the_story_is_about(extract):
    g = extract("Chile and the bloc will hold a summit. President von der Leyen said Chile was a partner. Chile "
                "agreed.", date="2021-06-10")
    assert "Chile" not in leads(g, "Ursula von der Leyen")
