"""The demo's grids: rosters, safety bodies, one overdue inspection and one failed → incident."""

import pytest

from shequ.grids.demo import grid_people_seed
from shequ.grids.models import GridMember, GridProfile, InspectionResult
from shequ.grids.selectors import inspections_due, mediators_for_unit, police_officers_for_unit
from tests.conftest import WENHUALU, XINDI


@pytest.mark.django_db
def test_the_demo_seeds_rosters_bodies_and_places_once(checklist, users, regions):
    summary = grid_people_seed(county="652327", units=[WENHUALU, XINDI], seed=1)
    assert summary["grid_profiles"] == GridProfile.objects.count() == 3
    assert GridMember.objects.current().filter(grid__code=WENHUALU + "001", user=users["grid_wenhualu"]).exists()
    assert GridMember.objects.filter(ends_on__isnull=False).exists()
    assert (
        police_officers_for_unit(unit=regions[WENHUALU]).exists() and mediators_for_unit(unit=regions[XINDI]).exists()
    )
    failed = InspectionResult.objects.get(passed=False)
    assert failed.incident.category.code == "0203"
    due = list(inspections_due(user=users["grid_wenhualu"]))
    assert "文化路农贸市场" in [place.name for place in due]
    assert grid_people_seed(county="652327", units=[WENHUALU], seed=1) == {"grid_profiles": 0}
