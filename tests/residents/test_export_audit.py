"""Every export of the resident registry is a domain event: who, from where, with which client,
which filter and how many rows, and no personal data."""

from ipaddress import ip_network

from shequ.core.models import DomainEvent

BROWSER = "Mozilla/5.0 (Linux; Android 10) Chrome/120"


def test_an_export_is_audited_with_address_user_agent_filter_and_rows(users, residents, login, settings):
    settings.TRUSTED_PROXIES = (ip_network("10.0.0.5"),)
    client = login(users["worker_wenhualu"])
    response = client.get(
        "/work/residents/export.xlsx",
        {"q": "652327199001010017", "tag": ""},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 200
    event = DomainEvent.objects.get(verb="residents.exported")
    assert (event.actor, event.client_address, event.user_agent) == (users["worker_wenhualu"], "203.0.113.8", BROWSER)
    assert event.region_code == "652327100003"
    assert event.data == {"query": "652327********0017", "tag": "", "rows": 1}
    assert str(event.verb_label) == "导出居民信息"


def test_an_export_by_care_tag_counts_the_rows_in_scope(users, residents, login):
    login(users["worker_wenhualu"]).get("/work/residents/export.xlsx", {"tag": "disabled"}, REMOTE_ADDR="10.9.8.7")
    event = DomainEvent.objects.get(verb="residents.exported")
    assert event.data == {"query": "", "tag": "disabled", "rows": 1} and event.client_address == "10.9.8.7"
    login(users["township_jms"]).get("/work/residents/export.xlsx")
    assert DomainEvent.objects.filter(verb="residents.exported").latest("id").data["rows"] == 3


def test_a_searched_name_is_not_kept_in_the_audit(users, residents, login):
    login(users["worker_wenhualu"]).get("/work/residents/export.xlsx", {"q": "张三"})
    event = DomainEvent.objects.get(verb="residents.exported")
    assert "张三" not in str(event.data) and event.data["query"] == "**" and event.data["rows"] == 1
