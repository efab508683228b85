import pytest

from shequ.services.models import ItemKind
from tests.factories import ServiceItemFactory


@pytest.fixture
def elderly_allowance(db):
    """高龄津贴: 民政局, 10 working days promised."""
    return ServiceItemFactory(
        code="MZ-GLJT",
        name="高龄津贴",
        kind=ItemKind.GOVERNMENT,
        statutory_days=20,
        materials=["居民身份证", "户口簿"],
        registry_materials={"居民身份证": "id_card", "户口簿": "household_book"},
    )
