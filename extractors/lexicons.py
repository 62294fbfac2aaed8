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


def _jsonl(name: str) -> list[dict]:
    path = HERE / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _json(name: str, default):
    path = HERE / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def _regexes(name: str) -> list[re.Pattern]:
    path = HERE / name
    if not path.exists():
        return []
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return [re.compile(ln, re.I) for ln in lines if ln and not ln.startswith("#")]


@lru_cache(None)
def states() -> dict[str, dict]:
    return _json("states.json", {})


@lru_cache(None)
def leaders() -> list[dict]:
    return _jsonl("leaders.jsonl")


@lru_cache(None)
def technologies() -> list[dict]:
    return _jsonl("technologies.jsonl")


@lru_cache(None)
def agreements() -> list[dict]:
    return _jsonl("agreements.jsonl")


@lru_cache(None)
def organizations() -> list[dict]:
    return _jsonl("organizations.jsonl")


@lru_cache(None)
def regions() -> list[dict]:
    return _jsonl("regions.jsonl")


@lru_cache(None)
def subnational() -> list[dict]:
    """Regions within a state that have their own governments (Bavaria, West Bengal, Texas)."""
    return _jsonl("subnational.jsonl")


@lru_cache(None)
def offices() -> dict[str, list[str]]:
    return _json("offices.json", {})


@lru_cache(None)
def topics() -> dict[str, list[str]]:
    return _json("topics.json", {})


@lru_cache(None)
def triggers() -> dict[str, list[str]]:
    return _json("triggers.json", {})


@lru_cache(None)
def furniture() -> list[re.Pattern]:
    return _regexes("furniture.txt")


@lru_cache(None)
def credits() -> list[re.Pattern]:
    return _regexes("credits.txt")
