"""Supplies as an Excel workbook, within the user's scope, written row by row and audited."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.models import User
from shequ.core.events import event_record
from shequ.core.xlsx import export_size_check, xlsx_write
from shequ.emergency.models import Supply
from shequ.emergency.selectors import supply_list

HEADERS = (
    gettext_noop("所属区域"),
    gettext_noop("区划代码"),
    gettext_noop("物资名称"),
    gettext_noop("库存数量"),
    gettext_noop("计量单位"),
    gettext_noop("最低储备量"),
    gettext_noop("低于最低储备量"),
    gettext_noop("存放地点"),
    gettext_noop("有效期至"),
)
WIDTHS = (20, 14, 20, 10, 8, 10, 10, 24, 12)


def _row(supply: Supply) -> list:
    return [
        supply.region.name,
        supply.scope_code,
        supply.name,
        float(supply.quantity),
        supply.measure,
        float(supply.minimum),
        supply.is_low,
        supply.location,
        supply.expires_on,
    ]


def supplies_export(*, acting_user: User):
    """The workbook (a temporary file) of the supplies in the user's scope and its row count;
    ValidationError beyond settings.EXPORT_MAX_ROWS. Written as a domain event."""
    supplies = supply_list(user=acting_user)
    export_size_check(supplies)
    rows = (_row(supply) for supply in supplies.order_by("scope_code", "name", "id").iterator(2000))
    file, count = xlsx_write(title=_("应急物资"), headers=[_(header) for header in HEADERS], widths=WIDTHS, rows=rows)
    event_record(
        acting_user=acting_user,
        verb="supplies.exported",
        target=acting_user,
        region_code=acting_user.region.code if acting_user.region_id else "",
        data={"rows": count},
    )
    return file, count
