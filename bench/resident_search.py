"""Resident search over a million persons: how long one page of search results takes.

What it measures: the real selector, `person_list(user=..., query=q)`, evaluated the way the
resident list page evaluates it (a paginator): `qs.count()` for the total, then `list(qs[:20])`
for the first page (which also runs the prefetch of care tags). Two users search: a county staff
member who sees the whole county and a village worker bound to one community. Query kinds, about
200 different queries each, all drawn deterministically from the loaded rows:

    surname       the first character of a real name (王, 阿 …) — the broad case
    name_prefix   a surname and one given character of a real three-character Han/Hui name (王建)
    full_name     a real full name
    initials      the first 2 or 3 pinyin initials of a real name (zs, zjg)
    id_tail_4     the last 4 characters of a real ID number
    id_tail_6     the last 6 characters of a real ID number

Each query runs in two warm-up passes (--warm-up), then once timed with time.perf_counter; the
report gives p50, p95 and max per kind and user, split into count and page, with the average
number of matches.
Kinds whose p95 misses the 50 ms target get the plans of their broadest query (the one with the
most matches) appended: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.

Data: when the person table holds fewer than --persons rows, the rest is generated with DemoPeople
(seeded, so the same rows every time) over the 90 village-level units of Jimsar and inserted in
transactions of 10,000 households (COPY on PostgreSQL, executemany on SQLite); a later run reuses
what is there and only tops up.

Run (or `make bench`, which does both):

    .venv/bin/python bench/resident_search.py --database sqlite
    .venv/bin/python bench/resident_search.py --database postgres://postgres@127.0.0.1:5432/shequ_bench

`sqlite` means var/bench/resident_search.sqlite3, never the development database; a PostgreSQL
database that does not exist yet is created. Results go to bench/results/resident_search-<backend>.md.
"""

import argparse
import itertools
import math
import os
import platform
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = ROOT / "var" / "bench" / "resident_search.sqlite3"
RESULTS_DIR = ROOT / "bench" / "results"

COUNTY = "652327"
VILLAGE_UNIT = "652327100003"  # 文化路社区, the village worker's community
SEED = 652327
# Ages and birth dates are counted from this day, so the generated rows do not change from day to day.
TODAY = date(2025, 12, 31)
# Relative number of households per village-level unit: towns' communities are the big ones.
UNIT_WEIGHTS = {"community": 5.0, "village": 1.5, "other": 0.5}
HOUSEHOLDS_PER_TRANSACTION = 10_000

TARGET_MS = 50.0
PAGE_SIZE = 20
HAN_OR_HUI = ("01", "03")

KINDS = {
    "surname": "1st character (surname)",
    "name_prefix": "surname + 1 given character",
    "full_name": "full name",
    "initials": "pinyin initials (2–3 letters)",
    "id_tail_4": "ID number, last 4",
    "id_tail_6": "ID number, last 6",
}


# --- Setup -------------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' or a postgres://… URL")
    parser.add_argument("--persons", type=int, default=1_000_000, help="persons the table should hold")
    parser.add_argument("--queries", type=int, default=200, help="different queries per kind and user")
    parser.add_argument("--warm-up", type=int, default=2, help="untimed passes before the timed one")
    return parser.parse_args()


def database_url(database: str, *, sqlite_file: Path = SQLITE_FILE) -> tuple[str, str]:
    """The URL for SHEQU_DATABASE_URL and the backend name used in the results file; each benchmark
    names its own SQLite file, so that one's data never lands in another's."""
    if database == "sqlite":
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{sqlite_file}", "sqlite"
    if database.startswith(("postgres://", "postgresql://")):
        return database, "postgresql"
    raise SystemExit(f"--database must be 'sqlite' or a postgres:// URL, not {database!r}")


def postgres_database_ensure(url: str) -> None:
    """Create the database named in `url` unless it exists, connecting to the `postgres` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def django_setup(url: str) -> None:
    os.environ["SHEQU_DATABASE_URL"] = url
    os.environ["SHEQU_DEBUG"] = "1"  # development settings: no secret key needed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # DEBUG makes every cursor record its SQL; that would slow the load and add to every timing.
    settings.DEBUG = False
    call_command("migrate", interactive=False, verbosity=0)


# --- Data --------------------------------------------------------------------------------------------


@dataclass
class Load:
    persons: int  # in the table after the load
    created: int  # by this run
    seconds: float


def persons_top_up(target: int) -> Load:
    """Generate and insert persons until the table holds `target` of them."""
    from django.db import connection, transaction

    from shequ.demo.bulk import PrimaryKeys, sequences_reset
    from shequ.residents.models import Household, Person, PersonTag

    existing = Person.objects.count()
    if existing >= target:
        statistics_refresh()  # a migration may have rewritten the table since the last run
        return Load(persons=existing, created=0, seconds=0.0)
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA cache_size = -1000000")  # 1 GB while loading; reset on close
    units, cum_weights = units_weighted()
    people = demo_people()
    next_household = Household.objects.filter(number__startswith="B").count()
    keys = PrimaryKeys()
    created = 0
    print(f"loading {target - existing:,} persons …", flush=True)
    while existing + created < target:
        with transaction.atomic():
            households, persons = chunk_insert(
                people, units, cum_weights, keys, first=next_household, persons_wanted=target - existing - created
            )
        next_household += households
        created += persons
        elapsed = time.perf_counter() - started
        print(f"  {existing + created:>9,} persons  {elapsed:6.1f} s", flush=True)
    sequences_reset([Household, Person, PersonTag])
    statistics_refresh()
    connection.close()
    return Load(persons=existing + created, created=created, seconds=time.perf_counter() - started)


def units_weighted() -> tuple[list, list[float]]:
    """The county's village-level units and cumulative weights to spread households over them."""
    from shequ.regions.codes import Level
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import

    divisions_import(directory=JIMSAR_DIVISIONS, under=COUNTY)
    units = list(Region.objects.filter(code__prefix=COUNTY, level=Level.VILLAGE).order_by("code"))
    return units, list(itertools.accumulate(UNIT_WEIGHTS[unit.kind] for unit in units))


def demo_people():
    """One generator for the whole load; it knows the ID numbers already in the table."""
    from shequ.residents.demo import DemoPeople
    from shequ.residents.models import Person

    people = DemoPeople(seed=SEED, today=TODAY)
    people.used_ids.update(
        Person.objects.exclude(id_number="").values_list("id_number", flat=True).iterator(chunk_size=50_000)
    )
    return people


def chunk_insert(people, units, cum_weights, keys, *, first: int, persons_wanted: int) -> tuple[int, int]:
    """Insert households numbered from `first` (at most one transaction's worth) and their members.

    Household n is generated from its own seed, so a top-up continues exactly where the last run
    stopped. Persons are built by demo_person_model, as for the demo county and generate_synthetic,
    and written by COPY / executemany (shequ.demo.bulk). Returns (households, persons) inserted.
    """
    from shequ.demo.bulk import rows_insert
    from shequ.residents.demo import demo_person_model
    from shequ.residents.models import Household, Person, PersonTag

    households, persons, tags = [], [], []
    for number in range(first, first + HOUSEHOLDS_PER_TRANSACTION):
        if persons_wanted <= 0:
            break
        people.rng.seed(SEED * 1_000_000_000 + number)
        unit = people.rng.choices(units, cum_weights=cum_weights)[0]
        urban = unit.kind == "community"
        address = people.address(urban=urban, unit_name=unit.short_name, number=number + 1)
        household = Household(
            pk=keys.next(Household), region=unit, number=f"B{number:07d}", address=address, is_demo=True
        )
        households.append(household)
        for member in people.household(urban=urban)[:persons_wanted]:
            person = demo_person_model(member, household=household)
            person.pk = keys.next(Person)
            persons.append(person)
            tags += [
                PersonTag(pk=keys.next(PersonTag), person_id=person.pk, tag=tag) for tag in dict.fromkeys(member.tags)
            ]
            persons_wanted -= 1
    rows_insert(Household, households)
    rows_insert(Person, persons)
    rows_insert(PersonTag, tags)
    return len(households), len(persons)


def statistics_refresh() -> None:
    """Fresh planner statistics after a load (and, on PostgreSQL, a visibility map)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("regions_region", "residents_household", "residents_person", "residents_persontag"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")


# --- Queries -----------------------------------------------------------------------------------------


def bench_users() -> dict[str, object]:
    """Unsaved accounts: scope needs only the role and the region they are bound to."""
    from shequ.accounts.models import Department, Role, User
    from shequ.regions.models import Region

    county = User(
        username="bench_county",
        role=Role.COUNTY_STAFF,
        region=Region.objects.get(code=COUNTY),
        department=Department.CIVIL_AFFAIRS,
    )
    village = User(username="bench_village", role=Role.VILLAGE_WORKER, region=Region.objects.get(code=VILLAGE_UNIT))
    return {"county_staff (county)": county, f"village_worker ({VILLAGE_UNIT})": village}


@dataclass(frozen=True)
class Row:
    pk: int
    name: str
    ethnicity: str
    name_initials: str
    id_number: str


def query_of(kind: str, row: Row) -> str | None:
    """The query of `kind` that `row` suggests, or None when the row has none."""
    if kind == "surname":
        return row.name[0]
    if kind == "name_prefix":
        return row.name[:2] if row.ethnicity in HAN_OR_HUI and len(row.name) == 3 else None
    if kind == "full_name":
        return row.name
    if kind == "initials":
        letters = 2 + row.pk % 2
        return row.name_initials[:letters] if len(row.name_initials) >= letters else None
    if kind == "id_tail_4":
        return row.id_number[-4:] or None
    if kind == "id_tail_6":
        return row.id_number[-6:] or None
    raise ValueError(kind)


def queries_draw(user, per_kind: int) -> dict[str, list[str]]:
    """About `per_kind` queries of each kind, from rows sampled (seeded) within the user's scope."""
    from shequ.residents.models import Person

    ids = list(Person.objects.for_user(user).order_by("pk").values_list("pk", flat=True))
    sample = random.Random(SEED).sample(ids, min(len(ids), per_kind * 10))
    by_pk = {
        values[0]: Row(*values)
        for values in Person.objects.filter(pk__in=sample).values_list(
            "pk", "name", "ethnicity", "name_initials", "id_number"
        )
    }
    rows = [by_pk[pk] for pk in sample]
    drawn = {}
    for kind in KINDS:
        queries = (query_of(kind, row) for row in rows)
        drawn[kind] = list(itertools.islice((query for query in queries if query), per_kind))
    return drawn


@dataclass
class Timing:
    query: str
    matched: int
    count_ms: float
    page_ms: float

    @property
    def total_ms(self) -> float:
        return self.count_ms + self.page_ms


def page_evaluate(user, query: str) -> Timing:
    """What the resident list does for one search: count the matches, fetch the first page."""
    from shequ.residents.selectors import person_list

    started = time.perf_counter()
    persons = person_list(user=user, query=query)
    matched = persons.count()
    counted = time.perf_counter()
    page = list(persons[:PAGE_SIZE])
    finished = time.perf_counter()
    assert len(page) == min(matched, PAGE_SIZE)
    return Timing(query, matched, (counted - started) * 1000, (finished - counted) * 1000)


def kind_measure(user, queries: list[str], warm_up: int) -> list[Timing]:
    for _ in range(warm_up):
        for query in queries:
            page_evaluate(user, query)
    return [page_evaluate(user, query) for query in queries]


# --- Report ------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


@dataclass
class Result:
    user: str
    kind: str
    timings: list[Timing] = field(default_factory=list)

    def stat(self, share: float, part: str = "total_ms") -> float:
        return percentile([getattr(timing, part) for timing in self.timings], share)

    @property
    def broadest(self) -> Timing:
        """The query with the most matches: its plan shows what the kind costs (the slowest single
        timing is as often a hiccup of a busy machine)."""
        return max(self.timings, key=lambda timing: (timing.matched, timing.total_ms))

    @property
    def meets_target(self) -> bool:
        return self.stat(0.95) < TARGET_MS


def results_table(results: list[Result]) -> str:
    lines = [
        "| user | query kind | queries | matched avg | matched max | p50 ms | p95 ms | max ms "
        "| count p95 ms | page p95 ms | p95 < 50 ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for result in results:
        matched = [timing.matched for timing in result.timings]
        lines.append(
            f"| {result.user} | {KINDS[result.kind]} | {len(result.timings)} "
            f"| {sum(matched) / len(matched):,.1f} | {max(matched):,} "
            f"| {result.stat(0.5):.1f} | {result.stat(0.95):.1f} | {result.stat(1.0):.1f} "
            f"| {result.stat(0.95, 'count_ms'):.1f} | {result.stat(0.95, 'page_ms'):.1f} "
            f"| {'yes' if result.meets_target else '**no**'} |"
        )
    return "\n".join(lines)


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}; "
        f"{connection.vendor} {version.split(' on ')[0]}"
    )


def plans_of(user, query: str) -> list[tuple[str, str]]:
    """(SQL, plan) of each statement one search runs: count, page, prefetch of tags."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page_evaluate(user, query)
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    plans = []
    with connection.cursor() as cursor:
        for statement in captured:
            cursor.execute(prefix + statement["sql"])
            rows = cursor.fetchall()
            plan = "\n".join(row[0] for row in rows) if connection.vendor == "postgresql" else sqlite_plan(rows)
            plans.append((statement["sql"], plan))
    return plans


def sqlite_plan(rows) -> str:
    """EXPLAIN QUERY PLAN rows (id, parent, -, detail) as an indented tree."""
    depth = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)


def plans_section(users: dict, results: list[Result]) -> str:
    missed = [result for result in results if not result.meets_target]
    if not missed:
        return ""
    parts = ["## Plans of the broadest query of each kind over target", ""]
    for result in missed:
        broadest = result.broadest
        parts += [
            f"### {result.user}, {KINDS[result.kind]}: `{broadest.query}` "
            f"({broadest.matched:,} matches, {broadest.total_ms:.1f} ms when timed)",
            "",
        ]
        for sql, plan in plans_of(users[result.user], broadest.query):
            parts += ["```sql", sql, "```", "```", plan, "```", ""]
    return "\n".join(parts)


@dataclass
class Run:
    backend: str
    load: Load
    warm_up: int
    load_averages: list[float] = field(default_factory=list)  # 1-minute load average before and after timing


def report(run: Run, users: dict, results: list[Result]) -> str:
    load = run.load
    loaded = (
        f"{load.created:,} persons generated and inserted in {load.seconds:.1f} s"
        if load.created
        else "none: the data of an earlier run were reused"
    )
    header = [
        f"# Resident search, {run.backend}",
        "",
        f"- Date: {datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}",
        f"- Load average (1 min) before / after timing: {' / '.join(f'{value:.2f}' for value in run.load_averages)}",
        f"- Persons: {load.persons:,}",
        f"- Load this run: {loaded}",
        f"- Each query: `person_list(user, query)` → `count()` + first {PAGE_SIZE} rows (with tag prefetch); "
        f"{run.warm_up} warm-up passes, then one timed pass",
        "",
        results_table(results),
        "",
    ]
    return "\n".join(header) + "\n" + plans_section(users, results)


# --- Main --------------------------------------------------------------------------------------------


def main() -> None:
    args = arguments()
    url, backend = database_url(args.database)
    if backend == "postgresql":
        postgres_database_ensure(url)
    django_setup(url)
    load = persons_top_up(args.persons)
    print(f"persons: {load.persons:,}; loaded this run: {load.created:,} in {load.seconds:.1f} s", flush=True)
    run = Run(backend, load, args.warm_up, [os.getloadavg()[0]])
    users = bench_users()
    results = []
    for label, user in users.items():
        for kind, queries in queries_draw(user, args.queries).items():
            result = Result(label, kind, kind_measure(user, queries, args.warm_up))
            print(f"  {label:<34} {kind:<12} p95 {result.stat(0.95):7.1f} ms", flush=True)
            results.append(result)
    run.load_averages.append(os.getloadavg()[0])
    text = report(run, users, results)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"resident_search-{backend}.md").write_text(text + "\n", encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()
