"""资格县级联审: each county department confirms only its own line, audited; and the configuration
tables of workforce and facilities are kept in the admin by the county administrator only."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from shequ.core.models import DomainEvent
from shequ.workforce.models import ReviewConfirmation, ReviewDepartment
from shequ.workforce.selectors import this_year
from shequ.workforce.services import candidate_confirm
from tests.conftest import WENHUALU, XINDI


@pytest.fixture
def candidate(make_worker):
    return make_worker(WENHUALU, name="候选人", post="principal", party_committee=True)


@pytest.mark.django_db
def test_civil_affairs_staff_confirm_their_line_on_the_candidates_page(users, login, candidate):
    client = login(users["county_mz"])
    page = client.get(f"/work/workers/{candidate.pk}/review/")
    assert list(page.context["form"].fields["department"].queryset.values_list("code", flat=True)) == ["civil_affairs"]
    civil_affairs = ReviewDepartment.objects.get(code="civil_affairs")
    response = client.post(
        f"/work/workers/{candidate.pk}/review/",
        {"department": civil_affairs.pk, "confirmed_on": date.today().isoformat()},
    )
    assert response.status_code == 302
    confirmation = ReviewConfirmation.objects.get()
    assert (confirmation.department, confirmation.confirmed_by) == (civil_affairs, users["county_mz"])
    assert DomainEvent.objects.filter(verb="candidate_review.confirmed", actor=users["county_mz"]).exists()
    # Its line done, the department has nothing left to confirm here; the list counts one of nine.
    assert client.get(f"/work/workers/{candidate.pk}/review/").context["form"] is None
    listing = client.get("/work/workers/candidates/")
    assert [(worker.name, worker.confirmed) for worker in listing.context["page"]] == [("候选人", 1)]


@pytest.mark.django_db
def test_no_department_confirms_another_departments_line(users, login, candidate):
    police = ReviewDepartment.objects.get(code="police")
    # The page does not offer it, and a forged post is refused by the form.
    refused = login(users["county_mz"]).post(
        f"/work/workers/{candidate.pk}/review/", {"department": police.pk, "confirmed_on": "2025-01-02"}
    )
    assert refused.status_code == 200 and not ReviewConfirmation.objects.exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(PermissionDenied):
        candidate_confirm(
            worker=candidate,
            election_year=this_year(),
            department=police,
            confirmed_on=date(2025, 1, 2),
            acting_user=users["county_mz"],
        )
    # A department with no line in the checklist (教育局) has no form; a post is forbidden.
    education = login(users["county_jy"])
    assert education.get(f"/work/workers/{candidate.pk}/review/").context["form"] is None
    assert education.post(f"/work/workers/{candidate.pk}/review/", {"department": police.pk}).status_code == 403
    # Village and township staff read the checklist but confirm nothing.
    for username in ("worker_wenhualu", "township_jms"):
        assert login(users[username]).get(f"/work/workers/{candidate.pk}/review/").context["form"] is None
    assert not ReviewConfirmation.objects.exists()


@pytest.mark.django_db
def test_the_county_administrator_enters_only_the_paper_replies_of_departments_without_accounts(users, candidate):
    court, civil_affairs = (
        ReviewDepartment.objects.get(code="court"),
        ReviewDepartment.objects.get(code="civil_affairs"),
    )
    admin = users["county_admin"]
    candidate_confirm(
        worker=candidate, election_year=2026, department=court, confirmed_on=date(2025, 1, 2), acting_user=admin
    )
    with pytest.raises(PermissionDenied):
        candidate_confirm(
            worker=candidate,
            election_year=2026,
            department=civil_affairs,
            confirmed_on=date(2025, 1, 2),
            acting_user=admin,
        )
    assert list(ReviewConfirmation.objects.values_list("department__code", flat=True)) == ["court"]


@pytest.mark.django_db
def test_a_candidate_of_another_scope_is_not_found(users, login, make_worker):
    other = make_worker(XINDI, name="新地候选", party_committee=True)
    assert login(users["worker_wenhualu"]).get(f"/work/workers/{other.pk}/review/").status_code == 404


CONFIGURATION = [
    "workforce/postgrade",
    "workforce/salarystep",
    "workforce/education",
    "workforce/qualification",
    "workforce/staffingstandard",
    "workforce/competencyitem",
    "workforce/reviewdepartment",
    "facilities/facilitytype",
    "facilities/orgmodel",
]


@pytest.mark.django_db
def test_the_county_administrator_keeps_the_configuration_in_the_admin(users, login):
    client = login(users["county_admin"])
    index = client.get("/admin/").content.decode()
    for table in CONFIGURATION:
        assert f"/admin/{table}/" in index, table
        assert client.get(f"/admin/{table}/").status_code == 200, table
        assert client.get(f"/admin/{table}/add/").status_code == 200, table
    department = ReviewDepartment.objects.get(code="court")
    page = client.get(f"/admin/workforce/reviewdepartment/{department.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/workforce/reviewdepartment/{department.pk}/change/",
        {"code": "court", "name": "县人民法院", "order": "6", "account_department": "sfj"},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.account_department == "sfj"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["county_mz", "township_jms", "worker_wenhualu"])
def test_nobody_else_opens_the_configuration(users, login, username):
    # Even with Django's staff flag, only the county administrator's role enters the admin: the
    # others are sent to its login page, never shown a table.
    users[username].is_staff = True
    users[username].save()
    client = login(users[username])
    for table in CONFIGURATION:
        response = client.get(f"/admin/{table}/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), table
