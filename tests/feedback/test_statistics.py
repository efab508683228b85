"""Statistics on a small known data set (excluded ratings count nowhere):

#  resident  item      unit    worker           level  rectification
1  张三      A (民政)  文化路  worker_wenhualu  5
2  张三      A         文化路  worker_wenhualu  2      visited → rectified → closed
3  张三      B (卫健)  文化路  worker_wenhualu  1      visited
4  李四      A         新地村  worker_xindi     3
5  李四      B         新地村  worker_xindi     1      appealed → excluded
6  王五      A         文化路  county_mz        4      (default rating)
7  李四      A         新地村  worker_xindi     2      pending
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.feedback.selectors import rating_statistics, rating_totals
from shequ.feedback.services import rating_create, ratings_apply_defaults
from tests.factories import ServiceItemFactory
from tests.feedback.conftest import local, rectification_step


@pytest.fixture
def data_set(complete, residents, users, lisi_account):
    a = ServiceItemFactory(code="TEST-A", name="甲事项", department="mzj")
    b = ServiceItemFactory(code="TEST-B", name="乙事项", department="wjw")
    wenhualu, xindi, county_mz = users["worker_wenhualu"], users["worker_xindi"], users["county_mz"]
    zhangsan, lisi, wangwu = residents["zhangsan"], residents["lisi"], residents["wangwu"]

    def rated(applicant, item, worker, level, rater):
        application = complete(applicant, item, worker=worker)
        return rating_create(target_type="application", target_id=application.pk, level=level, acting_user=rater)

    def steps(rating, *moves):
        for to, user in moves:
            rectification_step(rating.rectification, to, user, **({"verified": True} if to == "visited" else {}))

    # The rated workers never handle their own 差评: their townships do, and the resident confirms.
    jms, xd = users["township_jms"], users["township_xd"]
    rated(zhangsan, a, wenhualu, 5, users["resident"])
    steps(rated(zhangsan, a, wenhualu, 2, users["resident"]), ("visited", jms), ("rectified", jms),
          ("closed", users["resident"]))  # fmt: skip
    steps(rated(zhangsan, b, wenhualu, 1, users["resident"]), ("visited", jms))
    rated(lisi, a, xindi, 3, lisi_account)
    steps(rated(lisi, b, xindi, 1, lisi_account), ("appealed", xd), ("excluded", county_mz))
    complete(wangwu, a, worker=county_mz, submitted_by=wenhualu, completed_at=local(2026, 9, 30))
    rated(lisi, a, xindi, 2, lisi_account)
    assert ratings_apply_defaults(today=date(2026, 10, 13)) == 1
    return {"a": a, "b": b}


def table(rows, *columns):
    return {row["label"]: tuple(row[column] for column in columns) for row in rows}


COLUMNS = ("total", "level_5", "level_4", "level_3", "level_2", "level_1", "good", "bad", "visited", "rectified")
RATES = ("good_rate", "bad_rate", "visit_rate", "rectify_rate")


def test_by_service(data_set, users):
    rows = rating_statistics(user=users["admin"], group_by="service")
    assert [row["label"] for row in rows] == ["甲事项", "乙事项"]
    assert table(rows, *COLUMNS) == {"甲事项": (5, 1, 1, 1, 2, 0, 3, 2, 1, 1), "乙事项": (1, 0, 0, 0, 0, 1, 0, 1, 1, 0)}
    assert table(rows, *RATES) == {"甲事项": (0.6, 0.4, 0.5, 0.5), "乙事项": (0.0, 1.0, 1.0, 0.0)}
    assert rows[0]["key"] == data_set["a"].pk


def test_by_department(data_set, users):
    rows = rating_statistics(user=users["admin"], group_by="department")
    assert table(rows, "key", "total", "good", "bad") == {"县民政局": ("mzj", 5, 3, 2), "县卫健委": ("wjw", 1, 0, 1)}


def test_by_worker(data_set, users):
    rows = rating_statistics(user=users["admin"], group_by="worker")
    assert table(rows, *COLUMNS, *RATES) == {
        "worker_wenhualu": (3, 1, 0, 0, 1, 1, 1, 2, 2, 1, 0.3333, 0.6667, 1.0, 0.5),
        "worker_xindi": (2, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0.5, 0.5, 0.0, 0.0),
        "county_mz": (1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.0, 0.0, None, None),
    }


def test_by_region(data_set, users):
    rows = rating_statistics(user=users["admin"], group_by="region")
    assert table(rows, *COLUMNS, *RATES) == {
        "文化路社区": (4, 1, 1, 0, 1, 1, 2, 2, 2, 1, 0.5, 0.5, 1.0, 0.5),
        "新地": (2, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0.5, 0.5, 0.0, 0.0),
    }


def test_totals_and_the_date_range(data_set, users):
    totals = rating_totals(user=users["admin"])
    assert (totals["total"], totals["good"], totals["bad"], totals["visited"], totals["rectified"]) == (6, 3, 3, 2, 1)
    assert totals["good_rate"] == 0.5 and totals["visit_rate"] == 0.6667
    assert rating_statistics(user=users["admin"], group_by="service", until=date(2020, 1, 1)) == []


def test_statistics_are_scoped(data_set, users):
    assert table(rating_statistics(user=users["worker_xindi"], group_by="region"), "total") == {"新地": (2,)}
    assert table(rating_statistics(user=users["township_jms"], group_by="region"), "total") == {"文化路社区": (4,)}
    # A county department sees its own department's services; 民政局 (which leads) sees them all.
    assert table(rating_statistics(user=users["county_jy"], group_by="department"), "total") == {}
    assert set(table(rating_statistics(user=users["county_mz"], group_by="department"), "total")) == {
        "县民政局",
        "县卫健委",
    }
    # 张三's grid: his household's ratings (王五 lives in grid 2).
    assert table(rating_statistics(user=users["grid_wenhualu"], group_by="region"), "total") == {"文化路社区": (3,)}


def test_counting_is_one_query_per_grouping(data_set, users):
    with CaptureQueriesContext(connection) as queries:
        rating_statistics(user=users["admin"], group_by="worker")
    assert len(queries) == 2  # the grouped counts, and the labels


def test_unknown_grouping_is_refused(users):
    with pytest.raises(ValueError, match="group_by"):
        rating_statistics(user=users["admin"], group_by="weather")
