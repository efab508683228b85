"""Writes to the resident registry. Every change checks permission, validates, and is audited in the
same transaction (auditlog's field diff with personal data masked, plus a domain event)."""

import logging
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.masking import mask_id_number, mask_phone
from shequ.core.text import note_clean, text_clean
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.derived import birth_year_of
from shequ.residents.id_numbers import InvalidIdNumber, id_number_parse
from shequ.residents.models import Household, Person, PersonTag
from shequ.residents.pinyin import name_search_keys
from shequ.residents.selectors import person_list, whole_id_number
from shequ.residents.signals import person_departed

logger = logging.getLogger(__name__)

PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")
# No one living was born earlier; an earlier date is a typing slip (0001-01-01, 1090 for 1990).
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# What the audited reveal may return: exactly what screens, the API and audit rows never show.
REVEALABLE_FIELDS = frozenset({"id_number", "phone", "birth_date"})


@dataclass
class HouseholdData:
    region: Region
    number: str
    address: str
    grid: Region | None = None


@dataclass
class PersonData:
    name: str
    gender: str
    relation: str
    ethnicity: str
    birth_date: date | None = None
    phone: str = ""
    id_number: str = ""
    tags: list[str] = field(default_factory=list)
    county_hukou: bool = True


def household_validate(data: HouseholdData, *, instance: Household | None = None) -> None:
    errors: dict[str, list[str]] = {}
    for name, missing, too_long in (
        ("number", _("请填写户号"), _("户号太长")),
        ("address", _("请填写地址"), _("地址太长")),
    ):
        try:
            value = text_clean(getattr(data, name))
        except ValidationError as invalid:
            errors[name] = invalid.messages
            continue
        setattr(data, name, value)
        if not value:
            errors[name] = [missing]
        elif len(value) > Household._meta.get_field(name).max_length:
            errors[name] = [too_long]
    if data.region.level != Level.VILLAGE:
        errors.setdefault("region", []).append(_("家庭户必须属于一个村（社区）"))
    if data.grid is not None and (data.grid.level != Level.GRID or data.grid.parent_id != data.region.pk):
        errors.setdefault("grid", []).append(_("网格必须属于所选村（社区）"))
    if (
        data.number
        and Household.objects.filter(region=data.region, number=data.number)
        .exclude(pk=getattr(instance, "pk", None))
        .exists()
    ):
        errors.setdefault("number", []).append(_("本村（社区）已有户号 %(number)s") % {"number": data.number})
    if errors:
        raise ValidationError(errors)


def person_validate(data: PersonData, *, household: Household | None, instance: Person | None = None) -> None:
    """Check one person's data; normalises it in place (trimmed, birth date from the ID number)."""
    errors: dict[str, list[str]] = {}

    def error(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    try:
        data.name = text_clean(data.name)
    except ValidationError as invalid:
        error("name", invalid.messages[0])
    else:
        if not data.name:
            error("name", _("请填写姓名"))
        elif len(data.name) > 50:
            error("name", _("姓名不能超过 50 个字"))
    data.phone = re.sub(r"[\s-]", "", data.phone or "")
    data.id_number = (data.id_number or "").strip().upper()
    if data.gender not in Gender.values:
        error("gender", _("请选择性别"))
    if data.relation not in Relation.values:
        error("relation", _("请选择与户主的关系"))
    if data.ethnicity not in Ethnicity.values:
        error("ethnicity", _("请选择民族"))
    if data.phone and not PHONE_PATTERN.match(data.phone):
        error("phone", _("电话号码应为 11 位手机号或带区号的固定电话"))
    unknown_tags = sorted(set(data.tags) - set(CareTag.values))
    if unknown_tags:
        error("tags", _("未知的关爱标签：%(tags)s") % {"tags": ", ".join(unknown_tags)})
    if data.id_number:
        try:
            parsed = id_number_parse(
                data.id_number, expected_gender=data.gender if data.gender in Gender.values else None
            )
        except InvalidIdNumber as invalid:
            error("id_number", str(invalid.message))
        else:
            # The ID number decides the birth date. No error compares a typed date with it: on an
            # edit the stored number is masked, and such an error would confirm a guessed birth date.
            data.birth_date = parsed.birth_date
            if Person.objects.filter(id_number=data.id_number).exclude(pk=getattr(instance, "pk", None)).exists():
                error("id_number", _("该身份证号已登记在其他居民名下"))
    if data.birth_date is None:
        if "id_number" not in errors:  # a wrong ID number is the one thing to fix
            error("birth_date", _("请填写出生日期"))
    elif data.birth_date > timezone.localdate():
        error("birth_date", _("出生日期不能晚于今天"))
    elif data.birth_date < EARLIEST_BIRTH_DATE:
        error("birth_date", _("出生日期不能早于 %(year)s 年") % {"year": EARLIEST_BIRTH_DATE.year})
    if (
        household is not None
        and data.relation == Relation.HEAD
        and household.members.filter(relation=Relation.HEAD).exclude(pk=getattr(instance, "pk", None)).exists()
    ):
        error("relation", _("该户已有户主"))
    if errors:
        raise ValidationError(errors)


def _require(acting_user: User, permission: str, obj=None) -> None:
    if not acting_user.has_perm(permission, obj):
        raise PermissionDenied


def _require_unit_in_scope(acting_user: User, region: Region) -> None:
    if not covers(acting_user, region):
        raise PermissionDenied


def _apply_person_data(person: Person, data: PersonData) -> None:
    person.name, person.gender, person.relation = data.name, data.gender, data.relation
    person.ethnicity, person.birth_date, person.phone = data.ethnicity, data.birth_date, data.phone
    person.id_number = data.id_number
    person.county_hukou = data.county_hukou
    person.id_tail_reversed = data.id_number[-6:][::-1]
    person.name_pinyin, person.name_initials = name_search_keys(data.name)


def _set_tags(person: Person, tags: list[str]) -> None:
    wanted = set(tags)
    current = {tag.tag: tag for tag in person.tags.all()}
    for code in set(current) - wanted:
        current[code].delete()
    for code in sorted(wanted - set(current)):
        PersonTag.objects.create(person=person, tag=code)


def _masked(data: PersonData) -> dict:
    """A person's data as an audit event keeps it: masked ID number and phone, the birth year only."""
    values = asdict(data)
    values["id_number"] = mask_id_number(data.id_number)
    values["phone"] = mask_phone(data.phone)
    del values["birth_date"]
    values["birth_year"] = birth_year_of(data.birth_date)
    return values


def household_create(*, data: HouseholdData, acting_user: User) -> Household:
    _require(acting_user, "residents.add_household")
    _require_unit_in_scope(acting_user, data.grid or data.region)
    household_validate(data)
    with transaction.atomic(), audit_actor(acting_user):
        household = Household.objects.create(
            region=data.region, grid=data.grid, number=data.number, address=data.address
        )
        event_record(acting_user=acting_user, verb="household.created", target=household, region_code=data.region.code)
    return household


def household_update(*, household: Household, data: HouseholdData, acting_user: User) -> Household:
    """Change a household; its members move with it to a new unit or grid."""
    _require(acting_user, "residents.change_household", household)
    _require_unit_in_scope(acting_user, data.grid or data.region)
    household_validate(data, instance=household)
    with transaction.atomic(), audit_actor(acting_user):
        household.region, household.grid = data.region, data.grid
        household.number, household.address = data.number, data.address
        household.save()
        placement = household.placement()
        for member in household.members.exclude(**placement):
            for field, value in placement.items():
                setattr(member, field, value)
            member.save(update_fields=[*placement, "updated_at"])
        event_record(acting_user=acting_user, verb="household.changed", target=household, region_code=data.region.code)
    return household


def household_delete(*, household: Household, acting_user: User) -> None:
    _require(acting_user, "residents.delete_household", household)
    if household.members.exists():
        raise ValidationError(_("请先删除或迁出该户的全部成员"))
    with transaction.atomic(), audit_actor(acting_user):
        event_record(
            acting_user=acting_user, verb="household.deleted", target=household, region_code=household.region.code
        )
        household.delete()


def person_create(*, household: Household, data: PersonData, acting_user: User) -> Person:
    _require(acting_user, "residents.change_household", household)
    person_validate(data, household=household)
    try:
        with transaction.atomic(), audit_actor(acting_user):
            person = Person(
                household=household,
                **household.placement(),
            )
            _apply_person_data(person, data)
            person.save()
            _set_tags(person, data.tags)
            event_record(
                acting_user=acting_user,
                verb="person.created",
                target=person,
                region_code=household.region.code,
                data={"after": _masked(data)},
            )
    except IntegrityError as error:
        # Another writer registered the same ID number or a second head in the meantime.
        raise ValidationError(_("保存失败：身份证号或户主与已有记录冲突，请刷新后重试")) from error
    return person


def person_update(*, person: Person, data: PersonData, acting_user: User) -> Person:
    _require(acting_user, "residents.change_person", person)
    before = _masked(person_data_of(person))
    person_validate(data, household=person.household, instance=person)
    try:
        with transaction.atomic(), audit_actor(acting_user):
            _apply_person_data(person, data)
            person.save()
            _set_tags(person, data.tags)
            event_record(
                acting_user=acting_user,
                verb="person.changed",
                target=person,
                region_code=person.region.code,
                data={"before": before, "after": _masked(data)},
            )
    except IntegrityError as error:
        raise ValidationError(_("保存失败：身份证号或户主与已有记录冲突，请刷新后重试")) from error
    return person


def person_delete(*, person: Person, acting_user: User, reason: str) -> None:
    _require(acting_user, "residents.delete_person", person)
    if not reason.strip():
        raise ValidationError({"reason": [_("请说明删除理由（如迁出、死亡、重复登记）")]})
    try:
        with transaction.atomic(), audit_actor(acting_user):
            event_record(
                acting_user=acting_user,
                verb="person.deleted",
                target=person,
                region_code=person.region.code,
                reason=reason.strip(),
                data={"before": _masked(person_data_of(person))},
            )
            person.delete()
    except ProtectedError as error:
        # Applications, bookings and ratings keep the person; the event above rolled back with it.
        raise ValidationError(
            _("该居民有办件、预约或评价记录，不能删除。如已迁出，请修改其家庭户；记录会继续保留。")
        ) from error


def person_reveal(*, person: Person, field_name: str, reason: str, acting_user: User) -> str:
    """Return one unmasked value (the birth date as YYYY-MM-DD); the reveal itself (who, whom, when,
    why) is audited."""
    if field_name not in REVEALABLE_FIELDS:
        raise ValidationError({"field": [_("只能查看身份证号、出生日期或电话")]})
    _require(acting_user, "residents.reveal_person", person)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写查看理由")]})
    with transaction.atomic():
        event_record(
            acting_user=acting_user,
            verb="person.revealed",
            target=person,
            region_code=person.region.code,
            reason=reason,
            data={"field": field_name, "name": person.name},
        )
    value = getattr(person, field_name)
    return value.isoformat() if isinstance(value, date) else value


def person_data_of(person: Person) -> PersonData:
    return PersonData(
        name=person.name,
        gender=person.gender,
        relation=person.relation,
        ethnicity=person.ethnicity,
        birth_date=person.birth_date,
        phone=person.phone,
        id_number=person.id_number,
        tags=sorted(person.tag_codes),
        county_hukou=person.county_hukou,
    )


class IdNumberSearchLimited(Exception):
    """The user searched by whole ID numbers more often this hour than SHEQU_ID_SEARCH_PER_HOUR allows."""

    def __init__(self):
        self.message = _("按完整身份证号查找的次数已达本小时上限，请稍后再试，或按姓名查找")
        super().__init__(self.message)


def person_find(*, query: str, acting_user, tag: str = "", region: Region | None = None) -> QuerySet[Person]:
    """The search box of the residents pages, the window, bookings, the export and the API.

    It is `person_list`, except for a whole ID number, which names one person: a window worker finds
    a resident that way, so it stays possible, but each user may do it SHEQU_ID_SEARCH_PER_HOUR times
    an hour (else IdNumberSearchLimited), and each search is audited with the number masked. A person
    outside the user's scope is not found, exactly like a number nobody registered.
    """
    id_number = whole_id_number(query)
    if id_number:
        _id_number_search_allow(acting_user)
        found = Person.objects.for_user(acting_user).filter(id_number=id_number).select_related("region").first()
        event_record(
            acting_user=acting_user,
            verb="person.searched_by_id_number",
            # The person found, so that the search shows in their record; else the one who searched.
            target=found or acting_user,
            region_code=found.region.code if found else "",
            data={"id_number": mask_id_number(id_number), "found": found is not None},
        )
    return person_list(user=acting_user, query=query, tag=tag, region=region)


def _id_number_search_allow(user) -> None:
    # One counter per user and clock hour in the shared cache, so every worker process counts together.
    key = f"shequ:id-number-search:{user.pk}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    limit = settings.ID_SEARCH_PER_HOUR
    if count > limit:
        logger.warning("ID-number searches refused for user %s: over %s this hour", user.pk, limit)
        raise IdNumberSearchLimited


# --- Deaths and moves out of the county --------------------------------------------------------------


def _departure_record(*, person: Person, event: str, on: date, note: str, acting_user: User) -> Person:
    _require(acting_user, "residents.change_person", person)
    field_name = {"death": "died_on", "moved_out": "moved_out_on"}[event]
    errors = {}
    try:
        note = note_clean(note)
    except ValidationError as invalid:
        errors["note"] = invalid.messages
    if on > timezone.localdate():
        errors["on"] = [_("日期不能晚于今天")]
    elif on < person.birth_date:
        errors["on"] = [_("日期不能早于出生日期")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        person = Person.objects.select_for_update().select_related("region").get(pk=person.pk)
        if getattr(person, field_name) is not None:
            raise ValidationError(
                _("已登记死亡，不能重复登记") if event == "death" else _("已登记迁出本县，不能重复登记")
            )
        setattr(person, field_name, on)
        person.save(update_fields=[field_name, "updated_at"])
        event_record(
            acting_user=acting_user,
            verb=f"person.{'death_recorded' if event == 'death' else 'moved_out_recorded'}",
            target=person,
            region_code=person.region.code,
            reason=note,
            data={"on": on.isoformat()},
        )
        person_departed.send(Person, person=person, event=event, on=on, acting_user=acting_user)
    return person


def person_record_death(*, person: Person, died_on: date, acting_user: User, note: str = "") -> Person:
    """The registry records a death (from a death certificate or the police's notice); what the county
    pays the person stops from the following month."""
    return _departure_record(person=person, event="death", on=died_on, note=note, acting_user=acting_user)


def person_record_move_out(*, person: Person, moved_out_on: date, acting_user: User, note: str = "") -> Person:
    """The registry records a move of the household registration out of the county; what the county
    pays the person stops from the following month."""
    return _departure_record(person=person, event="moved_out", on=moved_out_on, note=note, acting_user=acting_user)
