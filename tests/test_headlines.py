"""A headline's verb is read as a verb: 'Iran issues arrest warrants', 'Iraqi Parliament votes for ...',
though the English model, trained on running text, takes the -s word after a name for a plural noun."""


def specific(g):
    names = {e["id"]: e["name"] for e in g["entities"]}
    return {(names[r["source"]], r["relation"], names[r["target"]]) for r in g["relations"]
            if r["relation"] not in ("related_to", "leader_of") and r.get("assertion", "asserted") == "asserted"}


def test_a_headline_verb_after_a_name_states_its_event(extract):
    g = extract("Iraqi Parliament votes for expulsion of United States troops\n\nThe vote in Iraq was held on Sunday.")
    assert ("Iraq", "sanctions", "United States") in specific(g), specific(g)


def test_a_headline_noun_followed_by_its_own_verb_stays_a_noun(nlp):
    for line, word in (("Kremlin talks continue in Moscow", "talks"),
                       ("U.S. sanctions on China are means without an end", "sanctions")):
        doc = nlp(line + "\n\nThe talks went on.")
        assert next(t for t in doc if t.text == word).tag_ == "NNS", line


def test_running_text_is_left_as_the_parser_reads_it(nlp):
    text = "Iraqi Parliament votes for expulsion of United States troops."
    with nlp.select_pipes(disable=["entente_headlines"]):
        plain = [(t.tag_, t.dep_, t.head.i) for t in nlp(text)]
    assert [(t.tag_, t.dep_, t.head.i) for t in nlp(text)] == plain
