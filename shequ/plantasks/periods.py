"""The reporting periods of a year: quarters or halves (ReportSchedule), each with the date its
report is due."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

PERIOD_LABELS = {
    "quarter": [_("第一季度"), _("第二季度"), _("第三季度"), _("第四季度")],
    "half": [_("上半年"), _("下半年")],
}
DEFAULT_DAYS_AFTER = 10


@dataclass(frozen=True)
class Period:
    kind: str
    index: int
    first: date
    last: date
    due_on: date

    @property
    def code(self) -> str:
        return f"{self.kind}-{self.index}"

    @property
    def label(self) -> str:
        return str(PERIOD_LABELS[self.kind][self.index - 1])


def period_label(code: str) -> str:
    """A stored period code ("quarter-2") in the active language, with its year when given
    ("2026:quarter-2")."""
    year, _sep, rest = code.rpartition(":")
    kind, _dash, index = rest.partition("-")
    label = str(PERIOD_LABELS[kind][int(index) - 1])
    return f"{year} {label}" if year else label


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def periods_of(year: int, kind: str, days_after: int = DEFAULT_DAYS_AFTER) -> list[Period]:
    months = 3 if kind == "quarter" else 6
    periods = []
    for index in range(1, 12 // months + 1):
        first = date(year, (index - 1) * months + 1, 1)
        last = _month_end(year, index * months)
        periods.append(Period(kind, index, first, last, last + timedelta(days=days_after)))
    return periods


def schedule_of(year: int) -> list[Period]:
    """The year's periods as configured (quarterly, 10 days, when nothing is)."""
    from shequ.plantasks.models import ReportSchedule

    schedule = ReportSchedule.objects.filter(year=year).first()
    if schedule is None:
        return periods_of(year, "quarter")
    return periods_of(year, schedule.period, schedule.days_after)
