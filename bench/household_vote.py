"""Household votes under 50 concurrent voters: exactly one vote counts per household.

What it measures: 文化路社区 with --households households of three adults each, every adult with an
account; one open household motion; every adult votes at once, in random order, from --threads
threads (each its own database connection), through the real service `vote_cast`. Two of each
household's three votes must be refused with `participation.household_voted`, whoever comes first.
Reported: votes per second, p50/p95/max latency of a vote (accepted or refused), and the check that
the motion holds exactly one vote per household.

    .venv/bin/python bench/household_vote.py --database postgres://postgres@127.0.0.1:5432/shequ_bench_votes
    .venv/bin/python bench/household_vote.py --database sqlite

Each run starts from a fresh motion; the households are built once and reused. Results go to
bench/results/household_vote-<backend>.md.
"""

import argparse
import os
import platform
import random
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from resident_search import database_url, django_setup, postgres_database_ensure  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
SQLITE_FILE = ROOT / "var" / "bench" / "household_vote.sqlite3"
UNIT = "652327100003"
SEED = 652327


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' or a postgres://… URL")
    parser.add_argument("--households", type=int, default=500)
    parser.add_argument("--threads", type=int, default=50)
    return parser.parse_args()


def voters_build(households: int) -> list:
    """The accounts of every adult in the benchmark's households (three per household)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from shequ.accounts.models import Role, User
    from shequ.regions.models import Region
    from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import
    from shequ.residents.models import Household, Person

    divisions_import(directory=JIMSAR_DIVISIONS, under="652327")
    unit = Region.objects.get(code=UNIT)
    have = Household.objects.filter(region=unit, number__startswith="V").count()
    with transaction.atomic():
        password = make_password(None)
        for index in range(have, households):
            household = Household.objects.create(region=unit, number=f"V{index:05d}", address=f"投票楼{index}号")
            for member, relation in enumerate(["head", "spouse", "child"]):
                user = User.objects.create(
                    username=f"voter{index}-{member}", role=Role.RESIDENT, region=unit, password=password
                )
                Person.objects.create(
                    household=household,
                    region=unit,
                    name=f"投票人{index}-{member}",
                    gender="M" if member != 1 else "F",
                    birth_date=date(1960 + member * 15, 1, 1),
                    relation=relation,
                    account=user,
                )
    return list(User.objects.filter(username__startswith="voter").select_related("person"))


def motion_fresh():
    from django.utils import timezone

    from shequ.accounts.models import Role, User
    from shequ.deliberation.models import Basis, Majority, MeetingKind
    from shequ.deliberation.services import meeting_create, motion_add, motion_open
    from shequ.regions.models import Region

    unit = Region.objects.get(code=UNIT)
    worker, _ = User.objects.get_or_create(
        username="bench_vote_worker", defaults={"role": Role.VILLAGE_WORKER, "region": unit}
    )
    meeting = meeting_create(
        acting_user=worker,
        unit=unit,
        title="基准测试会议",
        place="活动室",
        starts_at=timezone.now() + timedelta(hours=1),
        agenda="表决",
        kind=MeetingKind.OTHER,
    )
    motion = motion_add(
        acting_user=worker,
        meeting=meeting,
        title="基准表决",
        basis=Basis.HOUSEHOLD,
        quorum_percent=0,
        majority=Majority.SIMPLE,
    )
    return motion_open(acting_user=worker, motion=motion)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    args = arguments()
    url, backend = database_url(args.database, sqlite_file=SQLITE_FILE)
    if backend == "postgresql":
        postgres_database_ensure(url)
    django_setup(url)
    from django.db import connection

    from shequ.core.errors import DomainError
    from shequ.deliberation.models import Vote
    from shequ.deliberation.services import vote_cast

    voters = voters_build(args.households)
    random.Random(SEED).shuffle(voters)
    motion = motion_fresh()
    queue = list(voters)
    lock = threading.Lock()
    timings: list[float] = []
    outcomes = {"accepted": 0, "household_voted": 0, "other": 0}
    start_line = threading.Barrier(args.threads)

    def work() -> None:
        start_line.wait()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    voter = queue.pop()
                started = time.perf_counter()
                try:
                    vote_cast(acting_user=voter, motion=motion, choice="yes")
                    outcome = "accepted"
                except DomainError as refused:
                    outcome = "household_voted" if refused.api_code == "participation.household_voted" else "other"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings.append(elapsed)
                    outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(args.threads)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    votes = Vote.objects.filter(motion=motion).count()
    households = Vote.objects.filter(motion=motion).values("household_id").distinct().count()
    exact = votes == households == args.households and outcomes["household_voted"] == 2 * args.households
    report = "\n".join(
        [
            f"# Household vote under {args.threads} concurrent voters — {backend}",
            "",
            f"{args.households:,} households × 3 adults = {len(voters):,} voters, all at once from {args.threads} "
            f"threads through `vote_cast`; Python {platform.python_version()}, {os.cpu_count()} cores shared with "
            "other jobs.",
            "",
            "| votes tried | accepted | refused (household_voted) | other refusals | votes/s | p50 ms | p95 ms | max ms"
            " | one vote per household |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| {len(timings):,} | {outcomes['accepted']:,} | {outcomes['household_voted']:,} | {outcomes['other']} "
            f"| {len(timings) / seconds:.0f} | {percentile(timings, 0.5):.1f} | {percentile(timings, 0.95):.1f} "
            f"| {max(timings):.1f} | {'yes' if exact else 'NO'} |",
        ]
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"household_vote-{backend}.md").write_text(report + "\n")
    print(report)
    if not exact:
        raise SystemExit("more or fewer than one vote per household")


if __name__ == "__main__":
    main()
