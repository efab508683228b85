from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shequ.demo.county import demo_county_seed


class Command(BaseCommand):
    help = "Load the demo county (Jimsar divisions, synthetic figures and residents, demo accounts). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="create the demo accounts even with SHEQU_DEBUG off")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with a known password while SHEQU_DEBUG is off; "
                "pass --force if this really is a demo server."
            )
        summary = demo_county_seed(password=settings.DEMO_PASSWORD, with_accounts=True)
        divisions = summary["divisions"]
        self.stdout.write(
            f"regions: {divisions.created} created, {divisions.unchanged + divisions.updated} present; "
            f"units given figures: {summary['units_with_figures']}; persons created: {summary['persons']}; "
            f"accounts created: {', '.join(summary['accounts']) or 'none'}; "
            f"service items created: {summary['services']}; providers: {summary.get('providers', 0)}, "
            f"slots: {summary.get('slots', 0)}, applications: {summary.get('applications', 0)}, "
            f"facilities: {summary['facilities']}"
        )
