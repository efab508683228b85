"""Demo workers for every village-level unit of the demo county, some deliberately short of the
plan's targets: most units are staffed to their standard but every fifth is one or more short;
about a fifth of the workers had no training this year; a few social workers at the 社工站 of each
township. Written once: skipped when any worker exists."""

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from shequ.regions.codes import Kind, Level
from shequ.regions.models import Region
from shequ.workforce.models import (
    Attendance,
    Audience,
    CompetencyItem,
    Course,
    Education,
    Employer,
    Mode,
    Post,
    Qualification,
    StaffingBasis,
    StaffingStandard,
    Topic,
    TrainingSession,
    Worker,
)

SURNAMES = "王李张刘陈杨赵黄周吴马阿热买艾"
GIVEN = ["建国", "丽娜", "古丽", "海燕", "志强", "阿依古丽", "买买提", "热依拉", "晓梅", "军", "芳", "磊"]


def _required(unit: Region, standards: dict) -> int:
    standard = standards.get(unit.kind)
    if standard is None:
        return 3
    base = (unit.households if standard.basis == StaffingBasis.HOUSEHOLDS else unit.resident_population) or 0
    return max(standard.minimum, math.ceil(base / standard.per))


def workforce_seed(*, county: str, seed: int) -> dict:
    if Worker.objects.exists():
        return {"workers": 0, "sessions": 0}
    rng = random.Random(seed)
    today = timezone.localdate()
    educations = list(Education.objects.all())
    qualifications = list(Qualification.objects.all())
    standards = {standard.unit_kind: standard for standard in StaffingStandard.objects.all()}
    units = list(Region.objects.filter(code__prefix=county, level=Level.VILLAGE).order_by("code"))
    workers = []
    for index, unit in enumerate(units):
        count = _required(unit, standards) - (1 + index % 2 if index % 5 == 0 else 0)
        for number in range(max(count, 1)):
            post = Post.PRINCIPAL if number == 0 else Post.DEPUTY if number < 3 else Post.OTHER
            workers.append(
                Worker(
                    unit=unit,
                    scope_code=unit.code,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    post=post,
                    service_start=today - timedelta(days=rng.randint(100, 20 * 365)),
                    education=rng.choice(educations),
                    qualification=rng.choice([None, None, None, *qualifications]),
                    party_committee=number < 3,
                    residents_committee=number < 4,
                    one_shoulder=number == 0 and unit.kind == Kind.COMMUNITY,
                    social_insurance=rng.random() < 0.9,
                    secretary_reserve=number in (1, 2) and rng.random() < 0.5,
                )
            )
    for township in Region.objects.filter(code__prefix=county, level=Level.TOWNSHIP):
        workers.append(
            Worker(
                unit=township,
                scope_code=township.code,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                employer=Employer.STATION,
                organisation=f"{township.name}社工站",
                qualification=rng.choice(qualifications),
            )
        )
    Worker.objects.bulk_create(workers, batch_size=500)
    region = Region.objects.get(code=county)
    items = {item.code: item for item in CompetencyItem.objects.all()}
    courses = [
        ("民族宗教政策法规专题培训", Mode.OFFLINE, Topic.ETHNIC_RELIGIOUS, ["ethnic_religious", "policy_services"]),
        ("社区工作者能力提升网络课程", Mode.ONLINE, Topic.SOCIAL_WORK, ["social_work", "digital", "mediation"]),
    ]
    sessions = []
    for title, mode, topic, codes in courses:
        course = Course.objects.create(title=title, mode=mode, topic=topic)
        course.competencies.set([items[code] for code in codes if code in items])
        sessions.append(
            TrainingSession.objects.create(
                course=course, region=region, held_on=date(today.year, 1, 15), hours=Decimal("8")
            )
        )
    vocational = Course.objects.create(
        title="养老护理员职业技能培训", mode=Mode.OFFLINE, topic=Topic.VOCATIONAL, audience=Audience.CARE
    )
    TrainingSession.objects.create(
        course=vocational, region=region, held_on=date(today.year, 1, 20), hours=Decimal("40"), headcount=36
    )
    attendances = [
        Attendance(session=rng.choice(sessions), worker=worker, hours=Decimal("8"), year=today.year)
        for worker in workers
        if worker.employer == Employer.COMMUNITY and rng.random() < 0.8
    ]
    Attendance.objects.bulk_create(attendances, batch_size=500)
    return {"workers": len(workers), "sessions": len(sessions) + 1, "attendances": len(attendances)}
