"""generate_synthetic at a tiny scale on the test database: reproducible, in proportion, and placed
the way the services place residents."""

import math

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from shequ.accounts.models import Role, User
from shequ.demo import synthetic
from shequ.demo.synthetic import APPLICATIONS_PER_HOUSEHOLD, DEFAULT_HOUSEHOLDS, synthetic_generate
from shequ.feedback.models import Rating, Rectification
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.models import Household, Person, PersonTag
from shequ.services.models import Application
from shequ.services.workflow import Status

pytestmark = pytest.mark.django_db


def generated_rows():
    return {
        "persons": list(
            Person.objects.order_by("scope_code", "household__number", "id_number").values_list(
                "household__number", "scope_code", "name", "id_number", "birth_date", "relation", "phone"
            )
        ),
        "tags": sorted(PersonTag.objects.values_list("person__id_number", "tag")),
        "applications": list(
            Application.objects.order_by("number").values_list(
                "number", "service__code", "applicant__id_number", "status", "clock_started_on", "due_date"
            )
        ),
        "ratings": sorted(Rating.objects.values_list("resident__id_number", "level", "service__code")),
    }


def generated_delete():
    Rectification.objects.all().delete()
    Rating.objects.all().delete()
    Application.objects.all().delete()
    PersonTag.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
    Region.objects.filter(level=Level.GRID).delete()


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(regions):
    synthetic_generate(scale="county", seed=7, limit_units=2, fraction=0.02)
    first = generated_rows()
    assert first["persons"] and first["applications"] and first["ratings"]
    generated_delete()
    synthetic_generate(scale="county", seed=7, limit_units=2, fraction=0.02)
    assert generated_rows() == first
    generated_delete()
    synthetic_generate(scale="county", seed=8, limit_units=2, fraction=0.02)
    assert generated_rows()["persons"] != first["persons"]


def test_households_persons_and_applications_are_in_proportion(regions, monkeypatch):
    monkeypatch.setattr(synthetic, "PERSONS_PER_TRANSACTION", 100)  # several transactions
    units = list(Region.objects.filter(level=Level.VILLAGE, code__prefix="652327").order_by("code")[:3])
    Region.objects.filter(pk=units[0].pk).update(households=400)  # a recorded figure wins over the default
    summary = synthetic_generate(scale="county", seed=1, limit_units=3, fraction=0.5)
    expected = [200] + [round(DEFAULT_HOUSEHOLDS[unit.kind] * 0.5) for unit in units[1:]]
    per_unit = dict(Household.objects.values_list("region_id").annotate(count=Count("id")))
    assert [per_unit[unit.pk] for unit in units] == expected
    assert summary.households == sum(expected) == Household.objects.count()
    assert Application.objects.count() == summary.applications == round(APPLICATIONS_PER_HOUSEHOLD * sum(expected))
    assert 2.0 < Person.objects.count() / Household.objects.count() < 4.0
    applications = Application.objects.count()
    completed = Application.objects.filter(status=Status.COMPLETED).count()
    assert 0.5 < completed / applications < 0.6
    assert set(Application.objects.values_list("status", flat=True)) == set(dict(synthetic.APPLICATION_STATES))
    rated = Rating.objects.filter(target_type="application")
    assert 0.55 < rated.count() / completed < 0.65
    assert not rated.exclude(target_id__in=Application.objects.filter(status=Status.COMPLETED).values("pk")).exists()
    assert Rectification.objects.count() == rated.filter(level__lte=2).count() > 0
    # Units already holding households are left alone.
    again = synthetic_generate(scale="county", seed=1, limit_units=3, fraction=0.5)
    assert (again.units, again.skipped_units, Household.objects.count()) == (0, 3, sum(expected))


def test_placements_and_scope_codes_are_those_the_services_write(regions, users):
    synthetic_generate(scale="county", seed=3, limit_units=2, fraction=0.2)
    households = Household.objects.select_related("region", "grid")
    for household in households:
        assert household.grid.parent_id == household.region_id
        for person in Person.objects.filter(household=household):
            assert {
                "region_id": person.region_id,
                "grid_id": person.grid_id,
                "scope_code": person.scope_code,
            } == household.placement()
    for unit in Region.objects.filter(pk__in=households.values("region")):
        unit_households = households.filter(region=unit).count()
        per_grid = settings.GRID_HOUSEHOLDS_TOWN if unit.kind == "community" else settings.GRID_HOUSEHOLDS_VILLAGE
        assert Region.objects.filter(parent=unit, level=Level.GRID).count() == max(
            1, math.ceil(unit_households / per_grid)
        )
    for application in Application.objects.select_related("applicant"):
        assert (application.region_id, application.grid_id) == (
            application.applicant.region_id,
            application.applicant.grid_id,
        )
        assert application.applicant.relation == "head"
    unit = households.first().region
    worker = User.objects.create(username="unit_worker", role=Role.VILLAGE_WORKER, region=unit)
    assert Person.objects.for_user(worker).count() == Person.objects.filter(region=unit).count() > 0
    assert Application.objects.for_user(worker).count() == Application.objects.filter(region=unit).count() > 0
    # Ratings are scoped by where the service was given, like those rating_create writes.
    for rating in Rating.objects.select_related("resident"):
        assert rating.scope_code == rating.resident.scope_code
    assert Rating.objects.for_user(worker).count() == Rating.objects.filter(region=unit).count() > 0


def test_region_scale_generates_household_heads_only(regions):
    summary = synthetic_generate(scale="region", under="652327", seed=5, limit_units=4)
    assert summary.persons == summary.households == Person.objects.count() > 0
    assert set(Person.objects.values_list("relation", flat=True)) == {"head"}
    assert not Region.objects.filter(level=Level.GRID, is_demo=True).exists()
    assert not Person.objects.filter(grid__isnull=False).exists()


def test_the_command_refuses_without_debug_and_checks_its_arguments(regions, settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_synthetic", "--scale", "county")
    with pytest.raises(CommandError, match="652301"):
        call_command("generate_synthetic", "--scale", "county", "--under", "652301", "--force")
    call_command("generate_synthetic", "--scale", "county", "--limit-units", "1", "--fraction", "0.01", "--force")
    assert "county: 1 units filled" in capsys.readouterr().out


def test_application_deadlines_are_those_the_services_compute(regions):
    from shequ.core.workdays import add_workdays
    from shequ.demo.synthetic import ApplicationBuilder
    from shequ.services.catalogue import catalogue_load
    from shequ.services.models import ServiceItem

    catalogue_load()
    items = list(ServiceItem.objects.all())
    builder = ApplicationBuilder(items=items)
    for day in builder.days[::7]:
        for item in items:
            assert builder._due[day, item.pk] == add_workdays(day, item.promised_days)
            assert builder._warn[day, item.pk] == add_workdays(day, max(1, round(item.promised_days * 0.8)))
