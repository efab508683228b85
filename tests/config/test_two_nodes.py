"""Two application processes (gunicorn) sharing PostgreSQL and Redis, as two nodes behind a load
balancer: a session opened on one is valid on the other (and ends on both), and a task queued by
one is run by a separate worker process (`manage.py db_worker`), its result seen through the other.

Runs in the PostgreSQL pass of `make test` (with Redis as the cache); elsewhere it is skipped, except
in CI (CI=true or SHEQU_REQUIRE_POSTGRES), where missing PostgreSQL or Redis is a failure."""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from shequ.notifications.models import Notification
from shequ.services.models import Channel, HandledAt, ItemKind, ServiceItem
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TASK_PATH = "shequ.notifications.tasks.notification_copies_send"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _shared_services_or_skip() -> tuple[str, str]:
    """The URLs of the suite's PostgreSQL test database and Redis cache, which the nodes share."""
    required = os.environ.get("CI") == "true" or bool(os.environ.get("SHEQU_REQUIRE_POSTGRES"))
    if connection.vendor != "postgresql":
        pytest.skip("two nodes need PostgreSQL: this runs in the PostgreSQL pass of make test")
    location = settings.CACHES["default"].get("LOCATION", "")
    problem = None
    if not str(location).startswith(("redis://", "rediss://")):
        problem = "two nodes need Redis: SHEQU_CACHE_URL is not redis://…"
    else:
        try:
            redis.Redis.from_url(location, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            problem = f"Redis at {location} does not answer: {error}"
    if problem:
        if required:
            pytest.fail(problem)
        pytest.skip(problem)
    database = connection.settings_dict
    credentials = urllib.parse.quote(database["USER"] or "postgres")
    if database["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(database["PASSWORD"])
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{database['NAME']}", location


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _node_environment(database_url: str, cache_url: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("SHEQU_")}
    # Development mode serves static files without collectstatic; the secret key must be the same
    # on every node (it signs sessions' password hashes and CSRF tokens).
    return environment | {
        "SHEQU_DEBUG": "1",
        "SHEQU_SECRET_KEY": "two-nodes-test-" + "k" * 40,
        "SHEQU_ALLOWED_HOSTS": "127.0.0.1",
        "SHEQU_DATABASE_URL": database_url,
        "SHEQU_CACHE_URL": cache_url,
    }


def _wait_until(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Browser:
    """One person's cookies, sent to whichever node answers (as behind a load balancer)."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, base: str, path: str) -> tuple[str, str]:
        with self.opener.open(base + path, timeout=30) as response:
            return response.geturl().removeprefix(base), response.read().decode()

    def post(self, base: str, path: str, data: dict) -> tuple[str, str]:
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": token}).encode()
        with self.opener.open(base + path, data=body, timeout=30) as response:
            return response.geturl().removeprefix(base), response.read().decode()

    def log_in(self, base: str, username: str) -> None:
        self.get(base, "/accounts/login/")
        landed, _ = self.post(base, "/accounts/login/", {"username": username, "password": PASSWORD})
        assert not landed.startswith("/accounts/login/"), f"{username} could not log in on {base}"


@pytest.fixture
def nodes(tmp_path) -> Iterator[dict[str, str]]:
    """Node A and node B (gunicorn, one worker each) and a task worker, all on the same database
    and Redis; yields the nodes' base URLs and the worker's log file."""
    database_url, cache_url = _shared_services_or_skip()
    environment = _node_environment(database_url, cache_url)
    processes, bases = [], {}
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = (tmp_path / f"node-{name}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                    cwd=ROOT,
                    env=environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            bases[name] = f"http://127.0.0.1:{port}"
        worker_log = tmp_path / "worker.log"
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
                cwd=ROOT,
                env=environment,
                stdout=worker_log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        for name, base in bases.items():
            _wait_until(lambda base=base: _answers(base), seconds=30, what=f"node {name} to answer /healthz")
        yield bases | {"worker_log": str(worker_log)}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def accounts(users, residents, settings):
    """The resident (张三's account, with a phone for the SMS copy) and 文化路's worker, with passwords
    hashed as the nodes hash them (the suite's fast hasher is not in their settings)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for name in ("resident", "worker_wenhualu"):
        users[name].set_password(PASSWORD)
        users[name].phone = "13800001234"
        users[name].save()
    # An item with no materials to upload and no conditions: the nodes, not the service hall's rules,
    # are under test.
    ServiceItem.objects.create(
        code="YB-CBDJ",
        name="城乡居民医保参保登记",
        kind=ItemKind.GOVERNMENT,
        department="ybj",
        handled_at=HandledAt.VILLAGE,
        channel=Channel.BOTH,
        promised_days=10,
        statutory_days=20,
    )
    return users


def test_a_session_opened_on_one_node_is_valid_on_the_other(nodes, accounts):
    worker = Browser()
    worker.log_in(nodes["a"], "worker_wenhualu")
    landed, page = worker.get(nodes["b"], "/work/")
    assert landed == "/work/" and "文化路" in page

    stranger_landed, _ = Browser().get(nodes["b"], "/work/")
    assert stranger_landed.startswith("/accounts/login/")

    worker.post(nodes["b"], "/accounts/logout/", {})
    after_logout, _ = worker.get(nodes["a"], "/work/")
    assert after_logout.startswith("/accounts/login/")  # the session ended on every node


def test_a_task_queued_by_one_node_runs_on_the_worker_and_shows_on_the_other(nodes, accounts, residents):
    resident = Browser()
    resident.log_in(nodes["a"], "resident")
    landed, _ = resident.post(nodes["a"], "/services/items/YB-CBDJ/apply/", {"applicant": residents["zhangsan"].pk})
    assert landed.startswith("/services/applications/")
    notification = Notification.objects.get(recipient=accounts["resident"])
    task = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert task.args_kwargs["kwargs"] == {"notification_id": notification.pk}

    def finished() -> bool:
        task.refresh_from_db()
        return task.status in ("SUCCESSFUL", "FAILED")

    _wait_until(finished, seconds=60, what="the worker to run the notification task")
    assert task.status == "SUCCESSFUL", task.traceback
    worker_output = Path(nodes["worker_log"]).read_text()
    assert f"SMS to user {accounts['resident'].pk}: {notification.title}" in worker_output

    _, inbox = resident.get(nodes["b"], "/inbox/")
    assert notification.title in inbox
