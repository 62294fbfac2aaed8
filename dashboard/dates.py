"""Dates on the page: a date typed into a filter applies at once, and the reader says where an article's
date came from and lets a person correct it.

Streamlit's date field sends its value only when the user presses somewhere else on the page, so a
typed date waited for the next click. A small script (ours, no article text in it) does that once a
whole date is typed (a short pause after its last part, the day) or on Enter. A correction is stored by
`graph.Store.correct_date`, which re-dates the article's evidence and keeps every total true; the caches
key on the data version, so the graph, timeline and tables follow on the same rerun.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from . import loaders
from .text import md

_COMMIT_TYPED = r"""
(() => {
  if (window.__ententeTypedDates) return;
  window.__ententeTypedDates = true;
  let timer = null;
  const FIELD = '[data-testid="stDateInputField"]';
  const parts = field => Array.from(field.querySelectorAll('[role="spinbutton"]'));
  const whole = field => { const p = parts(field); return p.length > 0 && p.every(s =>
      !s.hasAttribute('data-placeholder') && s.getAttribute('aria-valuetext') !== 'Empty'); };
  // the field sends its value when focus leaves it for the page: let go, and press on the page outside it
  const letGo = target => {
    if (document.activeElement !== target) return;
    target.blur();
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
      document.body.dispatchEvent(new MouseEvent(type, {bubbles: true}));
  };
  document.addEventListener('keyup', e => {
    const field = e.target && e.target.closest ? e.target.closest(FIELD) : null;
    if (!field) return;
    clearTimeout(timer);
    if (e.key === 'Enter') { if (whole(field)) letGo(e.target); return; }
    const p = parts(field);
    if (/^[0-9]$/.test(e.key) && e.target === p[p.length - 1] && whole(field)) {
      timer = setTimeout(() => letGo(e.target), 700);   // a day may have a second digit still to come
    }
  }, true);
})();
"""
# A component frame (same origin) puts the script into the page itself, once: the page's own elements
# never carry a script (tests/test_dashboard.py checks st.html), and it runs in the page, not the frame.
_LOADER = """<!doctype html><html><head></head><body><script>
const page = window.parent.document;
if (!page.getElementById('entente-typed-dates')) {
  const s = page.createElement('script');
  s.id = 'entente-typed-dates';
  s.textContent = %s;
  page.head.appendChild(s);
}
</script></body></html>"""


def commit_typed_dates(where=st) -> None:
    """Make the page's date fields apply a typed date at once (mounted once, in `where`; nothing visible)."""
    import json
    where.iframe(_LOADER % json.dumps(_COMMIT_TYPED), height=1, width="content")


def origin(art: dict) -> str:
    """Where an article's date came from, in a few words ('' when from the file or feed itself)."""
    meta = art.get("meta") or {}
    corrected = meta.get("date_corrected")
    if isinstance(corrected, dict):
        read = corrected.get("read")
        return f"corrected by hand; read as {read}" if read else "corrected by hand; was undated"
    if meta.get("date_from") == "dateline":
        return "read from its dateline"
    return ""


def shown(art: dict) -> str:
    """The date line of the reader: the date and where it came from, as Markdown-safe text."""
    date, why = art.get("published"), origin(art)
    text = date or "undated"
    return md(f"{text} ({why})" if why else text)


def _save(path: str, article_id: str, key: str) -> None:
    value = st.session_state.get(key)
    try:
        changed = loaders.store(path).correct_date(article_id, value.isoformat() if value else None)
    except ValueError as exc:
        st.session_state["dates_message"] = ("error", f"Not saved: {exc}")
        return
    st.session_state["dates_message"] = (
        ("success", f"Date saved: {value.isoformat() if value else 'undated'}") if changed
        else ("error", "Not saved: this article is no longer stored"))


def editor(path: str, art: dict) -> None:
    """A small form under the reader's title: the article's date, to correct by hand."""
    current = dt.date.fromisoformat(art["published"]) if art.get("published") else None
    key = f"dates_fix_{art['id']}"
    with st.expander("Correct the date", icon=":material/edit_calendar:"):
        c1, c2, _rest = st.columns([2, 1, 2], vertical_alignment="bottom")
        c1.date_input("Date of this article", value=current, key=key, format="YYYY-MM-DD",
                      min_value=dt.date(1800, 1, 1), max_value=dt.date.today() + dt.timedelta(days=366),
                      help="Its evidence is dated by it: the graph, timeline and date filters follow. Clear it "
                           "to leave the article undated.")
        c2.button("Save date", key=f"{key}_save", on_click=_save, args=(path, art["id"], key), type="primary")
        if message := st.session_state.pop("dates_message", None):
            (st.success if message[0] == "success" else st.error)(md(message[1]))
