"""The command line as a user runs it (real subprocesses): every bad argument is one line on stderr with
no traceback and nothing written; messages read right in the singular; every flag has help; progress and
errors never share a line; the README's commands are the ones that work."""
from __future__ import annotations

import re
import subprocess
import sys

import networkx as nx
import pytest

from conftest import ROOT
from graph import Store, query


def run(*args, python=None, cwd=ROOT):
    return subprocess.run([python or sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def one_line_error(r, code=2) -> str:
    """The command failed with exactly one line on stderr, no traceback and no usage block."""
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "usage:" not in r.stderr
    assert "error:" in lines[0]
    return lines[0]


# ---- graph ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["stats"], ["export", "--out", "OUT"]])
def test_a_missing_database_is_one_line_and_no_file_is_made(tmp_path, command):
    db = tmp_path / "nope.db"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    line = one_line_error(run("-m", "graph", *args, "--db", str(db)))
    assert "nope.db: no such database" in line
    assert not db.exists() and not (tmp_path / "out").exists()


def test_export_to_a_path_that_is_a_file_is_one_line_and_the_file_is_kept(fixture_db, tmp_path):
    target = tmp_path / "edges.csv"
    target.write_text("mine")
    line = one_line_error(run("-m", "graph", "export", "--db", str(fixture_db), "--out", str(target)))
    assert str(target) in line and "folder" in line
    assert target.read_text() == "mine"


def test_an_unknown_node_in_path_is_named_and_nothing_is_exported(fixture_db, tmp_path):
    out = tmp_path / "out"
    line = one_line_error(run("-m", "graph", "export", "--db", str(fixture_db), "--out", str(out),
                              "--path", "Serbia", "Atlantis"))
    assert "Atlantis" in line
    assert not out.exists()


def test_a_path_that_does_not_exist_is_an_error_not_the_whole_graph(fixture_db, tmp_path):
    with Store(fixture_db, readonly=True) as store:
        g = query.full_graph(store)
    parts = sorted(nx.connected_components(g.to_undirected()), key=len, reverse=True)
    assert len(parts) > 1, "the fixture graph has two separate parts"
    a, b = g.nodes[sorted(parts[0])[0]]["name"], g.nodes[sorted(parts[1])[0]]["name"]
    out = tmp_path / "out"
    line = one_line_error(run("-m", "graph", "export", "--db", str(fixture_db), "--out", str(out), "--path", a, b),
                          code=1)
    assert "no path" in line and a in line and b in line
    assert not out.exists()


@pytest.mark.parametrize("flags,names", [
    (["--depth", "two"], "--depth"), (["--format", "pdf"], "--format"), (["--since", "2024-13-01"], "--since"),
    (["--country", "Atlantis"], "Atlantis"), (["--topic", "sport"], "sport"), (["--limit", "0"], "limit"),
    (["--mode", "both"], "--mode"), (["--assertion", "maybe"], "maybe"), (["--node", "Atlantis"], "Atlantis")])
def test_each_bad_export_argument_is_one_line_naming_it(fixture_db, tmp_path, flags, names):
    line = one_line_error(run("-m", "graph", "export", "--db", str(fixture_db), "--out", str(tmp_path / "o"), *flags))
    assert names in line
    assert not (tmp_path / "o").exists()


def test_a_missing_or_unknown_command_is_one_line():
    one_line_error(run("-m", "graph"))
    one_line_error(run("-m", "graph", "draw"))
    one_line_error(run("-m", "extractors", "eat"))
    one_line_error(run("-m", "graph", "export", "--db", "x.db"))   # --out is required


def test_stats_and_export_read_right_for_one_article(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text("Talks in Belgrade\n\nSerbian President Aleksandar Vucic visited "
                                             "China and met Chinese President Xi Jinping in Beijing.\n")
    db = tmp_path / "g.db"
    r = run("-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(db), "--processes", "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 article read: 1 added")
    assert "1 articles" not in r.stderr + r.stdout
    r = run("-m", "graph", "stats", "--db", str(db))
    assert r.returncode == 0 and ": 1 article, " in r.stdout and "1 articles" not in r.stdout
    r = run("-m", "graph", "export", "--db", str(db), "--out", str(tmp_path / "o"), "--node", "Serbia", "--depth",
            "0")
    assert r.returncode == 0 and r.stdout.rstrip().endswith("1 node, 0 edges"), r.stdout + r.stderr


def test_every_flag_of_every_command_has_help():
    from extractors.cli import build_parser as extractors_parser
    from graph.cli import build_parser as graph_parser
    for parser in (graph_parser(), extractors_parser()):
        for sub in parser._subparsers._group_actions[0].choices.values():
            for action in sub._actions:
                assert action.help, f"{sub.prog} {action.option_strings or action.dest} has no help"
    for command in ("stats", "export"):
        r = run("-m", "graph", command, "--help")
        assert r.returncode == 0 and re.search(r"--db DB\s+database file", r.stdout), r.stdout


# ---- extractors ---------------------------------------------------------------------------------------------
def test_ingest_of_nothing_that_exists_is_one_line_and_makes_no_database(tmp_path):
    db = tmp_path / "g.db"
    line = one_line_error(run("-m", "extractors", "ingest", str(tmp_path / "missing"), "--db", str(db)))
    assert "missing: no such file or folder" in line
    assert not db.exists() and not list(tmp_path.iterdir())


def test_progress_and_refusals_are_on_separate_lines(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Talks\n\nIndian Prime Minister Narendra Modi visited Russia.\n")
    (tmp_path / "in" / "b.json").write_text('{"title": "Cut short", "text": "Serbia and')
    r = run("-m", "extractors", "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "g.db"), "--processes", "1")
    assert r.returncode == 1
    assert "articles read: 2 [" in r.stderr, "the progress bar is drawn"
    refusals = [line for line in r.stderr.split("\n") if "refused:" in line]
    assert refusals
    for line in refusals:   # what a terminal shows of the line: the text after its last carriage return
        assert line.split("\r")[-1].startswith("refused: "), repr(line)
    assert r.stdout.startswith("2 articles read: 1 added, 0 already stored, 1 refused")


@pytest.mark.parametrize("package", ["graph", "extractors"])
def test_a_python_without_the_projects_packages_gets_one_line_and_no_database(tmp_path, package):
    """`python -m …` outside the virtual environment: `-S` leaves out site-packages, as a bare Python has none."""
    db = tmp_path / "g.db"
    args = ["ingest", str(ROOT / "tests" / "fixtures" / "articles")] if package == "extractors" else \
        ["export", "--out", str(tmp_path / "o")]
    line = one_line_error(run("-S", "-m", package, *args, "--db", str(db)))
    assert "not installed" in line and ".venv/bin/python -m" in line and "activate" in line
    assert not db.exists()


def test_the_readme_commands_are_run_with_the_projects_python():
    text = (ROOT / "README.md").read_text()
    block = text.split("## Command line", 1)[1].split("```")[1]
    commands = [line for line in block.splitlines() if "-m " in line]
    assert commands
    for line in commands:
        assert line.startswith(".venv/bin/python -m "), line
    assert "source .venv/bin/activate" in text
    venv_python = ROOT / ".venv" / "bin" / "python"
    if not venv_python.exists():
        pytest.skip("no .venv in this checkout")
    for module, command in (("extractors", "ingest"), ("extractors", "reextract"), ("graph", "export"),
                            ("graph", "stats")):
        r = run("-m", module, command, "--help", python=".venv/bin/python")
        assert r.returncode == 0 and "usage:" in r.stdout, r.stderr
