"""On PostgreSQL with a county's worth of rows, no queue or list reads a big table from end to end:
each query of the real selectors, as a village worker, township staff and county department staff
see it, is planned through an index (EXPLAIN), never a sequential scan of applications, persons,
households, ratings or notifications."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shequ.accounts.models import Department, Role
from shequ.core.pagination import capped_rows
from shequ.feedback.models import Rating
from shequ.feedback.selectors import rating_list, rectification_list
from shequ.incidents.selectors import QUEUES
from shequ.notifications.models import Notification
from shequ.regions.models import Region
from shequ.residents.choices import Ethnicity, Gender, Relation
from shequ.residents.models import Household, Person
from shequ.residents.selectors import household_list, person_list
from shequ.services.chain import LEVEL_OF_ROLE
from shequ.services.models import Application
from shequ.services.selectors import application_list, application_queues
from shequ.services.workflow import Status
from tests.conftest import make_user
from tests.factories import ServiceItemFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are checked on PostgreSQL, the production database (SQLite plans differently)",
)

BIG_TABLES = {
    "services_application",
    "residents_person",
    "residents_household",
    "feedback_rating",
    "notifications_notification",
}
HOUSEHOLDS_PER_UNIT, PERSONS_PER_HOUSEHOLD = 40, 3
APPLICATIONS = 25_000
STATES = ["completed"] * 55 + ["in_progress"] * 15 + ["accepted"] * 10 + ["submitted"] * 10
STATES += ["supplement_requested"] * 4 + ["not_accepted", "rejected", "withdrawn"] * 2
LEVELS = ["village"] * 6 + ["township"] * 3 + ["county"]


def _county(regions, users) -> dict:
    """Every village-level unit of the county with households and persons, 25,000 applications in
    every state over the last 90 days (about a county's year), one rating for each finished one
    and a notification for each application: bulk inserts, then ANALYZE as a live database has."""
    rng = random.Random(652327)
    units = list(Region.objects.filter(level="village").order_by("code"))
    Household.objects.bulk_create(
        Household(region=unit, number=f"{number:05d}", address=f"{unit.short_name}{number}号")
        for unit in units
        for number in range(1, HOUSEHOLDS_PER_UNIT + 1)
    )
    households = list(Household.objects.select_related("region"))
    born = timezone.localdate().replace(year=1960)
    Person.objects.bulk_create(
        Person(
            household=household,
            region=household.region,
            scope_code=household.region.code,
            name=f"居民{household.pk}{member}",
            name_pinyin=f"jumin{household.pk}{member}",
            name_initials="jm",
            gender=Gender.MALE,
            birth_date=born,
            ethnicity=Ethnicity.HAN,
            relation=Relation.HEAD if member == 0 else Relation.CHILD,
            id_tail_reversed=f"{household.pk:06d}"[::-1],
        )
        for household in households
        for member in range(PERSONS_PER_HOUSEHOLD)
    )
    persons = list(Person.objects.values_list("pk", "region_id", "scope_code"))
    items = [ServiceItemFactory(department=department) for department in list(Department)[:4] * 2]
    worker, today = users["worker_wenhualu"], timezone.localdate()
    applications, open_pairs, final = [], set(), set(Status.final_states())
    for index in range(APPLICATIONS):
        person_id, region_id, scope_code = rng.choice(persons)
        item, started, status = rng.choice(items), today - timedelta(days=rng.randrange(90)), rng.choice(STATES)
        # A person has one open application of an item at a time (application_one_open_per_item).
        if status not in final and (person_id, item.pk) in open_pairs:
            status = "completed"
        if status not in final:
            open_pairs.add((person_id, item.pk))
        paused = status == "supplement_requested"
        applications.append(
            Application(
                number=f"PLAN{index:08d}",
                service=item,
                applicant_id=person_id,
                region_id=region_id,
                scope_code=scope_code,
                department=item.department,
                submitted_by=worker,
                channel="window",
                status=status,
                # Items with a chain wait at every level of it, most still at the village.
                level=rng.choice(LEVELS),
                clock_started_on=started,
                paused_since=started if paused else None,
                due_date=None if paused else started + timedelta(days=14),
                warn_date=None if paused else started + timedelta(days=11),
            )
        )
    Application.objects.bulk_create(applications, batch_size=5000)
    finished = Application.objects.filter(status="completed").values_list(
        "pk", "applicant_id", "service_id", "department", "region_id", "scope_code"
    )
    Rating.objects.bulk_create(
        (
            Rating(
                target_type="application",
                target_id=pk,
                level=5,
                resident_id=applicant,
                service_id=service,
                department=department,
                region_id=region,
                scope_code=scope_code,
                is_default=True,
            )
            for pk, applicant, service, department, region, scope_code in finished
        ),
        batch_size=5000,
    )
    recipients = [make_user(f"resident{number}", Role.RESIDENT, units[number % len(units)]) for number in range(50)]
    Notification.objects.bulk_create(
        (Notification(recipient=rng.choice(recipients), key="services.application_submitted") for _ in applications),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # What autovacuum keeps up to date on a live database: statistics and the visibility map
        # (which lets a count read an index alone).
        cursor.execute("VACUUM ANALYZE")
    return {
        "village worker": worker,
        "township staff": users["township_jms"],
        "county department staff": users["county_mz"],
        "a resident's inbox": recipients[0],
    }


def _queries(viewer) -> dict:
    """Each list as its page or API endpoint asks for it: the first page, the page after a cursor,
    the capped count."""
    queries = {}
    lists = dict(application_queues(user=viewer))
    lists["all applications"] = application_list(user=viewer)
    for name, queryset in lists.items():
        queries[f"{name}: first page"] = queryset[:21]
        queries[f"{name}: capped count"] = capped_rows(queryset)
    if level := LEVEL_OF_ROLE.get(viewer.role):
        # The API's list of one level (`?level=`), as a township or county department reads its own.
        queries["applications at my level"] = application_list(user=viewer).filter(level=level)[:21]
    recent = timezone.now() - timedelta(days=30)
    queries["all applications: page after a cursor"] = application_list(user=viewer).filter(submitted_at__lt=recent)[
        :21
    ]
    queries["residents"] = person_list(user=viewer)[:21]
    queries["residents named 居民1"] = person_list(user=viewer, query="居民1")[:21]
    queries["households"] = household_list(user=viewer)[:21]
    queries["ratings"] = rating_list(user=viewer)[:21]
    queries["rectifications"] = rectification_list(user=viewer)[:21]
    return queries


def _sequential_scans(plan: dict, tables=frozenset(BIG_TABLES)) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in tables:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += _sequential_scans(child, tables)
    return found


def _plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_no_list_reads_a_big_table_from_end_to_end(regions, users):
    viewers = _county(regions, users)
    scans = {}
    for who, viewer in viewers.items():
        if viewer.role == Role.RESIDENT:
            queries = {"inbox": Notification.objects.for_user(viewer)[:21]}
        else:
            queries = _queries(viewer)
        for name, queryset in queries.items():
            if tables := _sequential_scans(_plan(queryset)):
                scans[f"{who} · {name}"] = tables
    assert scans == {}, f"sequential scans of big tables: {scans}"


INCIDENTS = 30_000
# (status, weight): most of half a year's cases are closed; the running ones fill the queues.
INCIDENT_STATES = ["closed"] * 60 + ["handling"] * 12 + ["dispatched"] * 6 + ["reported"] * 6 + ["registered"] * 4
INCIDENT_STATES += ["handled"] * 4 + ["verified"] * 3 + ["not_registered"] * 3 + ["suspended"] * 2


def _incidents(regions, users) -> dict:
    """30,000 incidents over every unit of the county (文化路's in its grids) in every state over
    half a year, a fifth of the running ones overdue, dispatched by the routing rules."""
    from shequ.incidents.catalogue import categories_load
    from shequ.incidents.models import Category, Incident
    from shequ.incidents.services import incident_route

    categories_load()
    rng = random.Random(652327)
    leaves = list(Category.objects.filter(parent__isnull=False))
    places = [(unit, None) for unit in Region.objects.filter(level="village")]
    places += [(grid.parent, grid) for grid in Region.objects.filter(level="grid").select_related("parent")]
    routes = {
        (leaf.pk, (grid or unit).pk): incident_route(category=leaf, region=grid or unit)
        for leaf in leaves
        for unit, grid in places
    }
    now, reporter = timezone.now(), users["worker_wenhualu"]
    rows = []
    for _ in range(INCIDENTS):
        category, (unit, grid), status = rng.choice(leaves), rng.choice(places), rng.choice(INCIDENT_STATES)
        reported_at = now - timedelta(minutes=rng.randint(30, 180 * 24 * 60))
        due_at = now + timedelta(hours=rng.randint(-240, -1) if rng.random() < 0.2 else rng.randint(1, 120))
        department, assigned = routes[(category.pk, (grid or unit).pk)]
        dispatched = status not in ("reported", "registered", "not_registered")
        rows.append(
            Incident(
                category=category,
                description="路灯不亮",
                source="hotline",
                region=unit,
                grid=grid,
                scope_code=(grid or unit).code,
                latitude=44 if rng.random() < 0.5 else None,
                longitude=89 if rng.random() < 0.5 else None,
                reported_by=reporter,
                status=status,
                reported_at=reported_at,
                due_at=due_at,
                warn_at=due_at - timedelta(hours=12),
                assigned_department=department if dispatched else "",
                assigned_unit=assigned if dispatched else None,
            )
        )
    Incident.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "village worker": users["worker_wenhualu"],
        "grid worker": users["grid_wenhualu"],
        "township staff": users["township_jms"],
        "county 民政局 staff": users["county_mz"],
        "county department staff": make_user("county_zj", Role.COUNTY_STAFF, regions["652327"], department="zjj"),
    }


def _incident_queries(viewer) -> dict:
    """Each queue of the dispatch board as its page and the API read it (first page, capped count),
    the list of all cases (first page and the page after a cursor), the map's cases."""
    from shequ.incidents.selectors import incident_list, incident_map_points, incident_queue

    queries = {}
    for queue in QUEUES:
        rows = incident_queue(user=viewer, queue=queue)
        queries[f"{queue}: first page"] = rows[:21]
        queries[f"{queue}: capped count"] = capped_rows(rows)
    everything = incident_list(user=viewer)
    queries["all incidents: first page"] = everything[:21]
    queries["all incidents: capped count"] = capped_rows(everything)
    queries["all incidents: page after a cursor"] = everything.filter(
        reported_at__lt=timezone.now() - timedelta(days=30)
    )[:21]
    queries["map"] = incident_map_points(user=viewer)[:501]
    return queries


def _scope_only_filtered(plan: dict) -> bool:
    """Whether the incidents are read by an index that does not hold the scope, the scope code
    then checked row by row (`Filter`): what a `LIKE` prefix gets under a non-binary collation."""
    if plan.get("Relation Name") == "incidents_incident":
        # A bitmap heap scan's index conditions are on its bitmap index scans, below it.
        if "scope_code" in plan.get("Filter", "") and "scope_code" not in _searched(plan):
            return True
    return any(_scope_only_filtered(child) for child in plan.get("Plans", []))


def _searched(plan: dict) -> str:
    """The conditions an index answers, in a node and the nodes below it."""
    conditions = plan.get("Index Cond", "") + plan.get("Recheck Cond", "")
    return conditions + "".join(_searched(child) for child in plan.get("Plans", []))


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_no_incident_queue_or_list_reads_the_incidents_from_end_to_end(regions, users):
    scans, unsearched = {}, []
    for who, viewer in _incidents(regions, users).items():
        for name, queryset in _incident_queries(viewer).items():
            plan = _plan(queryset)
            if tables := _sequential_scans(plan, {"incidents_incident"}):
                scans[f"{who} · {name}"] = tables
            # A unit or a grid is a narrow range of scope codes: its queues are searched by it. (A
            # township's or the county's may rather walk a queue's due order and check the scope;
            # the lists newest first may walk the time index, a few thousand newest rows at most.)
            narrow = viewer.region.level in ("village", "grid")
            if narrow and name.split(":")[0] in QUEUES and _scope_only_filtered(plan):
                unsearched.append(f"{who} · {name}")
    assert scans == {}, f"sequential scans of the incidents: {scans}"
    assert unsearched == [], f"the scope checked row by row, not searched in an index: {unsearched}"
