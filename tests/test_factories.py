"""The shared factories make records the product itself would accept."""

from shequ.residents.id_numbers import id_number_parse
from shequ.residents.models import Person
from tests.conftest import WENHUALU
from tests.factories import (
    FINISHED,
    ApplicationFactory,
    GridFactory,
    HouseholdFactory,
    PersonFactory,
    RatingFactory,
    ServiceItemFactory,
    UserFactory,
)


def test_a_person_is_placed_where_the_household_is_with_a_valid_id_number(regions):
    unit = regions[WENHUALU]
    grid = GridFactory(parent=unit, number=7)
    assert grid.code == WENHUALU + "007" and grid.parent == unit
    person = PersonFactory(household=HouseholdFactory(region=unit, grid=grid), tags=["disabled"])
    assert (person.region, person.grid, person.scope_code) == (unit, grid, grid.code)
    parsed = id_number_parse(person.id_number, expected_gender=person.gender)
    assert parsed.birth_date == person.birth_date and person.tag_codes == ["disabled"]
    assert Person.objects.for_user(UserFactory(role="village_worker", region=unit)).get() == person


def test_an_application_goes_through_the_workflow_and_its_rating_through_the_service(residents, users):
    application = ApplicationFactory(
        service=ServiceItemFactory(), applicant=residents["zhangsan"], worker=users["worker_wenhualu"], steps=FINISHED
    )
    assert application.status == "completed" and application.number.startswith("SQ")
    rating = RatingFactory(target=application, level=4, acting_user=users["resident"])
    assert (rating.target_type, rating.target_id, rating.scope_code) == (
        "application",
        application.pk,
        WENHUALU + "001",
    )


def test_uploads_go_to_the_tests_own_folder(media_root, settings, tmp_path):
    assert settings.MEDIA_ROOT == media_root and str(media_root).startswith(str(tmp_path))
