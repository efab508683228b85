"""Service hall: submitting applications and listing the workbench queue with 100,000 applications.

What it measures, through the real services and selectors:

    submit        application_submit(...) for a resident, one after another (throughput and latency)
    submit_2x     the same from two threads at once (SQLite serialises writers; PostgreSQL does not)
    queue_page    a worker opening a queue: the count capped at 1,000 and the first page of 20 (as
                  the page does)
    list_api_page the first keyset page of all applications (as GET /api/v1/applications/ reads it)
    panel_counts  the workbench panel's five exact queue counts, computed
    panel         the workbench panel as served (its counts shared per scope for 30 s)

for three users: the community worker of 文化路社区, the staff of 吉木萨尔镇 (its township) and a
county 民政局 staff member (the whole county's 民政局 items). Each listing runs 200 times after two
warm-up passes; latencies are reported as p50, p95 and max.

Data: 100,000 applications (--applications) spread over the county's 90 units and 16 catalogue
items, in every state, submitted over the last 60 working days so that all queues have members;
about 60 residents per unit submit them. A later run reuses what is there.

    .venv/bin/python bench/service_hall.py --database sqlite
    .venv/bin/python bench/service_hall.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_hall

Results go to bench/results/service_hall-<backend>.md.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = ROOT / "var" / "bench" / "service_hall.sqlite3"
RESULTS_DIR = ROOT / "bench" / "results"
# A fixed day whose deadlines all fall within years the calendar knows.
TODAY = date(2026, 10, 30)
PERSONS_PER_UNIT = 60
ROUNDS = 200
SUBMISSIONS = 300


def setup_django(database: str) -> str:
    if database == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{SQLITE_FILE}"
    else:
        url = database
        ensure_postgres_database(url)
    os.environ["SHEQU_DATABASE_URL"] = url
    os.environ["SHEQU_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def ensure_postgres_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def load(target: int) -> dict:
    from django.db import transaction

    from shequ.accounts.models import Department, Role
    from shequ.demo.bulk import PrimaryKeys, rows_insert, sequences_reset
    from shequ.demo.synthetic import ApplicationBuilder
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import
    from shequ.residents.demo import DemoPeople, demo_person_model
    from shequ.residents.models import Household, Person
    from shequ.services.catalogue import catalogue_load
    from shequ.services.models import Application, ServiceItem
    from shequ.services.workflow import Status

    divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
    catalogue_load()
    units = list(Region.objects.filter(level="village").order_by("code"))
    people = DemoPeople(seed=2026, today=TODAY)
    if not Person.objects.exists():
        with transaction.atomic():
            for unit in units:
                for number in range(1, PERSONS_PER_UNIT // 3 + 1):
                    household = Household.objects.create(
                        region=unit, number=f"{number:05d}", address=f"{unit.short_name}{number}号"
                    )
                    members = people.household(urban=unit.kind == "community")[:3]
                    persons = [demo_person_model(member, household=household, is_demo=False) for member in members]
                    Person.objects.bulk_create(persons)
    county = Region.objects.get(code="652327")
    staff = {
        "village": _user("bench_worker", Role.VILLAGE_WORKER, Region.objects.get(code="652327100003")),
        "township": _user("bench_township", Role.TOWNSHIP_STAFF, Region.objects.get(code="652327100")),
        "county": _user("bench_county", Role.COUNTY_STAFF, county, department=Department.CIVIL_AFFAIRS),
    }
    existing = Application.objects.count()
    started = time.perf_counter()
    if existing < target:
        rng = random.Random(652327)
        items = list(ServiceItem.objects.filter(bookable=False)) + list(ServiceItem.objects.filter(bookable=True))
        builder = ApplicationBuilder(items=items, today=TODAY, days=90)
        persons = list(Person.objects.only("pk", "region_id", "grid_id", "scope_code").order_by("pk"))
        keys = PrimaryKeys()
        batch, open_pairs = (
            [],
            set(
                Application.objects.exclude(status__in=Status.final_states()).values_list("applicant_id", "service_id")
            ),
        )
        for index in range(existing, target):
            application = builder.build(
                rng,
                number=f"BENCH{index:09d}",
                applicant=rng.choice(persons),
                submitted_by=staff["village"],
                open_pairs=open_pairs,
            )
            application.pk = keys.next(Application)
            batch.append(application)
            if len(batch) == 5000:
                rows_insert(Application, batch)
                batch = []
        rows_insert(Application, batch)
        sequences_reset([Application])
    _analyze()
    return {"staff": staff, "load_seconds": time.perf_counter() - started, "existing": existing}


def _user(username, role, region, department=""):
    from shequ.accounts.models import User

    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "region": region, "department": department}
    )
    return user


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_listing(staff: dict) -> list[tuple]:
    from shequ.services.panels import application_panel
    from shequ.services.selectors import application_list, application_queues

    rows = []
    for who, user in staff.items():
        queues = application_queues(user=user, today=TODAY)
        everything = application_list(user=user)
        for label, work, listed in (
            (
                "queue_page",
                lambda user=user: _queue_page(application_queues(user=user, today=TODAY)["to_accept"]),
                queues["to_accept"],
            ),
            (
                "queue_page_overdue",
                lambda user=user: _queue_page(application_queues(user=user, today=TODAY)["overdue"]),
                queues["overdue"],
            ),
            ("list_api_page", lambda user=user: list(application_list(user=user)[:21]), everything),
            ("panel_counts", lambda user=user: _panel_counts(user), everything.open()),
            ("panel", lambda user=user: application_panel(user=user, today=TODAY), everything.open()),
        ):
            for _ in range(2):
                work()
            timings = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                work()
                timings.append((time.perf_counter() - started) * 1000)
            rows.append((label, who, listed.count(), timings))
    return rows


def _queue_page(queryset) -> None:
    """What the queue page asks: its count, capped at 1,000, and the first page of 20."""
    from shequ.core.pagination import capped_count

    capped_count(queryset)
    list(queryset[:20])


def _panel_counts(user) -> None:
    """The workbench panel's exact counts, computed (the panel itself shares them per scope for 30 s)."""
    from shequ.services.selectors import application_queues

    for queryset in application_queues(user=user, today=TODAY).values():
        queryset.count()


def measure_submit(threads: int) -> tuple[float, list[float]]:
    from django.db import connection

    from shequ.accounts.models import Role, User
    from shequ.residents.models import Person
    from shequ.services.models import ServiceItem
    from shequ.services.services import application_submit

    item = ServiceItem.objects.get(code="MZ-GLJT")
    applicants = list(Person.objects.filter(region__code="652327100003").select_related("region")[: threads * 10])
    residents = []
    for person in applicants:
        user, _ = User.objects.get_or_create(
            username=f"bench_resident_{person.pk}", defaults={"role": Role.RESIDENT, "region": person.region}
        )
        if person.account_id != user.pk:
            Person.objects.filter(pk=person.pk).update(account=user)
        residents.append((User.objects.get(pk=user.pk), person))
    per_thread = SUBMISSIONS // threads
    timings: list[float] = []
    lock = threading.Lock()

    def work(offset: int) -> None:
        mine = []
        for index in range(per_thread):
            user, person = residents[(offset + index * threads) % len(residents)]
            started = time.perf_counter()
            application_submit(service=item, applicant=person, acting_user=user, data={"note": "bench"}, today=TODAY)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            timings.extend(mine)
        connection.close()

    started = time.perf_counter()
    if threads == 1:
        work(0)
    else:
        workers = [threading.Thread(target=work, args=(offset,)) for offset in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    elapsed = time.perf_counter() - started
    return len(timings) / elapsed, timings


def report(vendor: str, loaded: dict, listing: list[tuple], submits: dict, total: int) -> str:
    lines = [
        f"# Service hall benchmark — {vendor}",
        "",
        f"{date.today().isoformat()}, {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}.",
        f"{total:,} applications in the county; loading the missing ones took {loaded['load_seconds']:.1f} s.",
        "",
        "| operation | user | rows | p50 ms | p95 ms | max ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for label, who, size, timings in listing:
        lines.append(f"| {label} | {who} | {size:,} | {_latencies(timings)} |")
    lines += ["", "| submitting | applications/s | p50 ms | p95 ms | max ms |", "| --- | ---: | ---: | ---: | ---: |"]
    for label, (throughput, timings) in submits.items():
        lines.append(f"| {label} | {throughput:.0f} | {_latencies(timings)} |")
    return "\n".join(lines) + "\n"


def _latencies(timings: list[float]) -> str:
    return f"{statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | {max(timings):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", help="sqlite, or a postgres:// URL")
    parser.add_argument("--applications", type=int, default=100_000)
    options = parser.parse_args()
    vendor = setup_django(options.database)
    loaded = load(options.applications)
    from shequ.services.models import Application

    listing = measure_listing(loaded["staff"])
    submits = {"submit (1 thread)": measure_submit(1), "submit_2x (2 threads)": measure_submit(2)}
    text = report(vendor, loaded, listing, submits, Application.objects.count())
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"service_hall-{'sqlite' if vendor == 'sqlite' else 'postgresql'}.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
