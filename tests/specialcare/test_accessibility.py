"""The special-care pages in a real browser: no serious or critical axe violation and no cell running
out of its box, at phone and desktop size, in Chinese, in Uyghur and in elder mode."""

import pytest
from django.urls import reverse

from tests.e2e import conftest as e2e
from tests.e2e.conftest import BROWSER_TESTS
from tests.e2e.test_accessibility import DESKTOP, MODES, OVERFLOWING, PHONE, RUN_AXE, Sessions

pytestmark = BROWSER_TESTS
# The browser fixture lives in tests/e2e's conftest, which only that folder sees.
browser = e2e.browser


@pytest.mark.django_db(transaction=True)
def test_no_serious_axe_violation_on_the_special_care_pages(browser, live_server, users, carers, records):
    pages = {
        "care_wenhualu": [
            "/work/",
            reverse("specialcare:list"),
            reverse("specialcare:overdue"),
            reverse("specialcare:detail", args=[records["mental"].pk]),
            reverse("specialcare:create"),
        ],
        "county_admin": [reverse("specialcare:grants")],
    }
    sessions, found = Sessions(browser, live_server), []
    for username, paths in pages.items():
        for language, elder in MODES:
            context, page = sessions.context(username, language, elder)
            for path in paths:
                sessions.visit(page, path)
                for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page.set_viewport_size(viewport)
                    mode = f"{language}{' elder' if elder else ''} {size} {username}"
                    for violation in page.evaluate(RUN_AXE, []):
                        found.append(f"{violation['id']} on {path} ({mode}): {', '.join(violation['targets'][:5])}")
                    found += [f"overflow on {path} ({mode}): {cell}" for cell in page.evaluate(OVERFLOWING)]
                page.set_viewport_size(PHONE)
            context.close()
    assert not found, "\n".join(found)
