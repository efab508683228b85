"""Bookable items, providers and slots on top of the shared fixtures: 张三's unit 文化路 has a 助浴 slot
tomorrow, 新地村 has its own."""

from datetime import timedelta

import pytest

from shequ.accounts.models import Role
from shequ.bookings.models import ProviderKind
from shequ.services.models import ItemKind
from tests.conftest import WENHUALU, XINDI
from tests.factories import ProviderFactory, ServiceItemFactory, SlotFactory, UserFactory


@pytest.fixture
def bath(db):
    return ServiceItemFactory(
        code="BM-ZY",
        name="助浴服务",
        promised_days=3,
        bookable=True,
        translations={"ug": {"name": "يۇيۇنۇش مۇلازىمىتى"}},
    )


@pytest.fixture
def allowance(db):
    """A government item: not bookable."""
    return ServiceItemFactory(code="MZ-GLJT", name="高龄津贴", kind=ItemKind.GOVERNMENT)


@pytest.fixture
def providers(regions, users):
    """One provider for 吉木萨尔镇 (serves 文化路) acting through the `provider` account, one for 新地乡
    with an account of its own."""
    town = ProviderFactory(
        name="康乐居家养老服务中心", region=regions["652327100"], phone="09945551234", accounts=[users["provider"]]
    )
    other_account = UserFactory(username="provider_xd", role=Role.PROVIDER, region=regions["652327205"])
    village = ProviderFactory(
        name="新地乡卫生院", kind=ProviderKind.HEALTH, region=regions["652327205"], accounts=[other_account]
    )
    return {"town": town, "village": village, "village_account": other_account}


@pytest.fixture
def make_slot(regions, users, providers, bath):
    def make(unit=WENHUALU, *, capacity=2, hour=10, provider=None, service=None, place="社区服务站", user=None):
        return SlotFactory(
            service=service or bath,
            provider=provider or (providers["town"] if unit == WENHUALU else providers["village"]),
            region=regions[unit],
            hour=hour,
            capacity=capacity,
            place=place,
            acting_user=user or users["township_jms" if unit == WENHUALU else "township_xd"],
        )

    return make


@pytest.fixture
def slot(make_slot):
    return make_slot()


@pytest.fixture
def xindi_slot(make_slot):
    return make_slot(XINDI)


def after_start(slot, minutes: int = 5):
    return slot.starts_at + timedelta(minutes=minutes)
