"""An article's date: the file's own date first; else the date the text gives itself in a dateline
opening the body or in a publication line; never a date the body merely mentions."""
import pytest

from extractors.articles import make_article
from extractors.readers import read_paths


@pytest.mark.parametrize("body,date", [
    ("MANILA, 14 March 2025 — Officials in the Philippines said the talks went well.", "2025-03-14"),
    ("WASHINGTON (Reuters) - March 3, 2022 - The United States said it would send aid.", "2022-03-03"),
    ("March 3, 2022 — Ministers met in Geneva.", "2022-03-03"),
    ("Tuesday, February 8, 2022\n\nMinisters met in Geneva.", "2022-02-08"),
    ("BOGOTÁ, Colombia, 5 May 2021: Protests continued for a week.", "2021-05-05"),
])
def test_a_dateline_opening_the_body_dates_the_article(body, date):
    assert make_article("Ministers meet", body).published == date


@pytest.mark.parametrize("line,date", [
    ("Published: 3 March 2022", "2022-03-03"),
    ("Posted on March 3, 2022 by Jane Doe", "2022-03-03"),
    ("Updated: Mar. 3, 2022, 10:30 a.m. EST", "2022-03-03"),
])
def test_a_publication_line_dates_the_article(line, date):
    assert make_article("Ministers meet", f"{line}\nMinisters met in Geneva on Monday.").published == date
    assert make_article("Ministers meet", f"Ministers met in Geneva on Monday.\nThey agreed.\n{line}").published \
        == date


@pytest.mark.parametrize("body", [
    "On March 3, 2022, troops crossed the border.",
    "March 3, 2022 was the day the talks began.",
    "Ministers met in Geneva.\nA sign in Geneva, Switzerland, January 13, 2018. (Photo: Agency)",
    "Ministers met in Geneva.\nThey agreed to meet again.\nMarch 3, 2022 — the date of the last round.",
    "Ministers met in Geneva. The treaty was signed on 3 March 2022 — a year ago.",
])
def test_a_date_the_body_mentions_is_not_the_articles(body):
    assert make_article("Ministers meet", body).published is None


def test_the_files_own_date_comes_first():
    article = make_article("Ministers meet", "MANILA, 14 March 2025 — Officials met.", published="2025-03-16")
    assert article.published == "2025-03-16"


def test_an_undated_file_takes_its_dateline(tmp_path):
    (tmp_path / "a.txt").write_text("Ministers meet in Manila\nMANILA, 14 March 2025 — Officials met.\n",
                                    encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndate: 2025-03-16\n---\nMinisters meet\nMANILA, 14 March 2025 — Officials "
                                   "met.\n", encoding="utf-8")
    dates = {a.path.split("/")[-1]: a.published for a in read_paths([tmp_path])}
    assert dates == {"a.txt": "2025-03-14", "b.md": "2025-03-16"}


def test_the_dateline_dates_the_offices(extract):
    before = extract("LONDON, 20 June 2019 — Boris Johnson told voters in Kent that Britain would leave.")
    after = extract("LONDON, 20 August 2019 — Boris Johnson told voters in Kent that Britain would leave.")
    johnson = {e["name"]: e for e in before["entities"]}["Boris Johnson"]
    assert johnson["office"] != "Prime Minister"
    assert ("Boris Johnson", "leader_of", "United Kingdom") in after["triples"]
