import pytest

from shequ.emergency.demo import emergency_seed
from shequ.emergency.models import Drill, FireStation, Force, Shelter, Supply, Warning
from shequ.emergency.selectors import supplies_needing_attention


@pytest.mark.django_db
def test_the_demo_has_a_partly_acknowledged_warning_and_one_low_and_one_expiring_supply(users):
    assert emergency_seed(county="652327")["warnings"] == 1
    assert emergency_seed(county="652327") == {"warnings": 0}  # once
    warning = Warning.objects.get(is_demo=True)
    acknowledged = warning.acknowledgements.filter(acknowledged_at__isnull=False)
    assert list(acknowledged.values_list("worker__username", flat=True)) == ["grid_wenhualu"]
    assert warning.acknowledgements.filter(acknowledged_at__isnull=True).count() == 2
    attention = supplies_needing_attention(user=users["worker_wenhualu"])
    assert sorted((supply.name, supply.is_low) for supply in attention) == [("折叠床", True), ("矿泉水", False)]
    assert Supply.objects.count() == 4
    assert Shelter.objects.count() == FireStation.objects.count() == Drill.objects.count() == Force.objects.count() == 1
