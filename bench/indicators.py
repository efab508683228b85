"""Plan monitoring: every indicator for every region of the demo county (the county, its townships
and every village-level unit), computed live from the demo registries, with the query count.

    .venv/bin/python bench/indicators.py --database postgres://postgres@127.0.0.1:5432/shequ_h12_bench

It loads the demo county's divisions, figures, facilities and workers (once), then runs the engine
ROUNDS times after two warm-up passes: p50, p95, max and the number of queries of one pass.
Target: under 100 ms for the county. Results go to bench/results/indicators-<backend>.md.
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
COUNTY = "652327"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="postgres://… or sqlite")
    args = parser.parse_args()
    backend = setup_django(args.database)

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


if __name__ == "__main__":
    main()
