"""Bookable items, providers and slots on top of the shared fixtures: 张三's unit 文化路 has a 助浴 slot
tomorrow, 新地村 has its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.accounts.models import Department, Role
from shequ.bookings.models import Provider, ProviderKind
from shequ.bookings.services import slot_create
from shequ.services.models import HandledAt, ItemKind, ServiceItem
from tests.conftest import WENHUALU, XINDI, make_user


def tomorrow_at(hour: int):
    local = timezone.localtime() + timedelta(days=1)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def bath(db):
    return ServiceItem.objects.create(
        code="BM-ZY",
        name="助浴服务",
        kind=ItemKind.CONVENIENCE,
        department=Department.CIVIL_AFFAIRS,
        handled_at=HandledAt.VILLAGE,
        promised_days=3,
        bookable=True,
        translations={"ug": {"name": "يۇيۇنۇش مۇلازىمىتى"}},
    )


@pytest.fixture
def allowance(db):
    """A government item: not bookable."""
    return ServiceItem.objects.create(
        code="MZ-GLJT",
        name="高龄津贴",
        kind=ItemKind.GOVERNMENT,
        department=Department.CIVIL_AFFAIRS,
        handled_at=HandledAt.VILLAGE,
        promised_days=10,
    )


@pytest.fixture
def providers(regions, users):
    """One provider for 吉木萨尔镇 (serves 文化路) acting through the `provider` account, one for 新地乡
    with an account of its own."""
    town = Provider.objects.create(
        name="康乐居家养老服务中心", kind=ProviderKind.ELDERLY_CARE, region=regions["652327100"], phone="09945551234"
    )
    town.accounts.add(users["provider"])
    village = Provider.objects.create(name="新地乡卫生院", kind=ProviderKind.HEALTH, region=regions["652327205"])
    other_account = make_user("provider_xd", Role.PROVIDER, regions["652327205"])
    village.accounts.add(other_account)
    return {"town": town, "village": village, "village_account": other_account}


@pytest.fixture
def make_slot(regions, users, providers, bath):
    def make(unit=WENHUALU, *, capacity=2, hour=10, provider=None, service=None, place="社区服务站", user=None):
        return slot_create(
            service=service or bath,
            provider=provider or (providers["town"] if unit == WENHUALU else providers["village"]),
            region=regions[unit],
            starts_at=tomorrow_at(hour),
            ends_at=tomorrow_at(hour + 1),
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
