from datetime import date

import pytest

from shequ.residents.choices import Relation
from shequ.services.models import ItemKind
from shequ.services.services import application_submit, application_transition
from tests.conftest import WENHUALU, XINDI
from tests.factories import BenefitRateFactory, HouseholdFactory, PersonFactory, ServiceItemFactory

# Approved in March 2026: paid from April.
APPROVED_ON = date(2026, 3, 16)
APRIL, MAY, JUNE, JULY = date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)


@pytest.fixture
def allowance(db):
    """高龄津贴 with three age bands: 80–89 100 元, 90–99 200 元, 100+ 500 元."""
    item = ServiceItemFactory(code="MZ-GLJT", name="高龄津贴", kind=ItemKind.GOVERNMENT)
    for min_age, amount in ((80, 100), (90, 200), (100, 500)):
        BenefitRateFactory(service=item, min_age=min_age, monthly_amount=amount)
    return item


@pytest.fixture
def elders(regions):
    """Three old people: 赵老 (85) and 钱老 (turns 90 in May 2026) in 文化路, 孙老 (101) in 新地村."""
    wenhualu = HouseholdFactory(region=regions[WENHUALU], grid=regions[WENHUALU + "001"], address="文化路9号")
    xindi = HouseholdFactory(region=regions[XINDI], address="新地村9组")
    return {
        "zhao": PersonFactory(household=wenhualu, name="赵老", born=date(1941, 2, 3)),
        "qian": PersonFactory(household=wenhualu, name="钱老", born=date(1936, 5, 20), relation=Relation.SPOUSE),
        "sun": PersonFactory(household=xindi, name="孙老", born=date(1925, 1, 9)),
    }


@pytest.fixture
def approve(users):
    """Take an application for `person` through the service hall to 已办结 on `on`, by the person's
    village worker."""

    def approved(person, service, on=APPROVED_ON):
        worker = users["worker_wenhualu"] if person.region.code == WENHUALU else users["worker_xindi"]
        application = application_submit(service=service, applicant=person, acting_user=worker, today=on)
        for to in ("accepted", "in_progress", "completed"):
            application = application_transition(application=application, to=to, acting_user=worker, today=on)
        return application

    return approved
