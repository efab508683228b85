"""Run daily (cron): remind each department or township of every work item whose period's progress
report is past due and not submitted; once per item and period, however often it runs."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from shequ.plantasks.services import overdue_reminders_send


class Command(BaseCommand):
    help = "Remind departments and townships of overdue progress reports (once per item and period)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="judge due dates as of this date (YYYY-MM-DD); default: today")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today must be YYYY-MM-DD, got {options['today']!r}") from error
        sent = overdue_reminders_send(today=today)
        self.stdout.write(f"{sent} overdue reminder(s) sent.")
