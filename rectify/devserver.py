"""The development server of ``make run``: ``flask run`` without versions in ``Server``.

Werkzeug's request handler answers ``Server: Werkzeug/3.x Python/3.11.x``, which tells
anyone on the office network which exploits to try. This server is Werkzeug's with a
handler that names no software version. (Production runs gunicorn, whose ``Server`` is
plain ``gunicorn``; see README "Security and reliability".)

Run as ``python -m rectify.devserver --host 127.0.0.1 --port 5000``.
"""

from __future__ import annotations

import argparse

from werkzeug.serving import WSGIRequestHandler, run_simple

SERVER_NAME = "Rectify"


class VersionlessRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, sending ``Server: Rectify``."""

    def version_string(self) -> str:
        return SERVER_NAME


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)
    from rectify import create_app  # after parsing, so --help needs no database

    run_simple(args.host, args.port, create_app(), threaded=True,
               request_handler=VersionlessRequestHandler)


if __name__ == "__main__":
    main()
