"""Shared fixtures: the real Jimsar divisions, one account per role, and a few residents in two
units of different townships, so that every scope test has something it must not see."""

import itertools

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.functions import Length
from django.test import Client
from django.utils import translation

from shequ.accounts.models import Department, Role, User
from shequ.regions.models import Region
from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import
from shequ.residents.choices import CareTag, Gender, Relation
from tests.factories import GridFactory, HouseholdFactory, PersonFactory, UserFactory

WENHUALU = "652327100003"  # 文化路社区, 吉木萨尔镇
MANCHENGLU = "652327100002"  # 满城路社区, 吉木萨尔镇
XINDI = "652327205209"  # 新地村, 新地乡


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A `replica_1` database that mirrors the default one, for the read-replica router's tests.

    It is not in settings.DATABASE_REPLICAS, so nothing reads it unless a test lists it there (and
    asks for it with `databases=`); a mirror is another connection to the same test database, so
    such a test must commit what the replica is to see (transaction=True).
    """
    if "replica_1" not in connections.settings:
        default = connections.settings["default"]
        connections.settings["replica_1"] = default | {"TEST": default["TEST"] | {"MIRROR": "default"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a suite that creates a dozen users a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of every test go to a folder of its own, removed with the test's other files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    # A request in Uyghur leaves Uyghur active in this thread; every test starts in the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# The rows `regions` makes, each as (its parent's code, its fields); read once per session.
JIMSAR_ROWS: list[tuple[str | None, dict]] = []


def jimsar_regions_create() -> None:
    """The county's divisions as divisions_import makes them, and three grids.

    The import and the grids run once per session, in a transaction that is rolled back after their
    rows are read; every test then gets those rows with one INSERT per level: the import's checks and
    the grids' audit rows cost more than most tests, and each test gets the same rows either way.
    """
    if not JIMSAR_ROWS:
        with transaction.atomic():
            divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
            for unit_code, number in ((WENHUALU, 1), (WENHUALU, 2), (XINDI, 1)):
                GridFactory(parent=Region.objects.get(code=unit_code), number=number)
            fields = [field.name for field in Region._meta.concrete_fields if field.name not in ("id", "parent")]
            for row in Region.objects.order_by(Length("code"), "code").values(*fields, "parent__code"):
                JIMSAR_ROWS.append((row.pop("parent__code"), row))
            transaction.set_rollback(True)
    ids: dict[str, int] = {}
    for _, level in itertools.groupby(JIMSAR_ROWS, key=lambda parent_and_row: len(parent_and_row[1]["code"])):
        created = Region.objects.bulk_create(Region(parent_id=ids.get(parent), **row) for parent, row in level)
        ids.update((region.code, region.pk) for region in created)


@pytest.fixture
def regions(db):
    jimsar_regions_create()
    wenhualu = Region.objects.get(code=WENHUALU)
    return {region.code: region for region in Region.objects.filter(code__prefix="652327")} | {"wenhualu": wenhualu}


def make_user(username: str, role: str, region: Region | None, **extra) -> User:
    return UserFactory(username=username, role=role, region=region, **extra)


@pytest.fixture
def users(regions):
    return {
        "admin": make_user("admin", Role.COUNTY_ADMIN, regions["652327"], is_superuser=True, is_staff=True),
        "county_admin": make_user("county_admin", Role.COUNTY_ADMIN, regions["652327"], is_staff=True),
        "county_mz": make_user("county_mz", Role.COUNTY_STAFF, regions["652327"], department=Department.CIVIL_AFFAIRS),
        "county_jy": make_user("county_jy", Role.COUNTY_STAFF, regions["652327"], department=Department.EDUCATION),
        "township_jms": make_user("township_jms", Role.TOWNSHIP_STAFF, regions["652327100"]),
        "township_xd": make_user("township_xd", Role.TOWNSHIP_STAFF, regions["652327205"]),
        "worker_wenhualu": make_user("worker_wenhualu", Role.VILLAGE_WORKER, regions[WENHUALU]),
        "worker_xindi": make_user("worker_xindi", Role.VILLAGE_WORKER, regions[XINDI]),
        "grid_wenhualu": make_user("grid_wenhualu", Role.GRID_WORKER, regions[WENHUALU + "001"]),
        "resident": make_user("resident", Role.RESIDENT, regions[WENHUALU]),
        "provider": make_user("provider", Role.PROVIDER, regions["652327"]),
        "volunteer": make_user("volunteer", Role.VOLUNTEER, regions[WENHUALU]),
    }


@pytest.fixture
def approvers(users):
    """Who acts at each level of an approval chain for 文化路社区's applications of 民政局 items."""
    return {"village": users["worker_wenhualu"], "township": users["township_jms"], "county": users["county_mz"]}


@pytest.fixture
def residents(regions, users):
    """张三 and his wife in 文化路 grid 1, 王五 in 文化路 grid 2, 李四 in 新地村."""
    home = HouseholdFactory(
        region=regions[WENHUALU], grid=regions[WENHUALU + "001"], number="00001", address="文化路1号"
    )
    other_grid = HouseholdFactory(
        region=regions[WENHUALU], grid=regions[WENHUALU + "002"], number="00002", address="文化路2号"
    )
    village = HouseholdFactory(region=regions[XINDI], grid=regions[XINDI + "001"], number="00001", address="新地村1组")
    zhangsan = PersonFactory(
        household=home, name="张三", id_number="652327199001010017", phone="13812345678", account=users["resident"]
    )
    wife = PersonFactory(
        household=home,
        name="刘芳",
        id_number="65232719920304002X",
        gender=Gender.FEMALE,
        relation=Relation.SPOUSE,
        tags=[CareTag.DISABLED],
    )
    wangwu = PersonFactory(
        household=other_grid,
        name="王五",
        id_number="11010519491231002X",
        gender=Gender.FEMALE,
        tags=[CareTag.ELDERLY_ADVANCED],
    )
    lisi = PersonFactory(
        household=village, name="李四", id_number="652327198505050034", tags=[CareTag.POVERTY_ALLEVIATED]
    )
    return {"zhangsan": zhangsan, "wife": wife, "wangwu": wangwu, "lisi": lisi, "home": home, "village": village}


@pytest.fixture
def login():
    def logged_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return logged_in


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages go to shequ.notifications.sms.outbox, emptied for every test (like Django's
    mail.outbox)."""
    from shequ.notifications import sms

    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    return sms.outbox
