"""Writes of deliberation. Workers of a unit (and the staff above it) hold its meetings; residents
raise topics and vote online; at the meeting a worker checks people in and records their votes and
proxies. Every change writes its domain event in its transaction."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.scope import covers
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.deliberation.models import (
    CHOICES,
    VOTING_AGE,
    Attendance,
    Basis,
    Channel,
    Meeting,
    Motion,
    Proxy,
    Resolution,
    ResolutionStatus,
    Topic,
    Vote,
)
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Household, Person


def _staff_check(*, acting_user: User, meeting: Meeting | None = None, unit: Region | None = None) -> None:
    region = unit if unit is not None else meeting.unit
    if not (acting_user.is_superuser or acting_user.is_staff_role) or not covers(acting_user, region):
        raise PermissionDenied


def _resident(acting_user: User) -> Person:
    person = getattr(acting_user, "person", None)
    if person is None:
        raise PermissionDenied
    return person


def topic_raise(*, acting_user: User, text: str) -> Topic:
    """A resident raises a matter for their unit's next meeting."""
    person = _resident(acting_user)
    text = text.strip()
    if len(text) < 5:
        raise ValidationError({"text": _("请把议题写清楚（至少5个字）")})
    with transaction.atomic():
        topic = Topic.objects.create(
            scope_code=person.region.code, household_id=person.household_id, raised_by=acting_user, text=text
        )
        event_record(acting_user=acting_user, verb="topic.raised", target=topic, region_code=topic.scope_code)
    return topic


def meeting_create(
    *,
    acting_user: User,
    unit: Region,
    title: str,
    place: str,
    starts_at: datetime,
    agenda: str,
    kind: str,
    topics: list[Topic] | None = None,
) -> Meeting:
    if unit.level != Level.VILLAGE:
        raise ValidationError({"unit": _("议事会议属于一个村（社区）")})
    _staff_check(acting_user=acting_user, unit=unit)
    errors = {}
    for name, value in (("title", title), ("place", place), ("agenda", agenda)):
        if not value.strip():
            errors[name] = _("此项不能为空")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            unit=unit,
            scope_code=unit.code,
            kind=kind,
            title=title.strip(),
            place=place.strip(),
            starts_at=starts_at,
            agenda=agenda.strip(),
            created_by=acting_user,
        )
        Topic.objects.filter(pk__in=[topic.pk for topic in topics or []], scope_code=unit.code).update(meeting=meeting)
        event_record(acting_user=acting_user, verb="meeting.created", target=meeting, region_code=unit.code)
    return meeting


def motion_add(
    *,
    acting_user: User,
    meeting: Meeting,
    title: str,
    basis: str,
    quorum_percent: int,
    majority: str,
    text: str = "",
) -> Motion:
    _staff_check(acting_user=acting_user, meeting=meeting)
    if not title.strip():
        raise ValidationError({"title": _("此项不能为空")})
    if not 0 <= quorum_percent <= 100:
        raise ValidationError({"quorum_percent": _("最低投票率应在0到100之间")})
    with transaction.atomic():
        motion = Motion.objects.create(
            meeting=meeting,
            title=title.strip(),
            text=text,
            basis=basis,
            quorum_percent=quorum_percent,
            majority=majority,
        )
        event_record(acting_user=acting_user, verb="motion.added", target=motion, region_code=meeting.scope_code)
    return motion


def motion_open(*, acting_user: User, motion: Motion) -> Motion:
    _staff_check(acting_user=acting_user, meeting=motion.meeting)
    if motion.closed_at is not None:
        raise DomainError(_("表决已经结束，不能重新开始"), api_code="deliberation.motion_closed")
    with transaction.atomic():
        motion.is_open = True
        motion.save(update_fields=["is_open"])
        event_record(
            acting_user=acting_user, verb="motion.opened", target=motion, region_code=motion.meeting.scope_code
        )
    return motion


def motion_close(*, acting_user: User, motion: Motion) -> Motion:
    _staff_check(acting_user=acting_user, meeting=motion.meeting)
    with transaction.atomic():
        motion.is_open, motion.closed_at = False, timezone.now()
        motion.save(update_fields=["is_open", "closed_at"])
        event_record(
            acting_user=acting_user, verb="motion.closed", target=motion, region_code=motion.meeting.scope_code
        )
    return motion


def _voter_check(*, motion: Motion, person: Person) -> None:
    if person.region_id != motion.meeting.unit_id:
        raise DomainError(_("只有本村（社区）的居民可以参加表决"), api_code="participation.not_entitled")
    if person.birth_date > latest_birth_date_for_age(VOTING_AGE):
        raise DomainError(_("未满18周岁的居民不能投票"), api_code="participation.not_entitled")
    if person.died_on is not None:
        raise DomainError(_("只有本村（社区）的居民可以参加表决"), api_code="participation.not_entitled")


def vote_cast(
    *,
    acting_user: User,
    motion: Motion,
    choice: str,
    person: Person | None = None,
    for_household: Household | None = None,
) -> Vote:
    """Record a vote. A resident votes online for themselves (`person` None) or, holding a proxy
    recorded for this meeting, for `for_household`; a worker records a vote cast at the meeting by
    `person`, who must have checked in. The first vote of a household (or person) counts; another
    is refused with who voted and when."""
    onsite = person is not None
    if onsite:
        _staff_check(acting_user=acting_user, meeting=motion.meeting)
        if not Attendance.objects.filter(meeting=motion.meeting, person=person).exists():
            raise DomainError(_("请先为投票人签到"), api_code="participation.not_checked_in")
    else:
        person = _resident(acting_user)
    if choice not in CHOICES:
        raise ValidationError({"choice": _("请选择赞成、反对或弃权")})
    if not motion.is_open:
        raise DomainError(_("该事项现在不在表决中"), api_code="participation.motion_not_open")
    _voter_check(motion=motion, person=person)
    proxy = None
    household_id = person.household_id
    if for_household is not None and for_household.pk != person.household_id:
        if motion.basis != Basis.HOUSEHOLD:
            raise DomainError(_("按人表决的事项不能委托投票"), api_code="participation.proxy_not_allowed")
        proxy = Proxy.objects.filter(meeting=motion.meeting, household=for_household, proxy=person).first()
        if proxy is None:
            raise DomainError(_("没有该户的委托授权，不能代为投票"), api_code="participation.no_proxy")
        household_id = for_household.pk
    key = household_id if motion.basis == Basis.HOUSEHOLD else person.pk
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                motion=motion,
                ballot_key=key,
                household_id=household_id,
                cast_by=person,
                proxy=proxy,
                channel=Channel.ONSITE if onsite else Channel.ONLINE,
                choice=choice,
                recorded_by=acting_user,
            )
            event_record(
                acting_user=acting_user,
                verb="vote.cast",
                target=vote,
                region_code=motion.meeting.scope_code,
                data={"motion": motion.pk, "channel": vote.channel},
            )
    except IntegrityError:
        raise _already_voted(motion=motion, key=key) from None
    return vote


def _already_voted(*, motion: Motion, key: int) -> DomainError:
    first = Vote.objects.select_related("cast_by").get(motion=motion, ballot_key=key)
    when = timezone.localtime(first.cast_at).strftime("%Y-%m-%d %H:%M")
    if motion.basis == Basis.HOUSEHOLD:
        return DomainError(
            _("您家已经由 %(name)s 于 %(when)s 投过票，每户只计一票。") % {"name": first.cast_by.name, "when": when},
            api_code="participation.household_voted",
            extra={"voted_by": first.cast_by.name, "voted_at": first.cast_at.isoformat()},
        )
    return DomainError(_("您已经于 %(when)s 投过票。") % {"when": when}, api_code="participation.already_voted")


def _person_in_unit(*, meeting: Meeting, id_number: str) -> Person:
    person = Person.objects.filter(region=meeting.unit, id_number=id_number.strip().upper()).first()
    if person is None:
        raise ValidationError({"id_number": _("本村（社区）没有这个身份证号的居民")})
    return person


def attendance_check_in(*, acting_user: User, meeting: Meeting, id_number: str) -> tuple[Attendance, bool]:
    """Check a resident in at the meeting by their ID number; checking in twice is harmless."""
    _staff_check(acting_user=acting_user, meeting=meeting)
    person = _person_in_unit(meeting=meeting, id_number=id_number)
    with transaction.atomic():
        attendance, created = Attendance.objects.get_or_create(
            meeting=meeting, person=person, defaults={"recorded_by": acting_user}
        )
        if created:
            event_record(
                acting_user=acting_user, verb="meeting.checked_in", target=attendance, region_code=meeting.scope_code
            )
    return attendance, created


def proxy_record(
    *, acting_user: User, meeting: Meeting, grantor_id_number: str, proxy_id_number: str, note: str
) -> Proxy:
    """Record that an adult of one household authorised `proxy` to vote for it at this meeting."""
    _staff_check(acting_user=acting_user, meeting=meeting)
    grantor = _person_in_unit(meeting=meeting, id_number=grantor_id_number)
    proxy = _person_in_unit(meeting=meeting, id_number=proxy_id_number)
    if grantor.household_id == proxy.household_id:
        raise ValidationError({"proxy_id_number": _("同户成员本身就可以投票，不需要委托")})
    if not note.strip():
        raise ValidationError({"note": _("请写明委托方式（如书面委托书）")})
    try:
        with transaction.atomic():
            record = Proxy.objects.create(
                meeting=meeting,
                household_id=grantor.household_id,
                proxy=proxy,
                note=note.strip(),
                recorded_by=acting_user,
            )
            event_record(
                acting_user=acting_user, verb="meeting.proxy_recorded", target=record, region_code=meeting.scope_code
            )
    except IntegrityError:
        raise DomainError(_("该户已经委托了他人"), api_code="participation.proxy_exists") from None
    return record


def minutes_record(*, acting_user: User, meeting: Meeting, minutes: str) -> Meeting:
    _staff_check(acting_user=acting_user, meeting=meeting)
    with transaction.atomic():
        meeting.minutes = minutes.strip()
        meeting.save(update_fields=["minutes"])
        event_record(acting_user=acting_user, verb="meeting.minutes", target=meeting, region_code=meeting.scope_code)
    return meeting


def resolution_add(
    *, acting_user: User, meeting: Meeting, text: str, responsible: str, due_on: date, motion: Motion | None = None
) -> Resolution:
    _staff_check(acting_user=acting_user, meeting=meeting)
    errors = {}
    if not text.strip():
        errors["text"] = _("此项不能为空")
    if not responsible.strip():
        errors["responsible"] = _("此项不能为空")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        resolution = Resolution.objects.create(
            meeting=meeting, motion=motion, text=text.strip(), responsible=responsible.strip(), due_on=due_on
        )
        event_record(
            acting_user=acting_user, verb="resolution.added", target=resolution, region_code=meeting.scope_code
        )
    return resolution


def resolution_follow_up(*, acting_user: User, resolution: Resolution, status: str, follow_up: str) -> Resolution:
    _staff_check(acting_user=acting_user, meeting=resolution.meeting)
    if status not in ResolutionStatus.values:
        raise ValidationError({"status": _("办理情况无效")})
    with transaction.atomic():
        resolution.status, resolution.follow_up = status, follow_up.strip()
        resolution.save(update_fields=["status", "follow_up", "updated_at"])
        event_record(
            acting_user=acting_user,
            verb="resolution.followed_up",
            target=resolution,
            region_code=resolution.meeting.scope_code,
            data={"status": status},
        )
    return resolution
