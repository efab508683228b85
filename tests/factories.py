"""Factories for the records every app's tests need, so that each test names only what matters to it.

Records with a workflow (applications, slots, ratings) are made through their services, as the
product makes them: numbers, deadlines, snapshots and audit rows are then what they really are.
"""

from datetime import date, timedelta
from io import BytesIO

import factory
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from shequ.accounts.models import Department, Role, User
from shequ.benefits.models import BenefitRate
from shequ.bookings.models import Provider, ProviderKind, Slot
from shequ.bookings.services import slot_create
from shequ.feedback.models import Rating
from shequ.feedback.services import rating_create
from shequ.incidents.models import Category, Incident
from shequ.incidents.services import incident_report
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.choices import Ethnicity, Gender, Relation
from shequ.residents.id_numbers import check_character, id_number_parse
from shequ.residents.models import Household, Person, PersonTag
from shequ.residents.pinyin import name_search_keys
from shequ.services.materials import materials_missing
from shequ.services.models import (
    Application,
    Authorisation,
    AuthorisationMethod,
    Channel,
    HandledAt,
    ItemKind,
    ServiceItem,
)
from shequ.services.services import application_submit, application_transition
from shequ.specialcare.groups import Group
from shequ.specialcare.models import CareRecord, DutyGrant
from shequ.specialcare.services import RecordData, care_record_create, duty_grant_create

PASSWORD = "test-password-2025"


class GridFactory(factory.django.DjangoModelFactory):
    """A grid of a village-level unit: `GridFactory(parent=unit, number=1)`."""

    class Meta:
        model = Region
        exclude = ["number"]

    parent = None
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda grid: f"{grid.parent.code}{grid.number:03d}")
    name = factory.LazyAttribute(lambda grid: f"{grid.parent.short_name}第{grid.number}网格")
    level = Level.GRID


class UserFactory(factory.django.DjangoModelFactory):
    """An account whose password is `password` (PASSWORD unless given)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.RESIDENT
    region = None
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, password, **kwargs):
        # Hashed before the one INSERT: setting it after would save every account twice, the second
        # time with an audit diff, a credentials check and a token revocation (most of a test's setup).
        return super()._create(model_class, *args, password=make_password(password), **kwargs)


def id_number_for(birth: date, serial: int, gender: str) -> str:
    """A valid GB 11643 number of the county born on `birth` (the 17th digit odd for men)."""
    sequence = serial * 2 + (1 if gender == Gender.MALE else 0)
    body = f"652327{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + check_character(body)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    region = None
    grid = None
    number = factory.Sequence(lambda n: f"{n + 1:05d}")
    address = factory.LazyAttribute(lambda household: f"{household.region.short_name}{household.number}号")


class PersonFactory(factory.django.DjangoModelFactory):
    """A person of `household`, placed where the household is; `tags=[…]` adds care tags."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    region = factory.LazyAttribute(lambda person: person.household.region)
    grid = factory.LazyAttribute(lambda person: person.household.grid)
    scope_code = factory.LazyAttribute(lambda person: person.household.scope_code)
    name = factory.Sequence(lambda n: f"居民{n}")
    name_pinyin = factory.LazyAttribute(lambda person: name_search_keys(person.name)[0])
    name_initials = factory.LazyAttribute(lambda person: name_search_keys(person.name)[1])
    gender = Gender.MALE
    ethnicity = Ethnicity.HAN
    relation = Relation.HEAD
    id_number = factory.LazyAttributeSequence(lambda person, n: id_number_for(person.born, n, person.gender))
    birth_date = factory.LazyAttribute(lambda person: id_number_parse(person.id_number).birth_date)
    id_tail_reversed = factory.LazyAttribute(lambda person: person.id_number[-6:][::-1])
    phone = "13812341234"

    class Params:
        born = date(1980, 1, 1)  # the birth date of a generated ID number

    @factory.post_generation
    def tags(person, create, extracted, **kwargs):
        for tag in extracted or []:
            PersonTag.objects.create(person=person, tag=tag)


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem

    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    name = factory.Sequence(lambda n: f"测试事项{n}")
    kind = ItemKind.CONVENIENCE
    department = Department.CIVIL_AFFAIRS
    handled_at = HandledAt.VILLAGE
    channel = Channel.BOTH
    promised_days = 10


def material_uploads(service: ServiceItem, applicant: Person) -> dict[str, list[SimpleUploadedFile]]:
    """A scan for each material of `service` that the registry does not hold for `applicant`."""
    return {
        requirement.field: [SimpleUploadedFile(f"{requirement.field}.png", png_bytes(), content_type="image/png")]
        for requirement in materials_missing(service=service, applicant=applicant, uploads={})
    }


class BenefitRateFactory(factory.django.DjangoModelFactory):
    """One band of an item's amount table: `BenefitRateFactory(service=item, min_age=90, monthly_amount=200)`;
    `min_age` 0 is a flat rate."""

    class Meta:
        model = BenefitRate

    service = factory.SubFactory(ServiceItemFactory)
    min_age = 0
    monthly_amount = 100


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application submitted through the service hall by `acting_user` (default: the applicant's
    own account, else a worker must be given), with its materials unless `materials` says otherwise;
    `steps=["accepted", …]` takes it further, each by `worker`."""

    class Meta:
        model = Application

    service = factory.SubFactory(ServiceItemFactory)
    applicant = None
    acting_user = factory.LazyAttribute(lambda application: application.applicant.account)
    worker = None
    steps = ()

    @classmethod
    def _create(cls, model_class, *, service, applicant, acting_user, worker, steps, **kwargs):
        kwargs.setdefault("materials", material_uploads(service, applicant))
        application = application_submit(service=service, applicant=applicant, acting_user=acting_user, **kwargs)
        for to in steps:
            application = application_transition(application=application, to=to, acting_user=worker or acting_user)
        return application


FINISHED = ("accepted", "in_progress", "completed")


def application_approve(application: Application, *, approvers: dict, today=None) -> Application:
    """Take a submitted application up its approval chain to 已办结: accepted and handled at its first
    level, forwarded by each level, completed by the last; `approvers` maps a level to who acts there
    (the `approvers` fixture)."""
    levels = [entry["level"] for entry in application.chain] or [application.level]
    steps = [(levels[0], "accepted"), (levels[0], "in_progress")]
    steps += [(level, "forwarded") for level in levels[:-1]] + [(levels[-1], "completed")]
    for level, to in steps:
        application = application_transition(
            application=application, to=to, acting_user=approvers[level], **({"today": today} if today else {})
        )
    return application


class AuthorisationFactory(factory.django.DjangoModelFactory):
    """`grantor` authorised `agent` (both persons) in the grantor's own account."""

    class Meta:
        model = Authorisation

    grantor = None
    agent = None
    method = AuthorisationMethod.ACCOUNT
    recorded_by = factory.LazyAttribute(lambda authorisation: authorisation.grantor.account)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"服务机构{n}")
    kind = ProviderKind.ELDERLY_CARE
    region = None

    @factory.post_generation
    def accounts(provider, create, extracted, **kwargs):
        if extracted:
            provider.accounts.add(*extracted)


def tomorrow_at(hour: int):
    local = timezone.localtime() + timedelta(days=1)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


class SlotFactory(factory.django.DjangoModelFactory):
    """A slot published through the bookings service, tomorrow at `hour`, by `acting_user`."""

    class Meta:
        model = Slot

    service = factory.SubFactory(ServiceItemFactory, bookable=True)
    provider = None
    region = None
    hour = 10
    capacity = 2
    place = "社区服务站"
    acting_user = None

    @classmethod
    def _create(cls, model_class, *, hour, **kwargs):
        return slot_create(starts_at=tomorrow_at(hour), ends_at=tomorrow_at(hour + 1), **kwargs)


class RatingFactory(factory.django.DjangoModelFactory):
    """`acting_user`'s rating of a finished `target` (an application unless `target_type` says)."""

    class Meta:
        model = Rating

    target = None
    target_type = "application"
    level = 5
    acting_user = None

    @classmethod
    def _create(cls, model_class, *, target, **kwargs):
        return rating_create(target_id=target.pk, **kwargs)


def png_bytes(size: tuple[int, int] = (4, 4), color: str = "white") -> bytes:
    """A real PNG, which survives the upload check and its re-encoding."""
    out = BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


class IncidentFactory(factory.django.DjangoModelFactory):
    """A case filed through `incident_report` by `acting_user` (category: a leaf code, default 路灯损坏)."""

    class Meta:
        model = Incident

    category = "0401"
    description = "路灯不亮"
    acting_user = None
    region = None

    @classmethod
    def _create(cls, model_class, *, category, **kwargs):
        return incident_report(category=Category.objects.get(code=category), **kwargs)


class MediationCaseFactory(factory.django.DjangoModelFactory):
    """A people's mediation case accepted through `mediation_case_create` by `acting_user` in `unit`
    (dispute type: a code of the catalogue, loaded if missing), with two parties."""

    class Meta:
        model = "mediation.MediationCase"

    unit = None
    acting_user = None
    dispute_type = "neighbour"
    summary = "楼上漏水纠纷"
    mediator_name = "王调解员"

    @classmethod
    def _create(cls, model_class, *, dispute_type, **kwargs):
        from shequ.mediation.catalogue import catalogues_load
        from shequ.mediation.models import DisputeType
        from shequ.mediation.services import PartyData, mediation_case_create

        catalogues_load()
        parties = [PartyData("applicant", "张建国", "13812345678"), PartyData("respondent", "李秀英", "")]
        return mediation_case_create(dispute_type=DisputeType.objects.get(code=dispute_type), parties=parties, **kwargs)


def duty_grant(user: User, region: Region, groups: list[str] | None = None, **dates) -> DutyGrant:
    """The special-group duty for `groups` (default all) within `region`, granted by a superuser of
    the county (made in the same call when none exists)."""
    granted_by = User.objects.filter(is_superuser=True).first() or UserFactory(
        username="grant-admin", role=Role.COUNTY_ADMIN, region=Region.objects.get(code="652327"), is_superuser=True
    )
    return duty_grant_create(
        user=user,
        region=region,
        groups=groups or list(Group.values),
        starts_on=dates.get("starts_on", date(2020, 1, 1)),
        ends_on=dates.get("ends_on"),
        acting_user=granted_by,
    )


def care_record(person: Person, group: str, acting_user: User, started_on: date | None = None, **fields) -> CareRecord:
    """A special-group record of `person` made through `care_record_create` by a duty holder (with a
    guardian and a supervision order, which some groups require)."""
    data = {
        "guardian_name": "监护人",
        "supervision_starts_on": date(2025, 1, 1),
        "supervision_ends_on": date(2027, 1, 1),
    }
    data |= fields
    return care_record_create(
        person=person,
        data=RecordData(group=group, started_on=started_on or timezone.localdate(), responsible=acting_user, **data),
        acting_user=acting_user,
    )
