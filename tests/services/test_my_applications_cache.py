"""The resident's list of applications is a cached fragment (per account, household and language):
a second view reads no application, and a changed or new application shows on the very next view."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.services.catalogue import catalogue_load
from shequ.services.models import ServiceItem
from shequ.services.services import application_transition
from tests.factories import ApplicationFactory


def page(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/services/applications/")
    assert answer.status_code == 200
    return answer.content.decode(), [query["sql"] for query in queries]


def fragment(html: str) -> str:
    return html.split('<ul class="result-list">', 1)[1].split("</ul>", 1)[0]


def test_the_list_is_cached_and_a_change_shows_at_once(users, residents, login):
    catalogue_load()
    items = list(ServiceItem.objects.filter(active=True).order_by("code")[:2])
    resident, worker = users["resident"], users["worker_wenhualu"]
    application = ApplicationFactory(service=items[0], applicant=residents["zhangsan"], acting_user=resident)
    client = login(resident)
    first, _ = page(client)
    assert application.get_status_display() in first
    again, queries = page(client)
    assert fragment(again) == fragment(first)
    assert not [sql for sql in queries if "services_application" in sql]

    application_transition(application=application, to="accepted", acting_user=worker)
    changed, _ = page(client)
    assert "status-accepted" in changed and "status-submitted" not in changed

    added = ApplicationFactory(service=items[1], applicant=residents["zhangsan"], acting_user=resident)
    assert f"/services/applications/{added.pk}/" in page(client)[0]


def test_each_language_has_its_own_fragment(users, residents, login):
    catalogue_load()
    item = ServiceItem.objects.filter(active=True).order_by("code").first()
    ApplicationFactory(service=item, applicant=residents["zhangsan"], acting_user=users["resident"])
    client = login(users["resident"])
    chinese, _ = page(client)
    client.cookies["django_language"] = "ug"
    uyghur, _ = page(client)
    assert "已提交" in chinese and "已提交" not in uyghur
