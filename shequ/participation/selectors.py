"""Reads of community life: the notices a reader sees and a notice's reach, policy search, and
the questions of a desk, an asker and the public. Every list is a bounded number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shequ.accounts.models import User
from shequ.participation import search
from shequ.participation.audiences import audience_accounts, reader_audiences, reader_code, reader_regions
from shequ.participation.models import Audience, Notice, NoticeRead, Policy, Question
from shequ.participation.workflow import QuestionStatus
from shequ.regions.codes import Level, level_of, unit_of
from shequ.regions.models import Region
from shequ.residents.models import PersonTag


def notices_for_reader(*, user: User) -> QuerySet[Notice]:
    """The current notices addressed to the user (pinned first), each with `is_read`."""
    audiences = reader_audiences(user)
    regions = reader_regions(user)
    if not audiences or not regions:
        return Notice.objects.none()
    notices = Notice.objects.current().filter(scope_code__in=regions, audience__in=audiences)
    if Audience.CARE_TAGGED in audiences:
        household_tags = PersonTag.objects.filter(person__household_id=user.person.household_id)
        notices = notices.filter(
            ~Q(audience=Audience.CARE_TAGGED) | Q(care_tag="") | Exists(household_tags.filter(tag=OuterRef("care_tag")))
        )
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), reader=user)
    return notices.annotate(is_read=Exists(read))


def notices_unread_count(*, user: User) -> int:
    return notices_for_reader(user=user).filter(is_read=False).count()


def notices_published(*, user: User) -> QuerySet[Notice]:
    """The notices addressed within the user's region, newest first, with their read count."""
    return Notice.objects.for_user(user).select_related("region", "publisher").annotate(read_count=Count("reads"))


@dataclass(frozen=True)
class UnitReach:
    code: str
    name: str
    addressed: int
    read: int

    @property
    def percent(self) -> int:
        return round(100 * self.read / self.addressed) if self.addressed else 0


def _unit(code: str) -> str:
    return unit_of(code) if code and level_of(code) in (Level.VILLAGE, Level.GRID) else code


def notice_reach(*, notice: Notice) -> list[UnitReach]:
    """Per unit (村/社区; a township or the county for accounts bound there): how many accounts the
    notice is addressed to and how many of them read it. Three grouped queries, whatever the size."""
    addressed: dict[str, int] = {}
    codes = (
        audience_accounts(notice)
        .values_list("person__scope_code" if notice.audience in _RESIDENT_AUDIENCES else "region__code")
        .annotate(n=Count("pk"))
    )
    for code, count in codes:
        addressed[_unit(code)] = addressed.get(_unit(code), 0) + count
    read = dict(NoticeRead.objects.filter(notice=notice).values_list("unit_code").annotate(n=Count("pk")))
    units = sorted(set(addressed) | set(read))
    names = dict(Region.objects.filter(code__in=units).values_list("code", "name"))
    return [UnitReach(code, names.get(code, code), addressed.get(code, 0), read.get(code, 0)) for code in units]


_RESIDENT_AUDIENCES = (Audience.RESIDENTS, Audience.CARE_TAGGED)


@dataclass(frozen=True)
class PolicyHit:
    policy: Policy
    snippet: str
    title_marked: str


def policy_search(*, query: str, limit: int = 20) -> list[PolicyHit]:
    """Published policies matching `query`, best first, each with a highlighted snippet (HTML,
    escaped but for the <mark> around matches)."""
    ids = search.ranked_ids(query, limit=limit)
    policies = Policy.objects.in_bulk(ids)
    hits = []
    for pk in ids:
        policy = policies[pk]
        hits.append(
            PolicyHit(
                policy=policy,
                snippet=search.snippet([policy.body, policy.body_ug], query),
                title_marked=search.snippet([policy.title, policy.title_ug], query, length=200),
            )
        )
    return hits


def policies_browse(*, kind: str = "") -> QuerySet[Policy]:
    policies = Policy.objects.filter(published=True)
    return policies.filter(kind=kind) if kind else policies


def questions_for_desk(*, user: User, status: str = "") -> QuerySet[Question]:
    """The questions the user's desk sees, oldest due first for open ones."""
    questions = Question.objects.for_user(user).select_related("policy", "answered_by")
    if status:
        questions = questions.filter(status=status)
    return questions.order_by("status", "due_at", "-id") if status == QuestionStatus.ASKED else questions


def questions_of_asker(*, user: User) -> QuerySet[Question]:
    return Question.objects.filter(asker=user).select_related("policy")


def questions_public() -> QuerySet[Question]:
    """Answered questions their askers let be published (the asker is never shown)."""
    return Question.objects.filter(public=True).exclude(status=QuestionStatus.ASKED).order_by("-answered_at", "-id")


def question_panel(*, user: User, today: date) -> dict | None:
    """The workbench panel: open questions of the desk, and how many are overdue."""
    if not (user.is_superuser or user.is_staff_role):
        return None
    open_questions = Question.objects.for_user(user).open()
    overdue = open_questions.filter(due_at__lt=timezone.now())
    counts = {"open": open_questions.count(), "overdue": overdue.count()}
    return {"question_counts": counts, "overdue_questions": list(overdue.order_by("due_at")[:5])}


def reader_unit(user: User) -> str:
    return _unit(reader_code(user))
