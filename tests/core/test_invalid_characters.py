"""NUL bytes, lone surrogates and broken escapes are a 400 in the user's language on every route,
for anonymous users and workers alike, in query strings, forms and JSON bodies."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shequ.residents.models import Household, Person
from shequ.services.catalogue import catalogue_load
from shequ.services.models import Application

# The sample value each path converter gets, so that detail routes are walked too.
SAMPLE_ARGUMENTS = {"int": "1", "str": "652327100003", "slug": "x", "path": "x", "drf_format_suffix": ""}
BAD_VALUES = {"NUL": "%00", "lone surrogate": "%ED%A0%80", "not UTF-8": "%FF"}


def _routes(resolver: URLResolver = None, prefix: str = ""):
    """Every route of the project (admin aside: its own app) as a concrete path."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        route = re.sub(r"<(?:(\w+):)?\w+>", lambda match: SAMPLE_ARGUMENTS[match.group(1) or "str"], route)
        # The API router's regular expressions: ^residents/(?P<pk>[^/.]+)/$ → residents/1/
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route.removeprefix("^").removesuffix("$"))
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern) and not any(char in route for char in "^$()?\\"):
            yield "/" + prefix + route


def _list_and_search_routes() -> list[str]:
    routes = sorted(set(_routes()))
    assert "/work/residents/" in routes and "/api/v1/residents/" in routes and "/services/" in routes
    return routes


@pytest.mark.parametrize("bad", BAD_VALUES.values(), ids=BAD_VALUES.keys())
@pytest.mark.parametrize("who", ["anonymous", "worker_wenhualu"])
def test_bad_characters_in_query_are_400_on_every_route(users, residents, login, who, bad):
    client = Client() if who == "anonymous" else login(users[who])
    for path in [*_list_and_search_routes(), "/admin/"]:
        for query in (f"q={bad}", f"region={bad}", f"page=1&tag={bad}", f"{bad}=1"):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 400, (path, query, response.status_code)


def test_api_answers_json_with_a_stable_code(users, login):
    response = login(users["worker_wenhualu"]).get("/api/v1/residents/?q=%00")
    assert response.status_code == 400
    assert response.json()["code"] == "core.invalid_characters"
    assert "字符" in response.json()["detail"]


def test_page_answers_in_the_users_language(users, login):
    client = login(users["worker_wenhualu"])
    chinese = client.get("/work/residents/?q=%00").content.decode()
    client.cookies["django_language"] = "ug"
    uyghur = client.get("/work/residents/?q=%00").content.decode()
    assert "无效编码" in chinese and '<html lang="ug" dir="rtl">' in uyghur and "无效编码" not in uyghur


def test_clean_text_passes(users, residents, login):
    client = login(users["worker_wenhualu"])
    assert client.get("/work/residents/?q=%E5%BC%A0").status_code == 200  # 张
    assert client.get("/services/?q=%D8%A6%DB%87").status_code == 200  # ئۇ
    assert client.get("/api/v1/residents/?q=%E5%BC%A0").status_code == 200


@pytest.mark.parametrize("bad", ["\x00", "\ud800"], ids=["NUL", "lone surrogate"])
def test_bad_characters_in_posted_form_are_400_and_nothing_saved(users, residents, login, bad):
    client = login(users["worker_wenhualu"])
    household = residents["home"]
    before = household.address
    # A str with a lone surrogate cannot even be encoded as UTF-8: post the bytes a browser would.
    body = "number=00001&region={}&address=a{}b".format(household.region_id, "%00" if bad == "\x00" else "%ED%A0%80")
    response = client.post(
        f"/work/households/{household.pk}/edit/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    multipart = client.post(
        f"/work/households/{household.pk}/edit/",
        {"number": "00001", "region": household.region_id, "address": "a\x00b"},
    )
    assert multipart.status_code == 400
    assert Household.objects.get(pk=household.pk).address == before


@pytest.mark.parametrize(
    "payload",
    ['{"name": "a\\u0000b"}', '{"name": "a\\ud800b"}', '{"a\\udc00": 1}', '{"list": [[["\\u0000"]]]}'],
    ids=["NUL", "high surrogate", "low surrogate in a key", "nested NUL"],
)
def test_bad_characters_in_json_are_400(users, residents, login, payload):
    client = login(users["worker_wenhualu"])
    person = residents["zhangsan"]
    response = client.patch(f"/api/v1/residents/{person.pk}/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "core.invalid_characters"
    assert Person.objects.get(pk=person.pk).name == "张三"


def test_escaped_backslashes_and_surrogate_pairs_are_clean_json(users, login):
    client = login(users["worker_wenhualu"])
    # A literal backslash followed by "u0000", and a valid pair (an emoji), are not forbidden.
    body = json.dumps({"service": "nope", "data": {"a": "\\u0000", "b": "\U0001f600"}})
    response = client.post("/api/v1/applications/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "core.validation"


@pytest.mark.parametrize("depth", [50, 900, 990, 2_000, 5_000, 100_000])
def test_deeply_nested_json_is_400_not_500(users, residents, login, depth):
    catalogue_load()
    body = '{"service": "YB-CBDJ", "data": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    client = login(users["resident"])
    client.raise_request_exception = False
    response = client.post("/api/v1/applications/", body, content_type="application/json")
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_an_anonymous_login_form_with_a_nul_byte_is_400(db):
    response = Client().post("/accounts/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400 and "无效编码" in response.content.decode()
