"""The app served by gunicorn on loopback, a signed-in HTTP client, and the workers' memory."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(database_url: str, page_cache: bool = False) -> dict[str, str]:
    """The app's environment. The item list's page cache is off unless asked for: the
    views are timed rendering (a repeated request would otherwise time the cache), and
    their SQL is recorded while they render."""
    env = dict(os.environ)
    env.update(RECTIFY_DATABASE_URL=database_url, RECTIFY_ENV="production",
               RECTIFY_SECRET_KEY="bench-" + "0" * 40, PYTHONDONTWRITEBYTECODE="1",
               RECTIFY_PAGE_CACHE_SECONDS="10" if page_cache else "0")
    return env


class Server:
    """``gunicorn -w <workers> app:app`` on a free loopback port; with ``threads``, each
    worker serves that many requests at once (gthread)."""

    def __init__(self, database_url: str, workers: int = 2, page_cache: bool = False,
                 threads: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads),
             "-b", f"127.0.0.1:{self.port}",
             "--timeout", "300", "--log-level", "warning", "app:app"],
            cwd=ROOT, env=app_environment(database_url, page_cache))
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited")
            try:
                if requests.get(self.url + "/healthz", timeout=10).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not come up")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (MB)."""
    match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else 0.0


class MemorySampler:
    """Samples the workers' RSS every 20 ms while running; ``peaks`` per pid."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.baseline = {pid: rss_mb(pid) for pid in pids}
        self.peaks = dict(self.baseline)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                try:
                    self.peaks[pid] = max(self.peaks[pid], rss_mb(pid))
                except (FileNotFoundError, ProcessLookupError):
                    pass
            time.sleep(0.02)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def growth_mb(self) -> float:
        """The largest growth of one worker over its RSS before (the one that served)."""
        return max(self.peaks[pid] - self.baseline[pid] for pid in self.pids)

    def peak_mb(self) -> float:
        return max(self.peaks.values())


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def signed_in(base_url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    token = csrf_from(session.get(base_url + "/login").text)
    response = session.post(base_url + "/login", allow_redirects=False,
                            data={"username": username, "password": password,
                                  "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {username} failed: {response.status_code}")
    return session


class Dashboard:
    """Posts to ``_dash-update-component`` as the Dash renderer does (see
    :mod:`dashboards.testing`), with the CSRF token from the dashboard's cookie."""

    def __init__(self, session: requests.Session, base_url: str, page: str = "/dashboard/"):
        self.session, self.base = session, base_url + "/dashboard/"
        session.get(base_url + page).raise_for_status()
        self.token = session.cookies.get("rectify_dash_csrf", path="/dashboard/") or ""
        self.graph = session.get(self.base + "_dash-dependencies").json()

    def body(self, output: str, values: dict) -> dict:
        callback = next(c for c in self.graph if output in _outputs(c["output"]))

        def fill(spec):
            key = f"{spec['id']}.{spec['property']}"
            return {"id": spec["id"], "property": spec["property"], "value": values.get(key)}

        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
                   for o in _outputs(callback["output"])]
        return {"output": callback["output"],
                "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": [fill(s) for s in callback["inputs"]],
                "state": [fill(s) for s in callback["state"]], "changedPropIds": []}

    def post(self, body: dict) -> requests.Response:
        response = self.session.post(self.base + "_dash-update-component", json=body,
                                     headers={"X-CSRFToken": self.token})
        response.raise_for_status()
        return response


def _outputs(key: str) -> list[str]:
    if key.startswith(".."):
        return [part for part in key.strip(".").split("...") if part]
    return [key.split("@")[0]]
