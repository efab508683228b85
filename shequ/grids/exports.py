"""The grid work of the user's scope as one Excel workbook: who serves in each grid, the units'
safety bodies, and the crowded places with their next inspection. Phones are masked (PIPL:
de-identified on screens and exports); the export is a domain event with its row counts."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.models import User
from shequ.core.events import event_record
from shequ.core.xlsx import export_size_check, xlsx_response, xlsx_write_sheets
from shequ.grids.selectors import crowded_places, grid_members, safety_body_members

MEMBER_HEADERS = (
    gettext_noop("网格"),
    gettext_noop("职责"),
    gettext_noop("姓名"),
    gettext_noop("联系电话"),
    gettext_noop("负责楼栋或联户"),
    gettext_noop("任职开始"),
)
SAFETY_HEADERS = (
    gettext_noop("村（社区）"),
    gettext_noop("组织类型"),
    gettext_noop("姓名"),
    gettext_noop("职务"),
    gettext_noop("联系电话"),
    gettext_noop("任职开始"),
)
PLACE_HEADERS = (
    gettext_noop("网格"),
    gettext_noop("名称"),
    gettext_noop("场所类型"),
    gettext_noop("地址"),
    gettext_noop("检查周期（天）"),
    gettext_noop("下次检查日期"),
    gettext_noop("已超期"),
)


def grid_work_export(*, user: User) -> HttpResponse:
    """ValidationError when one of the sheets would pass settings.EXPORT_MAX_ROWS."""
    members, safety, places = (
        grid_members(user=user),
        safety_body_members(user=user),
        crowded_places(user=user),
    )
    counts = {
        name: export_size_check(rows) for name, rows in (("members", members), ("safety", safety), ("places", places))
    }
    today = timezone.localdate()
    file = xlsx_write_sheets(
        sheets=[
            (
                _("网格人员"),
                [_(header) for header in MEMBER_HEADERS],
                (22, 14, 12, 14, 20, 12),
                (
                    [m.grid.name, m.get_role_display(), m.name, m.phone_masked, m.building, m.starts_on]
                    for m in members.iterator(2000)
                ),
            ),
            (
                _("平安组织成员"),
                [_(header) for header in SAFETY_HEADERS],
                (18, 16, 12, 12, 14, 12),
                (
                    [m.body.unit.short_name, m.body.get_kind_display(), m.name, m.post, m.phone_masked, m.starts_on]
                    for m in safety.iterator(2000)
                ),
            ),
            (
                _("人员密集场所"),
                [_(header) for header in PLACE_HEADERS],
                (22, 20, 12, 24, 12, 14, 8),
                (
                    [
                        p.grid.name,
                        p.name,
                        p.get_kind_display(),
                        p.address,
                        p.interval_days,
                        p.next_due_on,
                        p.next_due_on < today,
                    ]
                    for p in places.iterator(2000)
                ),
            ),
        ]
    )
    event_record(
        acting_user=user,
        verb="grids.exported",
        target=user,
        region_code=user.region.code if user.region_id else "",
        data=counts,
    )
    return xlsx_response(file, filename=f"grids-{today:%Y%m%d}.xlsx")
