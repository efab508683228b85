import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shequ.demo.synthetic import SCALES, synthetic_generate


class Command(BaseCommand):
    help = (
        "Generate synthetic households, persons, applications and ratings for the village-level units "
        "of a county, prefecture, region or all of China (see shequ/demo/synthetic.py). Reproducible "
        "with --seed; units that already hold households are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--seed", type=int, default=2026, help="the same seed gives the same rows")
        parser.add_argument("--under", help="only the units under this code (within the scale's root)")
        parser.add_argument("--fraction", type=float, default=1.0, help="share of each unit's households (0–1]")
        parser.add_argument("--limit-units", type=int, help="stop after this many units")
        parser.add_argument("--force", action="store_true", help="run even with SHEQU_DEBUG off")

    def handle(self, *args, scale, seed, under, fraction, limit_units, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to write synthetic residents while SHEQU_DEBUG is off; "
                "pass --force if this really is a test or benchmark server."
            )
        if not 0 < fraction <= 1:
            raise CommandError("--fraction must be greater than 0 and at most 1.")
        root = SCALES[scale].root
        if under and not under.startswith(root):
            raise CommandError(f"--under {under} is not within the {scale} scale's root {root}.")
        started = time.perf_counter()

        def progress(summary):
            self.stdout.write(
                f"  {summary.units:,} units, {summary.persons:,} persons, {summary.applications:,} applications "
                f"({time.perf_counter() - started:.0f} s)"
            )

        summary = synthetic_generate(
            scale=scale, seed=seed, under=under, fraction=fraction, limit_units=limit_units, progress=progress
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{scale}: {summary.units:,} units filled ({summary.skipped_units:,} already held households), "
            f"{summary.grids:,} grids, {summary.households:,} households, {summary.persons:,} persons, "
            f"{summary.tags:,} care tags, {summary.applications:,} applications, {summary.ratings:,} ratings, "
            f"{summary.rectifications:,} rectifications — {summary.rows:,} rows in "
            f"{time.perf_counter() - started:.1f} s, peak memory {peak_mb:.0f} MB"
        )
