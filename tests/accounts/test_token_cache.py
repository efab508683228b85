"""A token's lookup is cached briefly: repeated calls skip the token query, and a saved user or a
deleted token is seen by the very next call."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.test_tokens import token_login, with_token


def token_queries(key: str) -> int:
    """How many queries on the token table one API call makes (and that it was answered)."""
    with CaptureQueriesContext(connection) as queries:
        assert with_token(key).get("/api/v1/regions/").status_code == 200
    return sum('"authtoken_token"' in query["sql"] for query in queries.captured_queries)


def test_a_repeated_call_skips_the_token_lookup(users):
    key = token_login("worker_wenhualu")["token"]
    assert token_queries(key) == 1
    assert token_queries(key) == 0


def test_a_saved_user_is_looked_up_again(users):
    key = token_login("worker_wenhualu")["token"]
    token_queries(key)
    worker = users["worker_wenhualu"]
    worker.first_name = "新名"
    worker.save()
    assert token_queries(key) == 1


def test_a_deleted_token_is_refused_at_once(users):
    from rest_framework.authtoken.models import Token

    key = token_login("worker_wenhualu")["token"]
    token_queries(key)
    Token.objects.get(key=key).delete()
    assert with_token(key).get("/api/v1/regions/").status_code == 401
