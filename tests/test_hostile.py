"""Hostile input: whatever a file holds, every article gets a verdict, the good articles around it are
stored, the run ends with the right exit code, and the database stays whole.

Each case is generated here (no big file is committed) and ingested through the command line, in this
process, between two good articles: `ingest GOOD CASE GOOD --verdicts json`. For each case the test
checks the verdicts (stored, already stored, refused with the reason), the exit code (1 when anything
was refused), that both good neighbours were stored, `PRAGMA integrity_check`, and that no row points
at an article or entity that is not there. Limits are lowered by their environment variables where a
"huge" input only needs to be over the limit.
"""
from __future__ import annotations

import gzip
import re
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

GOOD_BEFORE = ("Serbia and China sign a partnership\n\nSerbian President Aleksandar Vucic met Chinese President "
               "Xi Jinping in Belgrade on Tuesday. Serbia bought drones from China.\n")
GOOD_AFTER = ("France and India agree on jets\n\nFrench President Emmanuel Macron met Indian Prime Minister "
              "Narendra Modi in New Delhi. India agreed to buy fighter jets from France.\n")
ARTICLE = "Japan and Australia signed a defence agreement in Tokyo on Monday, officials said."


def article(i: int) -> str:
    return f"{ARTICLE} It was meeting number {i}."


@dataclass
class Case:
    name: str
    make: object                       # (folder) -> the path to ingest
    stored: int = 0                    # articles of the case stored
    already: int = 0
    refused: int = 0
    reasons: tuple = ()                # words each refusal reason must contain, in order
    warnings: tuple = ()               # words some warning must contain
    env: dict = field(default_factory=dict)
    check: object = None               # (db connection, verdicts) -> None: more about what was stored


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    (path.write_bytes if isinstance(data, bytes) else lambda t: path.write_text(t, encoding="utf-8"))(data)
    return path


def gz(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    with gzip.open(path, "wb") as fh:
        fh.write(data)
    return path


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def bomb(folder: Path, name: str, byte: bytes, megabytes: int = 40) -> Path:
    path = folder / name
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(megabytes):
            fh.write(byte * (1 << 20))
    return path


def truncated_gzip(folder: Path) -> Path:
    path = gz(folder, "cut.jsonl.gz", jsonl(*({"title": f"T{i}", "text": article(i)} for i in range(300))).encode())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def fifo_folder(folder: Path) -> Path:
    sub = folder / "with-fifo"
    sub.mkdir()
    os.mkfifo(sub / "pipe.txt")
    write(sub, "real.txt", article(1))
    return sub


def loop_folder(folder: Path) -> Path:
    sub = folder / "loops"
    sub.mkdir()
    os.symlink("b.txt", sub / "a.txt")
    os.symlink("a.txt", sub / "b.txt")
    os.symlink("..", sub / "up")                # a folder loop: loops/up/loops/up/...
    write(sub, "real.txt", article(2))
    return sub


def titles(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT title FROM articles")}


def no_date(conn, verdicts):
    assert {r[0] for r in conn.execute("SELECT published FROM articles WHERE title LIKE 'Dated%'")} == {None}


def only_text(conn, verdicts):
    [text] = [r[0] for r in conn.execute("SELECT text FROM articles WHERE title LIKE 'Page%'")]
    assert "alert(" not in text and "tracking" not in text and "Japan and Australia" in text


def nul_free(conn, verdicts):
    row = conn.execute("SELECT text, length(text), title FROM articles WHERE title LIKE 'Nul%'").fetchone()
    assert "\x00" not in row[0] and row[1] == len(row[0]) and "\x00" not in row[2]


def names_escaped(conn, verdicts):
    wheres = [v["where"] for v in verdicts if v.get("outcome")]
    assert any("\\n" in w for w in wheres) and any("\\u202e" in w for w in wheres)
    assert not any(ch in w for w in wheres for ch in "\n\u202e\x1b")
    paths = [r[0] for r in conn.execute("SELECT path FROM articles")]
    assert not any(ch in p for p in paths for ch in "\n\u202e\x1b")


def offsets_true(conn, verdicts):
    text, aid = conn.execute("SELECT text, id FROM articles WHERE title='A long report'").fetchone()
    rows = conn.execute("SELECT text, start, end, sentence FROM mentions WHERE article_id=?", (aid,)).fetchall()
    assert rows and max(r[1] for r in rows) > len(text) * 0.9   # mentions found near the end too
    for mention, start, end, sentence in rows:
        assert text[start:end] == mention and sentence in text
    for start, end, sentence in conn.execute("SELECT start, end, sentence FROM relations WHERE article_id=?", (aid,)):
        assert text[start:end].strip() == sentence


def front_matter_title(conn, verdicts):
    assert "Unclosed front matter" in titles(conn) and "---" not in titles(conn)


def deep_html_text(conn, verdicts):
    [text] = [r[0] for r in conn.execute("SELECT text FROM articles WHERE text LIKE '%meeting number 7.%'")]
    assert "Japan and Australia" in text


def csv_rows_after_quote(conn, verdicts):
    assert {"Row three", "Row four"} <= titles(conn)


def huge_field_neighbours(conn, verdicts):
    assert {"Before the big one", "After the big one"} <= titles(conn)


LONG = 40_000    # the article limit in the cases that need one: "huge" is anything above it


def long_article(folder: Path) -> Path:
    from extractors.bench_limits import article_text
    return write(folder, "long.txt", "A long report\n\n" + article_text(LONG - 100))


CASES = [
    Case("empty file", lambda f: write(f, "empty.txt", b""), refused=1, reasons=("no text",)),
    Case("whitespace only", lambda f: write(f, "blank.md", " \n\t\n  \n"), refused=1, reasons=("no text",)),
    Case("binary data", lambda f: write(f, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00" * 50),
         refused=1, reasons=("not UTF-8",)),
    Case("Latin-1 text", lambda f: write(f, "latin1.txt", "Caf\xe9 talks in Paris".encode("latin-1")),
         refused=1, reasons=("not UTF-8 text (invalid continuation byte at byte 3",)),
    Case("UTF-16 with a byte-order mark", lambda f: write(f, "utf16.txt", article(3).encode("utf-16")), stored=1),
    Case("UTF-8 byte-order mark", lambda f: write(f, "bom.md", "\ufeffBom title\n\n" + article(4)), stored=1,
         check=lambda c, v: "Bom title" in titles(c)),
    Case("invalid bytes in one JSON line", lambda f: write(f, "bytes.jsonl", jsonl({"text": article(5)}).encode()
                                                           + b'{"text": "caf\xe9"}\n' + jsonl({"text": article(6)}).encode()),
         stored=2, refused=1, reasons=("not UTF-8",)),
    Case("huge text", lambda f: write(f, "huge.txt", "Huge\n\n" + ("Serbia met China. " * 5000)), refused=1,
         reasons=("longer than the limit of 40,000 characters",), env={"ENTENTE_MAX_ARTICLE_CHARS": str(LONG)}),
    Case("a single huge line", lambda f: write(f, "line.txt", "x" * 200_000), refused=1, reasons=("limit",),
         env={"ENTENTE_MAX_ARTICLE_CHARS": str(LONG)}),
    Case("a single huge JSON line", lambda f: write(f, "line.jsonl", jsonl({"text": "y " * 400_000}, {"text": article(7)})),
         stored=1, refused=1, reasons=("longer than the limit",), env={"ENTENTE_MAX_ARTICLE_CHARS": str(LONG)}),
    Case("long article read in pieces", long_article, stored=1, check=offsets_true,
         env={"ENTENTE_MAX_ARTICLE_CHARS": str(LONG), "ENTENTE_PIECE_CHARS": "8000"}),
    Case("gzip bomb (text)", lambda f: bomb(f, "bomb.txt.gz", b"A"), refused=1, reasons=("limit",),
         env={"ENTENTE_MAX_ARTICLE_CHARS": str(LONG)}),
    Case("gzip bomb (JSON Lines)", lambda f: bomb(f, "bomb.jsonl.gz", b" "), refused=1, reasons=("compression bomb",)),
    Case("gzip bomb of empty lines", lambda f: bomb(f, "lines.jsonl.gz", b"\n", 12), refused=1,
         reasons=("compression bomb",)),
    Case("truncated gzip", truncated_gzip, stored=None, refused=1, reasons=("truncated or corrupt",)),
    Case("garbage gzip", lambda f: write(f, "garbage.json.gz", os.urandom(3000)), refused=1,
         reasons=("corrupt compressed",)),
    Case("malformed JSON", lambda f: write(f, "broken.json", '{"text": "Serbia", '), refused=1,
         reasons=("invalid JSON at line 1",)),
    Case("deeply nested JSON", lambda f: write(f, "deep.json", "[" * 200_000), refused=1, reasons=("nested too deeply",)),
    Case("deep JSON metadata", lambda f: write(f, "deepmeta.json", json.dumps(
        {"text": article(8), "extra": json.loads("[" * 100 + "]" * 100)})), stored=1, warnings=("nests more than",)),
    Case("mistyped JSON fields", lambda f: write(f, "types.json", json.dumps(
        [{"text": 42}, {"text": ["a", "b"]}, {"text": article(9), "title": {"a": 1}, "url": [1]}])),
         stored=1, refused=2, reasons=("a number, not text", "a list, not text"), warnings=("'title' field is an object",)),
    Case("a JSON record with no text", lambda f: write(f, "notext.json", json.dumps({"title": "Only a title"})),
         refused=1, reasons=("no text",), check=lambda c, v: "Only a title" not in titles(c)),
    Case("a JSON list of odd values", lambda f: write(f, "mixed.json", json.dumps(
        [{"text": article(10)}, 5, "text", None, [1], {"title": "none"}, {"text": article(11)}])),
         stored=2, refused=5, reasons=("a number", "a string", "a null", "a list", "no text")),
    Case("a JSON string, not an object", lambda f: write(f, "string.json", '"just a string"'), refused=1,
         reasons=("not a JSON object",)),
    Case("JSON Lines with bad lines", lambda f: write(f, "bad.jsonl", jsonl(
        {"text": article(12)}, "{oops", "[1, 2]", "", "   ", {"text": article(13)}, '{"text": "' + "[" * 50000)),
         stored=2, refused=3, reasons=("invalid JSON", "not a JSON object", "invalid JSON")),
    Case("numeric and absurd dates", lambda f: write(f, "dates.jsonl", jsonl(
        *({"title": f"Dated {i}", "date": d, "text": article(20 + i)} for i, d in enumerate(
            [1e16, 1e20, -1e300, "1e400", True, "9999-12-31", "0001-01-01", {"y": 1}, "x" * 500])),
        '{"title": "Dated inf", "date": 1e400, "text": "%s"}' % article(40))), stored=10,
         warnings=("not a date", "year 9999"), check=no_date),
    Case("CSV without a text column", lambda f: write(f, "notext.csv", "title,body\nA,B\n"), refused=1,
         reasons=("no 'text' column",)),
    Case("CSV with a huge field", lambda f: write(f, "big.csv", "title,text\nBefore the big one,\"%s\"\n"
                                                 'Big,"%s"\nAfter the big one,"%s"\n' % (article(50), "z\n" * 150_000,
                                                                                       article(51))),
         stored=2, refused=1, reasons=("longer than",), env={"ENTENTE_MAX_ARTICLE_CHARS": "10000"},
         check=huge_field_neighbours),
    Case("CSV with an unterminated quote", lambda f: write(f, "quote.csv", "title,text\nRow one,\"%s\"\n"
                                                           'Row two,"%s\nRow three,%s\nRow four,%s\n'
                                                           % (article(52), article(53), article(54), article(55))),
         stored=3, refused=1, reasons=("unterminated quote",), check=csv_rows_after_quote),
    Case("CSV with NUL characters", lambda f: write(f, "nul.csv", "title,text\nNul row,\"%s\x00 end\"\n" % article(56)),
         stored=1, check=nul_free),
    Case("HTML with scripts", lambda f: write(f, "page.html", (
        "<html><head><title>Page with scripts</title><script>alert('x')</script></head><body><article>"
        "<h1>Page with scripts</h1><script>document.write('tracking')</script><p>%s</p><p>%s</p>"
        "<style>p{}</style></article></body></html>") % (article(57), article(58))), stored=1, check=only_text),
    Case("HTML nested 50,000 deep", lambda f: write(f, "deep.html", "<html><body>" + "<div>" * 50_000 + article(7)
                                                    + "</div>" * 50_000 + "</body></html>"),
         stored=1, warnings=("nested 50,00",), check=deep_html_text),
    Case("HTML with no text", lambda f: write(f, "empty.html", "<html><head><title></title></head><body></body></html>"),
         refused=1, reasons=("no article text",)),
    Case("odd file names", lambda f: [write(f, n, article(60 + i)) for i, n in enumerate(
        ["new\nline.txt", "\u202eevil.txt", "=cmd|calc.txt", "esc\x1b[31m.md", "sp  'q\".md"])][0].parent,
         stored=5, check=names_escaped),
    Case("a file name that is not UTF-8", lambda f: write(f, os.fsdecode(b"caf\xe9.txt"), article(66)), stored=1,
         check=lambda c, v: "caf\\udce9.txt" in v[1]["where"] or "caf\\xe9.txt" in v[1]["where"]),
    Case("symbolic link loops", loop_folder, stored=1, refused=3, reasons=("symbolic link loop",) * 3),
    Case("a broken symbolic link", lambda f: os.symlink(f / "gone.txt", f / "link.txt") or f / "link.txt", refused=1,
         reasons=("broken symbolic link",)),
    Case("a FIFO in a folder", fifo_folder, stored=1, refused=1, reasons=("not a regular file (a FIFO)",)),
    Case("a device", lambda f: Path("/dev/zero"), refused=1, reasons=("not a regular file (a device)",)),
    Case("an unsupported file", lambda f: write(f, "report.pdf", b"%PDF-1.4"), refused=1, reasons=("unsupported",)),
    Case("duplicates across formats", lambda f: [
        write(f, "dup.txt", "Same story\n\n" + article(70)),
        write(f, "dup.json", json.dumps({"title": "Same story", "text": article(70)})),
        write(f, "dup.csv", "title,text\nSame story,\"%s\"\n" % article(70)),
        gz(f, "dup.jsonl.gz", jsonl({"title": "Same  story", "text": article(70)}).encode())][0].parent,
         stored=1, already=3),
    Case("hostile names in titles and text", lambda f: write(f, "names.jsonl", jsonl(
        {"title": "<script>alert(1)</script> summit", "text": "<img src=x onerror=alert(1)> " + article(71)},
        {"title": "=HYPERLINK(\"http://evil.example\",\"x\")", "text": "=1+1 " + article(72)},
        {"title": "+cmd|' /C calc'!A0", "text": "@SUM(1) " + article(73)},
        {"title": "Bidi \u202etxt.exe\u202c and \x1b[2J", "text": "-2+3 " + article(74)},
        {"title": "Nul\x00 title", "text": "Nul\x00 text " + article(75)})), stored=5,
         warnings=("NUL character removed", "control character removed")),
    Case("unterminated front matter", lambda f: write(f, "front.md", "---\ntitle: Unclosed front matter\n"
                                                      "date: 2024-03-01\n\n" + article(76)),
         stored=1, warnings=("never closed",), check=front_matter_title),
    Case("front matter and no text", lambda f: write(f, "only.md", "---\ntitle: Nothing else\n---\n\n"), refused=1,
         reasons=("no text",)),
]


def ingest_cli(paths, db, capsys, env: dict | None = None):
    """The command line in this process: (exit code, verdicts, summary)."""
    from extractors import cli
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        code = cli.main(["ingest", *map(str, paths), "--db", str(db), "--quiet", "--processes", "1",
                         "--verdicts", "json"])
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return code, [x for x in lines if "outcome" in x], next(x for x in lines if "summary" in x)


def whole(conn) -> None:
    """The database passes SQLite's integrity check and no row points at something not there."""
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    orphans = {
        "mentions without article": "SELECT COUNT(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)",
        "mentions without entity": "SELECT COUNT(*) FROM mentions WHERE entity_id NOT IN (SELECT id FROM entities)",
        "relations without article": "SELECT COUNT(*) FROM relations WHERE article_id NOT IN (SELECT id FROM articles)",
        "relations without entity": "SELECT COUNT(*) FROM relations WHERE source NOT IN (SELECT id FROM entities) "
                                    "OR target NOT IN (SELECT id FROM entities)",
        "aliases without entity": "SELECT COUNT(*) FROM aliases WHERE entity_id NOT IN (SELECT id FROM entities)",
        "NUL in stored text": "SELECT COUNT(*) FROM articles WHERE instr(text, char(0)) OR instr(title, char(0))",
    }
    assert {k: conn.execute(q).fetchone()[0] for k, q in orphans.items()} == dict.fromkeys(orphans, 0)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_gets_its_verdict_and_the_good_around_it_are_stored(case, tmp_path, capsys, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    before, after = write(tmp_path, "before.txt", GOOD_BEFORE), write(tmp_path, "after.txt", GOOD_AFTER)
    target = case.make(folder)
    code, verdicts, summary = ingest_cli([before, target, after], tmp_path / "g.db", capsys, case.env)
    mine = [v for v in verdicts if not v["where"].endswith(("before.txt", "after.txt"))]
    outcome = {k: [v for v in mine if v["outcome"] == k] for k in ("stored", "already stored", "refused")}
    if case.stored is not None:
        assert len(outcome["stored"]) == case.stored, mine
    assert len(outcome["already stored"]) == case.already, mine
    assert len(outcome["refused"]) == case.refused, mine
    reasons = [v["reason"] for v in outcome["refused"]]
    for words, reason in zip(case.reasons, reasons):
        assert words in reason, reasons
    assert all(v["reason"] and "\n" not in v["reason"] and "Traceback" not in v["reason"] for v in outcome["refused"])
    warnings = [w for v in verdicts for w in v["warnings"]]
    for words in case.warnings:
        assert any(words in w for w in warnings), warnings
    assert code == (1 if case.refused else 0)
    assert summary["stored"] + summary["already_stored"] + summary["refused"] == len(verdicts)
    assert [v["outcome"] for v in verdicts if v["where"].endswith(("before.txt", "after.txt"))] == ["stored"] * 2
    conn = sqlite3.connect(tmp_path / "g.db")
    try:
        assert {"Serbia and China sign a partnership", "France and India agree on jets"} <= titles(conn)
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == summary["stored"]
        whole(conn)
        if case.check:
            case.check(conn, verdicts)
    finally:
        conn.close()


def test_there_are_at_least_40_hostile_cases():
    assert len(CASES) >= 40


def test_the_summary_adds_up_and_speaks_of_one_article_in_the_singular(tmp_path, capsys, nlp):
    write(tmp_path, "one.txt", GOOD_BEFORE)
    from extractors import cli
    assert cli.main(["ingest", str(tmp_path / "one.txt"), "--db", str(tmp_path / "g.db"), "--quiet",
                     "--processes", "1"]) == 0
    assert capsys.readouterr().out.startswith("1 article read: 1 added, 0 already stored, 0 refused;")


def test_an_article_over_its_time_budget_is_refused_and_the_run_goes_on(tmp_path, capsys, nlp):
    write(tmp_path, "a.txt", GOOD_BEFORE)
    code, verdicts, summary = ingest_cli([tmp_path / "a.txt"], tmp_path / "g.db", capsys,
                                         {"ENTENTE_PIECE_SECONDS": "0.000001"})
    assert code == 1 and summary["refused"] == 1
    assert "longer than its time budget" in verdicts[0]["reason"]


def test_no_exported_csv_cell_reads_as_a_formula(tmp_path, capsys, nlp):
    """Titles, names, sentences and URLs that start like formulas are exported as text (a leading ')."""
    import csv
    from graph import Store, View, export
    from graph.cells import is_formula
    target = CASES[[c.name for c in CASES].index("hostile names in titles and text")].make(tmp_path)
    write(tmp_path, "url.json", json.dumps({"title": "-Minus title", "url": "=cmd|'/C calc'!A0",
                                            "text": "@Putin met Xi Jinping in Moscow. " + article(80)}))
    code, _verdicts, _summary = ingest_cli([target, tmp_path / "url.json"], tmp_path / "g.db", capsys)
    assert code == 0
    with Store(tmp_path / "g.db", readonly=True) as store:
        from graph import query
        g = query.full_graph(store, View())
        files = export.write(g, store, View(), tmp_path / "out", "csv")
    cells = [cell for f in files for row in csv.reader(open(f, newline="", encoding="utf-8")) for cell in row]
    assert any(c.startswith("'=HYPERLINK") for c in cells) and any(c.startswith("'-Minus") for c in cells)
    assert [c for c in cells if is_formula(c)] == []
    raw = export.as_json(g)
    assert '"=1+1 Japan' in raw and "'=1+1" not in raw   # JSON keeps the raw value


# ---- a real 2,000,000-character article ---------------------------------------------------------------
def padded_text(chars: int) -> str:
    """Text laid out as a PDF converter leaves it: paragraphs of news between runs of spaces (one in seven
    characters is a word character: the language pipeline's time goes by words, and 2,000,000 characters
    of dense text take it two minutes, which `python -m extractors.bench_limits` measures)."""
    from extractors.bench_limits import article_text
    paragraphs = article_text(chars // 7).split("\n\n")
    pad = (chars - sum(len(p) + 2 for p in paragraphs)) // len(paragraphs)
    text = "".join(p + " " * pad + "\n\n" for p in paragraphs)
    return text + " " * (chars - len(text))


def test_a_two_million_character_article_is_read_whole(tmp_path, nlp):
    """Accepted (spaCy alone stops at 1,000,000), read in pieces, stored with its mentions and evidence at
    the offsets where the text has them, to its end."""
    from extractors.ingest import ingest
    from graph import Store
    text = padded_text(2_000_000)
    assert len(text) == 2_000_000
    write(tmp_path, "long.txt", "A long report\n\n" + text)
    with Store(tmp_path / "g.db") as store:
        summary = ingest([tmp_path / "long.txt"], store, progress=False, nlp=nlp, processes=1)
    assert (summary.added, summary.refused) == (1, 0)
    conn = sqlite3.connect(tmp_path / "g.db")
    try:
        assert conn.execute("SELECT length(text) FROM articles").fetchone()[0] >= 2_000_000
        offsets_true(conn, [])
        whole(conn)
    finally:
        conn.close()


# ---- a killed ingest, and readers beside a writer ------------------------------------------------------
def many_articles(folder: Path, n: int) -> None:
    folder.mkdir()
    from extractors.bench_limits import article_text
    for i in range(n):
        write(folder, f"{i:03d}.txt", f"Report {i}\n\n" + article_text(3000, seed=100 + i))


def count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_a_killed_ingest_loses_nothing_written_and_a_rerun_stores_the_rest_once(tmp_path):
    many_articles(tmp_path / "in", 24)
    db = tmp_path / "g.db"
    cmd = [sys.executable, "-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(db), "--quiet",
           "--processes", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.communicate()
    killed_at = count(db)
    assert 3 <= killed_at < 24
    conn = sqlite3.connect(db)
    whole(conn)
    conn.close()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"24 articles read: {24 - killed_at} added, {killed_at} already stored, 0 refused" in r.stdout
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT title) FROM articles").fetchone() == (24, 24)
        whole(conn)
    finally:
        conn.close()


def test_readers_beside_a_writer_see_whole_articles_and_no_error(tmp_path):
    import threading
    from graph import Store, View, query
    many_articles(tmp_path / "in", 12)
    db = tmp_path / "g.db"
    Store(db).close()
    proc = subprocess.Popen([sys.executable, "-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(db),
                             "--quiet", "--processes", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors, seen = [], []

    def read():
        while proc.poll() is None:
            try:
                with Store(db, readonly=True) as store:
                    n = store.counts()["articles"]
                    g = query.full_graph(store, View())
                    # a stored article always has its mentions: no half article is ever visible
                    half = store.conn.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN "
                                              "(SELECT article_id FROM mentions)").fetchone()[0]
                seen.append((n, len(g), half))
            except Exception as exc:  # noqa: BLE001
                errors.append(repr(exc))
            time.sleep(0.05)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    out, err = proc.communicate(timeout=600)
    for t in readers:
        t.join()
    assert proc.returncode == 0, err
    assert errors == []
    assert seen and all(half == 0 for _n, _g, half in seen)
    assert len({n for n, _g, _h in seen}) > 1    # the readers saw the store grow


# ---- the dashboard -------------------------------------------------------------------------------------
def test_an_upload_of_hostile_files_shows_each_verdict_and_never_a_server_path(tmp_path, monkeypatch, dash_db):
    import shutil
    from streamlit.testing.v1 import AppTest
    from graph import Store
    db = tmp_path / "upload.db"
    shutil.copy(dash_db, db)
    monkeypatch.setenv("ENTENTE_DB", str(db))
    monkeypatch.setattr("dashboard.upload.max_upload_bytes", lambda: 200_000)   # the server's own size check
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.run()
    at.file_uploader(key="u_files_0").set_value([
        ("=cmd|calc.txt", ("Formula name\n\n" + article(90)).encode(), "text/plain"),
        ("../../etc/passwd.txt", ("Climbing name\n\n" + article(91)).encode(), "text/plain"),
        ("big.txt", b"x" * 250_000, "text/plain"),
        ("deep.json", b"[" * 200_000, "application/json"),
        ("feed.jsonl", jsonl({"text": article(92), "date": 1e20}, "{broken").encode(), "application/json"),
    ])
    at.run()
    at.button(key="u_go").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [str(e.value) for e in [*at.error, *at.warning, *at.success, *at.caption, *at.markdown]]
    plain = [re.sub(r"\\(.)", r"\1", s).replace("\u2060", "") for s in shown]
    assert any(p.startswith("big.txt: larger than the upload limit") for p in plain), plain
    assert any(p.startswith("deep.json[1]: nested too deeply") for p in plain), plain
    assert any(p.startswith("feed.jsonl:2: invalid JSON") for p in plain), plain
    assert any("feed.jsonl:1: date 1e+20 is not a date" in p for p in plain), plain
    assert any(p.startswith("6 articles read: 3 added, 0 already stored, 3 refused") for p in plain), plain
    assert [p for p in plain if "Traceback" in p or str(tmp_path) in p or "entente-upload-" in p or "/tmp" in p] == []
    with Store(db, readonly=True) as s:
        paths = {r[0] for r in s.conn.execute("SELECT path FROM articles WHERE text LIKE '%meeting number 9_.%'")}
    assert paths == {"=cmd|calc.txt", "passwd.txt", "feed.jsonl"}


def test_article_text_is_never_made_a_link_on_the_page():
    """GitHub-flavoured Markdown links bare addresses even when escaped: a word joiner goes before each
    (checked in Chromium: no <a> for http://, www. or a@b in md() text)."""
    from dashboard.text import md
    for text in ("Visit http://evil.example/login", "or www.evil.example now", "mail a@evil.example",
                 "HTTPS://EVIL.EXAMPLE", "ftp://x.example", "mailto:a@b.example"):
        out = md(text)
        assert not re.search(r"(?i)(?<!\u2060)(\bhttps?\\?:|\bftp\\?:|\bmailto\\?:|\bwww\\?\.|\\@)", out), out


def test_a_dask_batch_whose_worker_fails_refuses_only_the_article_at_fault(monkeypatch, nlp):
    """A worker that dies on a batch (out of memory, a crash) costs only the article that kills it."""
    import logging
    from distributed import LocalCluster
    from extractors import cluster
    from extractors.articles import make_article

    def graphs_of(batch):
        if any("poison" in a.text for a in batch):
            raise RuntimeError("worker died")
        return [{"entities": [], "mentions": [], "relations": [], "topics": [], "title": a.title} for a in batch]

    monkeypatch.setattr(cluster, "graphs_of", graphs_of)
    articles = [make_article(f"T{i}", "poison" if i == 5 else article(i)) for i in range(10)]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.ERROR) as local:
        out = list(cluster.graphs(articles, scheduler=local.scheduler_address, batch=4))
    assert [a.title for a, _g in out] == [f"T{i}" for i in range(10)]
    assert [i for i, (_a, g) in enumerate(out) if g.get("refused")] == [5]
    assert "worker failed on it (RuntimeError: worker died)" in out[5][1]["refused"]


def test_a_second_ingest_of_the_same_files_waits_and_spends_no_language_work_on_them(tmp_path, nlp):
    """While one ingest reads a folder, a second one on the same database and folder finds every article
    stored or claimed by the first, says it is waiting, and ends with all of them already stored, having
    made no Doc at all."""
    from extractors.ingest import ingest
    from graph import Store
    many_articles(tmp_path / "in", 20)
    db = tmp_path / "g.db"
    Store(db).close()
    first = subprocess.Popen([sys.executable, "-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(db),
                              "--quiet", "--processes", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while count(db) < 1 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.poll() is None and count(db) < 20, "the first ingest ended before the second began"

    class Counting:   # the pipeline, counting the Docs made
        docs = 0

        def __getattr__(self, name):
            return getattr(nlp, name)

        def make_doc(self, text):
            Counting.docs += 1
            return nlp.make_doc(text)

    said = []
    with Store(db) as store:
        second = ingest([tmp_path / "in"], store, progress=False, nlp=Counting(), processes=1, on_wait=said.append)
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert (second.added, second.skipped, second.refused) == (0, 20, 0)
    assert Counting.docs == 0
    assert any("waiting for another ingest" in s for s in said), said
    assert count(db) == 20
