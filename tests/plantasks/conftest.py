from datetime import date, datetime

import pytest
from django.utils import timezone

from shequ.accounts.models import Department, Role
from shequ.plantasks.catalogue import matrix_load
from shequ.plantasks.models import PlanTask
from shequ.plantasks.services import ItemData, Party, work_item_create
from tests.conftest import make_user

JIMSAR_TOWN = "652327100"
XINDI_TOWNSHIP = "652327205"


@pytest.fixture
def plan_users(users, regions):
    """Besides the shared accounts: staff of 县委组织部, named in task 1 like 民政局 and the townships."""
    return users | {
        "county_zzb": make_user("county_zzb", Role.COUNTY_STAFF, regions["652327"], department=Department.ORGANIZATION)
    }


@pytest.fixture
def task1(db):
    # A transactional test run before this one (a browser test, a concurrency test) flushes the rows
    # the data migration wrote; the matrix is loaded again when they are gone.
    matrix_load()
    return PlanTask.objects.get(code="task-01")


@pytest.fixture
def make_item(plan_users, regions, task1):
    def make(
        *, department: str = "", township: str = "", task=None, year: int = 2026, by=None, title="建立社区党建联席会议"
    ):
        party = Party(department=department, township=regions[township] if township else None)
        return work_item_create(
            data=ItemData(
                task=task or task1,
                year=year,
                title=title,
                target="每季度召开一次",
                due_on=date(year, 12, 31),
                party=party,
            ),
            acting_user=by or plan_users["county_mz"],
        )

    return make


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))
