"""The mediation cases of the user's scope as an Excel workbook, for the justice bureau's returns:
streamed from a temporary file, audited, with the parties' names masked and no phone numbers
(PIPL: de-identified on screens and exports)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shequ.accounts.models import User
from shequ.core.events import event_record
from shequ.core.xlsx import export_size_check, xlsx_response, xlsx_write
from shequ.mediation.models import MediationCase
from shequ.mediation.selectors import mediation_case_list

HEADERS = (
    gettext_noop("案件编号"),
    gettext_noop("村（社区）"),
    gettext_noop("纠纷类型"),
    gettext_noop("当事人"),
    gettext_noop("调解员"),
    gettext_noop("受理日期"),
    gettext_noop("状态"),
    gettext_noop("来源事件"),
    gettext_noop("办结时间"),
)
WIDTHS = (10, 18, 16, 24, 12, 12, 12, 10, 18)


def _row(case: MediationCase) -> list:
    return [
        case.pk,
        case.unit.short_name,
        case.dispute_type.local_name,
        "、".join(party.masked_name for party in case.parties.all()),
        case.mediator_name,
        case.accepted_on,
        case.get_status_display(),
        case.incident_id,
        case.closed_at,
    ]


def mediation_cases_export(*, user: User, status: str = "") -> HttpResponse:
    """The workbook of the cases the list shows; ValidationError above settings.EXPORT_MAX_ROWS.
    The export is written as a domain event with its filter and row count."""
    cases = mediation_case_list(user=user, status=status)
    export_size_check(cases)
    rows = (_row(case) for case in cases.iterator(2000))
    file, count = xlsx_write(
        title=_("人民调解案件"), headers=[_(header) for header in HEADERS], widths=WIDTHS, rows=rows
    )
    event_record(
        acting_user=user,
        verb="mediation_cases.exported",
        target=user,
        region_code=user.region.code if user.region_id else "",
        data={"status": status, "rows": count},
    )
    return xlsx_response(file, filename=f"mediation-{timezone.localdate():%Y%m%d}.xlsx")
