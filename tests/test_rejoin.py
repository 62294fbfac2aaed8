"""A sentence the parser cut where no sentence can end (after 'and', a preposition, a comma) is parsed
again whole, so the members of a list after the cut still belong to its clause."""
import numpy
from spacy.attrs import DEP, HEAD


def _cut_after(nlp, text, word):
    """The text parsed up to the parser, then cut into two sentences right after `word`, as the English
    parser sometimes cuts a long list."""
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "entente_sentences", "parser"):
        doc = nlp.get_pipe(name)(doc)
    cut = next(t.i for t in doc if t.text == word) + 1
    arr = doc.to_array([HEAD, DEP]).astype("int64")
    root = next(t.i for t in doc if t.dep_ == "ROOT")
    first, second = (root if root < cut else 0), cut    # one root on each side of the cut
    for t in doc:
        side_root = first if t.i < cut else second
        if t.i == side_root:
            arr[t.i] = [0, doc.vocab.strings["ROOT"]]
        elif (t.i < cut) != (t.head.i < cut) or t.head.i == side_root and t.dep_ == "ROOT":
            arr[t.i, 0] = side_root - t.i
    doc.from_array([HEAD, DEP], arr.astype(numpy.uint64))
    return doc


def test_a_cut_after_and_in_a_list_is_parsed_again_as_one_sentence(nlp):
    doc = _cut_after(nlp, "Norway joined Sweden, Finland, Denmark, and Iceland as members of the Arctic forum.", "and")
    assert [s.text.split()[-1] for s in doc.sents][0] == "and"    # the cut the test makes
    doc = nlp.get_pipe("entente_rejoin")(doc)
    assert len(list(doc.sents)) == 1
    iceland = next(t for t in doc if t.text == "Iceland")
    assert iceland.head.text in ("Denmark", "Finland", "Sweden"), (iceland.head, iceland.dep_)


def test_a_line_break_stays_a_sentence_end_whatever_word_ends_the_line(nlp):
    doc = nlp("Ministers of Norway and\nSweden met on Monday.")
    assert len(list(doc.sents)) == 2
