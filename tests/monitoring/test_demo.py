"""The demo county gives a meaningful dashboard: some targets met, some not, units behind listed,
a baseline, the synthetic history, the frozen end-of-2025 evaluation and example 十五五 targets."""

import random

import pytest

from shequ.demo.county import figures_seed
from shequ.facilities.demo import facilities_seed
from shequ.monitoring.demo import monitoring_seed
from shequ.monitoring.models import Baseline, IndicatorTarget, Snapshot, SnapshotKind
from shequ.monitoring.selectors import indicator_report
from shequ.workforce.demo import workforce_seed


@pytest.mark.django_db
def test_the_demo_has_a_frozen_final_evaluation_with_targets_met_and_missed(users, regions):
    figures_seed(rng=random.Random(1))
    facilities_seed(county="652327", seed=1)
    workforce_seed(county="652327", seed=1)
    assert monitoring_seed(county="652327", seed=1, administrator=users["admin"])["snapshots"] > 60
    assert monitoring_seed(county="652327", seed=1, administrator=users["admin"]) == {"snapshots": 0}

    final = indicator_report(region=regions["652327"], plan_code="jimsar-14")
    assert final.frozen
    figures = final.figures["652327"]
    assert {figure.met for figure in figures.values()} >= {True, False}
    assert figures["facility_coverage"].short_units  # the village without a centre
    assert Baseline.objects.filter(is_demo=True, region_code="652327").count() >= 5
    assert Snapshot.objects.filter(is_demo=True, kind=SnapshotKind.MONTHLY).count() == 59
    assert not IndicatorTarget.objects.filter(plan__code="jimsar-15", is_example=False).exists()
