"""Starting the dashboard attempts no connection beyond localhost.

`streamlit run dashboard/app.py` runs as a real process with only the repository's .streamlit/config.toml
(a fresh HOME, no command-line settings but a free port and headless mode, where Streamlit would look up
the external IP). A sitecustomize module installs an audit hook in that process that records every
`socket.connect` and name lookup (`socket.getaddrinfo`) whose address is not loopback; the server's log
must not say "Did not auto detect external IP". When Chromium is available, a page is also opened and
the graph drawn, so the app script itself runs under the hook.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

HOOK = r'''
import ipaddress, os, sys

_LOG = os.environ["ENTENTE_AUDIT_LOG"]
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


def _local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).split("%")[0]
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _hook(event, args):
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _local(address[0]):
            with open(_LOG, "a") as out:
                out.write(f"connect {address!r}\n")
    elif event == "socket.getaddrinfo":
        if not _local(args[0]):
            with open(_LOG, "a") as out:
                out.write(f"lookup {args[0]!r}\n")


sys.addaudithook(_hook)
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_hook_sees_an_outside_connection(tmp_path):
    """The audit hook itself works: a connection attempt to a documentation address is recorded."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / "audit.log"
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"), ENTENTE_AUDIT_LOG=str(log))
    code = ("import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(('192.0.2.1', 9)); "
            "s.close(); socket.create_connection(('127.0.0.1', 9), timeout=1) if False else None")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert log.read_text().splitlines() == ["connect ('192.0.2.1', 9)"]


def test_starting_the_dashboard_connects_to_nothing_beyond_localhost(dash_db, tmp_path):
    site, home = tmp_path / "site", tmp_path / "home"
    site.mkdir()
    home.mkdir()
    (site / "sitecustomize.py").write_text(HOOK)
    audit, server_log = tmp_path / "audit.log", tmp_path / "server.log"
    audit.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(HOME=str(home), PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]), ENTENTE_AUDIT_LOG=str(audit),
               ENTENTE_DB=str(dash_db), ENTENTE_DATA=str(dash_db.parent / "articles"))
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
           "--server.headless", "true", "--server.fileWatcherType", "none"]
    with open(server_log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{server_log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            assert r.status == 200
        _open_in_chromium(base)
        time.sleep(1.5)   # the external-IP lookup, when made, runs right after the server starts listening
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    printed = server_log.read_text(errors="replace")
    assert "You can now view your Streamlit app" in printed, printed[-2000:]
    assert "Did not auto detect external IP" not in printed
    assert "External URL" not in printed and "Network URL" not in printed
    assert audit.read_text() == "", f"connections beyond localhost were attempted:\n{audit.read_text()}"


def _open_in_chromium(base: str) -> None:
    """Open the page and wait for the graph (so the app script runs in the audited process), when possible."""
    chromium = Path(os.environ.get("ENTENTE_CHROMIUM", "/usr/bin/chromium"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return
    if not chromium.exists():
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto(base + "/")
            page.wait_for_function("() => globalThis.__entente && globalThis.__entente.drawn", timeout=60_000)
        finally:
            browser.close()
