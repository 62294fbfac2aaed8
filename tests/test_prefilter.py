"""A regex is skipped only where it cannot match (extractors/prefilter.py): blanking photo credits with the
tests gives exactly the text blanking without them gives."""
from __future__ import annotations

import random
import re

import pytest

from extractors import articles
from extractors.prefilter import needs

CAPTIONED = """President Aleksandar Vucic met the delegation in Belgrade on Monday. (Photo: Jane Roe/Reuters)
Officials signed three agreements (Xinhua/Li Wei)
A crowd gathers outside the ministry | PHOTO: Ivan Petrov
The minister spoke to reporters. John Smith/AFP via Getty Images
Soldiers on parade. REUTERS/Maxim Shemetov
The summit opened in Geneva. Photo: Anna Berg
Delegates listen to the opening remarks. [Photo/Agencies]
FILE PHOTO: Flags of both states fly at the border crossing ahead of the talks between the two foreign ministers
QUESTION: Will the talks resume? (Laughter.)
MR PRICE: We have nothing to announce today, as I said a moment ago.
Ships in the harbour. AP Photo/Ali Haider
Protesters in Kyiv. Handout via Reuters
Troops withdraw from the town. File photo.
The ceasefire held overnight, both sides said — a first since March / April talks (none of it a credit)
"""


def _without_tests(text: str) -> str:
    out, seen = [], set()
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        stripped = body.strip()
        key = articles.normalise(stripped)
        if stripped and (any(p.fullmatch(stripped) for p in articles.lexicons.furniture())
                         or (len(key) > 40 and key in seen)):
            out.append(" " * len(body) + ending)
            continue
        seen.add(key)
        body = articles._BULLET.sub(lambda m: m.group(1) + "  ", body)
        for pattern in articles._credits():
            body = pattern.sub(lambda m: " " * len(m.group(0)), body)
        out.append(body + ending)
    return "".join(out)


def test_credits_are_blanked_as_without_the_tests():
    blanked = articles.blank_furniture(CAPTIONED)
    assert blanked == _without_tests(CAPTIONED)
    assert "Jane Roe" not in blanked and "Getty" not in blanked and "Vucic met" in blanked


def test_most_credit_patterns_get_a_test():
    tested = [p for p, found in articles._credits_tested() if found]
    assert len(tested) >= len(articles._credits()) * 2 // 3


@pytest.mark.parametrize("pattern", [
    r"\s*\bGetty Images\s*$", r"(?<!\s)(?:\s*\((Xinhua|AP)\s*/[^)]*\))", r"ab+c(?-i:D)e", r"x{2,}y?z",
    r"[|–—]\s*(?-i:Photo)", r"(?i)via\s+\w+", r"(foo|bar)baz", r"a(?=bc)", r"[^/]+/x", r"(?x) a b \# c",
])
def test_a_pattern_never_matches_where_a_test_finds_nothing(pattern):
    compiled = re.compile(pattern, re.I)
    tests = needs(compiled)
    rng = random.Random(7)
    alphabet = list("abcxyzDEGIPSVaeghimostv /|()#–\\") + [
        "Getty Images", "via ", "(Xinhua", "AP ", "/", "Photo", "PHOTO", "baz", "bar", "bc", "abbcDe", "ABCDE", "xxz",
        "xxxyz", "ab#c", "AB#C", "(AP/x)", "(Xinhua / a)", "barbaz"]
    matched = 0
    for _ in range(5000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        if compiled.search(s):
            matched += 1
            assert all(t(s) for t in tests), (pattern, s)
    assert matched >= 10 and tests


def test_what_cannot_be_read_gets_no_test():
    assert needs(re.compile(r"(?-i:File|FILE)\s+(photo|image)", re.I)) == []
    assert [t.__self__.pattern for t in needs(re.compile(r"\s*\bREUTERS/[\w .'/-]+$", re.I))] == ["REUTERS/"]
