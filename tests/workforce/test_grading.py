"""The 三岗十八级 grade as the issue states it, read from the shipped configuration: each post's
start and cap, one grade per full 3 years (the anniversary decides), education as extra years and
the qualification bonus within the cap."""

from datetime import date

import pytest

from shequ.workforce.grading import GradeScheme, full_years
from shequ.workforce.models import Education, PostGrade, SalaryStep, Worker

START = date(2016, 6, 15)


def grade(*, post="other", start=START, on=date(2016, 6, 15), education=None, qualification=None) -> int:
    worker = Worker(post=post, service_start=start, education=education, qualification=qualification)
    return GradeScheme.load().grade(worker, on=on)


@pytest.mark.django_db
@pytest.mark.parametrize(("post", "start", "cap"), [("principal", 7, 18), ("deputy", 4, 15), ("other", 1, 12)])
def test_each_post_starts_at_its_grade_and_stops_at_its_cap(post, start, cap):
    assert grade(post=post) == start
    assert grade(post=post, start=date(1980, 1, 1), on=date(2025, 1, 1)) == cap


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2019, 6, 14), 1),  # the day before the third anniversary: 2 full years
        (date(2019, 6, 15), 2),  # the anniversary: 3 full years
        (date(2022, 6, 14), 2),
        (date(2022, 6, 15), 3),
    ],
)
def test_a_grade_comes_with_each_full_three_years_on_the_anniversary(on, expected):
    assert grade(on=on) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("education", "on", "expected"),
    [
        ("secondary", date(2016, 6, 15), 1),
        ("college", date(2016, 6, 15), 1),
        ("bachelor", date(2016, 6, 15), 2),  # 3 years: one grade at once
        ("master", date(2016, 6, 15), 2),  # 5 years: one grade…
        ("master", date(2017, 6, 14), 2),
        ("master", date(2017, 6, 15), 3),  # …and the second after one year of service
        ("doctor", date(2016, 6, 15), 3),  # 7 years: two grades…
        ("doctor", date(2018, 6, 15), 4),  # …and the third after two years
    ],
)
def test_education_counts_as_years_of_service(education, on, expected):
    assert grade(education=Education.objects.get(code=education), on=on) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "bonus"), [("assistant", 1), ("social_worker", 2), ("senior", 3)])
def test_a_qualification_adds_its_grades_within_the_cap(code, bonus):
    from shequ.workforce.models import Qualification

    qualification = Qualification.objects.get(code=code)
    assert grade(post="deputy", qualification=qualification) == 4 + bonus
    # 15 years of service put a deputy at 9; the cap of 15 is near only at the end of a career.
    assert grade(post="deputy", qualification=qualification, on=date(2031, 6, 15)) == 9 + bonus
    assert grade(post="deputy", start=date(1990, 1, 1), on=date(2025, 1, 1), qualification=qualification) == 15
    assert grade(post="principal", start=date(1994, 6, 15), on=date(2024, 6, 15), qualification=qualification) == min(
        17 + bonus, 18
    )


@pytest.mark.django_db
def test_the_sequence_and_pay_are_configuration():
    PostGrade.objects.filter(post="other").update(start_grade=2, max_grade=10, years_per_grade=2)
    SalaryStep.objects.filter(grade=3).update(monthly_pay=4321)
    scheme = GradeScheme.load()
    worker = Worker(post="other", service_start=START)
    assert scheme.grade(worker, on=date(2018, 6, 15)) == 3
    assert scheme.pay(3) == 4321
    assert scheme.grade(Worker(post="", service_start=None), on=date(2025, 1, 1)) is None


def test_a_start_on_29_february_completes_its_year_on_1_march():
    assert full_years(date(2020, 2, 29), date(2021, 2, 28)) == 0
    assert full_years(date(2020, 2, 29), date(2021, 3, 1)) == 1
    assert full_years(date(2020, 2, 29), date(2019, 1, 1)) == 0
