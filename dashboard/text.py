"""Article text on screen is always text: helpers that escape it for Markdown and HTML.

Names, titles and sentences come from articles anyone can write, so `<img src=x onerror=…>` must show
literally and never run. Streamlit Markdown already refuses raw HTML; escaping every punctuation mark
also stops article text from turning into links, emphasis, LaTeX (`$`), colour directives (`:red[…]`)
or emoji shortcodes, and a word joiner before bare addresses stops them being linked. Links are only
made for http(s) URLs, by md_link.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=^%@/])")


# GitHub-flavoured Markdown links bare addresses (http://…, www.…, a@b.c) after escapes are undone, so a
# word joiner (U+2060, invisible) goes before each: article text never becomes a link (a phishing risk)
_AUTOLINK = re.compile(r"(?i)(?=\b(?:https?|ftp|mailto|xmpp):|\bwww\.|@)")


def md(text) -> str:
    """Text made inert for st.markdown (and other Markdown-rendering elements)."""
    text = " ".join(str(text if text is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", text))


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None (no javascript:, data: or relative links)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def md_link(label: str, url: str | None) -> str:
    """A Markdown link with an escaped label, or the escaped label alone when the URL is not http(s)."""
    u = safe_url(url)
    if not u:
        return md(label)
    u = u.replace("(", "%28").replace(")", "%29")
    return f"[{md(label)}]({u})"


def marked_html(text: str, spans: list[dict], colours: dict[str, str], keep: set[str] | None = None) -> str:
    """An article as HTML: every character escaped, entity mentions wrapped in <mark>.

    `spans` are dicts with start, end, entity_id, name, type (from the mentions table); `keep` limits
    the marks to the entities of the current view.
    """
    out, pos = [], 0
    for sp in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = int(sp["start"]), int(sp["end"])
        if start < pos or end > len(text) or start >= end:
            continue
        if keep is not None and sp["entity_id"] not in keep:
            continue
        colour = colours.get(sp["type"], "#999999")
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(sp["name"] + " (" + sp["type"] + ")", quote=True)}" '
                   f'style="background:{colour}33;border-bottom:2px solid {colour};padding:0 1px">'
                   f"{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div style="font:15px/1.55 sans-serif;white-space:normal">{body}</div>'
