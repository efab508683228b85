import pytest

from shequ.accounts.models import Department, Role
from shequ.emergency.services import warning_create, warning_transition
from shequ.emergency.workflow import WarningStatus
from tests.conftest import WENHUALU, XINDI, make_user


@pytest.fixture
def emergency_users(users, regions):
    """The county's emergency bureau, a second grid worker (文化路 grid 2) and 新地村's grid worker."""
    return users | {
        "county_yj": make_user(
            "county_yj", Role.COUNTY_STAFF, regions["652327"], department=Department.EMERGENCY, phone="13900000001"
        ),
        "grid_wenhualu_2": make_user(
            "grid_wenhualu_2", Role.GRID_WORKER, regions[WENHUALU + "002"], phone="13900000002"
        ),
        "grid_xindi": make_user("grid_xindi", Role.GRID_WORKER, regions[XINDI + "001"]),
    }


def draft(user, regions, *codes, **fields):
    return warning_create(
        acting_user=user,
        level=fields.pop("level", "orange"),
        kind=fields.pop("kind", "weather"),
        regions=[regions[code] for code in codes],
        title=fields.pop("title", "大风橙色预警"),
        body=fields.pop("body", "今夜有8级以上大风，请加固门窗。"),
        title_ug=fields.pop("title_ug", "قاتتىق شامال ئاگاھلاندۇرۇشى"),
        body_ug=fields.pop("body_ug", "بۈگۈن كەچتە قاتتىق شامال چىقىدۇ، ئىشىك-دېرىزىلەرنى مۇستەھكەملەڭ."),
        **fields,
    )


@pytest.fixture
def issued(emergency_users, regions, residents, django_capture_on_commit_callbacks):
    """An orange wind warning for 吉木萨尔镇 (文化路, 满城路 …) issued by the emergency bureau."""
    warning = draft(emergency_users["county_yj"], regions, "652327100")
    with django_capture_on_commit_callbacks(execute=False):
        return warning_transition(warning=warning, acting_user=emergency_users["county_yj"], to=WarningStatus.ISSUED)
