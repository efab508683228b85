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


def _sequential_scans(plan: dict) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += _sequential_scans(child)
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
