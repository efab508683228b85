import pytest

from shequ.services.models import Channel, HandledAt, ItemKind, ServiceItem


@pytest.fixture
def elderly_allowance(db):
    """高龄津贴: 民政局, 10 working days promised."""
    return ServiceItem.objects.create(
        code="MZ-GLJT",
        name="高龄津贴",
        kind=ItemKind.GOVERNMENT,
        department="mzj",
        handled_at=HandledAt.VILLAGE,
        channel=Channel.BOTH,
        promised_days=10,
        statutory_days=20,
        materials=["居民身份证", "户口簿"],
    )
