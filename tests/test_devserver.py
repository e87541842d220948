"""``make run``'s development server names no software versions in ``Server``."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from loadtest.server import ROOT, app_environment, free_port


def serve(tmp_path: Path, module_args: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = app_environment(f"sqlite:///{tmp_path / 'dev.sqlite'}", tmp_path)
    process = subprocess.Popen([sys.executable, *module_args, "--host", "127.0.0.1",
                                "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{port}"


def server_header(url: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return requests.get(f"{url}/static/none.css", timeout=5).headers["Server"]
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_development_server_names_no_versions(tmp_path):
    process, url = serve(tmp_path, ["-m", "rectify.devserver"])
    try:
        header = server_header(url)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert header == "Rectify"
    assert not re.search(r"werkzeug|python|\d", header, re.IGNORECASE)


def test_make_run_serves_with_the_development_server():
    run_target = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "-m rectify.devserver" in run_target
    assert "flask --app app run" not in run_target and "$(FLASK) run" not in run_target
