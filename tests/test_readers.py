"""Ingest reads every supported format, keeps metadata, and names the file and reason for bad input."""
import json
import subprocess
import sys

from conftest import FIXTURES, ROOT
from extractors.articles import article_id, make_article, parse_date
from extractors.readers import ReadError, read_paths


def read(path):
    return [a for a in read_paths([path]) if not isinstance(a, ReadError)]


def test_text_file_title_is_first_non_empty_line():
    [a] = read(FIXTURES / "visit.txt")
    assert a.title == "Chinese President Xi Jinping visits Serbia and signs partnership pledge"
    assert "Belgrade" in a.text


def test_markdown_front_matter_gives_title_date_url_source():
    [a] = read(FIXTURES / "s400.md")
    assert (a.title, a.published, a.source) == ("India takes delivery of Russian S-400 air defence systems",
                                               "2021-12-06", "Wikipedia")
    assert a.url.startswith("https://en.wikipedia.org/")
    assert a.text.startswith(a.title) and a.text.count(a.title) == 1


def test_html_main_text_title_and_date_without_navigation():
    [a] = read(FIXTURES / "treaty.html")
    assert a.title == "New START extended for five years"
    assert a.published == "2021-02-03"
    assert "Lavrov" in a.text and "Subscribe" not in a.text


def test_json_list_keeps_extra_fields_as_metadata_and_parses_dates():
    [a] = read(FIXTURES / "sanctions.json")
    assert a.published == "2023-02-24"
    assert a.meta["section"] == "world"
    assert a.text.startswith("European Union adopts new sanctions on Russia\n\n")


def test_jsonl_one_article_a_line(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text("\n".join(json.dumps({"title": f"T{i}", "text": f"Article number {i} about Serbia."})
                           for i in range(5)) + "\n")
    assert [a.title for a in read(p)] == [f"T{i}" for i in range(5)]


def test_csv_text_column_with_published_and_extra_columns():
    [a] = read(FIXTURES / "summit.csv")
    assert (a.published, a.source, a.meta["byline"]) == ("2021-09-24", "White House", "Staff")


def test_folders_are_read_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep title\n\nSerbia and China signed a deal.")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    assert [a.title for a in read(tmp_path)] == ["Deep title"]


def test_dates_in_feed_forms_become_iso_dates():
    assert parse_date("Tue, 07 May 2024 10:00:00 GMT") == "2024-05-07"
    assert parse_date("May 8, 2024") == "2024-05-08"
    assert parse_date("2024-05-08T09:00:00+02:00") == "2024-05-08"
    assert parse_date("not a date") is None


def test_id_is_a_hash_of_normalised_text():
    assert article_id("Xi  visits\nSerbia") == article_id("xi visits serbia")
    assert make_article("T", "Body").id != make_article("T", "Other body").id


def test_bad_files_are_named_with_a_reason(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 in Belgrade".encode("latin-1"))
    (tmp_path / "notext.csv").write_text("title,body\nA,B\n")
    (tmp_path / "lines.jsonl").write_text('{"text": "Serbia signed."}\nnot json\n')
    (tmp_path / "empty.txt").write_text("   \n")
    errors = {str(e) for e in read_paths([tmp_path]) if isinstance(e, ReadError)}
    assert any("broken.json" in e and "invalid JSON" in e for e in errors)
    assert any("latin1.txt" in e and "not UTF-8" in e for e in errors)
    assert any("notext.csv" in e and "no 'text' column" in e for e in errors)
    assert any("lines.jsonl:2" in e for e in errors)
    assert any("empty.txt" in e and "no text" in e for e in errors)
    assert len(read(tmp_path)) == 1


def test_cli_reports_each_bad_file_goes_on_and_exits_1(tmp_path):
    good, bad = tmp_path / "in", tmp_path / "in" / "bad.json"
    good.mkdir()
    (good / "ok.txt").write_text("Serbia and China\n\nSerbian President Aleksandar Vucic met Chinese officials.")
    bad.write_text('{"title": "Cut short", "text": "Serbia and')
    r = subprocess.run([sys.executable, "-m", "extractors", "ingest", str(good), str(tmp_path / "missing"),
                        "--db", str(tmp_path / "g.db"), "--quiet", "--processes", "1"], cwd=ROOT, capture_output=True,
                       text=True)
    assert r.returncode == 1
    assert f"refused: {bad}: invalid JSON at line 1" in r.stderr
    assert f"refused: {tmp_path / 'missing'}: no such file or folder" in r.stderr
    assert "3 articles read: 1 added, 0 already stored, 2 refused" in r.stdout


def test_gzip_compressed_files_are_read_as_they_stream(tmp_path):
    import gzip
    p = tmp_path / "feed.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"title": f"T{i}", "text": f"Serbia and China, item {i}."}) + "\n")
    assert [a.title for a in read(p)] == ["T0", "T1", "T2"]


def test_a_corrupt_gzip_file_is_named_with_a_reason(tmp_path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    [err] = [e for e in read_paths([tmp_path]) if isinstance(e, ReadError)]
    assert "bad.jsonl.gz" in str(err) and "gzip" in str(err).lower()
