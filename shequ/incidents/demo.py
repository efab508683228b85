"""Demo incidents across the county in every state, some overdue, and a few patrols of 文化路社区's
first grid. Written in bulk (a few hundred rows, with their history) and once: skipped when any
incident exists."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Role, User
from shequ.incidents.catalogue import categories_load
from shequ.incidents.models import Category, Incident, IncidentEvent, Patrol, PatrolFinding, Source
from shequ.incidents.services import incident_route
from shequ.incidents.workflow import Status
from shequ.regions.codes import Level
from shequ.regions.models import Region

PATH = [
    Status.REPORTED,
    Status.REGISTERED,
    Status.DISPATCHED,
    Status.HANDLING,
    Status.HANDLED,
    Status.VERIFIED,
    Status.CLOSED,
]
DESCRIPTIONS = [
    "路灯不亮",
    "楼道堆放杂物",
    "垃圾未及时清运",
    "邻里噪音纠纷",
    "井盖缺失",
    "消防通道被占用",
    "下水道堵塞",
]


def incidents_seed(*, county: str, seed: int, count: int = 300) -> dict:
    categories_load()
    if Incident.objects.exists():
        return {"incidents": 0, "patrols": 0}
    rng = random.Random(seed)
    leaves = list(Category.objects.filter(parent__isnull=False))
    units = list(Region.objects.filter(code__startswith=county, level=Level.VILLAGE))
    grids = {grid.parent_id: grid for grid in Region.objects.filter(code__startswith=county, level=Level.GRID)}
    reporter = User.objects.filter(role__in=[Role.VILLAGE_WORKER, Role.COUNTY_ADMIN]).order_by("id").first()
    if reporter is None or not units:
        return {"incidents": 0, "patrols": 0}
    now = timezone.now()
    # Each unit a made-up centre around the county seat (GCJ-02, as a phone reports it); its cases
    # lie within a few hundred metres of it, so the staff map shows clusters by unit.
    # (A generator of their own: the cases' other values stay as they were.)
    places = random.Random(seed + 1)
    centres = {unit.pk: (44.0 + places.uniform(-0.25, 0.25), 89.18 + places.uniform(-0.35, 0.35)) for unit in units}
    rows, trails = [], []
    states = [*PATH, Status.NOT_REGISTERED, Status.SUSPENDED]
    for number in range(count):
        category, unit = rng.choice(leaves), rng.choice(units)
        grid = grids.get(unit.pk)
        status = states[number % len(states)]
        reported_at = now - timedelta(hours=rng.randint(1, 24 * 20))
        # Every fifth running case is past its time limit: the overdue queue has something to show.
        late = number % 5 == 0 and status in Status.running_states()
        due_at = now - timedelta(hours=rng.randint(1, 48)) if late else now + timedelta(hours=rng.randint(2, 120))
        department, assigned_unit = incident_route(category=category, region=grid or unit)
        dispatched = status in PATH[2:] or status == Status.SUSPENDED
        # Nine cases in ten carry a position (a hotline call may not).
        centre = centres[unit.pk] if number % 10 else None
        rows.append(
            Incident(
                category=category,
                description=rng.choice(DESCRIPTIONS),
                source=rng.choice(Source.values),
                region=unit,
                grid=grid,
                scope_code=(grid or unit).code,
                latitude=_coordinate(centre[0], places) if centre else None,
                longitude=_coordinate(centre[1], places) if centre else None,
                reported_by=reporter,
                status=status,
                reported_at=reported_at,
                due_at=due_at,
                warn_at=due_at - timedelta(hours=12),
                assigned_department=department if dispatched else "",
                assigned_unit=assigned_unit if dispatched else None,
                police=category.police,
                suspended_from=Status.HANDLING if status == Status.SUSPENDED else "",
                suspended_at=now if status == Status.SUSPENDED else None,
                closed_at=now if status == Status.CLOSED else None,
            )
        )
        trail = PATH[: PATH.index(status) + 1] if status in PATH else [Status.REPORTED, status]
        trails.append(trail)
    with transaction.atomic():
        created = Incident.objects.bulk_create(rows, batch_size=500)
        IncidentEvent.objects.bulk_create(
            [
                IncidentEvent(incident=incident, actor=reporter, from_status=before, to_status=after)
                for incident, trail in zip(created, trails, strict=True)
                for before, after in zip(["", *trail[:-1]], trail, strict=True)
            ],
            batch_size=1000,
        )
        patrols = _patrols_seed(now)
    return {"incidents": len(created), "patrols": patrols}


def _coordinate(centre: float, rng: random.Random) -> Decimal:
    return Decimal(f"{centre + rng.uniform(-0.004, 0.004):.6f}")


def _patrols_seed(now) -> int:
    worker = User.objects.filter(role=Role.GRID_WORKER, username="grid_wenhualu").first()
    if worker is None:
        return 0
    for day in range(3):
        patrol = Patrol.objects.create(
            worker=worker,
            grid=worker.region,
            scope_code=worker.region.code,
            started_at=now - timedelta(days=day, hours=2),
            ended_at=now - timedelta(days=day, hours=1),
            places="文化路1-8号楼、社区广场",
            note="巡查正常" if day else "",
        )
        if day == 0:
            PatrolFinding.objects.create(patrol=patrol, description="3号楼消防通道堆放杂物", place="3号楼")
    return 3
