"""The payment list (发放名册) as the bank's upload expects it: one row per person paid, with the
full ID number, a column for the account number and the amount, and a sheet of totals. Streamed:
rows are read in chunks and written straight into the zip (shequ.benefits.xlsx), so memory stays
flat however many rows there are."""

import tempfile
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.models import User
from shequ.benefits.models import Benefit
from shequ.benefits.selectors import payment_list, payment_totals
from shequ.benefits.xlsx import Sheet, xlsx_write
from shequ.core.events import event_record
from shequ.regions.models import Region
from shequ.services.models import ServiceItem

CHUNK_ROWS = 2000
HEADERS = (
    gettext_noop("序号"),
    gettext_noop("姓名"),
    gettext_noop("身份证号"),
    gettext_noop("银行账号"),
    gettext_noop("金额（元）"),
    gettext_noop("发放月份"),
    gettext_noop("事项"),
    gettext_noop("村（社区）"),
)
WIDTHS = (8, 12, 22, 24, 12, 10, 16, 20)


def _list_rows(rows: QuerySet[Benefit], month: date, counter: list[int]):
    yield [_(header) for header in HEADERS]
    label = f"{month:%Y-%m}"
    names = {item.pk: str(item) for item in ServiceItem.objects.filter(benefit_rates__isnull=False).distinct()}
    listed = rows.values_list("person__name", "person__id_number", "month_amount", "service_id", "region__name")
    for name, id_number, amount, service_id, unit in listed.iterator(chunk_size=CHUNK_ROWS):
        counter[0] += 1
        # The account column is left for the township to fill in (the registry holds no accounts).
        yield [counter[0], name, id_number, "", amount, label, names.get(service_id, ""), unit]


def _total_rows(rows: QuerySet[Benefit]):
    yield [_("乡镇"), _("村（社区）"), _("人数"), _("金额（元）")]
    townships, overall = payment_totals(rows)
    for township in townships:
        for unit in township.units:
            yield [township.region.name, unit.region.name, unit.people, unit.amount]
        yield [township.region.name, _("小计"), township.people, township.amount]
    if overall is not None:
        yield [_("合计"), "", overall.people, overall.amount]


def payment_list_write(*, rows: QuerySet[Benefit], month: date, file) -> int:
    """Write the (already scoped) rows of `payment_list` to `file` as a workbook; the row count."""
    counter = [0]
    xlsx_write(
        file,
        [
            Sheet(_("发放名册"), _list_rows(rows, month, counter), widths=WIDTHS),
            Sheet(_("汇总"), _total_rows(rows), widths=(16, 20, 8, 14)),
        ],
    )
    return counter[0]


def payment_list_export(*, acting_user: User, month: date, region: Region | None = None):
    """The payment list with full ID numbers, as a temporary file positioned at its start: checked
    against `benefits.export_payment_list` and audited (who, which month and area, how many rows)."""
    if not acting_user.has_perm("benefits.export_payment_list"):
        raise PermissionDenied
    rows = payment_list(user=acting_user, month=month, region=region)
    file = tempfile.TemporaryFile()
    count = payment_list_write(rows=rows, month=month, file=file)
    file.seek(0)
    event_record(
        acting_user=acting_user,
        verb="benefits.payment_list_exported",
        target=acting_user,
        region_code=region.code if region else (acting_user.region.code if acting_user.region_id else ""),
        data={"month": f"{month:%Y-%m}", "region": region.code if region else "", "rows": count},
    )
    return file
