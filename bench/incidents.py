"""Grid incidents: filing and dispatching cases, and the dispatch board and queues, with 200,000
incidents in the county.

What it measures, through the real services and the served pages and API (Django's test client:
routing, middleware, scope, template or serializer; no network):

    file          incident_report(...) by the community's worker on the hotline, one after another
    dispatch      incident_transition(... to="dispatched") of those cases, once registered
    board         GET /work/incidents/                the dispatch board (the first rows of 7 queues)
    overdue page  GET /work/incidents/queue/overdue/  capped count + first page of 20
    dispatch page GET /work/incidents/queue/to_dispatch/
    overdue api   GET /api/v1/incidents/?queue=overdue (first keyset page)
    list api      GET /api/v1/incidents/               (first keyset page)

as four users: the worker of 文化路社区, the staff of 吉木萨尔镇 (its township), a county 民政局 staff
member (sees every case of the county) and a county 住建局 staff member (only the cases dispatched
to it). Each request runs --rounds times after two warm-ups; p50, p95 and max. Target: queue pages
p95 under 50 ms.

Data: 200,000 incidents (--incidents) over the county's 90 units and their grids (two to four per
unit), reported over the last 180 days, in every state (most closed; a fifth of the running ones
overdue), each with its first history row; written by COPY with explicit keys. A later run reuses
them and tops up.

    .venv/bin/python bench/incidents.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_incidents

Results go to bench/results/incidents-<backend>.md. Each run adds its --filings cases.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service_hall import RESULTS_DIR, _user, percentile, setup_django

# (status, weight): most cases of half a year are closed; the running ones fill the queues.
STATES = [
    ("closed", 60),
    ("not_registered", 3),
    ("verified", 3),
    ("handled", 4),
    ("handling", 12),
    ("dispatched", 6),
    ("registered", 4),
    ("reported", 6),
    ("suspended", 2),
]
RUNNING = {"reported", "registered", "dispatched", "handling"}
DISPATCHED = {"dispatched", "handling", "handled", "verified", "closed", "suspended"}
DAYS = 180
WENHUALU = "652327100003"


def _grids(units) -> list:
    from shequ.regions.codes import Level
    from shequ.regions.models import Region

    grids = []
    for unit in units:
        for number in range(1, (4 if unit.kind == "community" else 2) + 1):
            grid, _ = Region.objects.get_or_create(
                code=f"{unit.code}{number:03d}",
                defaults={"name": f"{unit.short_name}第{number}网格", "level": Level.GRID, "parent": unit},
            )
            grids.append(grid)
    return grids


def load(target: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from shequ.accounts.models import Department, Role
    from shequ.demo.bulk import PrimaryKeys, rows_insert, sequences_reset, statistics_refresh
    from shequ.incidents.catalogue import categories_load
    from shequ.incidents.models import Category, Incident, IncidentEvent, Source
    from shequ.incidents.services import incident_route
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import

    divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
    categories_load()
    units = list(Region.objects.filter(level="village").order_by("code"))
    grids = _grids(units)
    county = Region.objects.get(code="652327")
    staff = {
        "village": _user("bench_worker", Role.VILLAGE_WORKER, Region.objects.get(code=WENHUALU)),
        "township": _user("bench_township", Role.TOWNSHIP_STAFF, Region.objects.get(code="652327100")),
        "county": _user("bench_county", Role.COUNTY_STAFF, county, department=Department.CIVIL_AFFAIRS),
        "department": _user("bench_housing", Role.COUNTY_STAFF, county, department=Department.HOUSING),
    }
    existing = Incident.objects.count()
    started = time.perf_counter()
    if existing < target:
        rng = random.Random(652327)
        leaves = list(Category.objects.filter(parent__isnull=False))
        routes = {(leaf.pk, grid.pk): incident_route(category=leaf, region=grid) for leaf in leaves for grid in grids}
        states = [state for state, weight in STATES for _ in range(weight)]
        now, keys, reporter = timezone.now(), PrimaryKeys(), staff["village"]
        with transaction.atomic():
            incidents, events = [], []
            for _ in range(existing, target):
                category, grid, status = rng.choice(leaves), rng.choice(grids), rng.choice(states)
                reported_at = now - timedelta(minutes=rng.randint(30, DAYS * 24 * 60))
                limit = timedelta(hours=category.time_limit * (1 if category.time_limit_unit == "hours" else 24))
                due_at = reported_at + limit
                if status in RUNNING:
                    # A fifth of the running cases are overdue; the rest are due within the coming days.
                    late = rng.random() < 0.2
                    due_at = (
                        now - timedelta(hours=rng.randint(1, 240))
                        if late
                        else now + timedelta(hours=rng.randint(1, 120))
                    )
                department, unit = routes[(category.pk, grid.pk)]
                dispatched = status in DISPATCHED
                incident = Incident(
                    pk=keys.next(Incident),
                    category=category,
                    description="路灯不亮",
                    source=rng.choice(Source.values),
                    region_id=grid.parent_id,
                    grid=grid,
                    scope_code=grid.code,
                    reported_by=reporter,
                    status=status,
                    reported_at=reported_at,
                    due_at=due_at,
                    warn_at=due_at - limit * 0.2,
                    assigned_department=department if dispatched else "",
                    assigned_unit=unit if dispatched else None,
                    police=category.police,
                    suspended_from="handling" if status == "suspended" else "",
                    suspended_at=now if status == "suspended" else None,
                    closed_at=due_at if status == "closed" else None,
                    escalation_level=0,
                )
                incidents.append(incident)
                events.append(
                    IncidentEvent(
                        pk=keys.next(IncidentEvent),
                        incident=incident,
                        actor=reporter,
                        to_status="reported",
                        at=reported_at,
                    )
                )
                if len(incidents) == 10_000:
                    rows_insert(Incident, incidents)
                    rows_insert(IncidentEvent, events)
                    incidents, events = [], []
            rows_insert(Incident, incidents)
            rows_insert(IncidentEvent, events)
        sequences_reset([Incident, IncidentEvent])
    statistics_refresh([Incident, IncidentEvent])
    return {"staff": staff, "load_seconds": time.perf_counter() - started, "existing": existing}


def measure_writes(user, filings: int) -> dict:
    """Filing `filings` cases on the hotline of 文化路's first grid, then registering and dispatching each."""
    from shequ.incidents.models import Category
    from shequ.incidents.services import incident_report, incident_transition
    from shequ.regions.models import Region

    grid = Region.objects.get(code=f"{WENHUALU}001")
    category = Category.objects.get(code="0401")  # 路灯损坏: handled by the unit
    filed, timings = [], {"file": [], "dispatch": []}
    started = time.perf_counter()
    for number in range(filings):
        began = time.perf_counter()
        incident = incident_report(
            category=category, description=f"3号楼路灯不亮 {number}", region=grid, acting_user=user
        )
        timings["file"].append((time.perf_counter() - began) * 1000)
        filed.append(incident)
    file_seconds = time.perf_counter() - started
    for incident in filed:
        incident_transition(incident=incident, acting_user=user, to="registered")
    started = time.perf_counter()
    for incident in filed:
        began = time.perf_counter()
        incident_transition(incident=incident, acting_user=user, to="dispatched")
        timings["dispatch"].append((time.perf_counter() - began) * 1000)
    dispatch_seconds = time.perf_counter() - started
    return {
        "file": (filings / file_seconds, timings["file"]),
        "dispatch": (filings / dispatch_seconds, timings["dispatch"]),
    }


# (label, URL, the queue it lists; None: every case of the scope)
REQUESTS = [
    ("board page", "/work/incidents/", None),
    ("overdue page", "/work/incidents/queue/overdue/", "overdue"),
    ("to-dispatch page", "/work/incidents/queue/to_dispatch/", "to_dispatch"),
    ("due-soon page", "/work/incidents/queue/due_soon/", "due_soon"),
    ("overdue api", "/api/v1/incidents/?queue=overdue", "overdue"),
    ("list api", "/api/v1/incidents/", None),
]


def measure_reads(staff: dict, rounds: int) -> list[tuple]:
    from django.test import Client

    from shequ.incidents.selectors import incident_list, incident_queue

    rows = []
    for who, user in staff.items():
        client = Client()
        client.force_login(user)
        for label, url, queue in REQUESTS:
            listed = incident_queue(user=user, queue=queue) if queue else incident_list(user=user)
            for _ in range(2):
                assert client.get(url).status_code == 200, (who, url)
            timings, cpu = [], []
            for _ in range(rounds):
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
                assert response.status_code == 200
            rows.append((label, who, listed.count(), timings, cpu))
            print(f"{label} · {who}: p95 {percentile(timings, 0.95):.1f} ms", flush=True)
    return rows


def _latencies(timings: list[float]) -> str:
    return f"{statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | {max(timings):.1f}"


def report(vendor: str, loaded: dict, reads: list[tuple], writes: dict, total: int, rounds: int) -> str:
    load = os.getloadavg()[0]
    lines = [
        f"# Grid incidents benchmark — {vendor}",
        "",
        f"{date.today().isoformat()}, {platform.platform()}, {os.cpu_count()} CPUs (load average {load:.1f} "
        f"at the end), Python {platform.python_version()}.",
        f"{total:,} incidents in the county; loading the missing ones took {loaded['load_seconds']:.1f} s. "
        f"Each request {rounds} times after two warm-ups, through Django's test client (no network). "
        "Target: queue pages p95 under 50 ms.",
        "",
        "Wall time includes waiting for a CPU on a loaded machine; the Python process's own CPU time",
        "(the database's work is in its own process) is the part the load hardly moves.",
        "",
        "| request | user | cases listed | p50 ms | p95 ms | max ms | p95 < 50 ms | CPU p50 ms | CPU p95 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for label, who, size, timings, cpu in reads:
        met = "yes" if percentile(timings, 0.95) < 50 else "**no**"
        own = f"{statistics.median(cpu):.1f} | {percentile(cpu, 0.95):.1f}"
        lines.append(f"| {label} | {who} | {size:,} | {_latencies(timings)} | {met} | {own} |")
    lines += ["", "| write | cases/s | p50 ms | p95 ms | max ms |", "| --- | ---: | ---: | ---: | ---: |"]
    for label, (throughput, timings) in writes.items():
        lines.append(f"| {label} | {throughput:.0f} | {_latencies(timings)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shequ_bench_incidents")
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--filings", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=200)
    options = parser.parse_args()
    vendor = setup_django(options.database)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # cursors must not record every query
    loaded = load(options.incidents)
    from shequ.incidents.models import Incident

    writes = measure_writes(loaded["staff"]["village"], options.filings)
    reads = measure_reads(loaded["staff"], options.rounds)
    text = report(vendor, loaded, reads, writes, Incident.objects.count(), options.rounds)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"incidents-{'sqlite' if vendor == 'sqlite' else 'postgresql'}.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
