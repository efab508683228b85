from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.core.models import DomainEvent
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.models import Household, Person
from shequ.residents.services import (
    HouseholdData,
    PersonData,
    household_create,
    household_update,
    person_create,
    person_delete,
    person_reveal,
    person_update,
)


def data(**overrides) -> PersonData:
    values = {
        "name": "赵六",
        "gender": Gender.MALE,
        "relation": Relation.CHILD,
        "ethnicity": Ethnicity.UYGHUR,
        "phone": "13900001111",
        "id_number": "652327201001010017",
        "tags": [CareTag.LEFT_BEHIND_CHILD],
    }
    return PersonData(**(values | overrides))


def test_create_derives_birth_date_search_keys_and_audits_masked(users, residents):
    person = person_create(household=residents["home"], data=data(), acting_user=users["worker_wenhualu"])
    person.refresh_from_db()
    assert person.birth_date == date(2010, 1, 1)
    assert (person.name_pinyin, person.name_initials, person.id_tail_reversed) == ("zhaoliu", "zl", "710010")
    assert (person.region, person.grid) == (residents["home"].region, residents["home"].grid)
    assert person.tag_codes == [CareTag.LEFT_BEHIND_CHILD]

    event = DomainEvent.objects.get(verb="person.created", target_id=str(person.pk))
    assert event.actor == users["worker_wenhualu"] and event.region_code == "652327100003"
    assert event.data["after"]["id_number"] == "652327********0017"
    assert event.data["after"]["phone"] == "139****1111"
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    assert entry.actor == users["worker_wenhualu"]
    assert "652327201001010017" not in str(entry.changes) and "13900001111" not in str(entry.changes)
    assert "652327********0017" in str(entry.changes)


def test_update_records_before_and_after_masked(users, residents):
    zhangsan = residents["zhangsan"]
    person_update(
        person=zhangsan,
        data=data(name="张三丰", relation=Relation.HEAD, id_number="652327199001010017", gender=Gender.MALE),
        acting_user=users["worker_wenhualu"],
    )
    event = DomainEvent.objects.get(verb="person.changed", target_id=str(zhangsan.pk))
    assert event.data["before"]["name"] == "张三" and event.data["after"]["name"] == "张三丰"
    assert event.data["before"]["phone"] == "138****5678"
    entry = LogEntry.objects.get_for_object(zhangsan).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.changes_dict["name"] == ["张三", "张三丰"]
    assert entry.changes_dict["phone"] == ["138****5678", "139****1111"]


def test_delete_needs_a_reason_and_is_audited(users, residents):
    wangwu = residents["wangwu"]
    with pytest.raises(ValidationError):
        person_delete(person=wangwu, acting_user=users["worker_wenhualu"], reason=" ")
    person_delete(person=wangwu, acting_user=users["worker_wenhualu"], reason="迁出")
    assert not Person.objects.filter(pk=wangwu.pk).exists()
    event = DomainEvent.objects.get(verb="person.deleted")
    assert event.reason == "迁出" and event.data["before"]["id_number"] == "110105********002X"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "652327201001010015"}, "id_number"),  # wrong check digit
        ({"id_number": "652327201001010017", "gender": Gender.FEMALE}, "id_number"),  # gender digit
        ({"id_number": "652327199001010017", "gender": Gender.MALE}, "id_number"),  # already registered
        ({"id_number": "", "birth_date": None}, "birth_date"),
        ({"relation": Relation.HEAD}, "relation"),  # the household has a head
        ({"phone": "12345"}, "phone"),
        ({"name": "  "}, "name"),
        ({"tags": ["unknown"]}, "tags"),
    ],
)
def test_invalid_data_is_refused_with_field_errors(users, residents, overrides, field):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        person_create(household=residents["home"], data=data(**overrides), acting_user=users["worker_wenhualu"])
    assert field in caught.value.message_dict
    assert Person.objects.count() == before


def test_the_id_number_decides_the_birth_date_without_confirming_a_guess(users, residents):
    # An error telling a typed date from the ID number's would confirm guesses of the masked digits.
    person = person_create(
        household=residents["home"], data=data(birth_date=date(2011, 1, 1)), acting_user=users["worker_wenhualu"]
    )
    assert person.birth_date == date(2010, 1, 1)


def test_writes_outside_scope_are_refused(users, residents):
    with pytest.raises(PermissionDenied):
        person_create(household=residents["village"], data=data(), acting_user=users["worker_wenhualu"])
    with pytest.raises(PermissionDenied):
        person_update(person=residents["lisi"], data=data(), acting_user=users["worker_wenhualu"])
    with pytest.raises(PermissionDenied):  # county departments read the registry, they do not edit it
        person_create(household=residents["home"], data=data(), acting_user=users["county_mz"])
    with pytest.raises(PermissionDenied):
        household_create(
            data=HouseholdData(region=residents["village"].region, number="9", address="x"),
            acting_user=users["worker_wenhualu"],
        )


def test_household_move_carries_its_members(users, residents, regions):
    home = residents["home"]
    new_grid = regions["652327100003002"]
    household_update(
        household=home,
        data=HouseholdData(region=home.region, grid=new_grid, number=home.number, address="文化路1号"),
        acting_user=users["worker_wenhualu"],
    )
    assert set(Person.objects.filter(grid=new_grid).values_list("name", flat=True)) == {"张三", "刘芳", "王五"}


def test_household_number_is_unique_in_its_unit(users, residents):
    with pytest.raises(ValidationError) as caught:
        household_create(
            data=HouseholdData(region=residents["home"].region, number="00001", address="另一个地址"),
            acting_user=users["worker_wenhualu"],
        )
    assert "number" in caught.value.message_dict
    assert Household.objects.filter(number="00001").count() == 2  # 文化路 and 新地村 each have one


def test_reveal_returns_the_value_and_records_who_whom_when_why(users, residents):
    zhangsan = residents["zhangsan"]
    value = person_reveal(
        person=zhangsan, field_name="id_number", reason="核对高龄津贴", acting_user=users["worker_wenhualu"]
    )
    assert value == "652327199001010017"
    event = DomainEvent.objects.get(verb="person.revealed")
    assert (event.actor, event.target_id, event.reason) == (users["worker_wenhualu"], str(zhangsan.pk), "核对高龄津贴")
    assert event.data["field"] == "id_number" and event.occurred_at is not None


def test_reveal_needs_reason_permission_and_scope(users, residents):
    zhangsan = residents["zhangsan"]
    with pytest.raises(ValidationError):
        person_reveal(person=zhangsan, field_name="id_number", reason="", acting_user=users["worker_wenhualu"])
    with pytest.raises(ValidationError):
        person_reveal(person=zhangsan, field_name="name_pinyin", reason="测试", acting_user=users["worker_wenhualu"])
    for username in ("worker_xindi", "resident", "provider"):
        with pytest.raises(PermissionDenied):
            person_reveal(person=zhangsan, field_name="phone", reason="测试理由", acting_user=users[username])
    assert not DomainEvent.objects.filter(verb="person.revealed").exists()


def test_domain_events_are_append_only(users, residents):
    person_reveal(person=residents["zhangsan"], field_name="phone", reason="回访", acting_user=users["worker_wenhualu"])
    event = DomainEvent.objects.get(verb="person.revealed")
    event.reason = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
