from django.core.management.base import BaseCommand

from shequ.services.catalogue import catalogue_load


class Command(BaseCommand):
    help = "Create the published service items that do not exist yet (edited items are left alone)."

    def handle(self, *args, **options):
        self.stdout.write(f"service items created: {catalogue_load()}")
