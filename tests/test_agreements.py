"""Agreements are made between parties: a state's own law is no agreement, generic wording ("joint
statement", "trade deal") is told apart by its parties and date, a named agreement is matched only by its
name or a listed alias, and a name stops where the name stops."""
import pytest


def agreements(g):
    return [e for e in g["entities"] if e["type"] == "agreement"]


def named(g, wording):
    """The agreement nodes that carry this wording as their name or an alias."""
    return [e for e in agreements(g) if wording == e["name"] or wording in e["aliases"]]


# ---- a domestic law is not an agreement ------------------------------------------------------------
@pytest.mark.parametrize("law", [
    "Inflation Reduction Act", "Affordable Care Act", "Endangered Species Act", "Executive Order 14024",
    "Clean Rivers Act", "Foreign Investment Screening Law", "National Forests Bill",
])
def test_a_domestic_law_or_executive_order_is_not_an_agreement(extract, law):
    g = extract(f"The parliament of Freedonia debated the {law} on Tuesday. Chile and Peru signed a treaty.")
    names = {e["name"] for e in agreements(g)} | {a for e in agreements(g) for a in e["aliases"]}
    assert not any(law in n or n in law for n in names if len(n) > 4), names


def test_an_international_instrument_stays_an_agreement(extract):
    g = extract("Ghana and Togo signed the Volta Basin Water Convention. Both states joined the Helsinki Final Act "
                "and the Convention on the Law of the Sea.")
    names = {e["name"] for e in agreements(g)}
    assert "Volta Basin Water Convention" in names
    assert "Helsinki Final Act" in names
    assert "United Nations Convention on the Law of the Sea" in names


# ---- generic agreements are told apart by parties and date ------------------------------------------
def test_two_articles_joint_statements_stay_two_nodes(extract):
    a = extract("Chile and Peru issued a joint statement on fisheries.", date="2023-03-14")
    b = extract("Kenya and Ghana signed a joint statement on trade.", date="2024-09-02")
    (sa,), (sb,) = named(a, "joint statement"), named(b, "joint statement")
    assert sa["id"] != sb["id"]
    assert sa["name"] == "Chile–Peru joint statement (March 2023)"
    assert sb["name"] == "Ghana–Kenya joint statement (September 2024)"


def test_the_same_parties_in_the_same_month_make_one_instrument(extract):
    a = extract("Chile and Peru issued a joint statement on fisheries.", date="2023-03-14")
    b = extract("The joint statement that Peru and Chile signed covers fisheries.", date="2023-03-20")
    c = extract("Chile and Peru issued a joint statement on fisheries.", date="2023-06-01")
    ids = [named(g, "joint statement")[0]["id"] for g in (a, b, c)]
    assert ids[0] == ids[1] != ids[2]


def test_the_parties_are_those_that_signed_else_the_articles_two_main_states(extract):
    g = extract("Mongolia hosted talks. Chile, Chile and Chile again. Uruguay and Paraguay signed a peace deal "
                "in Montevideo.", date="2022-11-05")
    (deal,) = named(g, "peace deal")
    assert deal["name"] == "Paraguay–Uruguay peace deal (November 2022)"
    g = extract("Mongolia and Kazakhstan discussed grain. Mongolia and Kazakhstan want more trade. "
                "A memorandum of understanding was mentioned.", date="2022-11-05")
    (mou,) = named(g, "memorandum of understanding")
    assert mou["name"] == "Kazakhstan–Mongolia memorandum of understanding (November 2022)"


def test_the_texts_wording_stays_an_alias_and_relations_follow_the_new_node(extract):
    g = extract("Chile and Peru signed a strategic partnership.", date="2023-03-14")
    (sp,) = named(g, "strategic partnership")
    assert sp["name"] == "Chile–Peru strategic partnership (March 2023)"
    assert ("Chile", "signed", sp["name"]) in g["triples"] or ("Chile", "party_to", sp["name"]) in g["triples"]
    assert not any(r["source"] == "agreement:strategic-partnership" or r["target"] == "agreement:strategic-partnership"
                   for r in g["relations"])


def test_a_capitalised_generic_wording_is_generic_too(extract):
    g = extract("Chile and Peru adopted a Joint Statement on Monday.", date="2023-03-14")
    (js,) = named(g, "Joint Statement")
    assert js["name"] == "Chile–Peru joint statement (March 2023)"


# ---- a named agreement matches only its name or a listed alias ---------------------------------------
def test_a_bilateral_trade_deal_is_not_a_named_trade_agreement(extract):
    g = extract("In 2019 Britain and the United States talked about a post-Brexit trade deal.", date="2019-06-04")
    names = {e["name"] for e in agreements(g)}
    assert "EU-UK Trade and Cooperation Agreement" not in names
    assert any(n.startswith("United Kingdom–United States") and "trade deal (June 2019)" in n for n in names), names


def test_the_tpp_is_not_the_cptpp(extract):
    g = extract("Vietnam joined the TPP talks. The Trans-Pacific Partnership was later abandoned.")
    names = {e["name"] for e in agreements(g)}
    assert names == {"Trans-Pacific Partnership"}
    g = extract("Britain joined the CPTPP.")
    cptpp = "Comprehensive and Progressive Agreement for Trans-Pacific Partnership"
    assert {e["name"] for e in agreements(g)} == {cptpp}


# ---- a name stops where the name stops ---------------------------------------------------------------
@pytest.mark.parametrize("text,name", [
    ("Fiji and Samoa signed the Ocean Access Agreement on Friday.", "Ocean Access Agreement"),
    ("Fiji and Samoa signed the Ocean Access Agreement in March.", "Ocean Access Agreement"),
    ("Fiji and Samoa adopted the Joint Declaration on the Fiji-Samoa Maritime Partnership.",
     "Joint Declaration on the Fiji-Samoa Maritime Partnership"),
    ("Leaders backed the Coral Sea Plan of Action on the Pacific fisheries.", "Coral Sea Plan of Action"),
    ("Fiji backs the Pacific Partnership for Reef Health and the Apia Declaration on Ocean Safety.",
     "Pacific Partnership for Reef Health"),
    ("Fiji backs the Pacific Partnership for Reef Health and the Apia Declaration on Ocean Safety.",
     "Apia Declaration on Ocean Safety"),
])
def test_a_name_stops_where_the_name_stops(extract, text, name):
    g = extract(text)
    assert name in {e["name"] for e in g["entities"]}, g["entities"]


def test_a_governments_own_plan_is_no_agreement_but_an_action_plan_is(extract):
    g = extract("Congress debated the American Harvest Plan. Chile and Peru adopted the Andean Action Plan on "
                "Water Security.")
    names = {e["name"] for e in agreements(g)}
    assert "Andean Action Plan on Water Security" in names
    assert not any("Harvest" in n for n in names), names


@pytest.mark.parametrize("text,fragment", [
    ("This Initiative will help farmers in Fiji.", "This Initiative"),
    ("Fiji and Samoa signed a Joint Declaration on the Samoa withdrawal from the talks.",
     "Joint Declaration on the Samoa"),
    ("Fiji and Samoa signed the Ocean Access Agreement on Friday.", "Ocean Access Agreement on Friday"),
    ("The Ministry issued a Press Statement on Fiji.", "Press Statement"),
])
def test_fragments_are_not_agreement_names(extract, text, fragment):
    g = extract(text)
    assert fragment not in {e["name"] for e in agreements(g)} | {a for e in agreements(g) for a in e["aliases"]}


@pytest.mark.parametrize("text", [
    "Chile and Peru reached a plea deal in the fraud case.",
    "Chile and Peru passed a budget deal and discussed past agreements.",
    "The mayor spoke at the 2016 Liberal National Convention in Lima.",
    "Before Andes Accords, the Treaty was the cornerstone.",
])
def test_what_is_no_instrument_between_states_is_no_agreement(extract, text):
    g = extract(text)
    assert not [e["name"] for e in agreements(g) if "Andes" not in e["name"]], agreements(g)


def test_a_generic_deal_with_a_state_keeps_that_wording_and_party(extract):
    g = extract("Chile left the trade deal with Peru last year. Bolivia and Bolivia again objected.",
                date="2021-04-02")
    (deal,) = [e for e in agreements(g) if "trade deal with Peru" in e["aliases"]]
    assert "Peru" in deal["name"] and deal["name"].endswith("trade deal (April 2021)")


def test_a_generic_wording_that_is_a_listed_name_is_that_agreement(extract):
    g = extract("Iran said the nuclear deal was still alive. Iran will not talk.", date="2019-02-01")
    assert {e["name"] for e in agreements(g)} == {"Joint Comprehensive Plan of Action"}


def test_a_governments_action_plan_is_no_agreement(extract):
    g = extract("The Food Agency released the Drug Competition Action Plan. Chile updated its National Action Plan "
                "on Water.")
    names = {e["name"] for e in agreements(g)}
    assert not {"Drug Competition Action Plan", "National Action Plan on Water"} & names, names


def test_a_headline_in_title_case_is_no_agreement_name(extract):
    g = extract("Minister To Plead Guilty In Agreement With Prosecutors\n\nChile and Peru met.")
    assert not agreements(g), agreements(g)
