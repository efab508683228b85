from datetime import date
from decimal import Decimal

from shequ.benefits.models import Benefit, BenefitStatus
from shequ.benefits.selectors import amount_for, payment_list, payment_totals, rates_by_service
from shequ.core.models import DomainEvent
from tests.benefits.conftest import APRIL, MAY
from tests.factories import BenefitRateFactory, ServiceItemFactory


def test_completing_a_benefit_item_grants_the_amount_of_the_age_band_from_the_next_month(allowance, elders, approve):
    application = approve(elders["sun"], allowance)

    benefit = application.benefit
    assert benefit.person == elders["sun"]
    assert benefit.amount == Decimal("500.00")  # 101 years old: the 100+ band
    assert benefit.first_month == APRIL
    assert benefit.status == BenefitStatus.ACTIVE
    assert benefit.scope_code == application.scope_code
    event = DomainEvent.objects.get(verb="benefit.granted")
    assert event.data == {
        "application": application.number,
        "service": "MZ-GLJT",
        "amount": "500.00",
        "first_month": "2026-04",
    }


def test_an_item_without_rates_is_no_benefit(elders, approve):
    approve(elders["zhao"], ServiceItemFactory())

    assert not Benefit.objects.exists()


def test_a_flat_rate_item_pays_the_same_at_any_age(elders, approve):
    allowance = BenefitRateFactory(min_age=0, monthly_amount=Decimal("80.00")).service

    assert approve(elders["zhao"], allowance).benefit.amount == Decimal("80.00")


def test_the_monthly_amount_follows_the_age_reached_by_the_end_of_the_month(allowance, elders, approve):
    approve(elders["qian"], allowance)  # born 1936-05-20: 89 in April, 90 from May

    bands = rates_by_service()[allowance.pk]
    assert amount_for(bands=bands, birth_date=elders["qian"].birth_date, month=APRIL) == Decimal("100.00")
    assert amount_for(bands=bands, birth_date=elders["qian"].birth_date, month=MAY) == Decimal("200.00")
    assert amount_for(bands=bands, birth_date=date(2000, 1, 1), month=MAY) is None


def test_the_payment_list_in_sql_pays_each_month_its_band(allowance, elders, approve, users):
    approve(elders["qian"], allowance)
    county = users["county_mz"]

    assert [row.month_amount for row in payment_list(user=county, month=APRIL)] == [Decimal("100.00")]
    assert [row.month_amount for row in payment_list(user=county, month=MAY)] == [Decimal("200.00")]


def test_nothing_is_paid_before_the_first_month(allowance, elders, approve, users):
    approve(elders["zhao"], allowance)

    assert not payment_list(user=users["county_mz"], month=date(2026, 3, 1)).exists()
    assert payment_list(user=users["county_mz"], month=APRIL).count() == 1


def test_each_township_sees_its_own_payment_list_and_the_county_all(allowance, elders, approve, users, regions):
    for person in elders.values():
        approve(person, allowance)

    def names(user, region=None):
        return sorted(row.person.name for row in payment_list(user=user, month=MAY, region=region))

    assert names(users["township_jms"]) == ["赵老", "钱老"]
    assert names(users["township_xd"]) == ["孙老"]
    assert names(users["county_mz"]) == ["孙老", "赵老", "钱老"]
    assert names(users["county_mz"], regions["652327205"]) == ["孙老"]
    # A county department sees only its own items' benefits.
    assert names(users["county_jy"]) == []


def test_totals_per_unit_and_township(allowance, elders, approve, users):
    for person in elders.values():
        approve(person, allowance)

    townships, overall = payment_totals(payment_list(user=users["county_mz"], month=MAY))

    assert [(total.region.code, total.people, total.amount) for total in townships] == [
        ("652327100", 2, Decimal("300.00")),  # 赵老 100 + 钱老 200
        ("652327205", 1, Decimal("500.00")),
    ]
    assert [(unit.region.code, unit.amount) for unit in townships[0].units] == [("652327100003", Decimal("300.00"))]
    assert (overall.people, overall.amount) == (3, Decimal("800.00"))


def test_the_resident_sees_the_amount_and_first_month_on_their_application(residents, users, approve, login):
    allowance = BenefitRateFactory(min_age=0, monthly_amount=Decimal("80.00")).service
    application = approve(residents["zhangsan"], allowance)

    page = login(users["resident"]).get(f"/services/applications/{application.pk}/").content.decode()

    assert "按月发放" in page
    assert "80.00" in page and "2026-04" in page
