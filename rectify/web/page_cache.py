"""A few seconds' cache of rendered item list pages, per user, language, query and day.

The item list is the page people reload most, and rendering it (a 1,000-unit filter, 20
rows, the counts) costs ~20 ms of a worker. A page is served again from the worker's
memory while two things hold:

* the **data generation** is the one it was rendered at. The token changes right after
  any write the application commits, before that write's request answers
  (:mod:`rectify.models.generation`), so web, API, CLI, import and plugin writes all
  count without each path having to remember, and writers never wait for one another;
* it is younger than ``PAGE_CACHE_SECONDS``, which bounds what no hook sees (SQL typed
  into the database by hand) and the age of the CSRF token inside the page.

A request with a flashed message waiting is never cached nor served from the cache, and
the key holds the user's session stamp and CSRF token, so no one is served a page made
for another session. ``PAGE_CACHE_SECONDS = 0`` turns the cache off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from .. import clock
from ..models.generation import current_generation

MAX_PAGES = 256  # per worker: ~70 KB a page


def cached_page(render: Callable[[], str]) -> str:
    """The page ``render`` makes for this request, or the same page made moments ago."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if not seconds or session.get("_flashes"):
        return render()
    generation = current_generation()
    cache: PageCache = current_app.extensions.setdefault("rectify_page_cache", PageCache())
    key = _key()
    page = cache.get(key, generation, seconds) if key and generation else None
    if page is None:
        page = render()
        key = _key()  # rendering may have put a CSRF token in the session
        if key and generation:
            cache.put(key, generation, page)
    return page


def _key() -> tuple | None:
    token = session.get("csrf_token")
    if token is None:
        return None
    return (current_user.get_id(), str(get_locale()), request.full_path,
            clock.today().isoformat(), token)


class PageCache:
    """Pages by key, the oldest dropped past MAX_PAGES; safe across threads."""

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple, tuple[str, float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, generation: str, seconds: float) -> str | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            made_at_generation, made, page = entry
            if made_at_generation != generation or time.monotonic() - made > seconds:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, generation: str, page: str) -> None:
        with self._lock:
            self._pages[key] = (generation, time.monotonic(), page)
            self._pages.move_to_end(key)
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
