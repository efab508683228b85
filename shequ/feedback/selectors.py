"""Reads of 好差评: what a target is, scoped lists, the workbench queues, the published statistics
(counted in the database) and the providers' credit."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shequ.accounts.models import Department, User
from shequ.core.replicas import reads_from_replica
from shequ.feedback.models import CreditEntry, Rating, Rectification
from shequ.feedback.targets import RATABLE, RatableKind, RatingContext
from shequ.feedback.workflow import RatingLevel, Status
from shequ.regions.models import Region

# group_by → the column that holds the group's key.
GROUPINGS = {"service": "service_id", "department": "department", "worker": "worker_id", "region": "region_id"}


@dataclass(frozen=True)
class RatingTarget:
    kind: RatableKind
    obj: models.Model
    context: RatingContext


def rating_target(*, target_type: str, target_id) -> RatingTarget | None:
    """The registered object a rating would be about, or None when there is no such object."""
    kind = RATABLE.get(target_type)
    if kind is None:
        return None
    try:
        pk = int(target_id)
    except (TypeError, ValueError):
        return None
    if pk <= 0:
        return None
    obj = kind.model._default_manager.filter(pk=pk).first()
    if obj is None:
        return None
    return RatingTarget(kind=kind, obj=obj, context=kind.describe(obj))


def rating_of(*, target_type: str, target_id) -> Rating | None:
    return Rating.objects.filter(target_type=target_type, target_id=target_id).select_related("rectification").first()


def rating_list(*, user) -> QuerySet[Rating]:
    return Rating.objects.for_user(user).select_related("service", "region", "worker", "rectification")


def rectification_list(*, user, status: str = "") -> QuerySet[Rectification]:
    rectifications = Rectification.objects.for_user(user).select_related(
        "rating__service", "rating__region", "rating__worker", "rating__resident"
    )
    if status:
        rectifications = rectifications.filter(status=status)
    return rectifications


def rectification_queues(*, user, today: date | None = None) -> dict[str, QuerySet[Rectification]]:
    """The workbench queues: return visits and rectifications due and overdue, the residents'
    disputes, the rectifications whose resident has not answered in time (to visit by phone), and
    appeals to review."""
    today = today or timezone.localdate()
    mine = rectification_list(user=user)
    if not user.has_perm("feedback.handle_rectification"):
        handled = mine.none()
    else:
        handled = mine
    pending = handled.filter(status=Status.RETURN_VISIT_PENDING)
    visited = handled.filter(status=Status.VISITED)
    appeals = mine.filter(status=Status.APPEALED).exclude(appealed_by=user)
    return {
        "return_visit_overdue": pending.filter(return_visit_due__lt=today).order_by("return_visit_due"),
        "return_visit_due": pending.exclude(return_visit_due__lt=today).order_by("return_visit_due", "created_at"),
        "rectify_overdue": handled.filter(
            status__in=[Status.RETURN_VISIT_PENDING, Status.VISITED, Status.DISPUTED], rectify_due__lt=today
        ).order_by("rectify_due"),
        "rectify_due": visited.exclude(rectify_due__lt=today).order_by("rectify_due", "created_at"),
        "disputed": handled.filter(status=Status.DISPUTED).order_by("updated_at"),
        "to_feed_back": handled.filter(status=Status.RECTIFIED, confirm_due__lte=today).order_by("confirm_due"),
        "appeals": appeals.order_by("appealed_at") if user.has_perm("feedback.review_appeal") else mine.none(),
    }


def _counts() -> dict:
    bad = Q(level__lte=RatingLevel.DISSATISFIED)
    return {
        "total": Count("pk"),
        **{f"level_{level}": Count("pk", filter=Q(level=level)) for level in sorted(RatingLevel.values, reverse=True)},
        "good": Count("pk", filter=Q(level__gte=RatingLevel.BASICALLY_SATISFIED)),
        "bad": Count("pk", filter=bad),
        # A return visit happened (the rectification reached 已回访核实, whatever came after).
        "visited": Count("pk", filter=bad & Q(rectification__visited_at__isnull=False)),
        # Rectified now: 已整改 or 已反馈.
        "rectified": Count("pk", filter=bad & Q(rectification__status__in=[Status.RECTIFIED, Status.CLOSED])),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _with_rates(row: dict) -> dict:
    return row | {
        "good_rate": _rate(row["good"], row["total"]),
        "bad_rate": _rate(row["bad"], row["total"]),
        "visit_rate": _rate(row["visited"], row["bad"]),
        "rectify_rate": _rate(row["rectified"], row["bad"]),
    }


def _labels(group_by: str, keys: list) -> dict:
    present = [key for key in keys if key not in (None, "")]
    if group_by == "service":
        from shequ.services.models import ServiceItem

        return {pk: str(item) for pk, item in ServiceItem.objects.in_bulk(present).items()}
    if group_by == "department":
        return {code: str(Department(code).label) for code in present if code in Department.values}
    if group_by == "worker":
        return {pk: user.get_full_name() or user.username for pk, user in User.objects.in_bulk(present).items()}
    return {pk: region.short_name for pk, region in Region.objects.in_bulk(present).items()}


def _ratings_counted(*, user, since: date | None, until: date | None) -> QuerySet[Rating]:
    ratings = Rating.objects.for_user(user).counted()
    if since:
        ratings = ratings.filter(created_at__date__gte=since)
    if until:
        ratings = ratings.filter(created_at__date__lte=until)
    return ratings


@reads_from_replica()
def rating_statistics(*, user, group_by: str, since: date | None = None, until: date | None = None) -> list[dict]:
    """Counts per level, 好评 (基本满意 and better) and 差评, and the rates 好评率, 差评率, 回访率 and
    整改率 per service item, department, worker or village-level unit, within the user's scope.
    Ratings excluded on appeal count nowhere. Counting happens in one grouped query, on a read
    replica where there is one."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {sorted(GROUPINGS)}, got {group_by!r}")
    column = GROUPINGS[group_by]
    rows = list(
        _ratings_counted(user=user, since=since, until=until)
        .order_by()
        .values(column)
        .annotate(**_counts())
        .order_by("-total", column)
    )
    labels = _labels(group_by, [row[column] for row in rows])
    results = []
    for row in rows:
        key = row.pop(column)
        results.append(_with_rates({"key": key, "label": labels.get(key, "")} | row))
    return results


@reads_from_replica()
def rating_totals(*, user, since: date | None = None, until: date | None = None) -> dict:
    """The same figures over everything the user may see."""
    return _with_rates(_ratings_counted(user=user, since=since, until=until).aggregate(**_counts()))


def provider_credit(*, provider_id: int) -> dict:
    """A provider's credit: 100 plus the sum of its entries, and the entries, newest first."""
    entries = CreditEntry.objects.filter(provider_id=provider_id).select_related("rating")
    total = entries.aggregate(total=Sum("points"))["total"] or 0
    latest = entries.first()
    return {
        "provider_id": provider_id,
        "label": latest.provider_label if latest else "",
        "score": 100 + total,
        "entries": list(entries),
    }


def rectification_panel(*, user, today: date) -> dict | None:
    """The workbench panel's context: the queue sizes and the most urgent cases; hidden from
    those who neither handle 差评 nor review appeals."""
    if not (user.has_perm("feedback.handle_rectification") or user.has_perm("feedback.review_appeal")):
        return None
    queues = rectification_queues(user=user, today=today)
    counts = {name: queue.count() for name, queue in queues.items()}
    urgent = list(
        queues["return_visit_overdue"][:5] if counts["return_visit_overdue"] else queues["return_visit_due"][:5]
    )
    return {"counts": counts, "urgent": urgent, "today": today}


def rating_figures(*, within: str) -> dict:
    """好差评 of a region (a county, township or unit code) for the dashboards, without a user:
    the same counts and rates as rating_totals, in one aggregate query."""
    return _with_rates(Rating.objects.counted().filter(scope_code__startswith=within).aggregate(**_counts()))
