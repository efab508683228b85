"""The demo county's benefits: a demo amount table (marked as demo: not the county's published
standard) and a few 高龄津贴 approved through the service hall, in payment, one of them suspended
after a recorded death."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from shequ.accounts.models import User
from shequ.benefits.models import Benefit, BenefitRate
from shequ.benefits.months import month_of
from shequ.core.dates import years_from
from shequ.residents.models import Person
from shequ.residents.services import person_record_death
from shequ.services.models import ServiceItem
from shequ.services.services import application_submit, application_transition
from shequ.services.workflow import Move, Status

# (item code, min_age, monthly amount): demo figures only.
DEMO_RATES = [
    ("MZ-GLJT", 80, Decimal("100.00")),
    ("MZ-GLJT", 90, Decimal("200.00")),
    ("MZ-GLJT", 100, Decimal("500.00")),
    ("CL-LXBT", 0, Decimal("80.00")),
]
DEMO_UNIT = "652327100003"
DEMO_BENEFITS = 5


def demo_rates_seed() -> int:
    """The demo amount table; rates somebody entered are left as they are."""
    created = 0
    for code, min_age, amount in DEMO_RATES:
        service = ServiceItem.objects.filter(code=code).first()
        if service is not None:
            created += BenefitRate.objects.get_or_create(
                service=service, min_age=min_age, defaults={"monthly_amount": amount, "is_demo": True}
            )[1]
    return created


def demo_benefits_seed(*, at_level: dict[str, User], materials: Callable[[ServiceItem, Person], dict]) -> dict:
    """高龄津贴 for the oldest residents of 文化路社区, approved two months ago up the item's chain
    (`at_level`: who acts at each level; `materials`: the scans an application of the item needs) so
    in payment this month, the last one suspended after a death recorded last month. Only once."""
    rates = demo_rates_seed()
    if Benefit.objects.exists():
        return {"benefit_rates": rates, "benefits": 0}
    today = timezone.localdate()
    approved_on = month_of(month_of(today) - timedelta(days=1)) - timedelta(days=1)  # in the month before last
    oldest = Person.objects.filter(
        region__code=DEMO_UNIT, birth_date__lte=years_from(today, -80), died_on__isnull=True
    ).order_by("birth_date")[:DEMO_BENEFITS]
    service = ServiceItem.objects.get(code="MZ-GLJT")
    persons = list(oldest)
    worker = at_level["village"]
    for person in persons:
        application = application_submit(
            service=service,
            applicant=person,
            acting_user=worker,
            data={"note": "演示办件"},
            materials=materials(service, person),
            today=approved_on,
        )
        path = [Status.ACCEPTED, Status.IN_PROGRESS, *[Move.FORWARDED] * (len(application.chain) - 1), Status.COMPLETED]
        for to in path:
            application = application_transition(
                application=application, to=to, acting_user=at_level[application.level], today=approved_on
            )
    if persons:
        person_record_death(
            person=persons[-1],
            died_on=month_of(today) - timedelta(days=10),
            acting_user=worker,
            note="演示：死亡医学证明",
        )
    return {"benefit_rates": rates, "benefits": len(persons)}
