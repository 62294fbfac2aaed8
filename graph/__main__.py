"""`python -m graph`: the command line (graph/cli.py), with one line instead of a traceback when this
Python lacks Entente's dependencies (run outside the project's virtual environment)."""
import sys


def _run() -> int:
    try:
        from .cli import main
        return main()
    except ImportError as exc:   # networkx, pycountry, ...: not this project's Python
        name = getattr(exc, "name", None) or exc
        print(f"error: {name} is not installed for {sys.executable}: run `.venv/bin/python -m graph …` in the "
              f"project folder (after the install command in the README), or `source .venv/bin/activate` first",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


sys.exit(_run())
