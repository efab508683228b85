"""The layout and the pages built on it: button types, the header's login button, elder mode and
figures isolated from the Uyghur text around them."""

import re

from django.test import Client

from shequ.notifications.models import Notification


def test_every_button_says_what_it_does(users, residents, login):
    pages = {
        None: ["/", "/accounts/login/", "/services/"],
        "resident": ["/", "/inbox/", "/services/applications/"],
        "worker_wenhualu": ["/work/", "/work/residents/", f"/work/residents/{residents['zhangsan'].pk}/"],
    }
    for username, paths in pages.items():
        client = login(users[username]) if username else Client()
        for path in paths:
            html = client.get(path).content.decode()
            untyped = [tag for tag in re.findall(r"<button\b[^>]*>", html) if "type=" not in tag]
            assert not untyped, (path, untyped)


def test_the_login_form_submits_with_a_submit_button(db):
    html = Client().get("/accounts/login/").content.decode()
    assert re.search(r'<button type="submit"[^>]*>\s*登录', html)


def test_elder_mode_marks_the_root_element(db):
    html = Client(HTTP_COOKIE="shequ_elder=1").get("/").content.decode()
    assert re.search(r'<html [^>]*class="elder"', html)


def test_uyghur_pages_isolate_dates_and_masked_numbers(users, residents, login):
    Notification.objects.create(recipient=users["resident"], stored_title="ئۇچۇر")
    client = login(users["resident"])
    client.cookies["django_language"] = "ug"
    inbox = client.get("/inbox/").content.decode()
    assert re.search(r'<bdi dir="ltr">\d{4}-\d\d-\d\d \d\d:\d\d</bdi>', inbox)
    portal = client.get("/").content.decode()
    assert '<bdi dir="ltr">652327********0017</bdi>' in portal
