"""Run monthly (cron, like the other scheduled commands): keep this month's figures of every plan
that covers the date, so the dashboard has a trend. With --year-end, take the year-end snapshot
(31 December) that the county administrator then freezes on the page."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shequ.monitoring.models import PlanVersion, SnapshotKind
from shequ.monitoring.services import snapshot_take


class Command(BaseCommand):
    help = "Keep a snapshot of the plan indicators (monthly; --year-end for 31 December)."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="the date of the figures (YYYY-MM-DD); default: today")
        parser.add_argument("--year-end", action="store_true", help="a year-end snapshot (to be frozen)")

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--on must be YYYY-MM-DD, got {options['on']!r}") from error
        kind = SnapshotKind.MONTHLY
        if options["year_end"]:
            on, kind = date(on.year, 12, 31), SnapshotKind.YEAR_END
        plans = PlanVersion.objects.filter(first_year__lte=on.year, last_year__gte=on.year)
        for plan in plans:
            snapshot = snapshot_take(plan=plan, on=on, kind=kind)
            self.stdout.write(f"{plan.code} {snapshot.region_code} {on} {kind}: {snapshot.figures.count()} figures")
