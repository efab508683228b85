"""Reads: the matrix with each cell's progress, a party's items and reports, 民政局's review queue,
responsibility lists with their versions, and the scoring sheet. Every row comes through
`for_user`; the matrix itself (the plan's text) is public to staff."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department, User
from shequ.core.errors import DomainError
from shequ.plantasks.catalogue import COUNTY
from shequ.plantasks.models import (
    AppliesTo,
    CriterionSource,
    EnteredScore,
    MajorMatter,
    PlanTask,
    ProgressReport,
    ResponsibilityList,
    ResponsibilityListVersion,
    ScoringCriterion,
    TaskDepartment,
    WorkItem,
)
from shequ.plantasks.periods import Period, schedule_of
from shequ.plantasks.services import party_of
from shequ.plantasks.workflow import REPORTED, ReportStatus
from shequ.regions.codes import Kind, Level
from shequ.regions.models import Region

TOWNSHIPS = "townships"


class CellStatus:
    """A matrix cell's progress, worst first."""

    OVERDUE = "overdue"
    RETURNED = "returned"
    WAITING = "waiting"
    ON_TRACK = "on_track"
    NO_ITEMS = "no_items"
    ORDER = [OVERDUE, RETURNED, WAITING, ON_TRACK, NO_ITEMS]
    LABELS = {
        OVERDUE: _("有逾期"),
        RETURNED: _("有退回"),
        WAITING: _("待审核"),
        ON_TRACK: _("按期报送"),
        NO_ITEMS: _("未布置事项"),
    }


@dataclass
class Cell:
    named: bool
    as_written: str = ""
    note: str = ""
    items: int = 0
    status: str = ""

    @property
    def status_label(self) -> str:
        return str(CellStatus.LABELS[self.status]) if self.status else ""


@dataclass
class MatrixRow:
    key: str  # a department code, or TOWNSHIPS
    label: str
    cells: list[Cell]


@dataclass
class Matrix:
    year: int
    tasks: list[PlanTask]
    rows: list[MatrixRow]


def task_list() -> QuerySet[PlanTask]:
    return PlanTask.objects.prefetch_related("departments").order_by("position")


def due_periods(year: int, today: date) -> list[Period]:
    return [period for period in schedule_of(year) if period.due_on < today]


def _item_statuses(items: list[WorkItem], year: int, today: date) -> dict[int, str]:
    """Each item's progress: overdue when a due period has no submitted report, else returned,
    waiting for review, or on track."""
    due = due_periods(year, today)
    reports: dict[int, dict[int, str]] = defaultdict(dict)
    rows = ProgressReport.objects.filter(item__in=[item.pk for item in items]).values_list(
        "item_id", "period_index", "status"
    )
    for item_id, index, status in rows:
        reports[item_id][index] = status
    statuses = {}
    for item in items:
        states = reports[item.pk]
        if any(states.get(period.index) not in REPORTED for period in due):
            statuses[item.pk] = CellStatus.OVERDUE
        elif ReportStatus.RETURNED in states.values():
            statuses[item.pk] = CellStatus.RETURNED
        elif ReportStatus.SUBMITTED in states.values():
            statuses[item.pk] = CellStatus.WAITING
        else:
            statuses[item.pk] = CellStatus.ON_TRACK
    return statuses


def _worst(statuses: list[str]) -> str:
    return min(statuses, key=CellStatus.ORDER.index) if statuses else CellStatus.NO_ITEMS


def matrix_build(*, user: User, year: int, today: date | None = None) -> Matrix:
    """Departments (in the order the plan first names them) and 各乡镇人民政府 as rows, the tasks and
    safeguards as columns; a named cell shows the progress of the items the user may see."""
    today = today or timezone.localdate()
    tasks = list(task_list())
    items = list(WorkItem.objects.for_user(user).filter(year=year).order_by())
    statuses = _item_statuses(items, year, today)
    by_cell: dict[tuple[int, str], list[str]] = defaultdict(list)
    for item in items:
        by_cell[(item.task_id, item.department or TOWNSHIPS)].append(statuses[item.pk])
    named: dict[tuple[int, str], TaskDepartment] = {}
    order: list[str] = []
    for task in tasks:
        for row in task.departments.all():
            named[(task.pk, row.department)] = row
            if row.department not in order:
                order.append(row.department)
    rows = []
    for key in [*order, TOWNSHIPS]:
        cells = []
        for task in tasks:
            entry = named.get((task.pk, key))
            is_named = task.townships if key == TOWNSHIPS else entry is not None
            found = by_cell.get((task.pk, key), [])
            cells.append(
                Cell(
                    named=is_named,
                    as_written=entry.as_written if entry else "",
                    note=entry.note if entry else "",
                    items=len(found),
                    status=_worst(found) if is_named or found else "",
                )
            )
        label = str(Department(key).label) if key != TOWNSHIPS else str(_("各乡镇人民政府"))
        rows.append(MatrixRow(key, label, cells))
    return Matrix(year, tasks, rows)


def work_item_list(*, user: User, year: int | None = None, task: PlanTask | None = None) -> QuerySet[WorkItem]:
    rows = WorkItem.objects.for_user(user)
    if year:
        rows = rows.filter(year=year)
    if task is not None:
        rows = rows.filter(task=task)
    return rows.select_related("task", "township").order_by("year", "task__position", "scope_code", "department", "id")


def own_items(*, user: User, year: int) -> QuerySet[WorkItem]:
    """The items of the party the user speaks for (none for a user who speaks for none)."""
    party = party_of(user)
    rows = work_item_list(user=user, year=year)
    if party is None:
        return rows.none()
    if party.department:
        return rows.filter(department=party.department)
    return rows.filter(township=party.township)


@dataclass
class PeriodRow:
    period: Period
    report: ProgressReport | None
    overdue: bool


def item_periods(*, item: WorkItem, today: date | None = None) -> list[PeriodRow]:
    today = today or timezone.localdate()
    reports = {report.period_index: report for report in item.reports.prefetch_related("files")}
    rows = []
    for period in schedule_of(item.year):
        report = reports.get(period.index)
        overdue = period.due_on < today and (report is None or report.status not in REPORTED)
        rows.append(PeriodRow(period, report, overdue))
    return rows


def review_queue(*, user: User) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.for_user(user)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("item__task", "township")
        .order_by("submitted_at", "id")
    )


def progress_report_list(*, user: User, status: str = "") -> QuerySet[ProgressReport]:
    rows = ProgressReport.objects.for_user(user)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("item__task", "township").order_by("-id")


def major_matter_list(*, user: User) -> QuerySet[MajorMatter]:
    return MajorMatter.objects.for_user(user).select_related("township").order_by("-reported_at", "-id")


@dataclass
class VersionRow:
    version: ResponsibilityListVersion
    superseded_on: date | None
    current: bool


def list_versions(*, listing: ResponsibilityList, today: date | None = None) -> list[VersionRow]:
    """A list's versions by effective date: each superseded from the next one's effective date; the
    current one is the latest already in effect."""
    today = today or timezone.localdate()
    versions = list(listing.versions.order_by("effective_on", "number"))
    in_effect = [version for version in versions if version.effective_on <= today]
    current = in_effect[-1] if in_effect else None
    return [
        VersionRow(version, versions[n + 1].effective_on if n + 1 < len(versions) else None, version == current)
        for n, version in enumerate(versions)
    ]


def responsibility_lists(*, user: User) -> QuerySet[ResponsibilityList]:
    return ResponsibilityList.objects.for_user(user).select_related("region").order_by("scope_code")


# The scoring sheet.


@dataclass
class ScoreCell:
    criterion: ScoringCriterion
    points: Decimal | None = None
    detail: str = ""
    reason: str = ""
    applies: bool = True


@dataclass
class ScoreRow:
    key: str  # a department code or a township code
    label: str
    department: str = ""
    township: Region | None = None
    cells: list[ScoreCell] = field(default_factory=list)
    total: Decimal | None = None
    complete: bool = False
    rank: int | None = None


@dataclass
class ScoreSheet:
    year: int
    criteria: list[ScoringCriterion]
    departments: list[ScoreRow]
    townships: list[ScoreRow]
    indicators_note: str = ""


HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _share(part: int, whole: int) -> Decimal | None:
    return (HUNDRED * part / whole).quantize(CENT, ROUND_HALF_UP) if whole else None


def _indicator_points(year: int, today: date) -> tuple[dict[str, tuple[int, int]], str]:
    """Per township code: (indicators met, indicators judged) of the plan's figures at the end of
    `year` (the year-end snapshot; for the current year, today's figures). A year without figures
    gives nothing, with the reason."""
    from shequ.monitoring.selectors import indicator_report

    county = Region.objects.filter(code=COUNTY).first()
    if county is None:
        return {}, str(_("缺少县级区划"))
    as_of = date(year, 12, 31) if year < today.year else None
    try:
        report = indicator_report(region=county, as_of=as_of, with_below=True)
    except DomainError as missing:
        return {}, str(missing.message)
    counts = {}
    for code, figures in report.figures.items():
        judged = [figure for figure in figures.values() if figure.met is not None]
        counts[code] = (sum(1 for figure in judged if figure.met), len(judged))
    return counts, ""


def _report_points(year: int, today: date) -> dict[str, tuple[int, int]]:
    """Per party key: (periods reported on time, periods due) over the party's items of the year."""
    due = due_periods(year, today)
    expected: dict[str, int] = defaultdict(int)
    for department, township, count in (
        WorkItem.objects.filter(year=year)
        .order_by()
        .values_list("department", "township__code")
        .annotate(count=Count("pk"))
    ):
        expected[department or township] += count * len(due)
    on_time: dict[str, int] = defaultdict(int)
    due_indexes = {period.index for period in due}
    for report in ProgressReport.objects.filter(item__year=year, first_submitted_at__isnull=False).select_related(
        "township"
    ):
        if report.period_index in due_indexes and report.on_time:
            on_time[report.department or report.township.code] += 1
    return {key: (on_time[key], count) for key, count in expected.items()}


def _feedback_points(year: int) -> dict[str, tuple[int, int]]:
    """Per department code and per township code: (好评, all ratings counted) of the year."""
    from shequ.feedback.models import Rating
    from shequ.feedback.workflow import RatingLevel

    counted = Rating.objects.counted().filter(created_at__year=year).order_by()
    counts = {"total": Count("pk"), "good": Count("pk", filter=Q(level__gte=RatingLevel.BASICALLY_SATISFIED))}
    result = {}
    for row in counted.exclude(department="").values("department").annotate(**counts):
        result[row["department"]] = (row["good"], row["total"])
    for row in counted.annotate(township=Substr("scope_code", 1, 9)).values("township").annotate(**counts):
        result[row["township"]] = (row["good"], row["total"])
    return result


def _applies(criterion: ScoringCriterion, is_township: bool) -> bool:
    return criterion.applies_to == AppliesTo.BOTH or criterion.applies_to == (
        AppliesTo.TOWNSHIPS if is_township else AppliesTo.DEPARTMENTS
    )


def _total(row: ScoreRow) -> None:
    applying = [cell for cell in row.cells if cell.applies]
    scored = [cell for cell in applying if cell.points is not None]
    weight = sum((cell.criterion.weight for cell in scored), Decimal(0))
    row.complete = len(scored) == len(applying)
    if weight:
        row.total = (sum(cell.criterion.weight * cell.points for cell in scored) / weight).quantize(CENT, ROUND_HALF_UP)


def _rank(rows: list[ScoreRow]) -> None:
    ordered = sorted((row for row in rows if row.total is not None), key=lambda row: -row.total)
    for position, row in enumerate(ordered, start=1):
        row.rank = position


def score_parties(*, user: User) -> tuple[list[str], list[Region]]:
    """The departments the matrix names and the county's townships (not 兵团 or parks), narrowed
    to the user's own party unless the user coordinates."""
    departments = list(
        dict.fromkeys(
            TaskDepartment.objects.order_by("task__position", "position").values_list("department", flat=True)
        )
    )
    townships = list(
        Region.objects.filter(level=Level.TOWNSHIP, code__prefix=COUNTY).exclude(kind=Kind.OTHER).order_by("code")
    )
    if user.has_perm("plantasks.enter_score"):
        return departments, townships
    party = party_of(user)
    if party is None:
        return [], []
    if party.department:
        return [department for department in departments if department == party.department], []
    return [], [township for township in townships if township.pk == party.township.pk]


def score_sheet(*, user: User, year: int, today: date | None = None) -> ScoreSheet:
    """Scores 0–100 per criterion: computed ones from the monitoring figures, the reports and
    好差评; entered ones from the reviewers. A computed criterion without data (no ratings, no period
    due yet) is left empty rather than scored 0 or 100; the total is the weighted mean of the
    criteria that have a score, marked incomplete otherwise. Ranked separately for departments and
    townships."""
    today = today or timezone.localdate()
    criteria = list(ScoringCriterion.objects.filter(active=True).order_by("position", "code"))
    departments, townships = score_parties(user=user)
    sources = {criterion.source for criterion in criteria}
    indicators, indicators_note = (
        _indicator_points(year, today) if CriterionSource.INDICATORS_MET in sources else ({}, "")
    )
    reports = _report_points(year, today) if CriterionSource.REPORTS_ON_TIME in sources else {}
    feedback = _feedback_points(year) if CriterionSource.FEEDBACK_GOOD in sources else {}
    entered = {
        (score.criterion_id, score.department or score.township.code): score
        for score in EnteredScore.objects.filter(year=year).select_related("township")
    }
    computed = {
        CriterionSource.INDICATORS_MET: indicators,
        CriterionSource.REPORTS_ON_TIME: reports,
        CriterionSource.FEEDBACK_GOOD: feedback,
    }

    def row_for(key: str, label: str, is_township: bool, **party) -> ScoreRow:
        row = ScoreRow(key=key, label=label, **party)
        for criterion in criteria:
            cell = ScoreCell(criterion, applies=_applies(criterion, is_township))
            if cell.applies and criterion.source == CriterionSource.ENTERED:
                score = entered.get((criterion.pk, key))
                if score is not None:
                    cell.points, cell.reason = score.points, score.reason
            elif cell.applies:
                part, whole = computed[criterion.source].get(key, (0, 0))
                cell.points = _share(part, whole)
                cell.detail = f"{part}/{whole}" if whole else ""
            row.cells.append(cell)
        _total(row)
        return row

    department_rows = [row_for(code, str(Department(code).label), False, department=code) for code in departments]
    township_rows = [row_for(t.code, t.name, True, township=t) for t in townships]
    _rank(department_rows)
    _rank(township_rows)
    return ScoreSheet(year, criteria, department_rows, township_rows, indicators_note)
