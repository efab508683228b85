"""Registry forms: names and addresses refuse hidden characters; figures and dates outside sane
ranges are form errors that keep what was typed, never a 500, and nothing is saved."""

import pytest

from shequ.regions.models import Region
from shequ.residents.models import Household, Person
from tests.conftest import WENHUALU

PERSON = {"gender": "M", "id_number": "", "phone": "", "ethnicity": "01", "relation": "head"}
HIDDEN = {
    "zero-width space": "\u200b",
    "right-to-left override": "\u202e",
    "first strong isolate": "\u2068",
    "control": "\x1f",
    "zero-width non-joiner": "\u200c",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_name_with_a_hidden_character_is_a_form_error(users, residents, login, char):
    zhangsan = residents["zhangsan"]
    response = login(users["worker_wenhualu"]).post(
        f"/work/residents/{zhangsan.pk}/edit/", PERSON | {"name": f"张{char}三"}
    )
    assert response.status_code == 200 and "控制字符" in response.content.decode()
    assert Person.objects.get(pk=zhangsan.pk).name == "张三"


def test_a_uyghur_name_is_saved_nfc(users, residents, login):
    zhangsan = residents["zhangsan"]
    name = "ئابدۇرېھىم"
    response = login(users["worker_wenhualu"]).post(
        f"/work/residents/{zhangsan.pk}/edit/", PERSON | {"name": f" {name} "}
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=zhangsan.pk).name == name


def test_an_address_with_a_bidi_override_is_a_form_error(users, residents, login):
    home = residents["home"]
    response = login(users["worker_wenhualu"]).post(
        f"/work/households/{home.pk}/edit/",
        {"region": home.region_id, "grid": home.grid_id, "number": "00001", "address": "文化路\u202e1号"},
    )
    assert response.status_code == 200 and "控制字符" in response.content.decode()
    assert Household.objects.get(pk=home.pk).address == "文化路1号"


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [("9999-12-31", "不能晚于今天"), ("0001-01-01", "不能早于 1900 年"), ("1899-12-31", "不能早于 1900 年")],
)
def test_birth_dates_outside_1900_to_today_are_form_errors(users, residents, login, birth_date, message):
    zhangsan = residents["zhangsan"]
    Person.objects.filter(pk=zhangsan.pk).update(id_number="")
    response = login(users["worker_wenhualu"]).post(
        f"/work/residents/{zhangsan.pk}/edit/", PERSON | {"name": "张三", "birth_date": birth_date}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert f'value="{birth_date}"' in response.content.decode()
    assert Person.objects.get(pk=zhangsan.pk).birth_date == zhangsan.birth_date


@pytest.mark.parametrize(
    "posted",
    [
        {"households": "99999999999", "recorded_on": "2026-06-30"},
        {"resident_population": "2147483648", "recorded_on": "2026-06-30"},
        {"households": "1000001", "recorded_on": "2026-06-30"},
        {"households": "1800", "recorded_on": "9999-12-31"},
        {"households": "1800", "recorded_on": "0001-01-01"},
    ],
    ids=["households overflow", "population overflow", "over a million", "year 9999", "year 1"],
)
def test_unit_figures_outside_sane_ranges_are_form_errors(users, login, posted):
    response = login(users["worker_wenhualu"]).post(f"/work/units/{WENHUALU}/figures/", posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert any(f'value="{value}"' in html for value in posted.values())
    unit = Region.objects.get(code=WENHUALU)
    assert (unit.households, unit.resident_population) == (None, None)


def test_the_figures_service_refuses_what_the_form_would(users):
    from datetime import date

    from django.core.exceptions import ValidationError

    from shequ.regions.services import region_figures_update

    unit = Region.objects.get(code=WENHUALU)
    with pytest.raises(ValidationError) as caught:
        region_figures_update(
            region=unit,
            acting_user=users["worker_wenhualu"],
            figures={"households": 10**12},
            recorded_on=date(9999, 12, 31),
        )
    assert set(caught.value.message_dict) == {"households", "recorded_on"}


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_statistics_dates_outside_the_report_range_are_form_errors(users, login, day):
    response = login(users["county_mz"]).get(f"/work/ratings/stats/?since={day}&until={day}")
    assert response.status_code == 200 and "日期应在" in response.content.decode()
