"""Reads of benefits: the amount a person is paid in a month, and the monthly payment list (发放名册)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value, When

from shequ.benefits.models import Benefit, BenefitRate, BenefitSuspension
from shequ.benefits.months import month_last_day
from shequ.core.dates import years_from
from shequ.regions.codes import township_of
from shequ.regions.models import Region

AMOUNT = DecimalField(max_digits=8, decimal_places=2)


def rates_by_service(service_ids=None) -> dict[int, list[tuple[int, Decimal]]]:
    """{service id: [(min_age, amount), …] oldest band first}."""
    rates = BenefitRate.objects.order_by("service_id", "-min_age")
    if service_ids is not None:
        rates = rates.filter(service_id__in=service_ids)
    table: dict[int, list[tuple[int, Decimal]]] = {}
    for rate in rates:
        table.setdefault(rate.service_id, []).append((rate.min_age, rate.monthly_amount))
    return table


def amount_for(*, bands: list[tuple[int, Decimal]], birth_date: date, month: date) -> Decimal | None:
    """The amount of the band of the age reached by the month's last day; None below every band."""
    last_day = month_last_day(month)
    for min_age, amount in bands:
        if birth_date <= years_from(last_day, -min_age):
            return amount
    return None


def month_amount_expression(month: date) -> Case:
    """`amount_for` in SQL over a Benefit queryset, for every benefit item at once."""
    last_day = month_last_day(month)
    whens = [
        When(Q(service_id=service_id, person__birth_date__lte=years_from(last_day, -min_age)), then=Value(amount))
        for service_id, bands in rates_by_service().items()
        for min_age, amount in bands
    ]
    return Case(*whens, default=Value(None), output_field=AMOUNT)


def suspended_in(month: date):
    """Exists: a suspension of the benefit covering `month`."""
    return Exists(
        BenefitSuspension.objects.filter(benefit=OuterRef("pk"), from_month__lte=month).filter(
            Q(until_month__isnull=True) | Q(until_month__gt=month)
        )
    )


def payment_list(*, user, month: date, region: Region | None = None) -> QuerySet[Benefit]:
    """The benefits paid in `month` within the user's scope (and `region`, a code within it), each
    annotated with `month_amount`, in the list's order (scope code, id). Months before the first, and
    suspended months, are not paid; neither is a month below every age band."""
    rows = Benefit.objects.for_user(user).filter(first_month__lte=month)
    if region is not None:
        rows = rows.filter(scope_code__within=region.code)
    return (
        rows.alias(suspended=suspended_in(month))
        .filter(suspended=False)
        .annotate(month_amount=month_amount_expression(month))
        .filter(month_amount__isnull=False)
    )


@dataclass
class Total:
    region: Region | None  # a township or a unit; None for the overall total
    people: int = 0
    amount: Decimal = Decimal("0")
    units: list["Total"] = field(default_factory=list)


def payment_totals(rows: QuerySet[Benefit]) -> tuple[list[Total], Total | None]:
    """Per township (with its units) and overall: one grouped query, the regions named in a second."""
    grouped = list(rows.order_by().values("region_id").annotate(people=Count("pk"), amount=Sum("month_amount")))
    if not grouped:
        return [], None
    units = Region.objects.in_bulk([row["region_id"] for row in grouped])
    townships = Region.objects.in_bulk([township_of(unit.code) for unit in units.values()], field_name="code")
    by_township: dict[str, Total] = {}
    for row in grouped:
        unit = units[row["region_id"]]
        township = by_township.setdefault(township_of(unit.code), Total(region=townships[township_of(unit.code)]))
        township.units.append(Total(region=unit, people=row["people"], amount=row["amount"]))
        township.people += row["people"]
        township.amount += row["amount"]
    result = sorted(by_township.values(), key=lambda total: total.region.code)
    for township in result:
        township.units.sort(key=lambda total: total.region.code)
    overall = Total(
        region=None,
        people=sum(total.people for total in result),
        amount=sum((total.amount for total in result), Decimal("0")),
    )
    return result, overall


def benefits_of_person(*, user, person) -> QuerySet[Benefit]:
    return (
        Benefit.objects.for_user(user)
        .filter(person=person)
        .select_related("service", "application")
        .prefetch_related("suspensions")
    )


def is_benefit_item(service) -> bool:
    """Whether approving the item grants a benefit: it has a rate in the table."""
    return BenefitRate.objects.filter(service=service).exists()


def held_benefit_application(*, person, service):
    """The application of the person's benefit of the item, paid or suspended (a suspension may be
    resumed, so it still holds); None without one. Registered in services' duplicate check."""
    benefit = Benefit.objects.filter(person=person, service=service).select_related("application").first()
    return benefit.application if benefit else None
