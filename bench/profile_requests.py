"""Python time per request of the main endpoints, in process, under the production settings.

    .venv/bin/python bench/profile_requests.py [--database URL] [--only "queue page, county;…"]
                                               [--requests 20] [--profile "queue page, county"]

Where bench/load.py measures throughput under wrk (and so the whole machine, which other work may
load), this measures what one request costs the application process: CPU milliseconds (process time,
which other processes on the machine do not inflate), wall milliseconds and SQL queries per request,
through Django's test client with SHEQU_DEBUG=0 on PostgreSQL + Redis with the load benchmark's data
(100,000 applications, built once by bench/load.py's builder and kept in --database for later runs).
With --profile, cProfile's top functions of that endpoint are printed too: the way to see where the
time of a slow endpoint goes before changing it, and to compare before/after of each change.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / ".ci"), str(ROOT / "bench")]

DEFAULT_DATABASE = os.environ.get("SHEQU_BENCH_PROFILE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench_profile")
DEFAULT_CACHE = os.environ.get("SHEQU_BENCH_PROFILE_CACHE_URL", "redis://127.0.0.1:6379/12")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL URL; created and filled if empty")
    parser.add_argument("--cache-url", default=DEFAULT_CACHE)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="measured requests per endpoint (after 3 unmeasured)")
    parser.add_argument("--only", default="", help="endpoint names separated by ; (default: all)")
    parser.add_argument("--profile", default="", help="an endpoint name: print its cProfile top functions")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one request of each endpoint")
    options = parser.parse_args()

    os.environ.update(
        SHEQU_DEBUG="0",
        SHEQU_SECRET_KEY=secrets.token_urlsafe(50),
        SHEQU_ALLOWED_HOSTS="testserver,127.0.0.1",
        SHEQU_DATABASE_URL=options.database,
        SHEQU_CACHE_URL=options.cache_url,
        SHEQU_DATABASE_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    _database_ensure(options.database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages name their hashed static files
    data = _data(options.applications)
    only = {name.strip() for name in options.only.split(";") if name.strip()}
    rows = []
    for name, path, who in _endpoints(data):
        if only and name not in only:
            continue
        rows.append(
            _measure(name, path, who, options.requests, profile=name == options.profile, show_queries=options.queries)
        )
    print("\n| endpoint | CPU ms / request | wall ms | queries |\n| --- | ---: | ---: | ---: |")
    for name, cpu, wall, queries in rows:
        print(f"| {name} | {cpu:.1f} | {wall:.1f} | {queries} |")
    return 0


def _database_ensure(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _data(applications: int) -> dict:
    """The load benchmark's accounts and rows, built on the first run only."""
    from load import build_data

    from shequ.accounts.models import User
    from shequ.services.models import Application

    if Application.objects.count() < applications:
        started = time.monotonic()
        build_data(dict(os.environ), applications, secrets.token_urlsafe(16))
        print(f"data built in {time.monotonic() - started:.0f} s", flush=True)
    village = User.objects.get(username="bench_worker")
    return {
        "users": {
            "village": village,
            "township": User.objects.get(username="bench_township"),
            "county": User.objects.get(username="bench_county"),
            "resident": User.objects.get(username="bench_resident"),
        },
        "detail": Application.objects.for_user(village).order_by("pk").values_list("pk", flat=True).first(),
    }


def _endpoints(data: dict) -> list[tuple[str, str, object]]:
    users = data["users"]
    token = "token"
    return [
        ("portal (anonymous)", "/", None),
        ("catalogue page", "/services/", None),
        ("GET /api/v1/services/", "/api/v1/services/", None),
        ("resident's applications", "/services/applications/", users["resident"]),
        ("queue page, village", "/work/applications/", users["village"]),
        ("queue page, township", "/work/applications/", users["township"]),
        ("queue page, county", "/work/applications/", users["county"]),
        ("GET /api/v1/applications/, village", "/api/v1/applications/", (token, users["village"])),
        ("GET /api/v1/applications/, county", "/api/v1/applications/", (token, users["county"])),
        ("GET /api/v1/applications/{id}/", f"/api/v1/applications/{data['detail']}/", (token, users["village"])),
    ]


def _client(who):
    from django.test import Client

    from shequ.accounts.tokens import token_issue

    if isinstance(who, tuple):
        return Client(headers={"Authorization": f"Token {token_issue(user=who[1]).key}"})
    client = Client()
    if who is not None:
        client.force_login(who)
    return client


def _measure(name: str, path: str, who, requests: int, *, profile: bool, show_queries: bool) -> tuple:
    from django.db import connection

    client = _client(who)
    extra = {"headers": {"X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}, "secure": True}
    for _ in range(3):
        answer = client.get(path, **extra)
        if answer.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {answer.status_code} {answer.get('Location', '')}")
    queries = []  # counted by a wrapper: the request's start clears Django's own query log

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        client.get(path, **extra)
    if show_queries:
        print(f"\n--- {name}: {len(queries)} queries ---", *queries, sep="\n")
    profiler = cProfile.Profile() if profile else None
    cpu, wall = [], []
    for _ in range(requests):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        client.get(path, **extra)
        if profiler:
            profiler.disable()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(f"\n--- {name} ({requests} requests, cumulative) ---\n{out.getvalue()}")
    print(f"{name}: {statistics.median(cpu) * 1000:.1f} ms CPU, {len(queries)} queries", flush=True)
    return name, statistics.median(cpu) * 1000, statistics.median(wall) * 1000, len(queries)


if __name__ == "__main__":
    sys.exit(main())
