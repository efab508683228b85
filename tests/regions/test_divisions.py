import shutil
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from shequ.core.models import DomainEvent
from shequ.regions.codes import Kind, Level, kind_of, level_of
from shequ.regions.models import Region
from shequ.regions.services import JIMSAR_DIVISIONS, region_figures_update


@pytest.mark.parametrize(
    ("code", "level", "kind"),
    [
        ("652327", Level.COUNTY, ""),
        ("652327001", Level.TOWNSHIP, Kind.SUBDISTRICT),
        ("652327100", Level.TOWNSHIP, Kind.TOWN),
        ("652327205", Level.TOWNSHIP, Kind.TOWNSHIP),
        ("652327500", Level.TOWNSHIP, Kind.OTHER),
        ("652327100003", Level.VILLAGE, Kind.COMMUNITY),
        ("652327205209", Level.VILLAGE, Kind.VILLAGE),
        ("652327500401", Level.VILLAGE, Kind.OTHER),
        ("652327100003001", Level.GRID, ""),
    ],
)
def test_code_rules(code, level, kind):
    assert level_of(code) == level and kind_of(code) == kind


@pytest.mark.django_db
def test_import_of_jimsar_is_complete_and_idempotent():
    call_command("import_divisions", str(JIMSAR_DIVISIONS), "--under", "652327")
    county = Region.objects.get(code="652327")
    assert county.name == "吉木萨尔县" and county.parent.code == "6523"
    assert Region.objects.filter(level=Level.TOWNSHIP, parent=county).count() == 11
    units = Region.objects.filter(level=Level.VILLAGE)
    assert units.count() == 90
    assert (units.filter(kind=Kind.COMMUNITY).count(), units.filter(kind=Kind.VILLAGE).count()) == (16, 57)
    assert units.filter(kind=Kind.OTHER).count() == 17
    assert Region.objects.get(code="652327100003").name == "文化路社区居委会"
    before = list(Region.objects.values_list("code", "name", "parent__code"))
    call_command("import_divisions", str(JIMSAR_DIVISIONS), "--under", "652327")
    assert list(Region.objects.values_list("code", "name", "parent__code")) == before


@pytest.mark.django_db
def test_import_from_a_whole_country_file_keeps_only_the_county_asked_for(tmp_path):
    for path in JIMSAR_DIVISIONS.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    header, county = (tmp_path / "areas.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "areas.csv").write_text(f'{header}\n652301,"昌吉市",6523,65\n{county}\n', encoding="utf-8")
    call_command("import_divisions", str(tmp_path), "--under", "652327")
    assert not Region.objects.filter(code="652301").exists()
    call_command("import_divisions", str(tmp_path))
    assert Region.objects.get(code="652301").level == Level.COUNTY


@pytest.mark.django_db
def test_a_bad_file_imports_nothing(tmp_path):
    for path in JIMSAR_DIVISIONS.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    with open(tmp_path / "villages.csv", "a", encoding="utf-8") as villages:
        villages.write('65232799900,"没有上级",652327999,65,6523,652327\n')  # an 11-digit code
    with pytest.raises(CommandError, match="652327999"):
        call_command("import_divisions", str(tmp_path))
    assert Region.objects.count() == 0
    (tmp_path / "streets.csv").unlink()
    with pytest.raises(CommandError, match=r"streets\.csv"):
        call_command("import_divisions", str(tmp_path))


def test_regions_api_contract(users):
    client = APIClient()
    client.force_authenticate(users["county_mz"])
    body = client.get("/api/v1/regions/?parent=652327").json()
    assert len(body["results"]) == 11 and body["next"] is None
    township = next(row for row in body["results"] if row["code"] == "652327100")
    assert {"code", "name", "level", "kind", "parent"} <= set(township)
    assert (township["name"], township["level"], township["kind"], township["parent"]) == (
        "吉木萨尔镇",
        "township",
        "town",
        "652327",
    )
    unit = client.get("/api/v1/regions/652327205209/").json()
    assert (unit["level"], unit["kind"], unit["parent"]) == ("village", "village", "652327205")


def test_figures_are_recorded_with_their_date_and_audited(users):
    unit = Region.objects.get(code="652327100003")
    region_figures_update(
        region=unit,
        acting_user=users["worker_wenhualu"],
        figures={"households": 1800, "resident_population": 4700},
        recorded_on=date(2026, 6, 30),
    )
    unit.refresh_from_db()
    assert (unit.households, unit.households_on, unit.resident_population_on) == (
        1800,
        date(2026, 6, 30),
        date(2026, 6, 30),
    )
    assert unit.registered_population_on is None
    assert DomainEvent.objects.get(verb="region.figures_updated").data["changed"]["households"] == [None, 1800]


@pytest.mark.parametrize("username", ["worker_xindi", "grid_wenhualu", "county_jy", "resident"])
def test_figures_outside_scope_or_role_are_refused(users, username):
    with pytest.raises(PermissionDenied):
        region_figures_update(
            region=Region.objects.get(code="652327100003"),
            acting_user=users[username],
            figures={"households": 1},
            recorded_on=date(2026, 6, 30),
        )


def test_a_village_worker_cannot_change_the_township_above(users):
    with pytest.raises(PermissionDenied):
        region_figures_update(
            region=Region.objects.get(code="652327100"),
            acting_user=users["worker_wenhualu"],
            figures={"households": 1},
            recorded_on=date(2026, 6, 30),
        )
