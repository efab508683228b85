"""Payment list (发放名册): the monthly list of 100,000 benefits in payment, and its bank export.

What it measures, through the real selectors and the export writer, for a county 民政局 staff
member (the whole county) and the month MONTH:

    totals      payment_totals(payment_list(...)): the totals per unit and township the page shows
    first_page  the page's first 50 rows (with person, item and unit)
    api_page    the first keyset page of GET /api/v1/disbursements/ (20 rows), as the view reads it
    export      payment_list_write(...): every row streamed into an .xlsx (openpyxl write-only) on disk

each at 10,000 and at 100,000 benefits (--sizes), so that the export's memory can be seen not to
grow with the rows: its peak is measured in a separate pass under tracemalloc (Python allocations,
which the timing pass does not pay for), and the process's peak RSS is reported too. Target: the
export of 100,000 rows under 10 s.

Data: old persons (born 1920–1946) spread over the county's 90 units, each with one completed
高龄津贴 application and its benefit from January 2026, written with the same bulk writer as the
other benchmarks; a suspension for every 50th. A later run reuses what is there and tops it up.

    .venv/bin/python bench/payment_list.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_payments

Results go to bench/results/payment_list-<backend>.md.
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service_hall import ROOT, ensure_postgres_database

SQLITE_FILE = ROOT / "var" / "bench" / "payment_list.sqlite3"
RESULTS_DIR = ROOT / "bench" / "results"
MONTH = date(2026, 6, 1)
FIRST_MONTH = date(2026, 1, 1)
APPROVED_ON = date(2025, 12, 15)
ROUNDS = 5
OLDEST = date(1920, 1, 1)
BIRTH_DAYS = 27 * 365


def setup_django(database: str) -> str:
    if database == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{SQLITE_FILE}"
    else:
        url = database
        ensure_postgres_database(url)
    os.environ["SHEQU_DATABASE_URL"] = url
    os.environ["SHEQU_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def _id_number(index: int) -> tuple[str, date]:
    """A valid, unique ID number of the county and its birth date for the index-th person."""
    from shequ.residents.id_numbers import check_character

    birth = OLDEST + timedelta(days=index % BIRTH_DAYS)
    body = f"652327{birth:%Y%m%d}{index // BIRTH_DAYS:03d}"
    return body + check_character(body), birth


def load(target: int, staff) -> float:
    """Top the county up to `target` benefits; the seconds it took."""
    from django.db import connection
    from django.utils import timezone

    from shequ.benefits.demo import demo_rates_seed
    from shequ.benefits.models import Benefit, BenefitSuspension, SuspensionReason
    from shequ.demo.bulk import PrimaryKeys, rows_insert, sequences_reset, statistics_refresh
    from shequ.regions.models import Region
    from shequ.residents.models import Household, Person
    from shequ.services.models import Application, ServiceItem

    demo_rates_seed()
    existing = Benefit.objects.count()
    if existing >= target:
        return 0.0
    started = time.perf_counter()
    units = list(Region.objects.filter(level="village").order_by("code"))
    item = ServiceItem.objects.get(code="MZ-GLJT")
    keys = PrimaryKeys()
    completed_at = timezone.make_aware(datetime.combine(APPROVED_ON, time_of_day(10)))
    for start in range(existing, target, 5000):
        households, persons, applications, benefits, suspensions = [], [], [], [], []
        for index in range(start, min(start + 5000, target)):
            unit = units[index % len(units)]
            household = Household(pk=keys.next(Household), region=unit, number=f"B{index:07d}", address="演示地址")
            id_number, birth = _id_number(index)
            person = Person(
                pk=keys.next(Person),
                household=household,
                **household.placement(),
                name=f"居民{index}",
                name_pinyin=f"jumin{index}",
                name_initials="jm",
                gender="M",
                birth_date=birth,
                ethnicity="01",
                relation="head",
                id_number=id_number,
                id_tail_reversed=id_number[-6:][::-1],
            )
            application = Application(
                pk=keys.next(Application),
                number=f"PAY{index:09d}",
                service=item,
                applicant=person,
                **Application.placement(applicant=person, service=item),
                submitted_by=staff,
                channel="window",
                status="completed",
                submitted_at=completed_at,
                clock_started_on=APPROVED_ON,
                completed_at=completed_at,
            )
            benefit = Benefit(
                pk=keys.next(Benefit),
                person=person,
                service=item,
                application=application,
                region=unit,
                scope_code=person.scope_code,
                department=item.department,
                amount=100,
                first_month=FIRST_MONTH,
                status="suspended" if index % 50 == 0 else "active",
            )
            households.append(household)
            persons.append(person)
            applications.append(application)
            benefits.append(benefit)
            if index % 50 == 0:
                suspensions.append(
                    BenefitSuspension(
                        pk=keys.next(BenefitSuspension),
                        benefit=benefit,
                        from_month=date(2026, 3, 1),
                        reason=SuspensionReason.DEATH,
                        event_on=date(2026, 2, 10),
                        created_by=staff,
                    )
                )
        for model, rows in (
            (Household, households),
            (Person, persons),
            (Application, applications),
            (Benefit, benefits),
            (BenefitSuspension, suspensions),
        ):
            rows_insert(model, rows)
    models = [Household, Person, Application, Benefit, BenefitSuspension]
    sequences_reset(models)
    if connection.vendor == "postgresql":
        statistics_refresh(models)
    return time.perf_counter() - started


def measure(user, size: int) -> dict:
    """The first `size` benefits loaded (a database loaded further for a larger size still measures
    the smaller one alike)."""
    from shequ.benefits.models import Benefit
    from shequ.benefits.selectors import payment_list, payment_totals
    from shequ.benefits.spreadsheets import payment_list_write

    bound = Benefit.objects.order_by("pk").values_list("pk", flat=True)[size - 1]

    def rows():
        return payment_list(user=user, month=MONTH).filter(pk__lte=bound)

    def export():
        with tempfile.TemporaryFile() as file:
            payment_list_write(rows=rows(), month=MONTH, file=file)
            return file.tell()

    works = {
        "totals": lambda: payment_totals(rows()),
        "first_page": lambda: list(rows().select_related("person", "service", "region")[:50]),
        "api_page": lambda: list(rows().select_related("person", "service", "region")[:21]),
        "export": export,
    }
    results = {"rows": rows().count()}
    for label, work in works.items():
        work()  # warm-up
        timings = []
        for _ in range(ROUNDS if label != "export" else 2):
            started = time.perf_counter()
            work()
            timings.append(time.perf_counter() - started)
        results[label] = statistics.median(timings)
    tracemalloc.start()
    results["export_bytes"] = export()
    results["export_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    results["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def report(vendor: str, measured: list[tuple[int, float, dict]]) -> str:
    lines = [
        f"# Payment list benchmark — {vendor}",
        "",
        f"{date.today().isoformat()}, {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}. Month {MONTH:%Y-%m}, county 民政局 staff (the whole county); "
        "every 50th benefit suspended.",
        "",
        "| benefits | paid rows | load s | totals ms | first page ms | API page ms | export s | export MB "
        "| export peak MB (tracemalloc) | process max RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, load_seconds, result in measured:
        lines.append(
            f"| {size:,} | {result['rows']:,} | {load_seconds:.1f} | {result['totals'] * 1000:.0f} "
            f"| {result['first_page'] * 1000:.0f} | {result['api_page'] * 1000:.0f} | {result['export']:.2f} "
            f"| {result['export_bytes'] / 2**20:.1f} | {result['export_peak_mb']:.1f} | {result['max_rss_mb']:.0f} |"
        )
    lines += [
        "",
        "Times are medians (5 rounds, the export 2) after a warm-up. The export's peak is the Python memory "
        "allocated while writing it; the process's max RSS only ever grows, so it includes the load. "
        f"Load average when the run ended: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", help="sqlite, or a postgres:// URL")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated benefit counts, ascending")
    options = parser.parse_args()
    vendor = setup_django(options.database)
    from shequ.accounts.models import Department, Role, User
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import
    from shequ.services.catalogue import catalogue_load

    divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
    catalogue_load()
    staff, _ = User.objects.get_or_create(
        username="bench_payments",
        defaults={
            "role": Role.COUNTY_STAFF,
            "region": Region.objects.get(code="652327"),
            "department": Department.CIVIL_AFFAIRS,
        },
    )
    measured = []
    for size in sorted(int(size) for size in options.sizes.split(",")):
        load_seconds = load(size, staff)  # 0 when the database holds enough already
        measured.append((size, load_seconds, measure(staff, size)))
    text = report(vendor, measured)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"payment_list-{'sqlite' if vendor == 'sqlite' else 'postgresql'}.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
