"""Completed applications built through the real service-hall workflow, a second resident account,
and a fake ratable kind with a fake provider for the credit record."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shequ.accounts.models import Role
from shequ.feedback.services import rectification_transition
from shequ.feedback.targets import RATABLE, RatableKind, RatingContext, ratable_register
from shequ.residents.models import Household
from shequ.services.models import Application
from tests.conftest import WENHUALU, XINDI, make_user
from tests.factories import (
    FINISHED,
    ApplicationFactory,
    HouseholdFactory,
    ServiceItemFactory,
    UserFactory,
    png_bytes,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


# Written evidence long enough for a rectification (EVIDENCE_MIN_CHARS).
EVIDENCE_NOTE = "已约谈窗口人员并通报批评，附谈话记录"


def evidence_file(name: str = "谈话记录.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), "image/png")


def rectification_step(rectification, to: str, user, note: str = EVIDENCE_NOTE, **extra):
    """One step of a rectification; a rectification carries an evidence photo unless told."""
    if to == "rectified":
        extra.setdefault("files", [evidence_file()])
    return rectification_transition(rectification=rectification, to=to, acting_user=user, note=note, **extra)


@pytest.fixture
def head(users, regions):
    """The head of 文化路社区 (书记), who handles its 差评; worker_wenhualu is the one rated."""
    return make_user("head_wenhualu", Role.VILLAGE_WORKER, regions[WENHUALU], is_unit_head=True)


@pytest.fixture
def item(db):
    return ServiceItemFactory(code="TEST-001", name="高龄津贴申领")


@pytest.fixture
def complete(users):
    """complete(applicant, service, worker=…, submitted_by=…, completed_at=…) → a completed
    application, taken submitted → accepted → in_progress → completed by the worker."""

    def completed(applicant, service, *, worker=None, submitted_by=None, completed_at=None) -> Application:
        worker = worker or users["worker_wenhualu"]
        application = ApplicationFactory(
            service=service, applicant=applicant, acting_user=submitted_by or worker, worker=worker, steps=FINISHED
        )
        if completed_at is not None:
            Application.objects.filter(pk=application.pk).update(completed_at=completed_at)
            application.refresh_from_db()
        return application

    return completed


@pytest.fixture
def application(complete, residents, users, item):
    """张三's completed application, submitted online by himself and handled by 文化路's worker."""
    return complete(residents["zhangsan"], item, submitted_by=users["resident"])


@pytest.fixture
def lisi_account(regions, residents):
    account = UserFactory(username="lisi", region=regions[XINDI])
    residents["lisi"].account = account
    residents["lisi"].save()
    return account


@dataclass(frozen=True)
class FakeProvider:
    pk: int
    name: str
    kind: str | None = None

    def __str__(self) -> str:
        return self.name


@pytest.fixture
def fake_kind(residents):
    """A ratable kind "fake" whose targets are households: each is 张三's finished service, given by a
    fake provider. `fake_kind.finished_at[pk]` and `fake_kind.provider` can be changed in a test."""

    class Fake:
        def __init__(self):
            self.provider = FakeProvider(pk=901, name="幸福家政服务有限公司")
            self.finished_at: dict[int, datetime] = {}

        def target(self, number: str, finished_at: datetime | None = None) -> Household:
            household = HouseholdFactory(region=residents["home"].region, number=f"F{number}")
            self.finished_at[household.pk] = finished_at or timezone.now()
            return household

    fake = Fake()

    def describe(household):
        return RatingContext(
            resident=residents["zhangsan"],
            finished_at=fake.finished_at.get(household.pk),
            service=None,
            department="mzj",
            region=household.region,
            worker=None,
            provider=fake.provider,
        )

    ratable_register(
        RatableKind(
            name="fake",
            model=Household,
            describe=describe,
            finished=lambda: Household.objects.filter(pk__in=list(fake.finished_at)),
        )
    )
    yield fake
    RATABLE.pop("fake", None)
