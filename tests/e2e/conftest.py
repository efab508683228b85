"""What every browser test shares: Debian's chromium driven through Playwright, skipped where it is
missing, except where SHEQU_REQUIRE_BROWSER makes that a failure (CI)."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("SHEQU_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed",
    ),
]


@pytest.fixture
def browser(monkeypatch):
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls between its steps are
    # ordinary synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        )
        yield launched
        launched.close()
