"""Synthetic data at the scale of a county, prefecture, region or all of China, for benchmarks.

`synthetic_generate(scale=…, seed=…)` fills the village-level units under the scale's root with
households, persons (with care tags), applications in every state, and 好差评 ratings of finished
applications (差评 with their closed rectification), in the proportions below. Every unit draws from
its own generator seeded with (seed, unit code), so the same seed gives the same rows, and a unit
already holding households is left alone (a second run only fills units the first did not reach).

Persons: at county and prefecture scale every member of every household, placed on grids as the
demo county does; at region and nation scale a sample of each unit's households (see SCALES) with
only the household head, who is the applicant — all of China's 490 million residents would take
hours to generate and most of a disk to hold, while the benchmarks need the spread of units,
households and applications rather than every family member.
"""

import bisect
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.conf import settings
from django.db import reset_queries, transaction
from django.utils import timezone

from shequ.accounts.models import Department, Role, User
from shequ.core.workdays import is_workday
from shequ.demo.bulk import PrimaryKeys, rows_insert, sequences_reset, statistics_refresh
from shequ.feedback.models import Rating, Rectification
from shequ.feedback.workflow import RatingLevel
from shequ.feedback.workflow import Status as RectificationStatus
from shequ.regions.codes import Kind, Level, at_level
from shequ.regions.models import Region
from shequ.regions.services import CHINA_DIVISIONS, divisions_import
from shequ.residents.demo import DemoPeople, demo_person_model
from shequ.residents.models import Household, Person, PersonTag
from shequ.services.catalogue import catalogue_load
from shequ.services.models import Application, ServiceItem
from shequ.services.workflow import Status


@dataclass(frozen=True)
class Scale:
    root: str  # the code whose village-level units are filled ("" for all of China)
    household_share: float  # of each unit's households that are generated
    members: bool  # every member of a household, or only its head


SCALES = {
    "county": Scale(root="652327", household_share=1.0, members=True),  # 吉木萨尔县, 90 units
    "prefecture": Scale(root="6523", household_share=1.0, members=True),  # 昌吉回族自治州
    "region": Scale(root="65", household_share=0.02, members=False),  # 新疆维吾尔自治区
    "nation": Scale(root="", household_share=0.002, members=False),  # all of China, 620,573 units
}
# Households of a unit whose figures nobody recorded (about 2.6 persons each, as in the demo county).
DEFAULT_HOUSEHOLDS = {Kind.COMMUNITY: 1600, Kind.VILLAGE: 400, Kind.OTHER: 200}
# Applications over the 90 days before TODAY, per generated household.
APPLICATIONS_PER_HOUSEHOLD = 2.0
# A fixed day whose deadlines all fall within years the working-day calendar knows.
TODAY = date(2026, 10, 30)
DAYS = 90
APPLICATION_STATES = [  # (status, share)
    (Status.COMPLETED, 0.55),
    (Status.IN_PROGRESS, 0.15),
    (Status.ACCEPTED, 0.1),
    (Status.SUBMITTED, 0.1),
    (Status.SUPPLEMENT_REQUESTED, 0.04),
    (Status.NOT_ACCEPTED, 0.02),
    (Status.REJECTED, 0.02),
    (Status.WITHDRAWN, 0.02),
]
# Finished applications rated by their applicant (the rest wait for the default 满意), and how.
RATED_SHARE = 0.6
RATING_LEVELS = [
    (RatingLevel.VERY_SATISFIED, 0.55),
    (RatingLevel.SATISFIED, 0.3),
    (RatingLevel.BASICALLY_SATISFIED, 0.1),
    (RatingLevel.DISSATISFIED, 0.03),
    (RatingLevel.VERY_DISSATISFIED, 0.02),
]
# Rows written per transaction.
PERSONS_PER_TRANSACTION = 20_000
MODELS = [Region, Household, Person, PersonTag, Application, Rating, Rectification]


class ApplicationBuilder:
    """Unsaved applications in every state, with the deadlines the services would have computed.

    Deadlines come from one list of working days, walked once (`is_workday` of the county's calendar
    costs tens of microseconds a day, and millions of applications share a few hundred days).
    """

    def __init__(self, *, items: list[ServiceItem], today: date = TODAY, days: int = DAYS):
        self.items = items
        self.days = [today - timedelta(days=offset) for offset in range(days)]
        self._workdays: list[date] = []
        self._calendar_end = self.days[-1]
        self._due = {}
        self._warn = {}
        for day in self.days:
            for item in items:
                self._due[day, item.pk] = self._workday_after(day, item.promised_days)
                self._warn[day, item.pk] = self._workday_after(day, max(1, round(item.promised_days * 0.8)))
        self._states, self._state_weights = zip(*APPLICATION_STATES, strict=True)
        self._final = frozenset(Status.final_states())

    def _workday_after(self, start: date, count: int) -> date:
        """add_workdays(start, count), read from the list of working days."""
        while True:
            first = bisect.bisect_right(self._workdays, start)
            if len(self._workdays) >= first + count:
                return self._workdays[first + count - 1]
            self._calendar_end += timedelta(days=1)
            if is_workday(self._calendar_end):
                self._workdays.append(self._calendar_end)

    def build(
        self, rng: random.Random, *, number: str, applicant: Person, submitted_by: User, open_pairs: set
    ) -> Application:
        """`open_pairs`: (person, item) of the open applications built so far, kept by the caller (per
        unit, so that it stays small): a person has one open application of an item at a time
        (application_one_open_per_item), so another one is drawn finished."""
        item, day = rng.choice(self.items), rng.choice(self.days)
        status = rng.choices(self._states, self._state_weights)[0]
        if status not in self._final:
            if (applicant.pk, item.pk) in open_pairs:
                status = Status.COMPLETED
            else:
                open_pairs.add((applicant.pk, item.pk))
        paused = status == Status.SUPPLEMENT_REQUESTED
        submitted_at = timezone.make_aware(datetime.combine(day, time(9 + rng.randrange(8), rng.randrange(60))))
        finished = status in (Status.COMPLETED, Status.REJECTED, Status.NOT_ACCEPTED)
        due = None if paused else self._due[day, item.pk]
        return Application(
            number=number,
            service=item,
            applicant=applicant,
            **Application.placement(applicant=applicant, service=item),
            submitted_by=submitted_by,
            channel=rng.choice(("online", "window")),
            status=status,
            submitted_at=submitted_at,
            clock_started_on=day,
            paused_since=day if paused else None,
            due_date=due,
            warn_date=None if paused else self._warn[day, item.pk],
            completed_at=submitted_at + timedelta(days=rng.randint(0, item.promised_days)) if finished else None,
            handled_by=None if status == Status.SUBMITTED else submitted_by,
        )


@dataclass
class SyntheticSummary:
    units: int = 0
    grids: int = 0
    households: int = 0
    persons: int = 0
    tags: int = 0
    applications: int = 0
    ratings: int = 0
    rectifications: int = 0
    skipped_units: int = 0  # already held households

    @property
    def rows(self) -> int:
        return (
            self.grids
            + self.households
            + self.persons
            + self.tags
            + self.applications
            + self.ratings
            + self.rectifications
        )


class _Batch:
    """Objects waiting to be written, in the order their foreign keys need."""

    def __init__(self):
        self.lists = {model: [] for model in (Household, Person, PersonTag, Application, Rating, Rectification)}

    def add(self, obj) -> None:
        self.lists[type(obj)].append(obj)

    @property
    def persons(self) -> int:
        return len(self.lists[Person])

    def flush(self) -> None:
        with transaction.atomic():
            for model, objects in self.lists.items():
                rows_insert(model, objects)
                objects.clear()
        reset_queries()  # with DEBUG on, every statement would stay in memory


def synthetic_generate(
    *,
    scale: str,
    seed: int = 2026,
    under: str | None = None,
    fraction: float = 1.0,
    limit_units: int | None = None,
    progress=None,
) -> SyntheticSummary:
    """Generate the scale's data (see the module's docstring); `under` narrows the root to one of its
    divisions, `fraction` scales every unit's households, `limit_units` stops after that many units.
    Divisions missing under the root are imported from the vendored national files first."""
    plan = SCALES[scale]
    root = under or plan.root
    if not Region.objects.filter(level=Level.VILLAGE, code__prefix=root).exists():
        divisions_import(directory=CHINA_DIVISIONS, under=root or None)
    catalogue_load()
    items = list(ServiceItem.objects.filter(active=True, bookable=False).order_by("code"))
    builder = ApplicationBuilder(items=items)
    keys = PrimaryKeys()
    summary = SyntheticSummary()
    filled = set(Household.objects.filter(region__code__prefix=root).values_list("region_id", flat=True).distinct())
    units = Region.objects.filter(level=Level.VILLAGE, code__prefix=root).order_by("code")
    if limit_units:
        units = units[:limit_units]
    batch = _Batch()
    try:
        for county, county_units in groupby(
            units.iterator(chunk_size=5000), key=lambda unit: at_level(unit.code, Level.COUNTY)
        ):
            people = DemoPeople(seed=seed, area_code=county, today=TODAY)
            people.used_ids.update(
                Person.objects.filter(scope_code__prefix=county)
                .exclude(id_number="")
                .values_list("id_number", flat=True)
            )
            clerk = _clerk(county)
            for unit in county_units:
                if unit.pk in filled:
                    summary.skipped_units += 1
                    continue
                _unit_fill(unit, plan, fraction, seed, people, builder, clerk, keys, batch, summary)
                summary.units += 1
                if batch.persons >= PERSONS_PER_TRANSACTION:
                    batch.flush()
                    if progress:
                        progress(summary)
        batch.flush()
    finally:
        # Also after an interruption: the batches written so far stay, and later inserts by the ORM
        # must not collide with their explicit primary keys.
        sequences_reset(MODELS)
    statistics_refresh(MODELS)
    return summary


def _clerk(county: str) -> User:
    """The window clerk who registered and handled the county's synthetic applications (cannot log in)."""
    region = Region.objects.filter(code=county).first()
    clerk, created = User.objects.get_or_create(
        username=f"synthetic_{county}",
        defaults={
            "role": Role.COUNTY_STAFF,
            "region": region,
            "department": Department.CIVIL_AFFAIRS,
            "first_name": "合成数据",
        },
    )
    if created:
        clerk.set_unusable_password()
        clerk.save(update_fields=["password"])
    return clerk


def _grids(unit: Region, households: int, keys: PrimaryKeys, summary: SyntheticSummary) -> list[Region]:
    """The unit's grids (settings.GRID_HOUSEHOLDS_*), created when it has none."""
    existing = list(Region.objects.filter(parent=unit, level=Level.GRID).order_by("code"))
    if existing:
        return existing
    per_grid = settings.GRID_HOUSEHOLDS_TOWN if unit.kind == Kind.COMMUNITY else settings.GRID_HOUSEHOLDS_VILLAGE
    grids = [
        Region(
            pk=keys.next(Region),
            code=f"{unit.code}{number:03d}",
            name=f"{unit.short_name}第{number}网格",
            level=Level.GRID,
            parent=unit,
            is_demo=True,
        )
        for number in range(1, max(1, math.ceil(households / per_grid)) + 1)
    ]
    rows_insert(Region, grids)
    summary.grids += len(grids)
    return grids


def _unit_fill(unit, plan, fraction, seed, people, builder, clerk, keys, batch, summary) -> None:
    rng = people.rng
    rng.seed(f"{seed}-{unit.code}")
    base = unit.households if unit.households is not None else DEFAULT_HOUSEHOLDS.get(unit.kind, 200)
    households = max(1, round(base * plan.household_share * fraction))
    grids = _grids(unit, households, keys, summary) if plan.members else [None]
    urban = unit.kind == Kind.COMMUNITY
    applicants = []
    for number in range(1, households + 1):
        grid = grids[(number - 1) * len(grids) // households]
        household = Household(
            pk=keys.next(Household),
            region=unit,
            grid=grid,
            number=f"S{number:05d}",
            address=people.address(urban=urban, unit_name=unit.short_name, number=number),
            is_demo=True,
        )
        batch.add(household)
        summary.households += 1
        members = people.household(urban=urban)
        for member in members if plan.members else members[:1]:
            person = demo_person_model(member, household=household)
            person.pk = keys.next(Person)
            batch.add(person)
            summary.persons += 1
            if member.relation == "head":
                applicants.append(person)
            for tag in dict.fromkeys(member.tags):
                batch.add(PersonTag(pk=keys.next(PersonTag), person_id=person.pk, tag=tag))
                summary.tags += 1
    open_pairs = set()  # a unit's applicants are its own: one set per unit
    for number in range(1, round(households * APPLICATIONS_PER_HOUSEHOLD) + 1):
        application = builder.build(
            rng,
            number=f"S{unit.code}{number:05d}",
            applicant=rng.choice(applicants),
            submitted_by=clerk,
            open_pairs=open_pairs,
        )
        application.pk = keys.next(Application)
        batch.add(application)
        summary.applications += 1
        if application.status == Status.COMPLETED and rng.random() < RATED_SHARE:
            _rating_add(rng, application, unit, keys, batch, summary)


def _rating_add(rng, application, unit, keys, batch, summary) -> None:
    levels, weights = zip(*RATING_LEVELS, strict=True)
    level = rng.choices(levels, weights)[0]
    rated_at = application.completed_at + timedelta(hours=rng.randint(1, 72))
    rating = Rating(
        pk=keys.next(Rating),
        target_type="application",
        target_id=application.pk,
        level=level,
        resident=application.applicant,
        service=application.service,
        department=application.service.department,
        region=unit,
        # Where the service was given: the applicant's grid, else the unit (Person.scope_code).
        scope_code=application.applicant.scope_code,
        worker=application.handled_by,
        finished_at=application.completed_at,
        created_at=rated_at,
    )
    batch.add(rating)
    summary.ratings += 1
    if rating.is_bad:
        # Long past: visited, rectified and reported back to the resident.
        batch.add(
            Rectification(
                pk=keys.next(Rectification),
                rating=rating,
                status=RectificationStatus.CLOSED,
                opened_on=timezone.localdate(rated_at),
                verified=True,
                visited_at=rated_at + timedelta(days=1),
                rectified_at=rated_at + timedelta(days=5),
                closed_at=rated_at + timedelta(days=6),
                created_at=rated_at,
            )
        )
        summary.rectifications += 1
