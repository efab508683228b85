"""Who edits and who reads: a village worker their unit's facilities, township staff their
township's, the county staff read the county, and nobody sees past their scope."""

import pytest
from django.core.exceptions import PermissionDenied

from shequ.facilities.models import Facility
from shequ.facilities.services import facility_update
from tests.conftest import MANCHENGLU, WENHUALU, XINDI
from tests.facilities.conftest import facility_data


@pytest.fixture
def facilities(regions, make_facility):
    return {code: make_facility(regions[code], name=f"中心{code}") for code in (WENHUALU, MANCHENGLU, XINDI)}


def visible(user) -> set[str]:
    return set(Facility.objects.for_user(user).values_list("scope_code", flat=True))


@pytest.mark.django_db
def test_each_role_sees_its_own_region(users, facilities):
    assert visible(users["worker_wenhualu"]) == {WENHUALU}
    assert visible(users["township_jms"]) == {WENHUALU, MANCHENGLU}
    assert visible(users["county_jy"]) == {WENHUALU, MANCHENGLU, XINDI}
    assert visible(users["grid_wenhualu"]) == visible(users["resident"]) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "code", "allowed"),
    [
        ("worker_wenhualu", WENHUALU, True),
        ("worker_wenhualu", MANCHENGLU, False),
        ("township_jms", MANCHENGLU, True),
        ("township_jms", XINDI, False),
        ("county_admin", XINDI, True),
        ("county_mz", WENHUALU, False),  # county department staff read, they do not edit
        ("grid_wenhualu", WENHUALU, False),
    ],
)
def test_who_may_change_a_facility(users, facilities, username, code, allowed):
    user, facility = users[username], facilities[code]
    assert user.has_perm("facilities.change_facility", facility) is allowed
    data = facility_data(facility.unit, name="改名")
    if allowed:
        assert facility_update(facility=facility, data=data, acting_user=user).name == "改名"
    else:
        with pytest.raises(PermissionDenied):
            facility_update(facility=facility, data=data, acting_user=user)
        assert Facility.objects.get(pk=facility.pk).name != "改名"


@pytest.mark.django_db
def test_a_village_worker_cannot_register_a_facility_in_another_unit(regions, users, make_facility):
    with pytest.raises(PermissionDenied):
        make_facility(regions[XINDI], acting_user=users["worker_wenhualu"])
    assert not Facility.objects.exists()


@pytest.mark.django_db
def test_pages_show_other_units_facilities_as_not_found(users, facilities, login):
    client = login(users["worker_wenhualu"])
    assert client.get(f"/work/facilities/{facilities[WENHUALU].pk}/").status_code == 200
    assert client.get(f"/work/facilities/{facilities[XINDI].pk}/").status_code == 404
    assert client.get(f"/work/facilities/units/{XINDI}/").status_code == 404
    reader = login(users["county_mz"])
    assert reader.get(f"/work/facilities/{facilities[XINDI].pk}/").status_code == 200
    assert reader.get(f"/work/facilities/{facilities[XINDI].pk}/edit/").status_code == 403
    assert reader.get("/work/facilities/new/").status_code == 403
