"""A rating stays with the grid and unit where the service was given: a resident who moves takes
their household along, not their ratings."""

from importlib import import_module

from django.apps import apps

from shequ.accounts.models import Role
from shequ.feedback.models import Rating, Rectification
from shequ.feedback.services import rating_create
from shequ.residents.services import HouseholdData, household_update
from tests.conftest import WENHUALU, XINDI
from tests.factories import UserFactory


def test_after_the_rater_moves_the_old_units_staff_still_see_the_rating_and_the_new_ones_do_not(
    application, users, residents, regions
):
    rating = rating_create(target_type="application", target_id=application.pk, level=2, acting_user=users["resident"])
    assert rating.scope_code == WENHUALU + "001"  # 张三's grid when he was served
    home = residents["home"]
    household_update(
        household=home,
        data=HouseholdData(region=regions[XINDI], grid=regions[XINDI + "001"], number="00099", address="新地村9组"),
        acting_user=users["admin"],
    )
    residents["zhangsan"].refresh_from_db()
    assert residents["zhangsan"].scope_code == XINDI + "001"
    grid_xindi = UserFactory(username="grid_xindi", role=Role.GRID_WORKER, region=regions[XINDI + "001"])

    for old in ("worker_wenhualu", "grid_wenhualu", "township_jms"):
        assert Rating.objects.for_user(users[old]).filter(pk=rating.pk).exists(), old
        assert Rectification.objects.for_user(users[old]).filter(rating=rating).exists(), old
    for new in (users["worker_xindi"], users["township_xd"], grid_xindi):
        assert not Rating.objects.for_user(new).filter(pk=rating.pk).exists(), new.username
        assert not Rectification.objects.for_user(new).filter(rating=rating).exists(), new.username
    # The resident still follows their own rating.
    assert Rating.objects.for_user(users["resident"]).filter(pk=rating.pk).exists()


def test_a_rating_of_a_unit_without_grids_is_scoped_to_the_unit(complete, users, residents, item, lisi_account):
    residents["village"].grid = None
    residents["village"].save()
    lisi = residents["lisi"]
    lisi.grid, lisi.scope_code = None, XINDI
    lisi.save()
    finished = complete(lisi, item, worker=users["worker_xindi"])
    rating = rating_create(target_type="application", target_id=finished.pk, level=4, acting_user=lisi.account)
    assert rating.scope_code == XINDI
    assert Rating.objects.for_user(users["worker_xindi"]).filter(pk=rating.pk).exists()
    assert not Rating.objects.for_user(users["worker_wenhualu"]).filter(pk=rating.pk).exists()


def test_the_migration_fills_existing_ratings_from_the_residents_grid_within_the_rated_unit(
    application, users, residents
):
    fill_scope_codes = import_module("shequ.feedback.migrations.0002_rating_scope_code").fill_scope_codes
    rating = rating_create(target_type="application", target_id=application.pk, level=5, acting_user=users["resident"])
    Rating.objects.filter(pk=rating.pk).update(scope_code="")
    fill_scope_codes(apps, None)
    assert Rating.objects.get(pk=rating.pk).scope_code == WENHUALU + "001"
    Rating.objects.filter(pk=rating.pk).update(scope_code="", region=residents["lisi"].region)
    fill_scope_codes(apps, None)  # the resident's grid is not in the rated unit: the unit it is
    assert Rating.objects.get(pk=rating.pk).scope_code == XINDI
