"""CSV cells a spreadsheet will not run: text that would be read as a formula starts with `'`.

Titles, names, sentences and URLs come from articles anyone can write. A cell that starts with `=`, `+`,
`-` or `@` (or a tab or carriage return, or those after spaces or invisible characters, or their
full-width forms) is a formula to Excel, LibreOffice and Google Sheets: `=HYPERLINK(...)` or a DDE call
in a downloaded edges.csv. As OWASP recommends, such a cell is prefixed with a single quote, which the
spreadsheet shows as text. Only CSV is changed: GraphML, GEXF and JSON keep every value as stored.
"""
from __future__ import annotations

import unicodedata

TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")   # and their full-width forms
BREAKS = frozenset("\t\r\n")


def is_formula(text) -> bool:
    """True when a spreadsheet could read the cell as a formula."""
    if not isinstance(text, str) or not text:
        return False
    if text[0].isalnum():   # most cells: a letter or digit first is never read as a formula
        return False
    if text[0] in BREAKS:
        return True
    for ch in text:
        if ch in TRIGGERS:
            return True
        if not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")):
            return False
    return False


def neutral(text):
    """The cell as a spreadsheet should see it: prefixed with `'` when it could be read as a formula."""
    return "'" + text if is_formula(text) else text
