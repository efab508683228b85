"""The demo county's workers give the plan monitoring real inputs: every unit has workers, some
units are below their staffing standard and some workers had no training this year."""

import random

import pytest

from shequ.demo.county import COUNTY, figures_seed
from shequ.regions.models import Region
from shequ.workforce.demo import workforce_seed
from shequ.workforce.models import Employer, Worker
from shequ.workforce.selectors import staffing_check, this_year, training_coverage


@pytest.mark.django_db
def test_every_unit_has_workers_some_short_of_standard_and_some_untrained(users):
    figures_seed(rng=random.Random(1))
    summary = workforce_seed(county=COUNTY, seed=1)
    assert summary["workers"] > 0 and workforce_seed(county=COUNTY, seed=1)["workers"] == 0
    units = set(Region.objects.filter(code__prefix=COUNTY, level="village").values_list("code", flat=True))
    staffed = set(Worker.objects.filter(employer=Employer.COMMUNITY).values_list("scope_code", flat=True))
    assert staffed == units
    assert Worker.objects.exclude(employer=Employer.COMMUNITY).exclude(qualification=None).exists()
    staffing = staffing_check(user=users["county_mz"])
    assert 0 < sum(row.short for row in staffing) < len(staffing)
    [total] = training_coverage(user=users["county_mz"], year=this_year())["total"]
    assert 0 < total.trained < total.workers
