"""Terms of office: when a lexicon leader held an office, to the day where it is known.

A bound in leaders.jsonl is "YYYY-MM-DD", "YYYY-MM" or a year ("YYYY" or a number). A coarser bound
is uncertain over its whole month or year, so it counts as in office throughout it, unless the
holder before or after in the same office gives a finer date within it (May left on 2019-07-24, so
a successor known only to have started in 2019 started that day).
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from functools import lru_cache

from . import lexicons

EARLIEST, LATEST = dt.date.min, dt.date.max


def day(value) -> dt.date | None:
    """An ISO date ("2019-07-24", or the date part of a timestamp) as a date, else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def span(value) -> tuple[dt.date, dt.date] | None:
    """The first and last day a bound may denote: 2019 -> (2019-01-01, 2019-12-31)."""
    if value in (None, ""):
        return None
    parts = [int(p) for p in str(value).split("-")[:3]]
    year = parts[0]
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    exact = dt.date(year, month, parts[2])
    return exact, exact


def precise(value) -> bool:
    """A bound given to the day."""
    return value not in (None, "") and len(str(value).split("-")) == 3


def key(row: dict) -> tuple:
    return row["name"], row.get("country") or row.get("body"), row["office"], str(row.get("start"))


@lru_cache(None)
def _bounds() -> dict[tuple, tuple[dt.date, dt.date, dt.date, dt.date]]:
    """Per lexicon row: (earliest start, latest start, earliest end, latest end), coarse bounds narrowed
    by the finer dates of the holders before and after in the same office."""
    offices = defaultdict(list)
    for row in lexicons.leaders():
        offices[(row["country"], row["office"].lower())].append(row)
    out = {}
    for rows in offices.values():
        for row in rows:
            start, end = span(row.get("start")), span(row.get("end"))
            s_lo, s_hi = start or (EARLIEST, EARLIEST)
            e_lo, e_hi = end or (LATEST, LATEST)
            if end and not precise(row.get("end")):
                handovers = [span(o["start"])[0] for o in rows if o is not row and precise(o.get("start"))
                             and e_lo <= span(o["start"])[0] <= e_hi and span(o["start"])[0] >= s_lo]
                if handovers:
                    e_lo = e_hi = min(handovers)
            if start and not precise(row.get("start")):
                handovers = [span(o["end"])[0] for o in rows if o is not row and precise(o.get("end"))
                             and s_lo <= span(o["end"])[0] <= s_hi and span(o["end"])[0] <= e_hi]
                if handovers:
                    s_lo = s_hi = max(handovers)
            out[key(row)] = (s_lo, s_hi, e_lo, e_hi)
    return out


def bounds(row: dict) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    found = _bounds().get(key(row))
    if found is None:   # a row that is not in the lexicon file (tests, callers' own rows)
        start, end = span(row.get("start")), span(row.get("end"))
        found = (*(start or (EARLIEST, EARLIEST)), *(end or (LATEST, LATEST)))
    return found


def held_on(row: dict, when: dt.date) -> bool:
    """The holder may have been in office that day (coarse bounds count in full)."""
    s_lo, _s_hi, _e_lo, e_hi = bounds(row)
    return s_lo <= when <= e_hi


def surely_held_on(row: dict, when: dt.date) -> bool:
    """The holder was in office that day whatever day within its bounds the term began and ended."""
    _s_lo, s_hi, e_lo, _e_hi = bounds(row)
    return s_hi <= when <= e_lo


def ended_before(row: dict, when: dt.date) -> bool:
    return bounds(row)[3] < when


def last_day(row: dict) -> dt.date:
    return bounds(row)[3]


def year(value, default: int) -> int:
    """The year of a bound (2019, "2019", "2019-07-24"), or the default when there is none."""
    return int(str(value)[:4]) if value not in (None, "") else default
