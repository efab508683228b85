"""The rectification of a 差评 done right: never by the rated worker, with written evidence and an
attachment, closed only by the resident's answer (or, once they let the time pass, by a phone
return visit a handler records)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.feedback.services import rating_create
from shequ.feedback.workflow import Status
from shequ.notifications.models import Notification
from tests.feedback.conftest import evidence_file, rectification_step


@pytest.fixture
def bad(application, users):
    rating = rating_create(target_type="application", target_id=application.pk, level=1, acting_user=users["resident"])
    return rating.rectification


@pytest.fixture
def rectified(bad, head):
    rectification_step(bad, "visited", head, verified=True)
    return rectification_step(bad, "rectified", head)


@pytest.mark.parametrize("to", ["visited", "appealed"])
def test_the_rated_worker_cannot_act_on_their_own_rectification_even_as_the_head(bad, users, to):
    rated = users["worker_wenhualu"]
    rated.is_unit_head = True
    rated.save()
    with pytest.raises(PermissionDenied):
        rectification_step(bad, to, rated, verified=True)
    bad.refresh_from_db()
    assert bad.status == Status.RETURN_VISIT_PENDING and not bad.history.exclude(actor=None).exists()


def test_the_rated_worker_sees_the_case_page_without_any_step(bad, users, login):
    rated = users["worker_wenhualu"]
    rated.is_unit_head = True
    rated.save()
    client = login(rated)
    url = f"/work/rectifications/{bad.pk}/"
    page = client.get(url).content.decode()
    assert "这条差评是对您的评价" in page and 'name="to"' not in page
    refused = client.post(url, {"to": "visited", "visited-note": "自己回访", "visited-verified": "yes"}, follow=True)
    assert "不可用" in refused.content.decode()
    bad.refresh_from_db()
    assert bad.status == Status.RETURN_VISIT_PENDING


def test_a_rectification_needs_written_evidence_and_an_attachment(bad, head):
    rectification_step(bad, "visited", head, verified=True)
    with pytest.raises(ValidationError) as refused:
        rectification_step(bad, "rectified", head, note="已整改", files=[])
    assert set(refused.value.message_dict) == {"note", "files"}
    assert "至少 10 个字" in refused.value.message_dict["note"][0]
    fake = SimpleUploadedFile("证据.png", b"<html><script>alert(1)</script>", "image/png")
    with pytest.raises(ValidationError) as refused:
        rectification_step(bad, "rectified", head, files=[fake])
    assert "不是 PDF、JPG 或 PNG 格式" in refused.value.message_dict["files"][0]
    bad.refresh_from_db()
    assert bad.status == Status.VISITED and not bad.files.exists()


def test_a_dispute_sends_it_back_to_be_rectified_and_tells_the_handlers(
    rectified, users, head, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        rectification_step(rectified, "disputed", users["resident"], note="")
    assert "note" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        disputed = rectification_step(rectified, "disputed", users["resident"], note="窗口人员态度没有改变")
    assert (disputed.status, disputed.disputes, disputed.dispute_note) == (Status.DISPUTED, 1, "窗口人员态度没有改变")
    notice = Notification.objects.get(recipient=head, key="feedback.rectification_disputed")
    assert notice.body == "窗口人员态度没有改变"
    again = rectification_step(disputed, "rectified", users["township_jms"], files=[evidence_file("通报.png")])
    assert again.status == Status.RECTIFIED and again.files.count() == 2
    assert rectification_step(again, "closed", users["resident"], note="满意").status == Status.CLOSED


def test_only_the_residents_household_answers_in_person(rectified, users, lisi_account):
    with pytest.raises(PermissionDenied):
        rectification_step(rectified, "closed", lisi_account, note="")
    with pytest.raises(PermissionDenied):
        rectification_step(rectified, "closed", users["worker_wenhualu"], note="已电话确认")


def test_a_handler_records_a_phone_return_visit_only_after_the_residents_time(
    rectified, users, django_capture_on_commit_callbacks
):
    township = users["township_jms"]
    with pytest.raises(PermissionDenied, match="居民确认期限"):
        rectification_step(
            rectified,
            "closed",
            township,
            note="电话回访，居民表示满意",
            today=rectified.confirm_due - timedelta(days=1),
        )
    with pytest.raises(ValidationError):  # what the resident said on the phone is written down
        rectification_step(rectified, "closed", township, note="", today=rectified.confirm_due)
    with django_capture_on_commit_callbacks(execute=True):
        closed = rectification_step(
            rectified, "closed", township, note="电话回访，居民表示满意", today=rectified.confirm_due
        )
    assert closed.status == Status.CLOSED and closed.confirmed_by_phone
    assert closed.history.last().data == {"from": "rectified", "to": "closed", "by_phone": True}
    notice = Notification.objects.get(recipient=users["resident"], key="feedback.rating_handled")
    assert notice.body == "电话回访，居民表示满意"


def test_the_resident_confirms_on_the_rating_page(rectified, users, application, login):
    client = login(users["resident"])
    url = f"/feedback/rate/application/{application.pk}/"
    page = client.get(url).content.decode()
    assert "请确认整改结果" in page and "已约谈窗口人员" in page
    kept = client.post(url, {"answer": "disputed", "note": ""})
    assert kept.status_code == 200 and "请写明异议理由" in kept.content.decode()
    assert client.post(url, {"answer": "closed", "note": "满意"}).status_code == 302
    rectified.refresh_from_db()
    assert rectified.status == Status.CLOSED and rectified.feedback_note == "满意"
    assert "整改结果已确认" in client.get(url).content.decode()


def test_evidence_downloads_are_scoped_and_audited(rectified, users, head, login):
    from shequ.core.models import DomainEvent

    evidence = rectified.files.get()
    response = login(head).get(f"/work/rectifications/files/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert DomainEvent.objects.filter(verb="rectification.file_downloaded", actor=head).exists()
    assert login(users["worker_xindi"]).get(f"/work/rectifications/files/{evidence.pk}/").status_code == 404
