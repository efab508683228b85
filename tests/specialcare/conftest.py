"""A duty holder of 文化路社区 (all groups), one of 新地村 (all groups), and records in both units."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.accounts.models import Role
from shequ.specialcare.groups import Group
from tests.conftest import WENHUALU, XINDI, make_user
from tests.factories import care_record, duty_grant

# What a record holds that no page outside special care may show.
GUARDIAN = "监护人甲"
REHABILITATION = "阳光家园康复站"


@pytest.fixture
def carers(users, regions):
    care_wenhualu = make_user("care_wenhualu", Role.VILLAGE_WORKER, regions[WENHUALU])
    care_xindi = make_user("care_xindi", Role.VILLAGE_WORKER, regions[XINDI])
    duty_grant(care_wenhualu, regions[WENHUALU])
    duty_grant(care_xindi, regions[XINDI])
    return {"wenhualu": care_wenhualu, "xindi": care_xindi}


@pytest.fixture
def records(carers, residents):
    """张三 under community correction and 王五 with a severe mental disorder (文化路), 李四 released
    from prison (新地村). 张三's first visit was due ten days ago."""
    today = timezone.localdate()
    return {
        "correction": care_record(
            residents["zhangsan"], Group.CORRECTION, carers["wenhualu"], started_on=today - timedelta(days=40)
        ),
        "mental": care_record(
            residents["wangwu"],
            Group.MENTAL,
            carers["wenhualu"],
            guardian_name=GUARDIAN,
            rehabilitation_service=REHABILITATION,
        ),
        "released": care_record(residents["lisi"], Group.RELEASED, carers["xindi"]),
    }
