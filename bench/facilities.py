"""Facility registry: listing and filtering a prefecture-sized registry (10,000 facilities).

What it measures, through the API as the plan monitoring and the apps call it (DRF's test client,
so URL routing, scope, filters, serializers and keyset pages are all included):

    list_first     GET /api/v1/facilities/                   the first keyset page (20 rows)
    list_next      the page after it, by its cursor
    by_unit        GET /api/v1/facilities/?unit=CODE
    by_type        GET /api/v1/facilities/?type=YL-RJ
    short_hours    GET /api/v1/facilities/?short_hours=true
    serves         GET /api/v1/facilities/?serves=CODE      shared facilities included

for three users: the worker of 文化路社区, the staff of 吉木萨尔镇 and county 民政局 staff. The 10,000
facilities (--facilities) are spread over the county's 90 units (about 110 each: a prefecture's
registry in one county, so the county user's scope holds all of them); one in ten serves a
neighbour too. Each request runs ROUNDS times after two warm-up passes; p50, p95 and max.

    .venv/bin/python bench/facilities.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_facilities
    .venv/bin/python bench/facilities.py --database sqlite

Results go to bench/results/facilities-<backend>.md.
"""

import argparse
import platform
import random
import statistics
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_timing import ROUNDS, measure
from service_hall import RESULTS_DIR, setup_django


def load(target: int) -> dict:
    from django.db import transaction
    from service_hall import _user

    from shequ.accounts.models import Department, Role
    from shequ.facilities.models import Facility, FacilityServedUnit, FacilityType
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import

    divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
    units = list(Region.objects.filter(level="village").order_by("code"))
    types = list(FacilityType.objects.all())
    existing = Facility.objects.count()
    rng = random.Random(652327)
    if existing < target:
        with transaction.atomic():
            rows = []
            for number in range(existing, target):
                unit = units[number % len(units)]
                area = Decimal(rng.randint(40, 2000))
                rows.append(
                    Facility(
                        unit=unit,
                        scope_code=unit.code,
                        type=types[number % len(types)],
                        name=f"{unit.short_name}设施{number:05d}",
                        building_area=area,
                        activity_area=area * Decimal("0.6"),
                        min_daily_open_hours=Decimal(rng.choice([6, 7, 8, 8, 8, 9, 10])),
                    )
                )
            Facility.objects.bulk_create(rows, batch_size=1000)
            served = []
            for index, facility in enumerate(rows):
                served.append(FacilityServedUnit(facility=facility, unit=facility.unit, unit_code=facility.scope_code))
                if index % 10 == 0:
                    neighbour = next(u for u in units if u.parent_id == facility.unit.parent_id and u != facility.unit)
                    served.append(FacilityServedUnit(facility=facility, unit=neighbour, unit_code=neighbour.code))
            FacilityServedUnit.objects.bulk_create(served, batch_size=1000)
    county = Region.objects.get(code="652327")
    return {
        "village": _user("bench_worker", Role.VILLAGE_WORKER, Region.objects.get(code="652327100003")),
        "township": _user("bench_township", Role.TOWNSHIP_STAFF, Region.objects.get(code="652327100")),
        "county": _user("bench_county", Role.COUNTY_STAFF, county, department=Department.CIVIL_AFFAIRS),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--facilities", type=int, default=10_000)
    args = parser.parse_args()
    vendor = setup_django(args.database)
    from django.conf import settings
    from rest_framework.test import APIClient

    settings.ALLOWED_HOSTS = ["*"]
    from shequ.facilities.models import Facility

    users = load(args.facilities)
    total = Facility.objects.count()
    lines = [
        f"# Facility registry on {vendor}: {total:,} facilities",
        "",
        f"{platform.platform()}, Python {platform.python_version()}; {ROUNDS} requests each after two warm-ups "
        "(DRF test client: routing, scope, filters, serializer, keyset page; no network). Milliseconds.",
        "",
        "| user | request | p50 | p95 | max |",
        "|---|---|---|---|---|",
    ]
    for name, user in users.items():
        client = APIClient()
        client.force_authenticate(user)
        first = client.get("/api/v1/facilities/").json()
        requests = {
            "list_first": "/api/v1/facilities/",
            "list_next": first["next"],
            "by_unit": "/api/v1/facilities/?unit=652327100003",
            "by_type": "/api/v1/facilities/?type=YL-RJ",
            "short_hours": "/api/v1/facilities/?short_hours=true",
            "serves": "/api/v1/facilities/?serves=652327100003",
        }
        for label, url in requests.items():
            if url is None:
                continue
            times = sorted(measure(client, url))
            p95 = times[int(len(times) * 0.95) - 1]
            lines.append(f"| {name} | {label} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |")
            print(lines[-1], flush=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    backend = "postgresql" if vendor == "postgresql" else vendor
    (RESULTS_DIR / f"facilities-{backend}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
