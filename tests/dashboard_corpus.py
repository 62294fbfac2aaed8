"""A small corpus and test database for the dashboard tests (built once per test session).

Six short articles in two clusters (Serbia–China–France; India–Russia–United States), so a country
filter visibly changes the graph, plus one hostile article: its title is a <script> tag and a person
in it is named `<img src=x onerror=alert(1)>`. spaCy will not make that name a node, so the entity, its
mention and a relation are written with the store's own SQL (legitimate for a safety test).
"""
from __future__ import annotations

from pathlib import Path

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_ID = "person:xss-probe"
XSS_TITLE = '<script>alert("title")</script> Belgrade talks'

ARTICLES = {
    "01-xi-belgrade.md": """---
title: Xi Jinping visits Belgrade and signs partnership with Serbia
date: 2024-05-08
url: https://example.org/xi-belgrade
source: Example Wire
---
Chinese President Xi Jinping met Serbian President Aleksandar Vucic in Belgrade on 8 May 2024.
Xi Jinping and Aleksandar Vucic signed a joint statement on a shared future for China and Serbia.
China supplies Serbia with the FK-3 air defence system, Serbian officials said.
Vucic thanked China for its support on Kosovo.
""",
    "02-macron-rafale.md": """---
title: Serbia buys Rafale jets during Macron visit
date: 2024-08-29
url: https://example.org/rafale
source: Example Wire
---
French President Emmanuel Macron visited Belgrade on 29 August 2024.
Serbia agreed to buy 12 Rafale fighter jets from France.
Emmanuel Macron met Aleksandar Vucic and said France and Serbia would cooperate on defence.
""",
    "03-hungary.md": """---
title: Xi Jinping meets Viktor Orban in Budapest
date: 2024-05-09
url: https://example.org/budapest
source: Example Wire
---
Xi Jinping met Hungarian Prime Minister Viktor Orban in Budapest on 9 May 2024.
China and Hungary raised their relations to an all-weather strategic partnership.
""",
    "04-india-s400.md": """---
title: Russia delivers S-400 systems to India
date: 2021-12-06
url: https://example.org/s400
source: Example Wire
---
Russia began delivering the S-400 air defence system to India in December 2021.
Indian Prime Minister Narendra Modi met Russian President Vladimir Putin in New Delhi.
The United States warned India about sanctions over the purchase from Russia.
""",
    "05-quad.md": """---
title: Leaders of the Quad meet in Washington
date: 2021-09-24
url: https://example.org/quad
source: Example Wire
---
Narendra Modi met Joe Biden at the White House in Washington.
India and the United States agreed to cooperate on critical technology and vaccines.
Japan and Australia joined the United States and India at the summit.
""",
    "06-hostile.md": """---
title: """ + XSS_TITLE + """
date: 2024-06-01
url: javascript:alert("url")
source: <b>Bold Source</b>
---
""" + XSS_NAME + """ met Aleksandar Vucic in Belgrade on 1 June 2024.
Serbia and China discussed trade in Belgrade.
""",
}


def write_articles(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ARTICLES.items():
        p = folder / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def build_db(folder: Path, db: Path, nlp=None) -> Path:
    """Ingest the articles into `db`, then add the hostile entity to the hostile article."""
    from extractors.ingest import ingest
    from graph import Store

    write_articles(folder)
    with Store(db) as store:
        summary = ingest([str(folder)], store, progress=False, nlp=nlp)
        assert summary.added == len(ARTICLES), summary.line()
        add_hostile_entity(store)
    return db


def add_hostile_entity(store) -> None:
    conn = store.conn
    art = conn.execute("SELECT id, text, published FROM articles WHERE title LIKE '<script>%'").fetchone()
    text = art["text"]
    start = text.index(XSS_NAME)
    end = start + len(XSS_NAME)
    s_end = text.index(".", end) + 1
    sentence = text[start:s_end]
    with conn:
        conn.execute("INSERT OR REPLACE INTO entities(id,name,type,country,office) VALUES(?,?,?,?,?)",
                     (XSS_ID, XSS_NAME, "person", "SRB", "<i>office</i>"))
        conn.execute("INSERT OR IGNORE INTO aliases(entity_id,alias,norm) VALUES(?,?,?)",
                     (XSS_ID, "[click](javascript:alert(2))", "click-probe"))
        conn.execute("INSERT OR IGNORE INTO mentions(entity_id,article_id,text,start,end,sentence) VALUES(?,?,?,?,?,?)",
                     (XSS_ID, art["id"], XSS_NAME, start, end, sentence))
        for target, rel in (("state:SRB", "met_with"), ("state:CHN", "related_to")):
            conn.execute("INSERT OR IGNORE INTO relations(source,target,relation,article_id,sentence,start,end,"
                         "published,topics) VALUES(?,?,?,?,?,?,?,?,?)",
                         (XSS_ID, target, rel, art["id"], sentence, start, s_end, art["published"], "diplomacy"))
    store.refresh_aggregates()   # rows written with our own SQL: sum the per-edge and per-entity totals again
