"""Load benchmark: every main endpoint of the production profile under gunicorn, driven by wrk.

    make bench-load                      # or: .venv/bin/python bench/load.py [--duration 5] [--workers 2,1]

On a fresh PostgreSQL database (created and dropped) with Redis as the cache, this migrates, collects
the static files, loads 100,000 applications in the county with the service-hall benchmark's data
builder (bench/service_hall.py), and starts the production profile (SHEQU_DEBUG=0) under gunicorn for
each worker count. In the same run it measures two ceilings, each with the same gunicorn options:

    ceiling   /bench/ceiling, a minimal JSON view behind Shequ's whole middleware stack, served by the
              same processes (SHEQU_BENCH_CEILING=1 adds it; production never has it)
    bare      the same view in a bare Django project with Django's default middleware (bench/bare/)

Then wrk (2 threads, 32 connections, --duration seconds each, from its own process on loopback)
drives the portal, the catalogue page and API, a resident's applications, the worker queue page as
village worker, township and county staff, the application list API as village worker and county
staff, an application's detail, a submit and a transition (POSTs over token auth), the ratings
statistics, the residents export and /healthz. Before each run one request checks the answer really
is the logged-in user's page (a marker in its body), so a login page or a redirect cannot pass for
speed. The table (req/s, share of the ceiling, p50, p99, errors: non-2xx/3xx and socket errors) is
printed and written to bench/results/load.md and load.json with the machine, commit and load average.

--middleware-costs instead measures the ceiling once with the whole stack and once without each
middleware in turn (bench/settings_without.py), to see what each costs.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / ".ci"), str(ROOT / "bench")]

import facilities as facilities_bench  # noqa: E402  (bench/ is put on the path just above)
import payment_list  # noqa: E402
import production_server as server  # noqa: E402  (.ci/ is put on the path just above)
import service_hall  # noqa: E402
import workforce as workforce_bench  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
CEILING = "/bench/ceiling"
# Targets of issue 13, as shares of the ceiling measured in the same run.
READ_TARGET, WRITE_TARGET, P99_TARGET_MS, BARE_TARGET = 0.5, 0.25, 200, 0.8
UNIT = "652327100003"  # 文化路社区, the village worker's unit
# People added to that unit for the submit POSTs, one each: enough for both worker counts' runs.
FRESH_APPLICANTS = 5000
# The other registries' lists, at the sizes of their own benchmarks (bench/facilities.py,
# bench/workforce.py) and a tenth of bench/payment_list.py's, so the whole run stays under 10 minutes.
FACILITIES, COMMUNITY_WORKERS, BENEFITS = 10_000, 20_000, 10_000
# An export builds a whole spreadsheet (seconds, not milliseconds): with 32 connections queued on
# two workers no answer came back within the run (0 req/s). It is driven by as many connections as
# there are workers, for at least this long, so its figures are whole answers.
HEAVY_CONNECTIONS, HEAVY_SECONDS = 2, 10


@dataclass
class Endpoint:
    name: str
    path: str
    marker: str  # a text the checked answer must contain (proof of the right user's page)
    who: str = ""  # "" anonymous; a username logged in by session; "token:<username>" over the API
    method: str = "GET"
    body: str = ""
    write: bool = False
    paths: list[str] = field(default_factory=list)  # POSTs that change state: one path per request
    bodies: list[str] = field(default_factory=list)  # …or one body per request (one applicant each)
    status: int = 200
    proxied: bool = True  # sent as from the TLS proxy (X-Forwarded-Proto: https)
    heavy: bool = False  # an export: HEAVY_CONNECTIONS for at least HEAVY_SECONDS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per endpoint")
    parser.add_argument("--warm-up", type=int, default=1, help="unmeasured seconds of wrk before each endpoint")
    parser.add_argument("--workers", default="2,1", help="gunicorn worker counts to run, in order")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache-url", default=os.environ.get("SHEQU_BENCH_CACHE_URL", "redis://127.0.0.1:6379/11"))
    parser.add_argument(
        "--conn-max-age",
        default="60",
        help="SHEQU_DATABASE_CONN_MAX_AGE of the served profile (0: a connection per request)",
    )
    parser.add_argument("--only", default="", help="comma-separated endpoint names (default: all)")
    parser.add_argument("--middleware-costs", action="store_true", help="measure the ceiling without each middleware")
    parser.add_argument("--output", default="load", help="name of the result files under bench/results/")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed (apt-get install wrk; `make bench-load` installs it).")
        return 1
    started = time.monotonic()
    database = f"shequ_bench_load_{os.getpid()}"
    password = secrets.token_urlsafe(16)
    environment = server.production_environment(
        database,
        options.cache_url,
        SHEQU_BENCH_CEILING="1",
        SHEQU_DATABASE_CONN_MAX_AGE=options.conn_max_age,
    )
    _flush_cache(options.cache_url)
    print(f"load benchmark: database {database}, cache {options.cache_url}", flush=True)
    with server.fresh_database(database):
        server.manage(environment, "migrate", "--noinput", "-v", "0")
        server.manage(environment, "collectstatic", "--noinput", "-v", "0")
        data = build_data(environment, options.applications, password)
        print(f"  data: {data['applications']:,} applications, {data['persons']:,} persons", flush=True)
        if options.middleware_costs:
            rows = measure_middleware(environment, options)
            _write(options.output, _middleware_report(rows, options), {"middleware": rows, **_machine()})
            return 0
        runs = {}
        for workers in [int(count) for count in options.workers.split(",")]:
            runs[workers] = measure(environment, options, workers, data, password)
    report = _report(runs, options, data, time.monotonic() - started)
    _write(options.output, report, {"runs": runs, "options": vars(options), **data["summary"], **_machine()})
    return 0


def _flush_cache(url: str) -> None:
    """The cache starts empty: entries of an earlier run name rows of a database that is gone."""
    import redis

    redis.Redis.from_url(url).flushdb()


def build_data(environment: dict[str, str], applications: int, password: str) -> dict:
    """The service hall's 100,000 applications, plus the accounts the endpoints are measured as."""
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from shequ.accounts.models import Role, User
    from shequ.residents.models import Person
    from shequ.services.models import Application, ServiceItem

    loaded = service_hall.load(applications)
    staff = loaded["staff"]
    facilities_bench.load(FACILITIES)
    workforce_bench.load(COMMUNITY_WORKERS)
    payment_list.load(BENEFITS, staff["county"])
    _fresh_applicants_add(FRESH_APPLICANTS)
    person = (
        Person.objects.filter(region__code=UNIT, account__isnull=True, applications__isnull=False)
        .order_by("pk")
        .first()
    )
    resident, _ = User.objects.get_or_create(
        username="bench_resident", defaults={"role": Role.RESIDENT, "region": person.region}
    )
    Person.objects.filter(pk=person.pk).update(account=resident)
    for user in [*staff.values(), resident]:
        user.set_password(password)
        user.save(update_fields=["password"])
    village, county = staff["village"], staff["county"]
    window_item = ServiceItem.objects.filter(active=True, channel__in=["window", "both"]).order_by("code").first()
    detail = Application.objects.for_user(village).order_by("pk").first()
    return {
        "users": {who: user.username for who, user in staff.items()} | {"resident": resident.username},
        "county_department": county.department,
        "submit": {"service": window_item.code, "applicant": person.pk},
        "detail": detail.pk,
        "applications": Application.objects.count(),
        "persons": Person.objects.count(),
        "summary": {
            "applications": Application.objects.count(),
            "persons": Person.objects.count(),
            "load_seconds": round(loaded["load_seconds"], 1),
        },
    }


def _fresh_applicants_add(count: int) -> None:
    """People of the village worker's unit with no application yet: each submit POST applies for the
    next one (a person has one open application of an item at a time)."""
    from django.db import transaction

    from shequ.regions.models import Region
    from shequ.residents.demo import DemoPeople, demo_person_model
    from shequ.residents.models import Household, Person

    unit = Region.objects.get(code=UNIT)
    people = DemoPeople(seed=2027, today=service_hall.TODAY)
    taken = set(Person.objects.exclude(id_number="").values_list("id_number", flat=True))
    with transaction.atomic():
        number = 0
        while number < count:
            member = people.household(urban=True)[0]
            if member.id_number in taken:  # another draw: ID numbers are unique in the registry
                continue
            taken.add(member.id_number)
            household = Household.objects.create(region=unit, number=f"F{number:06d}", address=f"新户{number}号")
            Person.objects.bulk_create([demo_person_model(member, household=household, is_demo=False)])
            number += 1


def _fresh_applicant_bodies(item_code: str) -> list[str]:
    """A submit body for each person of the unit without an open application of the item."""
    from shequ.residents.models import Person
    from shequ.services.workflow import Status

    persons = (
        Person.objects.filter(region__code=UNIT, account__isnull=True)
        .exclude(applications__service__code=item_code, applications__status__in=Status.open_states())
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    return [json.dumps({"service": item_code, "applicant": pk}) for pk in persons]


def _submitted_ids(username: str) -> list[int]:
    """Applications the user may accept now, oldest first: each transition POST takes the next one."""
    from shequ.accounts.models import User
    from shequ.services.models import Application

    user = User.objects.get(username=username)
    # Accepting is the first level's step: the village accepts what waits at the village.
    return list(
        Application.objects.for_user(user)
        .filter(status="submitted", level="village")
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )


def endpoints(data: dict) -> list[Endpoint]:
    users, submit = data["users"], data["submit"]
    village, township, county = users["village"], users["township"], users["county"]
    queue_marker = 'action="/accounts/logout/"'
    return [
        Endpoint("healthz", "/healthz", '"status": "ok"', proxied=False),
        Endpoint("portal (anonymous)", "/", 'href="/services/"'),
        Endpoint("catalogue page", "/services/", 'href="/services/items/'),
        Endpoint("GET /api/v1/services/", "/api/v1/services/", '"bookable"'),
        Endpoint(
            "resident's applications",
            "/services/applications/",
            '<li><a href="/services/applications/',
            users["resident"],
        ),
        Endpoint("queue page, village", "/work/applications/", queue_marker, who=village),
        Endpoint("queue page, township", "/work/applications/", queue_marker, who=township),
        Endpoint("queue page, county", "/work/applications/", queue_marker, who=county),
        Endpoint("GET /api/v1/applications/, village", "/api/v1/applications/", '"results":[{"id"', f"token:{village}"),
        Endpoint("GET /api/v1/applications/, county", "/api/v1/applications/", '"results":[{"id"', f"token:{county}"),
        Endpoint(
            "GET /api/v1/applications/{id}/", f"/api/v1/applications/{data['detail']}/", '"history"', f"token:{village}"
        ),
        Endpoint(
            "POST /api/v1/applications/ (submit)",
            "/api/v1/applications/",
            '"status":"submitted"',
            who=f"token:{village}",
            method="POST",
            body=json.dumps(submit),
            write=True,
            status=201,
        ),
        Endpoint(
            "POST …/{id}/transition/ (accept)",
            "",
            '"status":"accepted"',
            who=f"token:{village}",
            method="POST",
            body=json.dumps({"to": "accepted"}),
            write=True,
        ),
        Endpoint("ratings statistics", "/work/ratings/stats/", queue_marker, who=county),
        Endpoint("residents export", "/work/residents/export.xlsx", "", who=village, heavy=True),
        Endpoint("facilities page, county", "/work/facilities/", queue_marker, who=county),
        Endpoint("GET /api/v1/facilities/, county", "/api/v1/facilities/", '"results":[{', f"token:{county}"),
        Endpoint("community workers page, county", "/work/workers/", queue_marker, who=county),
        Endpoint(
            "GET /api/v1/community-workers/, county", "/api/v1/community-workers/", '"results":[{', f"token:{county}"
        ),
        Endpoint("payment list page, county", "/work/benefits/payments/", queue_marker, who=county),
    ]


def measure(environment: dict[str, str], options, workers: int, data: dict, password: str) -> dict:
    print(f"\n{workers} gunicorn worker(s):", flush=True)
    bare = _serve_and_drive(
        environment | {"DJANGO_SETTINGS_MODULE": "bench.bare.settings"},
        "bench.bare.wsgi",
        workers,
        lambda port: {"bare": _drive(port, Endpoint("bare", CEILING, '"ok"', proxied=False), {}, options)},
    )

    def drive_all(port: int) -> dict:
        results = {"ceiling": _drive(port, Endpoint("ceiling", CEILING, '"ok"'), {}, options)}
        credentials = _log_in(port, data, password)
        only = {name.strip() for name in options.only.split(",") if name.strip()}
        for endpoint in endpoints(data):
            if only and endpoint.name not in only:
                continue
            if endpoint.name.startswith("POST …"):
                endpoint.paths = [
                    f"/api/v1/applications/{pk}/transition/" for pk in _submitted_ids(data["users"]["village"])
                ]
                endpoint.path = endpoint.paths.pop(0)  # the check takes the first
            if endpoint.name.endswith("(submit)"):
                endpoint.bodies = _fresh_applicant_bodies(data["submit"]["service"])
                endpoint.body = endpoint.bodies.pop(0)  # the check takes the first
            results[endpoint.name] = _drive(port, endpoint, credentials, options)
        return results

    results = bare | _serve_and_drive(environment, "config.wsgi", workers, drive_all)
    results["load_average"] = _load_average()
    return results


def _serve_and_drive(environment: dict[str, str], application: str, workers: int, drive) -> dict:
    port = server.free_port()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = server.gunicorn(environment, port, workers=workers, log=log, application=application)
        try:
            if server.wait_for(port, process, CEILING) is None:
                log.seek(0)
                raise SystemExit(f"{application} did not start:\n{log.read()[-4000:]}")
            return drive(port)
        finally:
            server.stop(process)


def _log_in(port: int, data: dict, password: str) -> dict[str, dict[str, str]]:
    """Headers of each user: a session cookie from the login form, or an API token."""
    credentials = {}
    for username in data["users"].values():
        browser = server.Client(port)
        login = browser.request("GET", "/accounts/login/")
        token = login.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        answer = browser.request(
            "POST", "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        if answer.status != 302 or "sessionid" not in browser.cookies:
            raise SystemExit(f"{username} could not log in through the form ({answer.status})")
        credentials[username] = {"Cookie": "; ".join(f"{name}={value}" for name, value in browser.cookies.items())}
        issued = server.Client(port).request(
            "POST",
            "/api/v1/auth/token/",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"username": username, "password": password}),
        )
        credentials[f"token:{username}"] = {"Authorization": f"Token {json.loads(issued.text)['token']}"}
    return credentials


def _drive(port: int, endpoint: Endpoint, credentials: dict, options) -> dict:
    headers = {"Accept-Language": "zh-hans"} | credentials.get(endpoint.who, {})
    if endpoint.proxied:
        headers["X-Forwarded-Proto"] = "https"
    if endpoint.body:
        headers["Content-Type"] = "application/json"
    checked = server.Client(port).request(
        endpoint.method, endpoint.path, headers=headers, body=endpoint.body or None, behind_proxy=False
    )
    if checked.status != endpoint.status or endpoint.marker not in checked.body.decode(errors="replace"):
        raise SystemExit(
            f"{endpoint.name}: {endpoint.method} {endpoint.path} answered {checked.status} without "
            f"{endpoint.marker!r}:\n{checked.body[:2000].decode(errors='replace')}"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_lua(endpoint, headers, options.threads))
        script.flush()
        if options.warm_up and not (endpoint.paths or endpoint.bodies):
            # Each worker's first requests import, compile templates and fill caches: not measured.
            _wrk(port, endpoint, script.name, options, options.warm_up)
        seconds = max(options.duration, HEAVY_SECONDS) if endpoint.heavy else options.duration
        figures = _wrk(port, endpoint, script.name, options, seconds)
    errors = figures["status_errors"] + figures["connect"] + figures["read"] + figures["write"] + figures["timeout"]
    result = {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "requests": figures["requests"],
        "errors": errors,
        "write": endpoint.write,
    }
    print(
        f"  {endpoint.name:40} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p99 {result['p99_ms']:7.1f} ms  errors {errors}",
        flush=True,
    )
    return result


def _wrk(port: int, endpoint: Endpoint, script: str, options, seconds: int) -> dict:
    connections = HEAVY_CONNECTIONS if endpoint.heavy else options.connections
    completed = subprocess.run(
        [
            "wrk",
            f"-t{min(options.threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script,
            f"http://127.0.0.1:{port}{endpoint.path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in completed.stdout.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def _lua(endpoint: Endpoint, headers: dict[str, str], threads: int) -> str:
    """wrk's script: the request (one path per request for state-changing POSTs) and a JSON summary."""
    lines = [f"wrk.method = {_lua_string(endpoint.method)}"]
    lines += [f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}" for name, value in headers.items()]
    if endpoint.body:
        lines.append(f"wrk.body = {_lua_string(endpoint.body)}")
    if endpoint.paths or endpoint.bodies:
        # Each thread takes every n-th path (or body) from its own offset, so no two requests change
        # one record.
        lines += [
            "local paths = {" + ",".join(_lua_string(path) for path in endpoint.paths) + "}",
            "local bodies = {" + ",".join(_lua_string(body) for body in endpoint.bodies) + "}",
            "local created = 0",
            "index = 0",
            "function setup(thread) thread:set('index', created); created = created + 1 end",
            "function request()",
            "  local path = #paths > 0 and paths[(index % #paths) + 1] or nil",
            "  local body = #bodies > 0 and bodies[(index % #bodies) + 1] or nil",
            f"  index = index + {threads}",
            "  return wrk.format(nil, path, nil, body)",
            "end",
        ]
    lines += [
        "function done(summary, latency, requests)",
        "  local e = summary.errors",
        '  io.write(string.format(\'BENCH {"requests": %d, "duration_us": %d, "status_errors": %d, '
        '"connect": %d, "read": %d, "write": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\\n\', '
        "summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout, "
        "latency:percentile(50), latency:percentile(99)))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII escapes is a valid Lua string literal too


def measure_middleware(environment: dict[str, str], options) -> list[dict]:
    from django.conf import settings

    workers = int(options.workers.split(",")[0])
    rows = []
    for dropped in ["", *settings.MIDDLEWARE]:
        variant = environment | {
            "DJANGO_SETTINGS_MODULE": "bench.settings_without",
            "BENCH_WITHOUT_MIDDLEWARE": dropped,
        }
        result = _serve_and_drive(
            variant,
            "config.wsgi",
            workers,
            lambda port, dropped=dropped: _drive(
                port, Endpoint(dropped or "whole stack", CEILING, '"ok"'), {}, options
            ),
        )
        rows.append({"without": dropped, **result})
    return rows


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.strip() + (" (with uncommitted changes)" if dirty.strip() else ""),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_average_at_end": _load_average(),
    }


def _report(runs: dict, options, data: dict, seconds: float) -> str:
    machine = _machine()
    lines = [
        "# Load benchmark — production profile under gunicorn, PostgreSQL + Redis",
        "",
        f"{machine['date']}, commit {machine['commit']}; {machine['cpus']} CPUs ({machine['cpu']}), "
        f"{machine['memory_gb']} GB, Python {machine['python']}.",
        f"{data['summary']['applications']:,} applications and {data['summary']['persons']:,} persons; wrk "
        f"{options.threads} threads, {options.connections} connections, {options.duration} s per endpoint; "
        f"SHEQU_DATABASE_CONN_MAX_AGE={options.conn_max_age}; whole run {seconds:.0f} s.",
        "Targets: reads ≥ 50 % of the ceiling, writes ≥ 25 %, p99 < 200 ms; the ceiling ≥ 80 % of bare Django.",
        f"Exports build a whole spreadsheet each: driven by {HEAVY_CONNECTIONS} connections for "
        f"{max(options.duration, HEAVY_SECONDS)} s (with 32 no answer came back within the run).",
        f"Also {FACILITIES:,} facilities, {COMMUNITY_WORKERS:,} community workers and {BENEFITS:,} benefits.",
    ]
    for workers, results in runs.items():
        ceiling, bare = results["ceiling"]["rps"], results["bare"]["rps"]
        lines += [
            "",
            f"## {workers} worker{'s' if workers > 1 else ''} (load average at the end: {results['load_average']})",
            "",
            f"Ceiling {ceiling:.0f} req/s = {ceiling / bare:.0%} of bare Django's {bare:.0f} req/s "
            f"({'meets' if ceiling / bare >= BARE_TARGET else 'misses'} the 80 % target).",
            "",
            "| endpoint | req/s | share of the ceiling | p50 ms | p99 ms | errors | target |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, result in results.items():
            if name in ("load_average", "bare"):
                continue
            share = result["rps"] / ceiling
            met = share >= (WRITE_TARGET if result["write"] else READ_TARGET) and result["p99_ms"] < P99_TARGET_MS
            lines.append(
                f"| {name} | {result['rps']:.1f} | {share:.0%} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} "
                f"| {result['errors']} | {'met' if met and not result['errors'] else 'missed'} |"
            )
    return "\n".join(lines) + "\n"


def _middleware_report(rows: list[dict], options) -> str:
    machine = _machine()
    whole = rows[0]["rps"]
    lines = [
        "# Middleware costs — the ceiling without each middleware",
        "",
        f"{machine['date']}, commit {machine['commit']}; {machine['cpus']} CPUs, load average at the end "
        f"{machine['load_average_at_end']}; {options.duration} s per run, {options.workers.split(',')[0]} worker(s).",
        "",
        "| without | req/s | vs the whole stack |",
        "| --- | ---: | ---: |",
    ]
    for row in rows:
        lines.append(f"| {row['without'] or '(whole stack)'} | {row['rps']:.0f} | {row['rps'] / whole - 1:+.0%} |")
    return "\n".join(lines) + "\n"


def _write(name: str, markdown: str, figures: dict) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{name}.md").write_text(markdown, "utf-8")
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print("\n" + markdown)


if __name__ == "__main__":
    sys.exit(main())
