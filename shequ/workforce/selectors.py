"""Reads of the workforce registry: every list goes through `for_user` first, and no list asks
anything per row (grades from GradeScheme, training from one EXISTS per row in the same query)."""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from shequ.accounts.models import User
from shequ.accounts.scope import scope_of
from shequ.regions.codes import Level, ancestors_of, township_of
from shequ.regions.models import Region
from shequ.workforce.models import (
    Attendance,
    CandidateReview,
    CompetencyItem,
    Course,
    Employer,
    ReviewConfirmation,
    ReviewDepartment,
    StaffingBasis,
    StaffingStandard,
    TrainingSession,
    Worker,
)


def this_year() -> int:
    return timezone.localdate().year


def worker_list(
    *,
    user: User,
    within: str = "",
    employer: str = Employer.COMMUNITY,
    post: str = "",
    untrained: bool = False,
    year: int | None = None,
) -> QuerySet[Worker]:
    """The workers the user may see, with `trained_this_year` (attended a session in `year`, this
    year by default); `untrained` keeps those without. Ordered by unit and name."""
    year = year or this_year()
    rows = Worker.objects.for_user(user)
    if employer:
        rows = rows.filter(employer=employer)
    if within:
        rows = rows.filter(scope_code__within=within)
    if post:
        rows = rows.filter(post=post)
    rows = rows.annotate(trained_this_year=Exists(Attendance.objects.filter(worker=OuterRef("pk"), year=year)))
    if untrained:
        rows = rows.filter(trained_this_year=False)
    return rows.select_related("unit", "education", "qualification").order_by("scope_code", "name", "id")


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    workers: int
    trained: int

    @property
    def rate(self) -> float | None:
        return self.trained / self.workers if self.workers else None


def training_coverage(*, user: User, year: int, within: str = "") -> dict[str, list[Coverage]]:
    """Training coverage of community workers in `year` (share of them who attended at least one
    session) by unit, township and the whole scope: {"units": […], "townships": […], "total": [one]}."""
    rows = worker_list(user=user, within=within, year=year).order_by()
    workers, trained = Counter(), Counter()
    for code, done in rows.values_list("scope_code", "trained_this_year"):
        workers[code] += 1
        trained[code] += done
    names = dict(Region.objects.filter(code__in={*workers, *map(township_of, workers)}).values_list("code", "name"))
    units = [Coverage(code, names.get(code, code), workers[code], trained[code]) for code in sorted(workers)]
    by_township: dict[str, list[Coverage]] = {}
    for unit in units:
        by_township.setdefault(township_of(unit.code), []).append(unit)
    townships = [
        Coverage(code, names.get(code, code), sum(u.workers for u in group), sum(u.trained for u in group))
        for code, group in sorted(by_township.items())
    ]
    total = Coverage(within, "", sum(workers.values()), sum(trained.values()))
    return {"units": units, "townships": townships, "total": [total]}


def worker_gaps(*, worker: Worker) -> list[CompetencyItem]:
    """The competency items no course the worker ever attended covers."""
    covered = CompetencyItem.objects.filter(course__sessions__attendances__worker=worker)
    return list(CompetencyItem.objects.exclude(pk__in=covered.values("pk")))


def worker_training(*, worker: Worker) -> QuerySet[Attendance]:
    return worker.attendances.select_related("session__course").order_by("-session__held_on")


@dataclass(frozen=True)
class Staffing:
    unit: Region
    workers: int
    required: int | None  # None: no standard for its kind, or no figure to apply it to

    @property
    def short(self) -> bool:
        return self.required is not None and self.workers < self.required


def staffing_check(*, user: User, within: str = "") -> list[Staffing]:
    """Each village-level unit in scope with its community workers and what its standard requires."""
    units = Region.objects.for_user(user).filter(level=Level.VILLAGE)
    if within:
        units = units.filter(code__prefix=within)
    counts = dict(
        Worker.objects.for_user(user)
        .filter(employer=Employer.COMMUNITY)
        .values_list("scope_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    standards = {standard.unit_kind: standard for standard in StaffingStandard.objects.all()}
    result = []
    for unit in units.order_by("code"):
        standard = standards.get(unit.kind)
        base = None
        if standard:
            base = unit.households if standard.basis == StaffingBasis.HOUSEHOLDS else unit.resident_population
        required = max(standard.minimum, math.ceil(base / standard.per)) if standard and base is not None else None
        result.append(Staffing(unit=unit, workers=counts.get(unit.code, 0), required=required))
    return result


def candidate_checklist(*, worker: Worker, election_year: int) -> list[tuple[ReviewDepartment, date | None]]:
    """Each department of the 资格县级联审 with the date it confirmed the candidate (None: not yet)."""
    review = CandidateReview.objects.filter(worker=worker, election_year=election_year).first()
    confirmed = dict(review.confirmations.values_list("department_id", "confirmed_on")) if review else {}
    return [(department, confirmed.get(department.pk)) for department in ReviewDepartment.objects.all()]


def secretary_reserve(*, user: User, within: str = "") -> QuerySet[Worker]:
    return worker_list(user=user, within=within).filter(secretary_reserve=True)


def workplaces_in_scope(*, user: User) -> QuerySet[Region]:
    """Where the user may register a worker or hold a session: their region and the village-level
    units and townships below it (not grids: nobody is employed by a grid)."""
    return (
        Region.objects.for_user(user).filter(level__in=[Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]).order_by("code")
    )


def course_list() -> QuerySet[Course]:
    """The training catalogue, with how many sessions each course had (one grouped query)."""
    return Course.objects.annotate(session_count=Count("sessions")).order_by("title", "id")


def session_list(*, user: User, course: Course | None = None) -> QuerySet[TrainingSession]:
    """Sessions held within the user's scope and those held above it (a county session trains the
    villages' workers too), with how many registry workers attended."""
    scope = scope_of(user)
    rows = TrainingSession.objects.for_user(user)
    if scope.region_code:
        rows = rows | TrainingSession.objects.filter(scope_code__in=ancestors_of(scope.region_code))
    if course is not None:
        rows = rows.filter(course=course)
    return rows.select_related("course", "region").annotate(attended=Count("attendances")).order_by("-held_on", "-id")


def candidate_list(*, user: User, election_year: int) -> QuerySet[Worker]:
    """Two-committee members and anyone with a 资格县级联审 this election year, in the user's scope,
    with how many departments confirmed them (`confirmed`, a subquery: no per-row queries)."""
    confirmations = (
        ReviewConfirmation.objects.filter(review__worker=OuterRef("pk"), review__election_year=election_year)
        .order_by()
        .values("review__worker")
        .annotate(n=Count("id"))
        .values("n")
    )
    reviewed = CandidateReview.objects.filter(worker=OuterRef("pk"), election_year=election_year)
    return (
        Worker.objects.for_user(user)
        .filter(employer=Employer.COMMUNITY)
        .filter(Q(party_committee=True) | Q(residents_committee=True) | Exists(reviewed))
        .annotate(confirmed=Coalesce(Subquery(confirmations), 0))
        .select_related("unit")
        .order_by("scope_code", "name", "id")
    )


def departments_confirmable(*, user: User) -> QuerySet[ReviewDepartment]:
    """The lines of the checklist this user confirms (their department's; for the county
    administrator, those of departments without accounts)."""
    return ReviewDepartment.objects.filter(
        pk__in=[
            department.pk
            for department in ReviewDepartment.objects.all()
            if user.has_perm("workforce.confirm_for_department", department)
        ]
    )
