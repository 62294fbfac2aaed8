"""Who 'we' are in an article: the speakers that first-person plural pronouns stand for.

Statements and releases speak as "we": "We, the foreign ministers of A, B and C, condemn ...", a joint
statement whose title names its parties, or a government's own release ("We will provide ..."
from the White House is the United States). The speakers are read in that order: an apposition to
"we" in the text, the parties a joint statement's title names, then the state whose government
publishes at the article's web address (lexicons/publishers.json).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from . import lexicons

FIRST_PLURAL = {"we", "our", "us", "ours", "ourselves"}
SPEAKER_LABEL = re.compile(r"^\s*([A-Z][A-Z.'’ -]{2,40}):", re.M)


@lru_cache(None)
def _publishers() -> dict:
    return lexicons.load("publishers.json")


def publisher_state(url: str | None) -> str | None:
    """ISO-3 code of the state whose government publishes at this address, if it is one we know."""
    host = (urlsplit(url or "").hostname or "").lower()
    domains = _publishers().get("domains", {})
    while host:
        if host in domains:
            return domains[host]
        host = host.partition(".")[2]
    return None


def is_joint_title(text: str) -> bool:
    low = text.lower().replace("’", "'")
    return any(t.replace("’", "'") in low for t in _publishers().get("joint_titles", ()))


def is_transcript(text: str) -> bool:
    """Remarks with several speakers ('SECRETARY BLINKEN:', 'FOREIGN MINISTER OSMANI:'): 'we' changes with
    the speaker, so the publisher does not speak for every 'we'."""
    return len({m.group(1).strip() for m in SPEAKER_LABEL.finditer(text)}) >= 2
