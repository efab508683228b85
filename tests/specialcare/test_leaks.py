"""Nothing of special care leaks: the residents search, person page, export and API show nothing of
it, the reminders carry a number and no name, and no list outside special care counts it."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.notifications.models import Notification
from shequ.specialcare.groups import Group
from shequ.specialcare.services import care_reminders_send
from tests.specialcare.conftest import GUARDIAN, REHABILITATION

pytestmark = pytest.mark.django_db

# 困境儿童 is also an ordinary care tag of the registry (shown to every worker), so it is not here.
SPECIAL = [str(Group(group).label) for group in Group.values if group != Group.MINOR_DIFFICULTY]
SPECIAL += [GUARDIAN, REHABILITATION, "特殊群体", "关爱记录", "special-care"]


def _clean(text: str) -> None:
    found = [word for word in SPECIAL if word in text]
    assert found == [], found


@pytest.mark.parametrize("username", ["worker_wenhualu", "care_wenhualu", "county_mz"])
def test_the_registry_pages_show_nothing_of_it(username, users, carers, records, residents, login):
    user = carers["wenhualu"] if username == "care_wenhualu" else users[username]
    client = login(user)
    for path in (
        reverse("residents:residents") + "?q=张三",
        reverse("residents:residents") + "?q=王五",
        reverse("residents:resident-detail", args=[residents["zhangsan"].pk]),
        reverse("residents:resident-detail", args=[residents["wangwu"].pk]),
        reverse("residents:household-detail", args=[residents["home"].pk]),
        "/api/v1/residents/?q=张三",
        f"/api/v1/residents/{residents['wangwu'].pk}/",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        _clean(answer.content.decode())


def test_the_registry_export_holds_nothing_of_it(users, records, login):
    answer = login(users["worker_wenhualu"]).get(reverse("residents:resident-export"))
    workbook = load_workbook(BytesIO(b"".join(answer.streaming_content if answer.streaming else [answer.content])))
    cells = " ".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell)
    assert "张三" in cells
    _clean(cells)


def test_reminders_say_how_many_visits_are_due_and_nothing_else(
    carers, records, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert care_reminders_send() == 1  # 张三's visit is overdue; 李四's not yet due
    notification = Notification.objects.get(recipient=carers["wenhualu"])
    text = notification.title + notification.body
    assert "1" in notification.title
    for word in ["张三", records["correction"].person.id_number[-4:], "文化路", *SPECIAL]:
        assert word not in text
    with django_capture_on_commit_callbacks(execute=True):
        assert care_reminders_send() == 0  # once a day


def test_reminders_count_due_today_and_overdue(carers, records, django_capture_on_commit_callbacks):
    records["released"].next_visit_due = timezone.localdate()
    records["released"].save(update_fields=["next_visit_due"])
    records["mental"].next_visit_due = timezone.localdate() + timedelta(days=1)
    records["mental"].save(update_fields=["next_visit_due"])
    with django_capture_on_commit_callbacks(execute=True):
        assert care_reminders_send() == 2
    assert Notification.objects.get(recipient=carers["xindi"]).params == {"count": 1}
    assert Notification.objects.get(recipient=carers["wenhualu"]).params == {"count": 1}
