"""A staff user's scope reads their region's code from the cache (no query on each request), and a
changed region is seen by the very next scope."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.accounts.models import User
from shequ.accounts.scope import scope_of
from shequ.residents.models import Person


def fresh(user: User) -> User:
    """The user as a new request loads them: no region attached yet."""
    return User.objects.get(pk=user.pk)


def test_a_second_request_reads_the_region_code_without_a_query(users):
    worker = users["worker_wenhualu"]
    assert scope_of(fresh(worker)).region_code == "652327100003"
    user = fresh(worker)
    with CaptureQueriesContext(connection) as queries:
        assert scope_of(user).region_code == "652327100003"
    assert queries.captured_queries == []


def test_a_changed_region_code_is_seen_at_once(users, residents):
    worker = users["worker_wenhualu"]
    scope_of(fresh(worker))  # cached
    region = worker.region
    region.code = "652327100099"
    region.save()
    assert scope_of(fresh(worker)).region_code == "652327100099"


def test_a_user_moved_to_another_region_gets_its_scope(users, residents):
    worker = users["worker_wenhualu"]
    scope_of(fresh(worker))
    worker.region = users["worker_xindi"].region
    worker.save()
    moved = fresh(worker)
    assert scope_of(moved).region_code == users["worker_xindi"].region.code
    assert set(Person.objects.for_user(moved).values_list("name", flat=True)) == {"李四"}
