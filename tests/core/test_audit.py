from auditlog.models import LogEntry

from shequ.core.audit import audit_actor
from shequ.regions.models import Region


def test_consecutive_blocks_each_name_the_actor(users):
    unit = Region.objects.get(code="652327100003")
    for households in (100, 200):
        with audit_actor(users["worker_wenhualu"]):
            unit.households = households
            unit.save()
    entries = LogEntry.objects.get_for_object(unit).filter(action=LogEntry.Action.UPDATE)
    assert [entry.actor for entry in entries] == [users["worker_wenhualu"]] * 2


def test_a_service_call_after_a_request_still_names_the_actor(users, login):
    login(users["worker_wenhualu"]).get("/work/")  # leaves auditlog's request context behind
    unit = Region.objects.get(code="652327100003")
    with audit_actor(users["worker_wenhualu"]):
        unit.households = 300
        unit.save()
    assert LogEntry.objects.get_for_object(unit).latest("timestamp").actor == users["worker_wenhualu"]


def test_account_phone_numbers_are_masked_in_the_audit_log(users):
    resident = users["resident"]
    resident.phone = "13812345678"
    resident.save()
    changes = str(LogEntry.objects.get_for_object(resident).latest("timestamp").changes)
    assert "13812345678" not in changes and "138****5678" in changes


def test_token_authentication_names_the_actor_of_the_request(users, rf):
    from auditlog.context import auditlog_value
    from rest_framework.authtoken.models import Token

    from shequ.accounts.authentication import ExpiringTokenAuthentication
    from shequ.core.audit import AuditContextMiddleware, audit_request_client

    token = Token.objects.create(user=users["worker_wenhualu"])
    request = rf.post("/api/v1/x/", HTTP_AUTHORIZATION=f"Token {token.key}", REMOTE_ADDR="10.2.3.4")
    seen = {}

    def view(request):
        ExpiringTokenAuthentication().authenticate(request)
        seen.update(auditlog_value.get(), client=audit_request_client())
        return None

    AuditContextMiddleware(view)(request)
    # The address is worked out when a row is written (a callable in the context).
    assert (seen["actor"], seen["client"][0]) == (users["worker_wenhualu"], "10.2.3.4")


def test_a_service_acting_for_another_user_keeps_the_request_address(users, rf):
    from shequ.core.audit import AuditContextMiddleware

    unit = Region.objects.get(code="652327100003")

    def view(request):
        with audit_actor(users["worker_wenhualu"]):
            unit.households = 321
            unit.save()

    request = rf.get("/", REMOTE_ADDR="10.2.3.4")
    request.user = users["township_jms"]
    AuditContextMiddleware(view)(request)
    entry = LogEntry.objects.get_for_object(unit).latest("timestamp")
    assert (entry.actor, entry.remote_addr) == (users["worker_wenhualu"], "10.2.3.4")


def test_work_outside_a_request_records_no_address(users):
    from shequ.core.events import event_record

    event = event_record(acting_user=users["admin"], verb="test.done", target=users["admin"])
    assert (event.client_address, event.user_agent) == (None, "")
