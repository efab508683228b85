"""Each indicator on the hand-built county (conftest.py), worked out on paper."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.facilities.models import CommunityProfile
from shequ.monitoring.engine import indicators_compute
from shequ.monitoring.models import IndicatorTarget
from shequ.regions.models import Region
from shequ.workforce.models import Employer
from tests.monitoring.conftest import C1, C2, COUNTY, ON, PARK, RURAL, STREET, V1, V2, targets


def compute(plan, within=COUNTY, on=ON):
    return indicators_compute(within=within, on=on, targets=targets(plan))


@pytest.mark.django_db
def test_facility_coverage_counts_units_served_by_a_shared_centre_and_lists_the_one_without(plan, facility):
    facility(C1, serves=[(C2, None)])
    facility(V1, type_code="ZH-CJ")
    figures = compute(plan)
    county = figures[COUNTY]["facility_coverage"]
    assert (county.numerator, county.denominator, county.value) == (3, 4, 75)
    assert county.met is False
    assert county.short_units == [V2]
    assert figures[STREET]["facility_coverage"].met is True
    assert figures[V2]["facility_coverage"].value == 0


@pytest.mark.django_db
def test_units_of_kind_other_count_only_when_configured(plan, facility, settings):
    facility(C1)
    assert PARK not in compute(plan)
    settings.COUNT_OTHER_UNITS = True
    figures = compute(plan)
    assert figures[COUNTY]["facility_coverage"].denominator == 5
    assert PARK in figures[COUNTY]["facility_coverage"].short_units


@pytest.mark.django_db
def test_area_per_100_households_counts_a_shared_centre_with_its_shares(plan, facility):
    facility(C1, building=600, activity=400, serves=[(C2, None)])  # 300 m² each
    facility(V1, type_code="ZH-CJ", building=90, activity=60)
    facility(V2, type_code="WS", building=500, activity=0)  # not a 综合服务设施: no area counted
    figures = compute(plan)
    assert figures[C1]["facility_area_per_100_households"].value == 30
    assert figures[C1]["facility_area_per_100_households"].met is True
    assert figures[C2]["facility_area_per_100_households"].value == 60
    assert figures[V2]["facility_area_per_100_households"].value == 0
    county = figures[COUNTY]["facility_area_per_100_households"]
    assert (county.numerator, county.denominator) == (690, 2000)
    assert county.value == Fraction(69, 2)
    assert county.short_units == [V2]


@pytest.mark.django_db
def test_explicit_shares_leave_the_rest_to_the_units_without_one(plan, facility):
    facility(C1, building=1000, activity=600, serves=[(C2, Decimal("0.2"))])
    figures = compute(plan)
    assert figures[C1]["facility_area_per_100_households"].numerator == 800
    assert figures[C2]["facility_area_per_100_households"].numerator == 200


@pytest.mark.django_db
def test_a_unit_with_no_households_has_no_figure_per_household_and_nothing_missing(plan, county, facility):
    Region.objects.filter(code=V2).update(households=0)
    facility(V2, type_code="ZH-CJ", building=100, activity=60)
    figure = compute(plan)[V2]["facility_area_per_100_households"]
    assert (figure.value, figure.met, figure.missing) == (None, None, [])


@pytest.mark.django_db
def test_missing_households_are_reported_as_missing_not_as_a_percentage(plan, county, facility):
    Region.objects.filter(code=V1).update(households=None)
    facility(C1)
    figures = compute(plan)
    for code in (V1, RURAL, COUNTY):
        figure = figures[code]["facility_area_per_100_households"]
        assert (figure.value, figure.met, figure.numerator) == (None, None, None)
        assert figure.missing == ["households"]
    assert figures[STREET]["facility_area_per_100_households"].missing == []


@pytest.mark.django_db
def test_a_facility_area_of_zero_gives_no_activity_share(plan, facility):
    facility(C1, building=0, activity=0)
    facility(C2, building=500, activity=250)
    figures = compute(plan)
    assert figures[C1]["activity_area_share"].value is None
    assert figures[C1]["activity_area_share"].met is None
    assert figures[C2]["activity_area_share"].value == 50
    assert figures[STREET]["activity_area_share"].short_units == [C2]


@pytest.mark.django_db
def test_a_township_without_urban_communities_has_no_urban_figures(plan, worker, facility):
    worker(V1)
    facility(C1, terminals=1)
    figures = compute(plan)
    for code in ("workers_per_10k_urban", "self_service_coverage", "day_care_coverage"):
        figure = figures[RURAL][code]
        assert (figure.value, figure.met, figure.denominator, figure.missing) == (None, None, 0, [])
        assert code not in figures[V1]
    assert figures[STREET]["self_service_coverage"].value == 50


@pytest.mark.django_db
@pytest.mark.parametrize(("comparison", "met"), [("gte", True), ("gt", False)])
def test_workers_per_10k_at_exactly_25_meets_at_least_but_not_more_than(plan, worker, comparison, met):
    IndicatorTarget.objects.filter(plan=plan, indicator="workers_per_10k_urban").update(comparison=comparison)
    for _ in range(10):
        worker(C1)  # 10 workers for 4,000 urban residents: exactly 25 per 10,000
    figure = compute(plan)[C1]["workers_per_10k_urban"]
    assert figure.value == 25
    assert figure.comparison == comparison
    assert figure.met is met


@pytest.mark.django_db
def test_missing_urban_population_is_missing(plan, worker):
    Region.objects.filter(code=C2).update(urban_resident_population=None)
    worker(C1)
    figures = compute(plan)
    assert figures[STREET]["workers_per_10k_urban"].missing == ["urban_resident_population"]
    assert figures[C1]["workers_per_10k_urban"].value == Fraction(5, 2)


@pytest.mark.django_db
def test_social_work_professionals_are_counted_wherever_they_work_against_the_county_total(plan, county, worker):
    worker(C1, qualified=True)
    worker(C1)
    worker(RURAL, employer=Employer.STATION, qualified=True)
    worker(COUNTY, employer=Employer.OFFICE, qualified=True)
    figures = compute(plan)
    county_figure = figures[COUNTY]["social_work_professionals"]
    assert (county_figure.value, county_figure.target, county_figure.met) == (3, 70, False)
    assert figures[RURAL]["social_work_professionals"].value == 1
    assert figures[RURAL]["social_work_professionals"].target is None
    assert "social_work_professionals" not in figures[C1]


@pytest.mark.django_db
def test_training_coverage_counts_workers_trained_in_the_year_of_the_figures(plan, worker):
    worker(C1, trained_in=2025)
    worker(C1, trained_in=2024)
    worker(V1, trained_in=2025)
    figures = compute(plan)
    assert figures[C1]["worker_training_coverage"].value == 50
    assert figures[COUNTY]["worker_training_coverage"].value == Fraction(200, 3)
    assert figures[COUNTY]["worker_training_coverage"].short_units == [C1]
    assert figures[V2]["worker_training_coverage"].value is None  # no workers: nothing to cover


@pytest.mark.django_db
def test_new_community_share_counts_service_and_commercial_areas_of_communities_new_in_the_plan(plan, county, facility):
    CommunityProfile(unit=county[C1], total_building_area=Decimal("10000"), newly_built_year=2023).save()
    CommunityProfile(unit=county[C2], total_building_area=Decimal("50000"), newly_built_year=None).save()
    facility(C1, building=600, activity=400, commercial=100)  # the 综合服务设施's commercial part is inside it
    facility(C1, type_code="BM", building=300, activity=0, commercial=300)
    figure = compute(plan)[COUNTY]["new_community_service_area_share"]
    assert (figure.numerator, figure.denominator, figure.value, figure.met) == (900, 10000, 9, False)
    assert figure.short_units == [C1]
    assert compute(plan, on=date(2022, 12, 31))[COUNTY]["new_community_service_area_share"].denominator == 0


@pytest.mark.django_db
def test_a_new_community_without_its_total_building_area_is_missing(plan, county):
    CommunityProfile(unit=county[C1], total_building_area=None, newly_built_year=2023).save()
    assert compute(plan)[COUNTY]["new_community_service_area_share"].missing == ["total_building_area"]


@pytest.mark.django_db
def test_organisation_structure_is_missing_until_every_unit_is_checked(plan, org_check):
    org_check(C1, complete=True)
    org_check(C2, complete=False)
    figures = compute(plan)
    assert figures[STREET]["org_structure_coverage"].value == 50
    assert figures[STREET]["org_structure_coverage"].short_units == [C2]
    assert figures[COUNTY]["org_structure_coverage"].missing == ["org_check"]


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_units(plan, county, facility, worker, org_check):
    facility(C1, serves=[(C2, None)])
    worker(C1, trained_in=2025)
    with CaptureQueriesContext(connection) as few:
        compute(plan)
    township = county["rural"]
    for number in range(220, 260):
        unit = Region.objects.create(
            code=f"{RURAL}{number}", name=f"村{number}", level="village", kind="village", parent=township, households=90
        )
        facility(unit.code, type_code="ZH-CJ", serves=[(C1, None)])
        worker(unit.code, trained_in=2025, qualified=True)
        org_check(unit.code, complete=number % 2 == 0)
    for number in range(3, 30):
        Region.objects.create(
            code=f"{STREET}{number:03d}",
            name=f"社区{number}",
            level="village",
            kind="community",
            parent=county["street"],
        )
    with CaptureQueriesContext(connection) as many:
        figures = compute(plan)
    assert len(figures) > 70
    assert len(many.captured_queries) == len(few.captured_queries) <= 7  # the engine's six and the targets


@pytest.mark.django_db
def test_the_aggregates_without_units_are_those_with_units(plan, county, facility, worker, org_check):
    """The open data asks for the sums only: the same figures, four queries, no unit rows."""
    facility(C1, serves=[(C2, Decimal("0.25"))])
    facility(V1, type_code="ZH-CJ", building=120, activity=40)
    worker(C1, trained_in=2025, qualified=True)
    worker(V2)
    org_check(C1, complete=True)
    full, goals = compute(plan), targets(plan)
    with CaptureQueriesContext(connection) as queries:
        sums = indicators_compute(within=COUNTY, on=ON, targets=goals, units=False)
    assert len(queries.captured_queries) == 4
    assert set(sums) == {COUNTY, STREET, RURAL}
    for region in sums:
        for code, figure in sums[region].items():
            expected = full[region][code]
            assert (figure.value, figure.numerator, figure.denominator, figure.met, figure.missing) == (
                expected.value,
                expected.numerator,
                expected.denominator,
                expected.met,
                expected.missing,
            ), (region, code)
            assert figure.short_units == []
