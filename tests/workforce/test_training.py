"""Training coverage per unit, township and county, who had none this year, and competency gaps."""

from datetime import date

import pytest

from shequ.workforce.models import CompetencyItem
from shequ.workforce.selectors import training_coverage, worker_gaps, worker_list
from shequ.workforce.services import attendance_record
from tests.conftest import MANCHENGLU, WENHUALU, XINDI


@pytest.mark.django_db
def test_coverage_counts_workers_trained_in_the_year_by_unit_township_and_county(users, make_worker, make_session):
    trained = [make_worker(WENHUALU, name="甲"), make_worker(MANCHENGLU, name="乙"), make_worker(XINDI, name="丙")]
    make_worker(WENHUALU, name="丁")
    last_year_only = make_worker(XINDI, name="戊")
    attendance_record(
        session=make_session(held_on=date(2025, 3, 1)), workers=trained, acting_user=users["county_admin"]
    )
    attendance_record(
        session=make_session(held_on=date(2024, 11, 1)), workers=[last_year_only], acting_user=users["county_admin"]
    )
    coverage = training_coverage(user=users["county_mz"], year=2025)
    assert {(row.code, row.workers, row.trained) for row in coverage["units"]} == {
        (WENHUALU, 2, 1),
        (MANCHENGLU, 1, 1),
        (XINDI, 2, 1),
    }
    assert {(row.code, row.workers, row.trained) for row in coverage["townships"]} == {
        ("652327100", 3, 2),
        ("652327205", 2, 1),
    }
    [total] = coverage["total"]
    assert (total.workers, total.trained, total.rate) == (5, 3, 0.6)
    untrained = worker_list(user=users["county_mz"], untrained=True, year=2025)
    assert sorted(worker.name for worker in untrained) == ["丁", "戊"]
    township = training_coverage(user=users["township_jms"], year=2025)["total"][0]
    assert (township.workers, township.trained) == (3, 2)


@pytest.mark.django_db
def test_a_workers_gaps_are_the_items_no_attended_course_covers(users, make_worker, make_session):
    worker = make_worker(WENHUALU)
    ethnic, digital = CompetencyItem.objects.get(code="ethnic_religious"), CompetencyItem.objects.get(code="digital")
    session = make_session(held_on=date(2025, 3, 1), competencies=[ethnic, digital])
    before = {item.code for item in worker_gaps(worker=worker)}
    attendance_record(session=session, workers=[worker], acting_user=users["county_admin"])
    after = {item.code for item in worker_gaps(worker=worker)}
    assert before - after == {"ethnic_religious", "digital"}
    assert after == set(CompetencyItem.objects.values_list("code", flat=True)) - {"ethnic_religious", "digital"}


@pytest.mark.django_db
def test_attendance_is_recorded_once_per_session(users, make_worker, make_session):
    worker, session = make_worker(WENHUALU), make_session(held_on=date(2025, 3, 1))
    assert attendance_record(session=session, workers=[worker], acting_user=users["worker_wenhualu"]) == 1
    assert attendance_record(session=session, workers=[worker], acting_user=users["worker_wenhualu"]) == 0
