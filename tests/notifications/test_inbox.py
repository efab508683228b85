from shequ.notifications.models import Notification


def _messages(user, count: int) -> list[Notification]:
    return [
        Notification.objects.create(recipient=user, stored_title=f"消息{number}", link="/services/")
        for number in range(count)
    ]


def _unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_showing_the_inbox_marks_nothing_read(users, login):
    _messages(users["resident"], 3)
    html = login(users["resident"]).get("/inbox/").content.decode()
    assert "消息0" in html and html.count("未读") >= 3
    assert _unread(users["resident"]) == 3


def test_opening_a_message_marks_only_that_one_read(users, login):
    first, second = _messages(users["resident"], 2)
    resident = login(users["resident"])
    page = resident.get(f"/inbox/{first.pk}/").content.decode()
    assert "消息0" in page and 'href="/services/"' in page
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert '<span class="badge text-bg-danger">1</span>' in resident.get("/").content.decode()


def test_mark_all_read_is_a_post_of_ones_own_messages(users, login):
    _messages(users["resident"], 2)
    _messages(users["worker_wenhualu"], 1)
    resident = login(users["resident"])
    assert resident.get("/inbox/read-all/").status_code == 405
    assert resident.post("/inbox/read-all/").status_code == 302
    assert _unread(users["resident"]) == 0 and _unread(users["worker_wenhualu"]) == 1


def test_another_users_message_is_a_404_and_stays_unread(users, login):
    (message,) = _messages(users["worker_wenhualu"], 1)
    assert login(users["resident"]).get(f"/inbox/{message.pk}/").status_code == 404
    assert _unread(users["worker_wenhualu"]) == 1
