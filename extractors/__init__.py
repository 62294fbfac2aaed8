"""Entente's extractors: articles in, entities, relations and evidence out (spaCy)."""
