"""Run daily (cron): every finished service nobody rated within SHEQU_RATING_DEFAULT_DAYS working
days counts as SHEQU_RATING_DEFAULT_LEVEL (满意)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from shequ.feedback.services import ratings_apply_defaults


class Command(BaseCommand):
    help = "Give finished services that were not rated in time their default rating (默认满意)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="count working days up to this date (YYYY-MM-DD); default: today")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today must be YYYY-MM-DD, got {options['today']!r}") from error
        given = ratings_apply_defaults(today=today)
        self.stdout.write(f"{given} default rating(s) given.")
