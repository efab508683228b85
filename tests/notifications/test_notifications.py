import pytest
from django.utils import translation

from shequ.notifications.messages import MESSAGES
from shequ.notifications.models import Notification
from shequ.notifications.services import notification_send
from shequ.services.catalogue import catalogue_load
from shequ.services.models import ServiceItem
from tests.factories import FINISHED, ApplicationFactory, RatingFactory
from tests.feedback.conftest import rectification_step


@pytest.fixture
def bad_rating(residents, users, django_capture_on_commit_callbacks):
    """张三's 不满意 of his finished 医保参保登记 application (an item with a Uyghur name)."""
    catalogue_load()
    application = ApplicationFactory(
        service=ServiceItem.objects.get(code="YB-CBDJ"),
        applicant=residents["zhangsan"],
        worker=users["worker_wenhualu"],
        steps=FINISHED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        return RatingFactory(target=application, level=2, acting_user=users["resident"])


def test_an_unregistered_message_is_refused_at_once(users):
    with pytest.raises(KeyError):
        notification_send(user=users["resident"], key="nobody.registered_this")


def test_every_registered_message_has_uyghur_words():
    assert {"services.application_transitioned", "bookings.booked", "feedback.rating_handled"} <= set(MESSAGES)
    for message in MESSAGES.values():
        for template in (message.title, message.body):
            if template and template != "%(note)s":  # a worker's note reads the same in every language
                with translation.override("ug"):
                    uyghur = str(template)
                assert uyghur != str(template)


def test_a_message_from_before_keys_shows_its_stored_text(users):
    old = Notification.objects.create(recipient=users["resident"], stored_title="旧消息", stored_body="旧内容")
    assert (old.title, old.body) == ("旧消息", "旧内容")
    retired = Notification.objects.create(recipient=users["resident"], key="services.retired_message")
    assert (retired.title, retired.body) == ("", "")  # an inbox never fails on a key no app knows


@pytest.mark.parametrize(("reader_language", "expected"), [("zh-hans", "请确认整改结果"), ("ug", "جەزملەڭ")])
def test_a_worker_acting_in_uyghur_notifies_each_resident_in_their_own_language(
    bad_rating, users, reader_language, expected, django_capture_on_commit_callbacks
):
    resident = users["resident"]
    resident.language = reader_language
    resident.save()
    rectification = bad_rating.rectification
    worker = users["township_jms"]  # the rated worker does not handle their own 差评
    with translation.override("ug"), django_capture_on_commit_callbacks(execute=True):
        rectification_step(rectification, "visited", worker, note="已回访", verified=True)
        rectification_step(rectification, "rectified", worker, note="已对窗口人员批评教育，附谈话记录")
    notice = Notification.objects.get(recipient=resident, key="feedback.rectification_to_confirm")
    assert expected in notice.title and notice.body == "已对窗口人员批评教育，附谈话记录"
    assert "医保参保登记" in notice.title if reader_language == "zh-hans" else "医保参保登记" not in notice.title


def test_switching_the_readers_language_renders_old_messages_anew(bad_rating, users):
    worker = users["township_jms"]  # the unit has no head: its township hears of the 差评
    notice = Notification.objects.get(recipient=worker, key="feedback.bad_rating")
    chinese = notice.title
    assert chinese.startswith("收到差评")
    worker.language = "ug"
    worker.save()
    notice = Notification.objects.get(pk=notice.pk)
    assert notice.title != chinese and not notice.title.startswith("收到差评")
