from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shequ.incidents.catalogue import categories_load

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def categories(db):
    categories_load()
