"""Demo grids and their people: a profile for every grid of the county (one 专属网格), rosters of
the grids of the units with registered residents (with one ended post as history), safety bodies of
文化路社区, 满城路社区 and 新地村, and crowded places of 文化路社区's first grid — one overdue for
inspection and one whose failed inspection became a 安全隐患 incident. Once: skipped when any grid
profile exists."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Role, User
from shequ.grids.catalogue import checklist_load
from shequ.grids.models import (
    BodyKind,
    GridKind,
    GridMember,
    GridProfile,
    GridRole,
    GridSubject,
    SafetyBody,
    SafetyBodyMember,
)
from shequ.grids.selectors import checklist_for
from shequ.grids.services import crowded_place_register, inspection_record
from shequ.regions.codes import Level
from shequ.regions.models import Region

SURNAMES = "王李张刘陈杨马赵周吴"
GIVEN = ["建国", "秀兰", "海燕", "志强", "丽娜", "玉山", "古丽", "阿迪力", "热依汗", "明"]
SAFETY_UNITS = ["652327100003", "652327100002", "652327205209"]
# The school the demo's one 专属网格 covers: the last grid of 满城路社区.
DEDICATED_UNIT = "652327100002"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _phone(rng: random.Random) -> str:
    return f"139{rng.randint(0, 99_999_999):08d}"


def grid_people_seed(*, county: str, units: list[str], seed: int) -> dict:
    checklist_load()
    if GridProfile.objects.exists():
        return {"grid_profiles": 0}
    rng = random.Random(seed)
    today = timezone.localdate()
    grids = list(Region.objects.filter(code__startswith=county, level=Level.GRID).order_by("code"))
    dedicated = next((grid for grid in reversed(grids) if grid.code.startswith(DEDICATED_UNIT)), None)
    with transaction.atomic():
        GridProfile.objects.bulk_create(
            GridProfile(grid=grid, scope_code=grid.code)
            if grid != dedicated
            else GridProfile(
                grid=grid,
                scope_code=grid.code,
                kind=GridKind.DEDICATED,
                subject=GridSubject.SCHOOL,
                subject_name="吉木萨尔县第二小学",
            )
            for grid in grids
        )
        members = _rosters(grids=[grid for grid in grids if grid.code[:12] in units], rng=rng, today=today)
        bodies = _safety_bodies(rng=rng, today=today)
        places = _crowded_places(today=today)
    return {"grid_profiles": len(grids), "grid_members": members, "safety_members": bodies, "crowded_places": places}


def _rosters(*, grids: list[Region], rng: random.Random, today) -> int:
    accounts = {user.region_id: user for user in User.objects.filter(role=Role.GRID_WORKER, username="grid_wenhualu")}
    start = today - timedelta(days=400)
    rows = []
    for grid in grids:
        account = accounts.get(grid.pk)
        rows += [
            GridMember(grid=grid, role=GridRole.LEADER, name=_name(rng), phone=_phone(rng), starts_on=start),
            GridMember(
                grid=grid,
                role=GridRole.FULL_TIME,
                name=account.get_full_name() or account.username if account else _name(rng),
                user=account,
                phone=_phone(rng),
                starts_on=start,
            ),
            GridMember(grid=grid, role=GridRole.PART_TIME, name=_name(rng), phone=_phone(rng), starts_on=start),
            # Who held the part-time post before: the roster keeps its history.
            GridMember(
                grid=grid,
                role=GridRole.PART_TIME,
                name=_name(rng),
                starts_on=start - timedelta(days=700),
                ends_on=start - timedelta(days=1),
            ),
        ]
        volunteer = GridRole.BUILDING_HEAD if grid.parent.kind == "community" else GridRole.HOUSEHOLDS_HEAD
        for number in range(1, 4):
            building = f"{number}号楼" if volunteer == GridRole.BUILDING_HEAD else f"第{number}联户"
            rows.append(
                GridMember(
                    grid=grid, role=volunteer, name=_name(rng), phone=_phone(rng), building=building, starts_on=start
                )
            )
    for row in rows:
        row.scope_code = row.grid.code
    GridMember.objects.bulk_create(rows)
    return len(rows)


def _safety_bodies(*, rng: random.Random, today) -> int:
    posts = {
        BodyKind.POLICE_ROOM: ["社区民警", "辅警"],
        BodyKind.SECURITY: ["治保主任", "治保委员"],
        BodyKind.MEDIATION: ["调委会主任", "人民调解员", "人民调解员"],
        BodyKind.PUBLIC_HEALTH: ["主任委员", "委员"],
    }
    start = today - timedelta(days=300)
    count = 0
    for unit in Region.objects.filter(code__in=SAFETY_UNITS):
        for kind, titles in posts.items():
            body = SafetyBody.objects.create(unit=unit, scope_code=unit.code, kind=kind, phone=_phone(rng))
            SafetyBodyMember.objects.bulk_create(
                SafetyBodyMember(
                    body=body, scope_code=unit.code, name=_name(rng), post=title, phone=_phone(rng), starts_on=start
                )
                for title in titles
            )
            count += len(titles)
    return count


def _crowded_places(*, today) -> int:
    worker = User.objects.filter(username="grid_wenhualu", role=Role.GRID_WORKER).select_related("region").first()
    keeper = User.objects.filter(username="worker_wenhualu").first()
    if worker is None or keeper is None or worker.region is None:
        return 0
    grid = worker.region
    crowded_place_register(
        grid=grid,
        name="文化路农贸市场",
        kind="market",
        address="文化路12号",
        interval_days=30,
        first_due_on=today - timedelta(days=5),
        acting_user=keeper,
    )
    crowded_place_register(
        grid=grid,
        name="文化路社区老年活动中心",
        kind="hall",
        address="文化路3号",
        interval_days=60,
        first_due_on=today + timedelta(days=3),
        acting_user=keeper,
    )
    clinic = crowded_place_register(
        grid=grid,
        name="文化路社区卫生服务站",
        kind="clinic",
        address="文化路5号",
        interval_days=90,
        first_due_on=today - timedelta(days=20),
        acting_user=keeper,
    )
    answers = {item.code: (True, "") for item in checklist_for(clinic)}
    answers["02"] = (False, "两具灭火器压力不足")
    inspection_record(place=clinic, results=answers, inspected_on=today - timedelta(days=2), acting_user=worker)
    return 3
