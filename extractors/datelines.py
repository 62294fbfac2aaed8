"""Datelines: the date an undated article gives itself, so its offices can be read as they stood.

Only two places count: a dateline opening the body ("MANILA, 14 March 2025 —", "WASHINGTON (Reuters) -
March 3, 2022 -", "Friday, January 4, 2019") and a publication line ("Published: 3 March 2022",
"Posted on March 3, 2022"). A date the body merely mentions ("On March 3, 2022, troops ...", a photo
caption) is never the article's date.
"""
from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateparser

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_DATE = (rf"{_WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[apAP]\.?[mM]\.?)?(?:\s+[A-Z]{2,4})?)?"
# a place in capitals, perhaps a region or country after a comma, perhaps an agency in brackets
_PLACE = (r"[A-ZÀ-Ý][A-ZÀ-Ý.'’\- ]+(?:,\s*[A-Z][A-Za-z.'’\- ]+)?\s*(?:\([^)\n]{1,40}\))?\s*[,:\-–—]+\s*")
DATELINE = re.compile(rf"^\s*(?:{_PLACE})?(?P<date>{_DATE}){_TIME}\s*(?:[-–—:|(]|$)")
PUBLISHED = re.compile(rf"^\s*(?:first\s+)?(?:published|posted|updated|last\s+updated|date|dated)(?:\s+on)?\s*:?\s*"
                       rf"(?P<date>{_DATE}){_TIME}\s*(?:[|,;]|by\b|$)", re.I)

FIRST_LINES = 5   # a publication line is looked for among the first and the last lines
LAST_LINES = 3


def dateline_date(body: str, title: str = "") -> str | None:
    """The ISO date of the body's dateline or publication line, else None."""
    lines = [ln.strip() for ln in (body or "").splitlines() if ln.strip()]
    if not lines:
        return None
    if title and lines[0] == " ".join(title.split()):
        lines = lines[1:]
    # the dateline opens the body: its first line, or the second when the first is the headline
    opening = lines[:1] if title else lines[:2]
    for line in opening:
        found = _date(DATELINE.match(line))
        if found:
            return found
    for line in lines[:FIRST_LINES] + lines[-LAST_LINES:]:
        found = _date(PUBLISHED.match(line))
        if found:
            return found
    return None


def _date(match) -> str | None:
    if match is None:
        return None
    try:
        parsed = dateparser.parse(match.group("date").replace(".", " "), default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if not 1900 < parsed.year <= dt.date.today().year + 1:
        return None
    return parsed.strftime("%Y-%m-%d")
