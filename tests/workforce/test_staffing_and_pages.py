"""Staffing standards per kind of unit, and the staff pages in both languages, scoped."""

import pytest
from django.test import Client

from shequ.regions.models import Region
from shequ.workforce.models import StaffingStandard
from shequ.workforce.selectors import staffing_check
from tests.conftest import MANCHENGLU, WENHUALU, XINDI


@pytest.mark.django_db
def test_units_below_their_standard_are_listed(users, make_worker):
    Region.objects.filter(code__in=[WENHUALU, MANCHENGLU]).update(resident_population=4000)
    Region.objects.filter(code=XINDI).update(households=300)
    for number in range(10):
        make_worker(WENHUALU, name=f"甲{number}")
    make_worker(MANCHENGLU)
    rows = {row.unit.code: row for row in staffing_check(user=users["county_mz"])}
    # communities: one per 400 residents, villages: one per 150 households (the shipped defaults)
    assert (rows[WENHUALU].required, rows[WENHUALU].short) == (10, False)
    assert (rows[MANCHENGLU].required, rows[MANCHENGLU].short) == (10, True)
    assert (rows[XINDI].required, rows[XINDI].workers, rows[XINDI].short) == (3, 0, True)
    StaffingStandard.objects.filter(unit_kind="community").update(basis="households", per=1000, minimum=1)
    Region.objects.filter(code=MANCHENGLU).update(households=900)
    assert not {row.unit.code: row for row in staffing_check(user=users["county_mz"])}[MANCHENGLU].short
    assert {row.unit.code for row in staffing_check(user=users["worker_xindi"])} == {XINDI}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_pages_show_the_users_scope_in_both_languages(users, make_worker, language):
    mine, other = make_worker(WENHUALU, name="文化路的"), make_worker(XINDI, name="新地的")
    client = Client(headers={"accept-language": language})
    client.force_login(users["worker_wenhualu"])
    listing = client.get("/work/workers/")
    assert listing.status_code == 200
    assert "文化路的" in listing.text and "新地的" not in listing.text
    assert client.get(f"/work/workers/{mine.pk}/").status_code == 200
    assert client.get(f"/work/workers/{other.pk}/").status_code == 404
    for page in ("training/", "staffing/", "import/", "import/template.xlsx", "export.xlsx"):
        assert client.get(f"/work/workers/{page}").status_code == 200, page
