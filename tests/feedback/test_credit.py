from datetime import date

import pytest

from shequ.feedback.models import CreditEntry
from shequ.feedback.selectors import provider_credit
from shequ.feedback.services import rating_create, ratings_apply_defaults
from tests.feedback.conftest import FakeProvider, local, rectification_step


def rate(target, users, level):
    return rating_create(target_type="fake", target_id=target.pk, level=level, acting_user=users["resident"])


def move(rating, users, *moves, verified=True):
    # The township handles, the county administrator reviews, the resident confirms.
    by = {"excluded": users["county_admin"], "closed": users["resident"]}
    for to in moves:
        extra = {"verified": verified} if to == "visited" else {}
        rectification_step(rating.rectification, to, by.get(to, users["township_jms"]), **extra)


def test_ratings_feed_the_providers_credit_record(fake_kind, users):
    very_good = rate(fake_kind.target("1"), users, 5)
    rate(fake_kind.target("2"), users, 3)
    upheld = rate(fake_kind.target("3"), users, 1)
    move(upheld, users, "visited", "rectified", "closed")
    excluded = rate(fake_kind.target("4"), users, 2)
    move(excluded, users, "appealed", "excluded")
    fake_kind.target("5", finished_at=local(2026, 9, 30))
    assert ratings_apply_defaults(today=date(2026, 10, 13)) == 1

    credit = provider_credit(provider_id=901)
    assert credit["label"] == "幸福家政服务有限公司"
    # 100 + 2 (非常满意) + 0 (基本满意) − 3 − 5 (差评, confirmed at closing) − 3 + 3 (excluded: reversed) + 1 (default)
    assert credit["score"] == 95
    assert sorted((entry.kind, entry.points) for entry in credit["entries"]) == sorted(
        [
            ("rating", 2),
            ("rating", 0),
            ("rating", -3),
            ("upheld", -5),
            ("rating", -3),
            ("reversal", 3),
            ("rating", 1),
        ]
    )
    assert very_good.provider_id == 901 and very_good.provider_label == "幸福家政服务有限公司"
    assert CreditEntry.objects.filter(rating=excluded).count() == 2


def test_a_complaint_found_untrue_costs_nothing_at_closing(fake_kind, users):
    rating = rate(fake_kind.target("1"), users, 1)
    move(rating, users, "visited", "rectified", "closed", verified=False)
    assert provider_credit(provider_id=901)["score"] == 97


def test_entries_are_never_changed(fake_kind, users):
    rate(fake_kind.target("1"), users, 5)
    entry = CreditEntry.objects.get()
    entry.points = 100
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_only_care_childcare_housekeeping_and_property_providers_carry_credit(fake_kind, users):
    fake_kind.provider = FakeProvider(pk=902, name="镇卫生院", kind="health")
    rating = rate(fake_kind.target("1"), users, 1)
    move(rating, users, "visited", "rectified", "closed")
    assert rating.provider_id == 902 and not CreditEntry.objects.exists()
    fake_kind.provider = FakeProvider(pk=903, name="夕阳红养老院", kind="elderly_care")
    rate(fake_kind.target("2"), users, 4)
    assert provider_credit(provider_id=903)["score"] == 101


def test_an_unknown_provider_has_the_starting_score(db):
    assert provider_credit(provider_id=12345) == {"provider_id": 12345, "label": "", "score": 100, "entries": []}
