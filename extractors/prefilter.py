"""What a regex's match must contain, read from the regex itself: a cheap test that skips the regex where it
cannot match.

Blanking photo credits runs twenty regexes over every line of every article, and each tries every position of
the line (their `\\s*` start and look-behind defeat the regex engine's own fast scan), for a match in perhaps
one line in a thousand. But most of these regexes cannot match a line without some literal text of their own:
a bracket, a slash, "via", "Getty Images". `needs(pattern)` finds those parts (text or one character of a set
of characters that every match contains, under the pattern's own flags) and gives a search for each; if any
of them finds nothing, neither can the pattern, so `pattern.sub` would change nothing. A pattern none can be
read from (alternatives only, a part under other flags) gets no test and always runs.
"""
from __future__ import annotations

import re
from typing import Callable

try:
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover  (Python before 3.11)
    import sre_constants as _C   # type: ignore[no-redef]
    import sre_parse as _P       # type: ignore[no-redef]


def needs(pattern: re.Pattern) -> list[Callable[[str], re.Match | None]]:
    """Searches that each find something in any string the pattern finds a match in (none if unknown)."""
    try:
        parts = _mandatory(_P.parse(pattern.pattern, pattern.flags))
        return [re.compile(part, pattern.flags).search for part in dict.fromkeys(parts)]
    except Exception:  # noqa: BLE001  (a construct this reading does not know: no test, the pattern always runs)
        return []


def _mandatory(items) -> list[str]:
    """Regexes for the literal runs and single-character sets every match of this sequence contains: only what
    the sequence itself, its groups that keep the flags, and its parts repeated at least once must match."""
    found: list[str] = []
    run: list[int] = []

    def flush():
        if run:
            found.append("".join(re.escape(chr(c)) for c in run))
            run.clear()
    for op, av in items:
        if op is _C.LITERAL:
            run.append(av)
            continue
        flush()
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                found += _mandatory(sub)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            found += _mandatory(av[2])
        elif op is _C.IN and av and all(o is _C.LITERAL for o, _a in av):
            found.append("[" + "".join(re.escape(chr(a)) for _o, a in av) + "]")
    flush()
    return found
