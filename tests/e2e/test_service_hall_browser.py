"""A resident on a phone applies for 城乡居民医保参保登记 (handled at the village alone, its materials
held by the registry), a community worker accepts and completes it, the resident rates it 不满意,
and the township finds the rectification case (never the rated worker) — in a real browser."""

import pytest

from shequ.services.catalogue import catalogue_load
from tests.e2e.conftest import BROWSER_TESTS
from tests.factories import PASSWORD

pytestmark = BROWSER_TESTS
PHONE = {"width": 390, "height": 844}


def signed_in(browser, live_server, username, csp_violations: list[str]):
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    # Chromium reports what the Content-Security-Policy blocked on the console.
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and csp_violations.append(message.text)
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


@pytest.mark.django_db(transaction=True)
def test_apply_accept_complete_rate_and_rectify(browser, live_server, users, residents):
    catalogue_load()
    csp_violations = []
    resident = signed_in(browser, live_server, "resident", csp_violations)
    resident.goto(f"{live_server.url}/services/")
    resident.get_by_role("link", name="城乡居民医保参保登记").click()
    resident.get_by_role("link", name="在线申请").click()
    resident.fill("textarea[name=note]", "本人参加城乡居民医保")
    resident.get_by_role("button", name="提交申请").click()
    resident.get_by_role("status").filter(has_text="提交成功，等待受理").wait_for()
    assert resident.locator(".status").inner_text() == "已提交"

    worker = signed_in(browser, live_server, "worker_wenhualu", csp_violations)
    worker.get_by_role("link", name="待受理 1").click()
    worker.get_by_role("link", name="城乡居民医保参保登记").click()
    # Each step is confirmed as what it did, never a generic 已办理.
    for step, confirmation in (("受理", "已受理，办结期限"), ("开始办理", "已开始办理"), ("办结", "已办结（")):
        worker.get_by_role("button", name=step, exact=True).click()
        worker.get_by_role("status").filter(has_text=confirmation).wait_for()
    assert worker.locator(".status").inner_text() == "已办结"

    resident.goto(f"{live_server.url}/services/applications/")
    resident.get_by_role("link", name="城乡居民医保参保登记").click()
    resident.get_by_role("link", name="去评价").click()
    resident.locator("label", has_text="不满意").filter(has_not_text="非常").click()
    resident.fill("textarea[name=comment]", "等了很久才有人联系")
    resident.get_by_role("button", name="提交评价").click()
    resident.get_by_text("感谢您的评价").wait_for()

    township = signed_in(browser, live_server, "township_jms", csp_violations)
    township.goto(f"{live_server.url}/work/rectifications/")
    township.get_by_text("城乡居民医保参保登记").first.wait_for()
    assert "不满意" in township.content() and "待回访" in township.content()
    assert csp_violations == []
