"""The app served by gunicorn on a free loopback port, as production serves it, for tests.

The server runs in its own process group so that :meth:`Gunicorn.kill` can SIGKILL the
arbiter and every worker at once, as a power cut or the OOM killer would.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "loadtest-" + "0" * 40
DEMO_PASSWORD = "rectify-demo"  # of every demo account (``flask demo``)
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(database_url: str, instance: Path) -> dict[str, str]:
    """The environment of a production-mode app on ``database_url``, files in ``instance``."""
    env = dict(os.environ)
    env.update(RECTIFY_DATABASE_URL=database_url, RECTIFY_ENV="production",
               RECTIFY_SECRET_KEY=SECRET_KEY, RECTIFY_UPLOAD_FOLDER=str(instance / "uploads"),
               RECTIFY_DEMO_PASSWORD=DEMO_PASSWORD,
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("RECTIFY_SMTP_HOST", None)  # never mail anyone from a test
    return env


def flask_command(database_url: str, instance: Path, *args: str,
                  check: bool = True) -> subprocess.CompletedProcess:
    """``flask --app app ARGS`` against ``database_url``, output captured."""
    return subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT,
                          env=app_environment(database_url, instance), check=check,
                          capture_output=True, text=True, timeout=300)


class Gunicorn:
    """``gunicorn -w WORKERS --threads THREADS app:app`` on a free loopback port."""

    def __init__(self, database_url: str, instance: Path, workers: int = 2,
                 threads: int = 4) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = instance / f"gunicorn-{self.port}.log"
        instance.mkdir(parents=True, exist_ok=True)
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads),
                 "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
                 # Keep idle connections longer than a client (or proxy) waits between
                 # requests: with gunicorn's default of 2 s, a request sent on a connection
                 # the server is closing at that instant gets "connection reset".
                 "--keep-alive", "30",
                 "--log-level", "warning", "app:app"],
                cwd=ROOT, env=app_environment(database_url, instance), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_up()
        except BaseException:
            self.kill()  # never leave a server behind when the start fails
            raise

    def _wait_until_up(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_text()}")
            try:
                if requests.get(self.url + "/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or workers still booting
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not come up:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def kill(self) -> None:
        """SIGKILL the arbiter and all its workers at once (no clean shutdown)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """A graceful stop (SIGTERM), then SIGKILL if it hangs."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def signed_in(base_url: str, username: str, password: str) -> requests.Session:
    """A requests session signed in through the login form."""
    session = requests.Session()
    token = csrf_from(session.get(base_url + "/login", timeout=60).text)
    response = session.post(base_url + "/login", allow_redirects=False, timeout=60,
                            data={"username": username, "password": password,
                                  "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {username} failed: {response.status_code}")
    return session
