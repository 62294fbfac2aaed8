"""The lexicons' phrase patterns kept on disk (extractors/pattern_cache.py): a process that reads them extracts
exactly what one that tokenized every lexicon form extracts, and a changed lexicon, tokenizer or file is never
read as it was."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import lexicons, pattern_cache
from extractors.matchers import Lexicon

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Monday. "
        "The two discussed the New START treaty, F-35 fighter jets and NATO's plans for the Black Sea region, "
        "and the People’s Republic of China said the talks with the U.S. were candid.")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ENTENTE_CACHE", str(tmp_path))
    return tmp_path / "patterns"


def _no_cache(monkeypatch):
    monkeypatch.setattr(pattern_cache, "tokenizer_fingerprint", lambda nlp: None)


def _matches(lex: Lexicon, doc) -> list:
    return [(doc.vocab.strings[m], s, e) for matcher in (lex.exact, lex.lower, lex.offices) for m, s, e in matcher(doc)]


def _use(monkeypatch, component, lex: Lexicon) -> None:
    """The pipeline's entity component, reading with this Lexicon."""
    from extractors.leaders import LeaderFinder
    monkeypatch.setattr(component, "lex", lex)
    monkeypatch.setattr(component, "order", {id(row): i for i, row in enumerate(lex.entries.values())})
    monkeypatch.setattr(component, "leaders", LeaderFinder(lex))


def test_an_extraction_with_stored_patterns_equals_one_without(nlp, extract, cache, monkeypatch):
    component = nlp.get_pipe("entente_entities")
    with monkeypatch.context() as m:
        _no_cache(m)
        built = Lexicon(nlp)
    assert not cache.exists()
    Lexicon(nlp)                                   # computes the patterns and stores them
    assert len(list(cache.glob("*.json"))) == 1
    with monkeypatch.context() as m:
        m.setattr(pattern_cache, "_values", lambda *a: pytest.fail("a stored pattern was computed again"))
        stored = Lexicon(nlp)
    doc = nlp(TEXT)
    assert _matches(stored, doc) == _matches(built, doc) and _matches(built, doc)
    graphs = []
    for lex in (built, stored):
        with monkeypatch.context() as m:
            _use(m, component, lex)
            g = extract(TEXT, "2023-02-06")
            graphs.append(json.dumps({k: g[k] for k in ("entities", "mentions", "relations", "topics")}, sort_keys=True))
    assert graphs[0] == graphs[1]


def test_stored_patterns_are_what_the_phrase_matcher_makes_of_each_form(nlp, cache, monkeypatch):
    plans = []
    real = pattern_cache.keywords
    monkeypatch.setattr(pattern_cache, "keywords", lambda nlp_, plan: plans.append(plan) or real(nlp_, plan))
    Lexicon(nlp)
    Lexicon(nlp)
    (plan, _again) = plans
    values = pattern_cache.keywords(nlp, plan)     # read from the file
    from spacy.matcher import PhraseMatcher
    matchers = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in pattern_cache.ATTRS}
    assert sum(len(forms) for _attr, forms in plan) > 5000
    for (attr, forms), stored in zip(plan, values):
        assert stored == [matchers[attr]._convert_to_array(nlp.make_doc(f)) for f in forms]


def test_a_lexicon_entry_added_after_the_patterns_were_stored_is_found(nlp, cache, monkeypatch):
    doc = nlp("The Zephyrion Lance missile was tested again.")
    assert not any("Zephyrion" in label for label, _s, _e in _matches(Lexicon(nlp), doc))
    known = lexicons.technologies()
    monkeypatch.setattr(lexicons, "technologies",
                        lambda: known + [{"name": "Zephyrion Lance", "aliases": ["Zephyrion Lances"], "kind": "missile"}])
    assert ("technology|Zephyrion Lance", 1, 3) in _matches(Lexicon(nlp), doc)
    assert len(list(cache.glob("*.json"))) == 2    # stored under another name; the old file is not read for it


def test_a_damaged_or_foreign_file_is_built_again(nlp, cache, monkeypatch):
    doc = nlp(TEXT)
    with monkeypatch.context() as m:
        _no_cache(m)
        expected = _matches(Lexicon(nlp), doc)
    Lexicon(nlp)
    (path,) = cache.glob("*.json")
    whole = path.read_bytes()
    head, _, body = whole.partition(b"\n")
    for damaged in (whole[: len(whole) // 2],                                   # cut short
                    head + b"\n" + body.replace(b"[", b"[1,", 1),               # a value changed
                    json.dumps({"key": "another", "digest": "x"}).encode() + b"\n" + body,
                    b"not json at all"):
        path.write_bytes(damaged)
        assert _matches(Lexicon(nlp), doc) == expected
        assert path.read_bytes() == whole                                        # and stored right again


def test_another_tokenizer_gives_another_key():
    import spacy
    plain, other = spacy.blank("en"), spacy.blank("en")
    other.tokenizer.infix_finditer = spacy.util.compile_infix_regex(list(other.Defaults.infixes) + ["~"]).finditer
    assert pattern_cache.tokenizer_fingerprint(plain) != pattern_cache.tokenizer_fingerprint(other)
    other.tokenizer.infix_finditer = lambda text: iter(())                      # no regex: nothing is stored
    assert pattern_cache.tokenizer_fingerprint(other) is None


SCRIPT = """
import json, sys
from extractors.articles import make_article
from extractors.graphify import doc_graph
from extractors.ingest import prepare
from extractors.pipeline import load
nlp = load()
g = doc_graph(nlp(prepare(nlp, make_article("", sys.argv[1], published="2023-02-06"))))
print(json.dumps(g, sort_keys=True, default=sorted))
"""


def test_a_new_process_reading_the_stored_patterns_extracts_what_the_one_that_stored_them_did(tmp_path):
    def run():
        out = subprocess.run([sys.executable, "-c", SCRIPT, TEXT], cwd=ROOT, capture_output=True, text=True,
                             env={**_env(), "ENTENTE_CACHE": str(tmp_path)}, check=True)
        return out.stdout
    first = run()
    assert len(list((tmp_path / "patterns").glob("*.json"))) == 1
    assert run() == first


def _env():
    import os
    return {k: v for k, v in os.environ.items() if k != "ENTENTE_CACHE"}
