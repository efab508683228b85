"""The demo county: Jimsar's real divisions with synthetic figures, residents and accounts."""

import math
import random
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from shequ.accounts.models import Department, Role, User
from shequ.benefits.demo import demo_benefits_seed
from shequ.bookings.models import Provider, ProviderKind
from shequ.bookings.services import slot_create
from shequ.core.errors import DomainError
from shequ.deliberation.demo import deliberation_seed
from shequ.demo.signups import signups_seed
from shequ.emergency.demo import emergency_seed
from shequ.facilities.demo import facilities_seed
from shequ.grids.demo import grid_people_seed
from shequ.incidents.demo import incidents_seed
from shequ.mediation.demo import mediation_seed
from shequ.monitoring.demo import monitoring_seed
from shequ.participation.demo import participation_seed
from shequ.plantasks.demo import plantasks_seed
from shequ.regions.codes import Kind, Level
from shequ.regions.models import Region
from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import
from shequ.residents.demo import DemoPeople, demo_person_model
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Household, Person, PersonTag
from shequ.services.catalogue import catalogue_load
from shequ.services.materials import materials_missing
from shequ.services.models import Application, ServiceItem
from shequ.services.services import application_submit, application_transition
from shequ.services.workflow import Move, Status
from shequ.specialcare.demo import special_care_seed
from shequ.venues.demo import rooms_seed
from shequ.workforce.demo import workforce_seed

COUNTY = "652327"
FIGURES_RECORDED_ON = date(2025, 12, 31)
# Units whose residents are registered person by person; elsewhere only the unit figures exist.
# (unit code, households registered in the demo)
REGISTERED_UNITS = [("652327100003", 700), ("652327205209", 350), ("652327100002", 150)]

DEMO_ACCOUNTS = [
    # username, role, region code, department, display name
    ("county_mz", Role.COUNTY_STAFF, COUNTY, Department.CIVIL_AFFAIRS, "县民政局 演示账号"),
    ("township_jms", Role.TOWNSHIP_STAFF, "652327100", "", "吉木萨尔镇 演示账号"),
    ("worker_wenhualu", Role.VILLAGE_WORKER, "652327100003", "", "文化路社区 演示账号"),
    ("worker_xindi", Role.VILLAGE_WORKER, "652327205209", "", "新地村 演示账号"),
    ("grid_wenhualu", Role.GRID_WORKER, "652327100003001", "", "文化路社区第1网格 演示账号"),
    ("resident_demo", Role.RESIDENT, "652327100003", "", "文化路社区 演示居民"),
    ("county_sf", Role.COUNTY_STAFF, COUNTY, Department.JUSTICE, "县司法局 演示账号"),
    ("care_wenhualu", Role.VILLAGE_WORKER, "652327100003", "", "文化路社区 特殊群体关爱 演示账号"),
    ("county_zzb", Role.COUNTY_STAFF, COUNTY, Department.ORGANIZATION, "县委组织部 演示账号"),
]


def figures_seed(*, rng: random.Random) -> int:
    """Plausible households and population for units that have none recorded (about 140,000
    residents, half of them urban). Never overwrites a figure somebody entered."""
    units = list(Region.objects.filter(code__prefix=COUNTY, level=Level.VILLAGE))
    changed = 0
    for unit in units:
        if unit.resident_population is not None:
            continue
        if unit.kind == Kind.COMMUNITY:
            resident = rng.randint(3600, 5200)
        elif unit.kind == Kind.VILLAGE:
            resident = rng.randint(700, 1400)
        else:
            resident = rng.randint(300, 900)
        unit.resident_population = resident
        unit.registered_population = int(resident * rng.uniform(0.9, 1.15))
        unit.households = int(resident / rng.uniform(2.4, 2.9))
        unit.urban_resident_population = resident if unit.kind == Kind.COMMUNITY else 0
        for field in ("households", "registered_population", "resident_population", "urban_resident_population"):
            setattr(unit, f"{field}_on", FIGURES_RECORDED_ON)
        unit.is_demo = True
        unit.save()
        changed += 1
    return changed


def grids_seed(unit: Region) -> list[Region]:
    per_grid = settings.GRID_HOUSEHOLDS_TOWN if unit.kind == Kind.COMMUNITY else settings.GRID_HOUSEHOLDS_VILLAGE
    count = max(1, math.ceil((unit.households or per_grid) / per_grid))
    grids = []
    for number in range(1, count + 1):
        grid, _ = Region.objects.get_or_create(
            code=f"{unit.code}{number:03d}",
            defaults={"name": f"{unit.short_name}第{number}网格", "level": Level.GRID, "parent": unit, "is_demo": True},
        )
        grids.append(grid)
    return grids


def residents_seed(*, unit: Region, households: int, people: DemoPeople) -> int:
    if Household.objects.filter(region=unit).exists():
        return 0
    urban = unit.kind == Kind.COMMUNITY
    grids = grids_seed(unit)
    created = 0
    for number in range(1, households + 1):
        grid = grids[(number - 1) * len(grids) // households]
        household = Household.objects.create(
            region=unit,
            grid=grid,
            number=f"{number:05d}",
            address=people.address(urban=urban, unit_name=unit.short_name, number=number),
            is_demo=True,
        )
        members = people.household(urban=urban)
        persons = [demo_person_model(member, household=household) for member in members]
        Person.objects.bulk_create(persons)
        PersonTag.objects.bulk_create(
            [
                PersonTag(person=person, tag=tag)
                for person, member in zip(persons, members, strict=True)
                for tag in set(member.tags)
            ]
        )
        created += len(persons)
    return created


def accounts_seed(*, password: str) -> list[str]:
    created = []
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", password=password, role=Role.COUNTY_ADMIN, region=Region.objects.get(code=COUNTY)
        )
        created.append("admin")
    for username, role, region_code, department, display_name in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            role=role,
            region=Region.objects.get(code=region_code),
            department=department,
            first_name=display_name,
            # The admin is for the county's system administrators; everybody else uses the workbench.
            is_staff=role == Role.COUNTY_ADMIN,
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        if role == Role.RESIDENT:
            person = (
                Person.objects.filter(region__code=region_code, relation="head", account__isnull=True)
                .order_by("id")
                .first()
            )
            if person is not None:
                person.account = user
                person.save(update_fields=["account"])
        created.append(username)
    created += household_member_account_seed(password=password)
    return created


def household_member_account_seed(*, password: str) -> list[str]:
    """`resident_demo2`: an adult of `resident_demo`'s household with an account of their own (one
    household, two voters: the household vote's second member is refused)."""
    head = Person.objects.filter(account__username="resident_demo").select_related("household").first()
    if head is None or User.objects.filter(username="resident_demo2").exists():
        return []
    member = (
        head.household.members.filter(account__isnull=True, birth_date__lte=latest_birth_date_for_age(18))
        .exclude(pk=head.pk)
        .order_by("birth_date")
        .first()
    )
    if member is None:
        return []
    user = User(
        username="resident_demo2",
        role=Role.RESIDENT,
        region=member.region,
        first_name="文化路社区 演示居民（家庭成员）",
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    member.account = user
    member.save(update_fields=["account"])
    return ["resident_demo2"]


def demo_county_seed(*, password: str, with_accounts: bool, seed: int = 652327) -> dict:
    """Load the demo county. Idempotent: whatever exists already is left as it is."""
    rng = random.Random(seed)
    summary = {"divisions": divisions_import(directory=JIMSAR_DIVISIONS, under=COUNTY)}
    with transaction.atomic():
        summary["units_with_figures"] = figures_seed(rng=rng)
        people = DemoPeople(seed=seed)
        people.used_ids.update(Person.objects.exclude(id_number="").values_list("id_number", flat=True))
        summary["persons"] = sum(
            residents_seed(unit=Region.objects.get(code=code), households=count, people=people)
            for code, count in REGISTERED_UNITS
        )
        summary["accounts"] = accounts_seed(password=password) if with_accounts else []
        summary["services"] = catalogue_load()
        summary["facilities"] = facilities_seed(county=COUNTY, seed=seed)
        summary["workforce"] = workforce_seed(county=COUNTY, seed=seed)
        summary["rooms"] = rooms_seed(county=COUNTY)
        if with_accounts:
            summary |= service_hall_seed(people_rng=rng)
            summary["signups"] = signups_seed(password=password)
            summary |= demo_benefits_seed(at_level=_approvers(), materials=_demo_scans)
            summary |= incidents_seed(county=COUNTY, seed=seed)
            summary |= participation_seed(county=COUNTY)
            summary |= deliberation_seed(seed=seed)
            summary |= mediation_seed(county=COUNTY, seed=seed)
            units = [code for code, _count in REGISTERED_UNITS]
            summary |= grid_people_seed(county=COUNTY, units=units, seed=seed)
            summary["emergency"] = emergency_seed(county=COUNTY)
            summary |= special_care_seed()
        administrator = User.objects.filter(username="admin").first() if with_accounts else None
        summary["monitoring"] = monitoring_seed(county=COUNTY, seed=seed, administrator=administrator)
        summary["plantasks"] = plantasks_seed(county=COUNTY)
    return summary


def _demo_scans(item: ServiceItem, person: Person) -> dict:
    """A blank scan for each material the registry does not hold."""
    scans = {}
    for requirement in materials_missing(service=item, applicant=person, uploads={}):
        image = BytesIO()
        Image.new("RGB", (8, 8), "white").save(image, format="PNG")
        scans[requirement.field] = [SimpleUploadedFile(f"{requirement.field}.png", image.getvalue(), "image/png")]
    return scans


def _approvers() -> dict[str, User]:
    """Who acts at each level of 文化路社区's approval chains (民政局 items)."""
    usernames = {"village": "worker_wenhualu", "township": "township_jms", "county": "county_mz"}
    return {level: User.objects.get(username=username) for level, username in usernames.items()}


def service_hall_seed(*, people_rng: random.Random) -> dict:
    """Providers with a fortnight of slots, and a few applications in different states, so that the
    demo workbench and portal show real work. Only once: skipped when any application exists."""
    if Application.objects.exists():
        return {"providers": 0, "slots": 0, "applications": 0}
    worker = User.objects.get(username="worker_wenhualu")
    village_worker = User.objects.get(username="worker_xindi")
    at_level = _approvers()
    providers = [
        Provider.objects.create(
            name="吉木萨尔镇居家养老服务中心",
            kind=ProviderKind.ELDERLY_CARE,
            region=Region.objects.get(code="652327100"),
        ),
        Provider.objects.create(
            name="新地乡卫生院家庭医生团队", kind=ProviderKind.HEALTH, region=Region.objects.get(code="652327205")
        ),
    ]
    slots = 0
    today = timezone.localdate()
    plan = [
        (worker, providers[0], "BM-ZY", "652327100003", 10, 2),
        (worker, providers[0], "BM-JZFW", "652327100003", 14, 3),
        (village_worker, providers[1], "BM-SMTJ", "652327205209", 10, 4),
    ]
    for acting_user, provider, code, unit_code, hour, capacity in plan:
        for offset in range(1, 15):
            day = today + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            starts_at = timezone.make_aware(datetime.combine(day, time(hour)))
            slot_create(
                service=ServiceItem.objects.get(code=code),
                provider=provider,
                region=Region.objects.get(code=unit_code),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                capacity=capacity,
                place="上门服务" if code != "BM-ZY" else "文化路社区服务站",
                acting_user=acting_user,
            )
            slots += 1
    applicants = list(Person.objects.filter(region__code="652327100003", relation="head").order_by("id")[:8])
    steps = [[], [Status.ACCEPTED], [Status.ACCEPTED, Status.IN_PROGRESS], [Status.ACCEPTED, Status.IN_PROGRESS]]
    codes = ["MZ-GLJT", "MZ-YLBT", "RS-JYSY", "CL-LXBT", "YB-CBDJ", "MZ-LSJZ", "MZ-GLJT", "TY-YDZ"]
    created = 0
    for index, (person, code) in enumerate(zip(applicants, codes, strict=False)):
        item = ServiceItem.objects.get(code=code)
        try:
            application = application_submit(
                service=item,
                applicant=person,
                acting_user=worker,
                data={"note": "演示办件"},
                materials=_demo_scans(item, person),
            )
        except (ValidationError, DomainError):  # only online, or the person does not qualify: skipped
            continue
        # The demo resident's own application is finished, ready to be rated: up its chain of levels,
        # each level acting for itself; the second 高龄津贴 waits at the township.
        done = [Status.ACCEPTED, Status.IN_PROGRESS, *[Move.FORWARDED] * (len(application.chain) - 1)]
        if index == 0:
            path = [*done, Status.COMPLETED]
        elif index == 6:
            path = done[:3]
        else:
            path = steps[people_rng.randrange(len(steps))]
        for to in path:
            application = application_transition(
                application=application, to=to, acting_user=at_level[application.level]
            )
        created += 1
    return {"providers": len(providers), "slots": slots, "applications": created}
