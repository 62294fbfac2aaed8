"""The lexicons Entente's extractors use, loaded once from the data files in extractors/lexicons/.

Knowledge lives in data files (JSON, JSON Lines, one regex a line) so it can be reviewed and extended
without touching code, as spaCy keeps patterns apart from its components.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lexicons"


@lru_cache(None)
def load(name: str):
    """One lexicon file, parsed by its kind (.json, .jsonl, or one regex a line), read once per process.
    A missing file is an empty lexicon."""
    path = HERE / name
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in _lines(path) if line.strip()] if path.exists() else []
    if name.endswith(".json"):
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    lines = [ln.strip() for ln in _lines(path)] if path.exists() else []
    return [re.compile(ln, re.I) for ln in lines if ln and not ln.startswith("#")]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def states() -> dict[str, dict]: return load("states.json")                   # noqa: E704
def leaders() -> list[dict]: return load("leaders.jsonl")                     # noqa: E704
def technologies() -> list[dict]: return load("technologies.jsonl")           # noqa: E704
def agreements() -> list[dict]: return load("agreements.jsonl")               # noqa: E704
def organizations() -> list[dict]: return load("organizations.jsonl")         # noqa: E704
def regions() -> list[dict]: return load("regions.jsonl")                     # noqa: E704
def subnational() -> list[dict]: return load("subnational.jsonl")             # noqa: E704  (Bavaria, Texas)
def offices() -> dict[str, list[str]]: return load("offices.json")            # noqa: E704
def national_titles() -> dict[str, list[str]]: return load("national_titles.json")["titles"]   # noqa: E704
def topics() -> dict[str, list[str]]: return load("topics.json")              # noqa: E704
def furniture() -> list[re.Pattern]: return load("furniture.txt")             # noqa: E704
def credits() -> list[re.Pattern]: return load("credits.txt")                 # noqa: E704
