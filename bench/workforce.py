"""Workforce registry: listing and filtering a prefecture-sized registry (20,000 community workers).

Through the API as the plan monitoring calls it (DRF's test client: routing, scope, filters, the
grade computed from the configured scheme, the trained-this-year EXISTS, keyset pages):

    list_first   GET /api/v1/community-workers/
    list_next    the page after it, by its cursor
    by_unit      GET /api/v1/community-workers/?unit=CODE
    by_post      GET /api/v1/community-workers/?post=principal
    untrained    GET /api/v1/community-workers/?trained_this_year=false

for the worker of 文化路社区, the staff of 吉木萨尔镇 and county 民政局 staff. Four in five workers have
an attendance this year. p50, p95 and max of ROUNDS requests after two warm-ups.

    .venv/bin/python bench/workforce.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_workforce
"""

import argparse
import platform
import random
import statistics
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_timing import ROUNDS, measure
from service_hall import RESULTS_DIR, setup_django


def load(target: int) -> dict:
    from django.db import connection, transaction
    from service_hall import _user

    from shequ.accounts.models import Department, Role
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import
    from shequ.workforce.models import Attendance, Course, Education, TrainingSession, Worker

    divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
    units = list(Region.objects.filter(level="village").order_by("code"))
    educations = list(Education.objects.all())
    existing = Worker.objects.count()
    rng = random.Random(652327)
    if existing < target:
        with transaction.atomic():
            course = Course.objects.create(title="bench", mode="online", topic="policy")
            session = TrainingSession.objects.create(
                course=course, region=units[0].parent, held_on=date.today(), hours=Decimal("2")
            )
            workers = [
                Worker(
                    unit=units[number % len(units)],
                    scope_code=units[number % len(units)].code,
                    name=f"工作者{number:05d}",
                    post=rng.choice(["principal", "deputy", "other", "other"]),
                    service_start=date(2024, 1, 1) - timedelta(days=rng.randint(0, 7000)),
                    education=rng.choice(educations),
                )
                for number in range(existing, target)
            ]
            Worker.objects.bulk_create(workers, batch_size=1000)
            Attendance.objects.bulk_create(
                (
                    Attendance(session=session, worker=worker, hours=Decimal("2"), year=session.held_on.year)
                    for worker in workers
                    if rng.random() < 0.8
                ),
                batch_size=1000,
            )
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses a handful of rows and sorts the 20,000.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE workforce_worker, workforce_attendance")
    county = Region.objects.get(code="652327")
    return {
        "village": _user("bench_worker", Role.VILLAGE_WORKER, Region.objects.get(code="652327100003")),
        "township": _user("bench_township", Role.TOWNSHIP_STAFF, Region.objects.get(code="652327100")),
        "county": _user("bench_county", Role.COUNTY_STAFF, county, department=Department.CIVIL_AFFAIRS),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--workers", type=int, default=20_000)
    args = parser.parse_args()
    vendor = setup_django(args.database)
    from django.conf import settings
    from rest_framework.test import APIClient

    settings.ALLOWED_HOSTS = ["*"]
    from shequ.workforce.models import Worker

    users = load(args.workers)
    lines = [
        f"# Workforce registry on {vendor}: {Worker.objects.count():,} workers",
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
        first = client.get("/api/v1/community-workers/").json()
        requests = {
            "list_first": "/api/v1/community-workers/",
            "list_next": first["next"],
            "by_unit": "/api/v1/community-workers/?unit=652327100003",
            "by_post": "/api/v1/community-workers/?post=principal",
            "untrained": "/api/v1/community-workers/?trained_this_year=false",
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
    (RESULTS_DIR / f"workforce-{backend}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
