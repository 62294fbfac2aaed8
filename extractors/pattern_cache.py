"""The lexicons' phrase patterns kept on disk, so a new process does not tokenize 10,000 names again.

A PhraseMatcher pattern is the sequence of its tokens' ORTH or LOWER values. Tokenizing every lexicon form
and making a lexeme for each new word took 0.5 s of every process's start (more than the whole reading of a
one-article ingest). The values depend only on the forms, the tokenizer's rules and spaCy, so they are kept
in a file named by a hash of exactly those: the forms themselves as the lexicons and `matchers.py` make
them (a lexicon entry added, removed or respelled gives another name), the tokenizer's rules and patterns,
the spaCy version, the model's name and version, and this file's code. A second process reads the file and
gives each PhraseMatcher the same values in the same order, which is what it would have computed: the
matches, and so the extractions, are the same.

Files are under ENTENTE_CACHE (default `~/.cache/entente`)/patterns, written atomically, with a digest of
their body: a file that is missing, unreadable, truncated, altered or of another shape is ignored and
built again; one that cannot be written is no error (the patterns are then built every time). Old files are
pruned, oldest first, past MAX_FILES.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from graph import disk_cache

MAX_FILES = 8
ATTRS = ("ORTH", "LOWER")


def folder() -> Path:
    return disk_cache.folder("patterns")


def _pattern_of(function) -> str | None:
    """The regex behind a tokenizer's search function (`re.compile(...).search`), None if none; False if it
    is some other function (whose behaviour no hash can name)."""
    if function is None:
        return None
    pattern = getattr(getattr(function, "__self__", None), "pattern", None)
    return pattern if isinstance(pattern, str) else False


def tokenizer_fingerprint(nlp) -> str | None:
    """What the tokens of a form depend on, hashed; None when that cannot be told (a custom tokenizer)."""
    import spacy
    tok = nlp.tokenizer
    parts = [_pattern_of(getattr(tok, name, None)) for name in
             ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match")]
    rules = getattr(tok, "rules", None)
    if False in parts or not isinstance(rules, dict):
        return None
    meta = nlp.meta or {}
    head = [spacy.__version__, nlp.lang, meta.get("name"), meta.get("version"), type(tok).__module__,
            type(tok).__qualname__, getattr(tok, "faster_heuristics", None), parts, _code()]
    h = hashlib.blake2b(json.dumps(head).encode(), digest_size=16)
    h.update(repr(sorted(rules.items())).encode())
    return h.hexdigest()


def _code() -> str:
    return hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def _values(nlp, attr: str, form: str) -> list[int]:
    """The pattern a PhraseMatcher with this `attr` makes of the form (the same attribute array it reads)."""
    return nlp.make_doc(form).to_array(attr).tolist()


def keywords(nlp, plan: list[tuple[str, list[str]]]) -> list[list[list[int]]]:
    """For each (attr, forms) of the plan, each form's token values: from the file for these forms, else
    computed (and the file written). The file is named by the set of (attr, form) pairs, whatever order
    they come in (a lexicon's aliases are a set, whose order changes from one process to the next)."""
    if any(attr not in ATTRS for attr, _forms in plan):
        raise ValueError(f"attrs must be among {ATTRS}")
    pairs = sorted({(attr, form) for attr, forms in plan for form in forms})
    table = _table(nlp, pairs)
    return [[table[attr, form] for form in forms] for attr, forms in plan]


def _table(nlp, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
    fingerprint = tokenizer_fingerprint(nlp)
    if fingerprint is None:
        return _build(nlp, pairs)
    key = hashlib.blake2b(json.dumps([fingerprint, pairs], ensure_ascii=False).encode(), digest_size=20).hexdigest()
    try:
        path = folder() / f"{key}.json"
    except (RuntimeError, KeyError, OSError):   # no home folder to keep them in: computed every time
        return _build(nlp, pairs)
    found = _read(path, key, pairs)
    if found is not None:
        return found
    table = _build(nlp, pairs)
    _write(path, key, [table[p] for p in pairs])
    return table


def _build(nlp, pairs) -> dict[tuple[str, str], list[int]]:
    return {(attr, form): _values(nlp, attr, form) for attr, form in pairs}


def _read(path: Path, key: str, pairs) -> dict[tuple[str, str], list[int]] | None:
    """The stored values, if the file is whole, is for these pairs and has their shape; else None."""
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        meta = json.loads(head)
        if meta.get("key") != key or meta.get("digest") != hashlib.blake2b(body, digest_size=20).hexdigest():
            return None
        values = json.loads(body)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(values, list) or len(values) != len(pairs):
        return None
    for form_values in values:
        if not isinstance(form_values, list) or not all(type(v) is int and 0 <= v < 1 << 64 for v in form_values):
            return None
    return dict(zip(pairs, values))


def _write(path: Path, key: str, values) -> None:
    """Store the values (atomically: a reader sees the whole file or none); errors are ignored."""
    part = None
    try:
        body = json.dumps(values, separators=(",", ":")).encode()
        head = json.dumps({"key": key, "digest": hashlib.blake2b(body, digest_size=20).hexdigest()}).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".part", delete=False) as f:
            part = f.name
            f.write(head + b"\n" + body)
        os.replace(part, path)
        part = None
        disk_cache.prune(path.parent, MAX_FILES)
    except OSError:
        pass
    finally:
        if part:
            try:
                os.unlink(part)
            except OSError:
                pass
