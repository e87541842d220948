"""Headless Chromium (Debian's, driven by Playwright) against the live server of
``tests/conftest.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


# How long an ``expect(...)`` waits before failing (Playwright's default is 5 s): a
# dashboard renders through several callbacks, which on a loaded 2-core machine can take
# longer. A passing expectation returns as soon as it holds, so this costs nothing then.
EXPECT_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page(locale: str = "zh-CN"):
        context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base: str, username: str) -> None:
    """Sign in through the form, as a user would; lands on the home page (the to-do
    queues)."""
    from conftest import PASSWORD

    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def close_item(page, opinion: str = "经现场核查，问题已整改到位，同意销号。") -> None:
    """Close the item on the open page as the committee: 验收销号 needs a verification
    opinion."""
    form = page.locator("form.transition", has=page.locator("button[data-transition=close]"))
    form.locator("textarea[name=reason]").fill(opinion)
    form.locator("button[data-transition=close]").click()
