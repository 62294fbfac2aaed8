"""`python -m extractors …` in a child process, read as JSON lines: uploads (upload.py) and feed fetches
(sources.py) run there, so the server's memory does not grow with what they bring and a hostile input
cannot take the server down."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import settings


def run_extractors(args: list[str], cwd: Path, on_item) -> tuple[int, str]:
    """Run `python -m extractors ARGS` in `cwd`, call `on_item` with each JSON line it prints (other lines
    are skipped); (exit code, stderr)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(settings.REPO), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-m", "extractors", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace")
    for line in proc.stdout:
        try:
            item = json.loads(line)
        except ValueError:
            continue
        on_item(item)
    err = proc.stderr.read()
    return proc.wait(), err
