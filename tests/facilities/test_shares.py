from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shequ.facilities.selectors import facility_area_by_unit
from shequ.facilities.shares import shares_resolve
from tests.conftest import MANCHENGLU, WENHUALU, XINDI


def test_units_without_explicit_shares_split_what_is_left_equally():
    assert shares_resolve({"a": None, "b": None}) == {"a": Decimal("0.5"), "b": Decimal("0.5")}
    assert shares_resolve({"a": Decimal("0.6"), "b": None, "c": None}) == {
        "a": Decimal("0.6"),
        "b": Decimal("0.2"),
        "c": Decimal("0.2"),
    }


def test_explicit_shares_over_one_are_refused():
    with pytest.raises(ValidationError):
        shares_resolve({"a": Decimal("0.7"), "b": Decimal("0.4")})


@pytest.mark.django_db
def test_a_shared_centre_counts_each_square_metre_once_across_its_units(regions, make_facility):
    wenhualu, manchenglu = regions[WENHUALU], regions[MANCHENGLU]
    make_facility(wenhualu, name="共享党群服务中心", area="900", also_serves=[(manchenglu, None)])
    make_facility(manchenglu, name="日间照料中心", type_code="YL-RJ", area="300")
    sums = facility_area_by_unit(unit_codes=[WENHUALU, MANCHENGLU, XINDI])
    assert sums[WENHUALU]["building_area"] == Decimal("450.00")
    assert sums[MANCHENGLU]["building_area"] == Decimal("750.00")
    assert sums[WENHUALU]["activity_area"] == Decimal("270.00")
    assert XINDI not in sums


@pytest.mark.django_db
def test_a_facility_serves_only_units_of_its_own_township(regions, make_facility):
    with pytest.raises(ValidationError) as refused:
        make_facility(regions[WENHUALU], also_serves=[(regions[XINDI], None)])
    assert "serves" in refused.value.message_dict
