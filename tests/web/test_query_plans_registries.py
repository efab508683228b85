"""The facility and community-worker registries' lists, like the service hall's queues
(tests/web/test_query_plans.py): on PostgreSQL with a county's worth of rows, each list's first
page as a village worker, township staff and county department staff see it is planned through an
index, never a sequential scan of the registry's table."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from shequ.facilities.catalogue import catalogue_load as facilities_catalogue_load
from shequ.facilities.models import Facility, FacilityType
from shequ.facilities.selectors import facility_list
from shequ.regions.models import Region
from shequ.workforce.catalogue import catalogue_load as workforce_catalogue_load
from shequ.workforce.models import Education, Worker
from shequ.workforce.selectors import worker_list
from tests.web.test_query_plans import _plan

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are checked on PostgreSQL, the production database (SQLite plans differently)",
)

BIG_TABLES = {"facilities_facility", "workforce_worker"}
PER_UNIT = 60  # facilities and workers of each of the county's 90 units: 5,400 of each


def _sequential_scans(plan: dict) -> list[str]:
    found = [plan["Relation Name"]] if plan.get("Node Type") == "Seq Scan" else []
    found = [table for table in found if table in BIG_TABLES]
    for child in plan.get("Plans", []):
        found += _sequential_scans(child)
    return found


def _registries() -> None:
    # A transactional test before this one may have flushed the catalogues the migrations load.
    facilities_catalogue_load()
    workforce_catalogue_load()
    rng = random.Random(652327)
    units = list(Region.objects.filter(level="village").order_by("code"))
    types, educations = list(FacilityType.objects.all()), list(Education.objects.all())
    Facility.objects.bulk_create(
        (
            Facility(
                unit=unit,
                scope_code=unit.code,
                type=types[number % len(types)],
                name=f"{unit.short_name}设施{number:03d}",
                building_area=Decimal(rng.randint(40, 2000)),
                activity_area=Decimal(30),
                min_daily_open_hours=Decimal(rng.choice([6, 8, 9])),
            )
            for unit in units
            for number in range(PER_UNIT)
        ),
        batch_size=2000,
    )
    Worker.objects.bulk_create(
        (
            Worker(
                unit=unit,
                scope_code=unit.code,
                name=f"工作者{number:03d}",
                post=rng.choice(["principal", "deputy", "other"]),
                service_start=date(2024, 1, 1) - timedelta(days=rng.randint(0, 7000)),
                education=rng.choice(educations),
            )
            for unit in units
            for number in range(PER_UNIT)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_registry_lists_read_no_big_table_from_end_to_end(regions, users):
    _registries()
    viewers = {
        "village worker": users["worker_wenhualu"],
        "township staff": users["township_jms"],
        "county department staff": users["county_mz"],
    }
    scans = {}
    for who, viewer in viewers.items():
        queries = {
            "facilities": facility_list(user=viewer)[:21],
            "facilities open under 8 hours": facility_list(user=viewer, short_hours=True)[:21],
            "community workers": worker_list(user=viewer)[:21],
        }
        for name, queryset in queries.items():
            if found := _sequential_scans(_plan(queryset)):
                scans[f"{who} · {name}"] = found
    assert scans == {}, f"sequential scans of big tables: {scans}"
